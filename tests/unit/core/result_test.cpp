#include "cpk/core/result.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "cpk/core/progress.hpp"
#include "cpk/core/thread_pool.hpp"

namespace cpk {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Fail(Errc::kInvalidArgument, "odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  CPK_ASSIGN_OR_RETURN(int h, Half(v));
  CPK_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int v) {
  CPK_TRY(Half(v));
  return Ok();
}

TEST(Result, MacrosPropagateErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  ASSERT_FALSE(Quarter(6));
  EXPECT_EQ(Quarter(6).error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(CheckEven(2));
  EXPECT_FALSE(CheckEven(3));
  EXPECT_STREQ(ErrcName(Errc::kLimitExceeded), "limit-exceeded");
}

TEST(ThreadPool, RunsEveryTaskAndDeliversResults) {
  ThreadPool pool(2);
  std::atomic<int> sum{0};
  std::vector<std::future<int>> futures;
  for (int i = 1; i <= 100; ++i) {
    futures.push_back(pool.Submit([i, &sum] {
      sum += i;
      return i * 2;
    }));
  }
  int total = 0;
  for (auto& f : futures) total += f.get();
  pool.Wait();
  EXPECT_EQ(sum.load(), 5050);
  EXPECT_EQ(total, 10100);
}

TEST(ThreadPool, DeliversExceptionsThroughTheFuture) {
  ThreadPool pool(1);
  auto f = pool.Submit([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_THROW(f.get(), std::runtime_error);
}

TEST(CancellationToken, CopiesShareTheFlag) {
  CancellationToken a;
  CancellationToken b = a;
  EXPECT_FALSE(b.IsCancelled());
  a.Cancel();
  EXPECT_TRUE(b.IsCancelled());
}

}  // namespace
}  // namespace cpk
