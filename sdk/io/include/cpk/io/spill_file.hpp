#pragma once
/// @file spill_file.hpp
/// SpillFile: where a conversion keeps the bytes of its outputs until the package is written.
/// It is an anonymous temporary file (Linux O_TMPFILE: it never has a name), so a process that
/// dies, even by SIGKILL, leaves nothing behind; memory stays bounded however large the
/// package is.
/// @since 0.1

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cpk/core/result.hpp"

namespace cpk::io {

class SpillFile {
 public:
  /// A stretch of the file holding one output.
  struct Range {
    uint64_t offset = 0;
    uint64_t size = 0;
  };

  /// Creates the file in `directory` (use the output's folder: it has room for the output).
  /// Falls back to a named file unlinked at once where the file system lacks O_TMPFILE.
  static Result<std::shared_ptr<SpillFile>> Create(const std::string& directory);

  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Appends `bytes`. Thread-safe.
  Result<Range> Append(std::string_view bytes);

  /// Appends what `read` yields until it returns 0 (it fills the buffer it is given and
  /// returns the count). Thread-safe: other appends wait until this one ends.
  Result<Range> AppendStream(const std::function<Result<size_t>(char* buffer, size_t size)>& read);

  /// Reads `size` bytes at `offset` (short only at the end of the file). Thread-safe.
  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t size) const;

  /// Reads a whole range into memory.
  Result<std::string> Read(Range range) const;

  /// Bytes appended so far.
  uint64_t size() const;

 private:
  explicit SpillFile(int fd) : fd_(fd) {}
  Status WriteAll(const char* data, size_t size);

  int fd_ = -1;
  mutable std::mutex mutex_;
  uint64_t end_ = 0;
};

}  // namespace cpk::io
