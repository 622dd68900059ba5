// Fuzz harness for the zip container: the input is written to a file, opened with
// cpk::io::OpenSource, verified with cpk::io::VerifyEntries, and every remaining entry is read.
// Oracle: no crash, no sanitizer report, never Errc::kInternal, and the listing keeps the
// promises of cpk/core/source.hpp and cpk/io/open.hpp (safe normalised paths, sorted, at most
// max_entries).
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/source.hpp"
#include "cpk/io/open.hpp"
#include "fuzz_common.hpp"

namespace {

using cpk::fuzz::CheckNotInternal;
using cpk::fuzz::Die;

/// A private folder holding the input as `input.zip`, removed when it goes out of scope (made
/// afresh for every input, so that nothing is left behind however the fuzzer exits).
class ScratchFile {
 public:
  ScratchFile(const uint8_t* data, size_t size) {
    std::string pattern = (std::filesystem::temp_directory_path() / "cpk-zip-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Die("cannot create a temporary folder");
    dir_ = pattern;
    path_ = dir_ + "/input.zip";
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) Die("cannot write " + path_);
    if (size > 0 && std::fwrite(data, 1, size, f) != size) Die("short write to " + path_);
    if (std::fclose(f) != 0) Die("cannot close " + path_);
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

/// The promises of EntryInfo::path: relative, '/'-separated, no '.' or '..' segments,
/// directories (and only they) end in '/'.
void CheckEntryPath(const cpk::EntryInfo& entry) {
  const std::string& path = entry.path;
  if (path.empty()) Die("an entry with an empty path (stored as '" + entry.stored_name + "')");
  if (path.front() == '/') Die("absolute entry path '" + path + "'");
  if (path.find('\\') != std::string::npos) Die("entry path with a backslash '" + path + "'");
  const bool letter = (path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z');
  if (path.size() >= 2 && letter && path[1] == ':') Die("entry path with a drive letter '" + path + "'");
  if (entry.is_directory != (path.back() == '/')) Die("directory flag and trailing '/' disagree on '" + path + "'");
  std::string_view rest(path);
  if (entry.is_directory) rest.remove_suffix(1);
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") {
      Die("entry path '" + path + "' has an empty, '.' or '..' segment (stored as '" + entry.stored_name + "')");
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
}

void CheckListing(const cpk::Source& source, const cpk::Limits& limits) {
  const std::vector<cpk::EntryInfo>& entries = source.entries();
  if (entries.size() > limits.max_entries) {
    Die("the source lists " + std::to_string(entries.size()) + " entries, more than max_entries " +
        std::to_string(limits.max_entries));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    CheckEntryPath(entries[i]);
    if (i > 0 && !(entries[i - 1].path < entries[i].path)) {
      Die("entries not sorted or not unique: '" + entries[i - 1].path + "' then '" + entries[i].path + "'");
    }
    if (!entries[i].is_directory) {
      if (source.Find(entries[i].path) == nullptr) Die("Find() misses listed entry '" + entries[i].path + "'");
      bool found = false;
      for (const cpk::EntryInfo* e : source.FindIgnoringCase(entries[i].path))
        found = found || e->path == entries[i].path;
      if (!found) Die("FindIgnoringCase() misses listed entry '" + entries[i].path + "'");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const cpk::Limits limits = cpk::fuzz::TightLimits();
  const ScratchFile scratch(data, size);
  cpk::fuzz::CheckingSink sink;

  auto opened = cpk::io::OpenSource(scratch.path(), limits, sink);
  CheckNotInternal(opened, "OpenSource");
  if (!opened) return 0;
  cpk::Source& source = **opened;
  CheckListing(source, limits);

  auto verified = cpk::io::VerifyEntries(source, limits, sink);
  CheckNotInternal(verified, "VerifyEntries");
  CheckListing(source, limits);

  // Whatever survived the verification is content: read all of it, streaming and whole.
  std::vector<char> buffer(64 * 1024);
  const std::vector<cpk::EntryInfo> entries = source.entries();
  for (const cpk::EntryInfo& entry : entries) {
    if (entry.is_directory) continue;
    auto reader = source.Open(entry);
    CheckNotInternal(reader, "Source::Open");
    if (reader) {
      uint64_t total = 0;
      while (true) {
        auto n = (*reader)->Read(buffer.data(), buffer.size());
        CheckNotInternal(n, "EntryReader::Read");
        if (!n || *n == 0) break;
        if (*n > buffer.size()) Die("Read() returned more bytes than asked for");
        total += *n;
        if (total > limits.max_entry_bytes) Die("Read() went past max_entry_bytes on '" + entry.path + "'");
      }
    }
    auto all = source.ReadAll(entry, limits.max_entry_bytes);
    CheckNotInternal(all, "Source::ReadAll");
    if (all && all->size() > limits.max_entry_bytes) Die("ReadAll() went past its max_bytes on '" + entry.path + "'");
  }
  return 0;
}
