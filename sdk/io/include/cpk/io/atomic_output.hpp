#pragma once
/// @file atomic_output.hpp
/// Placing finished output where the user asked for it, all at once.
/// @since 0.1

#include <memory>
#include <string>
#include <string_view>

#include "cpk/core/result.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::io {

/// Links the anonymous file `fd` (opened with O_TMPFILE in the folder of `target`) under a
/// temporary name and renames it over `target`.
Status LinkIntoPlace(int fd, const std::string& target);

/// A folder written in full beside its target, then renamed into place: the output of
/// `--dir` conversions. The staging folder is hidden (`.NAME.partial-XXXXXX`) and locked while
/// in use; a folder left by a killed process is removed by the next StagingDirectory for the
/// same target. An existing target is swapped out in one step and then removed.
class StagingDirectory {
 public:
  static Result<std::unique_ptr<StagingDirectory>> Create(const std::string& target);
  ~StagingDirectory();  ///< Without Commit(), the staging folder is removed.
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;

  const std::string& path() const { return path_; }

  /// Writes a file at `relative` (a normalised package path: no `..`, not absolute).
  Status WriteBytes(std::string_view relative, std::string_view bytes);
  Status WriteRange(std::string_view relative, const SpillFile& spill, SpillFile::Range range);

  /// Moves the finished folder to the target.
  Status Commit();

 private:
  StagingDirectory(std::string target, std::string path, int lock_fd)
      : target_(std::move(target)), path_(std::move(path)), lock_fd_(lock_fd) {}
  Result<int> OpenForWriting(std::string_view relative);

  std::string target_;
  std::string path_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

}  // namespace cpk::io
