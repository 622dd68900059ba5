#pragma once
// Entry-name safety shared by every Source: decoding, separator and path normalisation,
// NFC, duplicate and case-collision detection.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/source.hpp"

namespace cpk::internal {

bool IsValidUtf8(std::string_view text);
/// NFC form of valid UTF-8 text.
std::string ToNfc(std::string_view utf8);
/// Unicode full case folding of valid UTF-8 text (for collision checks).
std::string FoldCase(std::string_view utf8);

/// The outcome of checking one stored name.
struct NameCheck {
  std::string path;                           // normalised, when `violation` is null
  const DiagnosticCode* violation = nullptr;  // zip.absolute-path / zip.path-traversal
  std::string reason;                         // for the message
  bool had_backslash = false;
  bool is_directory = false;
};

/// Normalises a UTF-8 stored name: `\` → `/`, drops `.` and empty segments, resolves `..`
/// (escaping the root is a violation), rejects absolute paths and drive letters, and NFC.
NameCheck NormaliseEntryName(std::string_view utf8_name);

/// Accepts entries one by one and keeps the safe ones: reports the name findings of
/// NormaliseEntryName, exact duplicates (`zip.duplicate-entry`; the first one wins) and names
/// equal ignoring case (`zip.case-collision`; both kept).
class EntryCollector {
 public:
  explicit EntryCollector(DiagnosticSink& sink) : sink_(sink) {}
  /// `stored_utf8` is the decoded stored name. Returns true when the entry was kept.
  bool Add(std::string stored_utf8, EntryInfo info);
  std::vector<EntryInfo> Take() { return std::move(entries_); }
  size_t backslash_names() const { return backslash_names_; }

 private:
  DiagnosticSink& sink_;
  std::vector<EntryInfo> entries_;
  std::unordered_map<std::string, size_t> by_path_;
  std::unordered_map<std::string, std::string> by_folded_;
  size_t backslash_names_ = 0;
};

}  // namespace cpk::internal
