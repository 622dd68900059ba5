#include "cpk/io/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace cpk::io {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

int OpenAnonymous(const std::string& directory) {
  const std::string dir = directory.empty() ? "." : directory;
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // File systems without O_TMPFILE: a named file, unlinked before anything is written to it.
  std::string name = dir + "/.coursepack-spill-XXXXXX";
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  fd = ::mkostemp(buffer.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(buffer.data());
  return fd;
}

}  // namespace

Result<std::shared_ptr<SpillFile>> SpillFile::Create(const std::string& directory) {
  const int fd = OpenAnonymous(directory);
  if (fd < 0) return Fail(Errc::kIo, "cannot create a temporary file in '" + directory + "': " + ErrnoText());
  return std::shared_ptr<SpillFile>(new SpillFile(fd));
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status SpillFile::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd_, data, size, static_cast<off_t>(end_));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(Errc::kIo, "cannot write the temporary file: " + ErrnoText());
    }
    data += n;
    size -= static_cast<size_t>(n);
    end_ += static_cast<uint64_t>(n);
  }
  return Ok();
}

Result<SpillFile::Range> SpillFile::Append(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  Range range{end_, bytes.size()};
  if (Status s = WriteAll(bytes.data(), bytes.size()); !s) {
    end_ = range.offset;
    return Fail(s.error());
  }
  return range;
}

Result<SpillFile::Range> SpillFile::AppendStream(const std::function<Result<size_t>(char*, size_t)>& read) {
  std::lock_guard lock(mutex_);
  Range range{end_, 0};
  std::vector<char> buffer(64 * 1024);  // below malloc's mmap threshold: reused, never faulted in again
  for (;;) {
    Result<size_t> n = read(buffer.data(), buffer.size());
    if (!n) {
      end_ = range.offset;
      return Fail(n.error());
    }
    if (*n == 0) break;
    if (Status s = WriteAll(buffer.data(), *n); !s) {
      end_ = range.offset;
      return Fail(s.error());
    }
  }
  range.size = end_ - range.offset;
  return range;
}

Result<size_t> SpillFile::ReadAt(uint64_t offset, char* buffer, size_t size) const {
  size_t total = 0;
  while (total < size) {
    const ssize_t n = ::pread(fd_, buffer + total, size - total, static_cast<off_t>(offset + total));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(Errc::kIo, "cannot read the temporary file: " + ErrnoText());
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

Result<std::string> SpillFile::Read(Range range) const {
  std::string bytes(range.size, '\0');
  CPK_ASSIGN_OR_RETURN(const size_t n, ReadAt(range.offset, bytes.data(), bytes.size()));
  if (n != range.size) return Fail(Errc::kIo, "the temporary file is shorter than expected");
  return bytes;
}

uint64_t SpillFile::size() const {
  std::lock_guard lock(mutex_);
  return end_;
}

}  // namespace cpk::io
