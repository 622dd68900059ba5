// Peak memory on hostile archives is asserted with an address-space limit in a child process,
// not with a timer: if validation needed more than the cap, the child would die.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <random>
#include <vector>

#include "cpk/core/report.hpp"
#include "cpk/io/open.hpp"
#include "zip_builder.hpp"

namespace cpk::io {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

/// Runs `fn` in a child whose address space is capped at `cap_bytes` above what it has now.
/// Returns the child's exit status (0 = fn returned true within the cap).
int RunCapped(uint64_t cap_bytes, const std::function<bool()>& fn) {
  const pid_t pid = fork();
  if (pid == 0) {
    rlimit current{};
    getrlimit(RLIMIT_AS, &current);
    // The cap is counted from the child's current virtual size.
    FILE* f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f != nullptr && fscanf(f, "%lu", &pages) != 1) pages = 0;
    if (f != nullptr) fclose(f);
    const rlim_t base = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    rlimit cap{base + cap_bytes, base + cap_bytes};
    setrlimit(RLIMIT_AS, &cap);
    bool ok = false;
    try {
      ok = fn();
    } catch (...) {
      _exit(2);  // out of memory under the cap (never let the child return into the test)
    }
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool ValidateZip(const std::string& path, const char* expected_code) {
  Report report;
  Limits limits;
  auto s = OpenSource(path, limits, report);
  if (!s) return false;
  if (!VerifyEntries(**s, limits, report)) return false;
  return report.Has(expected_code);
}

TEST(MemoryBound, HostileArchivesStayUnder64MiB) {
  if (kSanitized) GTEST_SKIP() << "address-space caps do not work under AddressSanitizer";
  test::TempDir dir;
  // 100,000 entries: refused from the end record, without loading the central directory.
  std::vector<test::ZipEntrySpec> many;
  for (int i = 0; i < 100000; ++i) many.push_back({.name = "e" + std::to_string(i), .data = "", .deflate = false});
  test::WriteFile(dir.File("many.zip"), test::BuildZip(many));
  // A 1000:1 bomb: 200 MiB of zeros, and the same with a lying header.
  test::WriteFile(dir.File("bomb.zip"), test::BuildZip({{.name = "z", .data = std::string(200 << 20, '\0')}}));
  test::WriteFile(dir.File("liar.zip"),
                  test::BuildZip({{.name = "z", .data = std::string(200 << 20, '\0'), .declared_size = 1}}));
  const uint64_t cap = 64ull << 20;
  // The cap has teeth: a child that needs 128 MiB does not survive it.
  EXPECT_NE(RunCapped(cap,
                      [] {
                        std::vector<char> big(128u << 20, 1);
                        return big[12345] == 1;
                      }),
            0);
  EXPECT_EQ(RunCapped(cap, [&] { return ValidateZip(dir.File("many.zip"), "zip.too-many-entries"); }), 0);
  EXPECT_EQ(RunCapped(cap, [&] { return ValidateZip(dir.File("bomb.zip"), "zip.bomb"); }), 0);
  EXPECT_EQ(RunCapped(cap, [&] { return ValidateZip(dir.File("liar.zip"), "zip.bomb"); }), 0);
}

}  // namespace
}  // namespace cpk::io
