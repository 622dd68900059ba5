#pragma once
/// @file thread_pool.hpp
/// A small fixed-size thread pool for independent jobs (files, pages, rungs).
/// @since 0.1

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace cpk {

/// Runs submitted tasks on `threads` workers, first in first out. The destructor finishes the
/// queued tasks, then joins. Submit() is thread-safe. An exception thrown by a task is
/// delivered through its future.
class ThreadPool {
 public:
  /// `threads` == 0 means one per hardware core (at least 1).
  explicit ThreadPool(size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size(); }

  /// Queues `fn` and returns a future for its result.
  template <class Fn>
  auto Submit(Fn&& fn) -> std::future<std::invoke_result_t<Fn>> {
    using R = std::invoke_result_t<Fn>;
    auto task = std::make_shared<std::packaged_task<R()>>(std::forward<Fn>(fn));
    std::future<R> future = task->get_future();
    Enqueue([task] { (*task)(); });
    return future;
  }

  /// Blocks until every task queued so far has run.
  void Wait();

 private:
  void Enqueue(std::function<void()> job);
  void WorkerLoop();

  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  size_t running_ = 0;
  bool stopping_ = false;
};

}  // namespace cpk
