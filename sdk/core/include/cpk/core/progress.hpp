#pragma once
/// @file progress.hpp
/// Progress reporting and cooperative cancellation for long jobs.
/// @since 0.1

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace cpk {

/// One progress update. `total` is 0 when unknown. Units depend on the stage
/// (entries, bytes, frames, pages) and are named in `unit`.
struct Progress {
  std::string stage{};  ///< e.g. "scan", "validate", "convert"
  std::string unit{};   ///< e.g. "entries", "bytes"
  uint64_t done = 0;
  uint64_t total = 0;
};

/// Called from the worker doing the job; keep it quick. May be called from any thread.
using ProgressCallback = std::function<void(const Progress&)>;

/// A cancellation flag shared between the caller and a running job. Copies share the flag.
/// Thread-safe. Jobs check it between units of work and return Errc::kCancelled.
class CancellationToken {
 public:
  CancellationToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  /// Asks the job to stop as soon as it can.
  void Cancel() const noexcept { flag_->store(true, std::memory_order_relaxed); }
  bool IsCancelled() const noexcept { return flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace cpk
