#pragma once
/// @file source.hpp
/// Source: the read-only view of one input (a zip, a folder or a single file) that every
/// format reads through. Implementations live in sdk/io (cpk/io/open.hpp opens one); they
/// enforce every safety rule when the source is opened, so an entry listed here has a safe,
/// normalised name. Content is streamed: nothing is extracted to disk.
/// @since 0.1

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/result.hpp"

namespace cpk {

/// What a Source reads from.
enum class SourceKind : uint8_t { kZip, kFolder, kFile };

/// One entry of a Source.
struct EntryInfo {
  /// Normalised path: relative, `/`-separated, NFC, no `.` or `..` segments; directories end
  /// in `/`. After Reroot() it is relative to the new root.
  std::string path{};
  /// The name as stored in the input (decoded to UTF-8 for messages), before normalisation.
  std::string stored_name{};
  uint64_t size = 0;             ///< uncompressed bytes as declared (zip) or on disk
  uint64_t compressed_size = 0;  ///< bytes in the archive; equals size outside zips
  bool is_directory = false;
  uint64_t index = 0;  ///< implementation's handle (zip index); opaque to callers
};

/// Streams the bytes of one entry. Read() enforces the entry limits on the real bytes
/// (a header cannot lie its way past them) and reports a CRC mismatch at the end.
class EntryReader {
 public:
  virtual ~EntryReader() = default;
  /// After Read() failed: the diagnostic code of the safety rule the entry broke
  /// (e.g. `zip.bomb`), or nullptr when the failure was not a rule (plain I/O).
  virtual const DiagnosticCode* violation() const { return nullptr; }
  /// Reads up to `size` bytes into `buffer`; returns the count, 0 at the end. Errors:
  /// kLimitExceeded (too large, ratio), kMalformed (CRC mismatch, truncated), kIo.
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
};

/// A read-only set of entries. Not thread-safe: use one Source per thread (zip handles cannot
/// be shared).
class Source {
 public:
  virtual ~Source() = default;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  virtual SourceKind kind() const = 0;
  /// The input path as the caller gave it.
  const std::string& input_path() const { return input_path_; }

  /// Safe entries under the current root, sorted by path. Entries that broke a safety rule
  /// are not listed and can never be opened.
  const std::vector<EntryInfo>& entries() const { return entries_; }
  /// The entry with exactly this path (files only), or nullptr.
  const EntryInfo* Find(std::string_view path) const;
  /// Entries whose path equals `path` ignoring ASCII case, for "href differs only in case"
  /// findings (the mismatches that break on Android and Linux are almost always ASCII).
  std::vector<const EntryInfo*> FindIgnoringCase(std::string_view path) const;

  /// Opens an entry for streaming.
  virtual Result<std::unique_ptr<EntryReader>> Open(const EntryInfo& entry) = 0;
  /// Reads a whole entry; fails with kLimitExceeded when it holds more than `max_bytes`.
  Result<std::string> ReadAll(const EntryInfo& entry, uint64_t max_bytes);
  /// Reads a whole entry by path (kNotFound when absent).
  Result<std::string> ReadAll(std::string_view path, uint64_t max_bytes);

  /// The folder (ending in `/`) that is the package root inside the input; empty for the top.
  const std::string& root() const { return root_; }
  /// Makes `folder` (a path ending in `/`, as listed before any reroot) the root: only entries
  /// below it stay listed, with the prefix removed. Used for "zipped the parent folder" uploads.
  void Reroot(std::string folder);
  /// Removes entries (paths as currently listed) so that they can no longer be read as content
  /// (a scan found them corrupt, too large or bombs).
  void Exclude(const std::vector<std::string>& paths);

 protected:
  explicit Source(std::string input_path) : input_path_(std::move(input_path)) {}
  /// Implementations call this once with every safe entry (any order).
  void SetEntries(std::vector<EntryInfo> entries);

 private:
  void RebuildView();

  std::string input_path_;
  std::string root_;
  std::vector<EntryInfo> all_entries_;
  std::vector<EntryInfo> entries_;
};

/// Lower-cases the ASCII letters of a UTF-8 string (other bytes are kept).
std::string FoldCaseAscii(std::string_view text);

}  // namespace cpk
