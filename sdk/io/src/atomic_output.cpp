#include "cpk/io/atomic_output.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>
#include <vector>

namespace cpk::io {
namespace {

namespace fs = std::filesystem;

std::string ErrnoText() { return std::strerror(errno); }

std::string RandomSuffix() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string suffix;
  for (int i = 0; i < 8; ++i) suffix.push_back(kChars[device() % (sizeof(kChars) - 1)]);
  return suffix;
}

/// The folder holding `target` and its file name.
std::pair<std::string, std::string> SplitTarget(const std::string& target) {
  const fs::path p(target);
  const std::string parent = p.parent_path().string();
  return {parent.empty() ? std::string(".") : parent, p.filename().string()};
}

bool IsSafeRelative(std::string_view relative) {
  if (relative.empty() || relative.front() == '/' || relative.back() == '/') return false;
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    const std::string_view segment = relative.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return relative.find('\0') == std::string_view::npos;
}

Status WriteAllFd(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(Errc::kIo, "cannot write: " + ErrnoText());
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Ok();
}

/// Removes staging folders of `name` in `dir` whose owner has gone (their lock is free).
void SweepAbandoned(const std::string& dir, const std::string& name) {
  const std::string prefix = "." + name + ".partial-";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (entry.rfind(prefix, 0) != 0 || !it->is_directory(ec)) continue;
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code remove_ec;
      fs::remove_all(it->path(), remove_ec);
    }
    ::close(fd);
  }
}

}  // namespace

Status LinkIntoPlace(int fd, const std::string& target) {
  const auto [dir, name] = SplitTarget(target);
  if (::fsync(fd) != 0) return Fail(Errc::kIo, "cannot flush '" + target + "': " + ErrnoText());
  const std::string temp = dir + "/." + name + ".tmp-" + RandomSuffix();
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0 &&
      ::linkat(fd, "", AT_FDCWD, temp.c_str(), AT_EMPTY_PATH) != 0) {
    return Fail(Errc::kIo, "cannot give '" + target + "' its name: " + ErrnoText());
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string why = ErrnoText();
    ::unlink(temp.c_str());
    return Fail(Errc::kIo, "cannot move the output to '" + target + "': " + why);
  }
  return Ok();
}

Result<std::unique_ptr<StagingDirectory>> StagingDirectory::Create(const std::string& target) {
  const auto [dir, name] = SplitTarget(target);
  if (name.empty() || name == "." || name == "..")
    return Fail(Errc::kInvalidArgument, "bad output path '" + target + "'");
  SweepAbandoned(dir, name);
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string path = dir + "/." + name + ".partial-" + RandomSuffix();
    if (::mkdir(path.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      return Fail(Errc::kIo, "cannot create a folder beside '" + target + "': " + ErrnoText());
    }
    const int lock = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock < 0 || ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
      if (lock >= 0) ::close(lock);
      ::rmdir(path.c_str());
      return Fail(Errc::kIo, "cannot lock the staging folder of '" + target + "'");
    }
    return std::unique_ptr<StagingDirectory>(new StagingDirectory(target, path, lock));
  }
  return Fail(Errc::kIo, "cannot create a staging folder beside '" + target + "'");
}

StagingDirectory::~StagingDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<int> StagingDirectory::OpenForWriting(std::string_view relative) {
  if (!IsSafeRelative(relative))
    return Fail(Errc::kInvalidArgument, "unsafe package path '" + std::string(relative) + "'");
  const fs::path file = fs::path(path_) / std::string(relative);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return Fail(Errc::kIo, "cannot create folder for '" + std::string(relative) + "': " + ec.message());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return Fail(Errc::kIo, "cannot create '" + std::string(relative) + "': " + ErrnoText());
  return fd;
}

Status StagingDirectory::WriteBytes(std::string_view relative, std::string_view bytes) {
  CPK_ASSIGN_OR_RETURN(const int fd, OpenForWriting(relative));
  Status s = WriteAllFd(fd, bytes.data(), bytes.size());
  ::close(fd);
  return s;
}

Status StagingDirectory::WriteRange(std::string_view relative, const SpillFile& spill, SpillFile::Range range) {
  CPK_ASSIGN_OR_RETURN(const int fd, OpenForWriting(relative));
  std::vector<char> buffer(64 * 1024);  // below malloc's mmap threshold: reused, never faulted in again
  uint64_t done = 0;
  Status s = Ok();
  while (s && done < range.size) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), range.size - done));
    Result<size_t> n = spill.ReadAt(range.offset + done, buffer.data(), want);
    if (!n) {
      s = Fail(n.error());
    } else if (*n != want) {
      s = Fail(Errc::kIo, "the temporary file is shorter than expected");
    } else {
      s = WriteAllFd(fd, buffer.data(), *n);
      done += *n;
    }
  }
  ::close(fd);
  return s;
}

Status StagingDirectory::Commit() {
  ::syncfs(lock_fd_);  // the files reach the disk before they get their final name
  std::error_code ec;
  const bool exists = fs::symlink_status(target_, ec).type() != fs::file_type::not_found;
  if (!exists) {
    if (::rename(path_.c_str(), target_.c_str()) != 0) {
      return Fail(Errc::kIo, "cannot move the output to '" + target_ + "': " + ErrnoText());
    }
    committed_ = true;
    return Ok();
  }
  // Swap the old folder (or file) and the new one in one step, then remove the old.
  if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
    return Fail(Errc::kIo, "cannot replace '" + target_ + "': " + ErrnoText());
  }
  committed_ = true;
  fs::remove_all(path_, ec);  // now the old output
  return Ok();
}

}  // namespace cpk::io
