#pragma once
// A one-line progress bar with a rate and an ETA, drawn on a terminal's standard error.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "cpk/core/progress.hpp"

namespace cpk::cli {

class ProgressBar {
 public:
  /// Draws only when `enabled` (a terminal, no --json); otherwise every call does nothing.
  explicit ProgressBar(bool enabled);
  ~ProgressBar();  ///< clears the line

  /// The callback to hand to a job. Thread-safe; redraws at most ten times a second.
  ProgressCallback Callback();

  /// "1.2 MB" style size.
  static std::string HumanBytes(uint64_t bytes);

 private:
  void Update(const Progress& p);
  void Clear();

  bool enabled_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point stage_started_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::string stage_;
  bool drawn_ = false;
};

}  // namespace cpk::cli
