#pragma once
/// @file zip_writer.hpp
/// ZipWriter: writes a zip archive deterministically and atomically.
///
/// - Deterministic: entries in the order they were added, every timestamp 1980-01-01 00:00,
///   Unix mode 0644, no extra fields; the same entries give the same bytes.
/// - Atomic: the archive is written into an anonymous file (O_TMPFILE) in the target's folder
///   and given its name only when it is complete, replacing any old file in one rename. A
///   failure, a cancellation or a killed process leaves the old file or nothing: never a
///   partial archive, never a temporary file.
/// @since 0.1

#include <memory>
#include <string>

#include "cpk/core/progress.hpp"
#include "cpk/core/result.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::io {

enum class ZipCompression {
  kStore,    ///< bytes as they are: media a client reads by byte range
  kDeflate,  ///< deflated (level 9): text
};

class ZipWriter {
 public:
  /// Prepares to write the archive `target`. Fails (kIo) when its folder cannot be written.
  /// For CommitInto(), `target` only names the folder that holds the anonymous file.
  static Result<std::unique_ptr<ZipWriter>> Create(const std::string& target);

  ~ZipWriter();  ///< Without Commit(), nothing is left behind.
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  /// Adds an entry holding `bytes`. `name` is the path inside the archive (UTF-8, `/`).
  Status AddBytes(const std::string& name, std::string bytes, ZipCompression compression);

  /// Adds an entry holding a range of a spill file; its bytes are read when the archive is
  /// written.
  Status AddRange(const std::string& name, std::shared_ptr<const SpillFile> spill, SpillFile::Range range,
                  ZipCompression compression);

  /// Writes the archive and moves it to the target, replacing an old file. `progress` counts
  /// the bytes of entries read; `cancel` stops the writing (kCancelled, nothing left behind).
  Status Commit(const CancellationToken& cancel = {}, const ProgressCallback& progress = {});

  /// Writes the archive into `spill` instead of giving it a name (an archive inside another
  /// one: the artifact of an ECAR) and returns where it lies.
  Result<SpillFile::Range> CommitInto(SpillFile& spill, const CancellationToken& cancel = {});

  struct Impl;

 private:
  explicit ZipWriter(std::unique_ptr<Impl> impl);
  Status Close(const CancellationToken& cancel, const ProgressCallback& progress);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpk::io
