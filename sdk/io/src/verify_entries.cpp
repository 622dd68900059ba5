#include <vector>

#include "cpk/io/codes.hpp"
#include "cpk/io/open.hpp"

namespace cpk::io {

Status VerifyEntries(Source& source, const Limits& limits, DiagnosticSink& sink, const CancellationToken& cancel,
                     const ProgressCallback& progress) {
  std::vector<std::string> bad;
  std::vector<char> buffer(64 * 1024);  // below malloc's mmap threshold: reused, never faulted in again
  uint64_t total = 0;
  bool over_total = false;
  const std::vector<EntryInfo> entries = source.entries();  // copy: Exclude() changes the listing
  Progress p{"verify", "entries", 0, entries.size()};
  for (const EntryInfo& entry : entries) {
    if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    ++p.done;
    if (entry.is_directory) continue;
    if (over_total) {
      bad.push_back(entry.path);
      continue;
    }
    auto reader = source.Open(entry);
    if (!reader) {
      if (reader.error().code == Errc::kIo) return Fail(reader.error());
      sink.Add(codes::kZipCorrupt, reader.error().message, {entry.path},
               "the upload was probably damaged; zip the course again and upload it");
      bad.push_back(entry.path);
      continue;
    }
    for (;;) {
      auto n = (*reader)->Read(buffer.data(), buffer.size());
      if (!n) {
        if (n.error().code == Errc::kIo) return Fail(n.error());
        const DiagnosticCode* code = (*reader)->violation();
        if (code == nullptr) code = &codes::kZipCorrupt;
        std::string hint = code == &codes::kZipBomb ? "remove the entry; real course files never compress this much"
                           : code == &codes::kZipTooLarge
                               ? "split or compress the file (videos: re-encode at a lower bitrate)"
                               : "the upload was probably damaged; zip the course again and upload it";
        sink.Add(*code, n.error().message + "; it was not used", {entry.path}, std::move(hint));
        bad.push_back(entry.path);
        break;
      }
      if (*n == 0) break;
      total += *n;
      if (total > limits.max_total_bytes) {
        sink.Add(codes::kZipTooLarge,
                 "the package inflates to more than the limit of " + std::to_string(limits.max_total_bytes) +
                     " bytes in all; entries from '" + entry.path + "' on were not used",
                 {entry.path}, "remove files the course does not use, or split it into several packages");
        over_total = true;
        bad.push_back(entry.path);
        break;
      }
    }
    if (progress && (p.done % 64 == 0 || p.done == p.total)) progress(p);
  }
  source.Exclude(bad);
  return Ok();
}

}  // namespace cpk::io
