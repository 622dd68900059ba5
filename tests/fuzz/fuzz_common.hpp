#pragma once
// Shared by the fuzz harnesses: the tight limits every harness passes, and the oracle.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/result.hpp"

namespace cpk::fuzz {

/// Small enough that no input can cost more than a few MiB or a few seconds, large enough that
/// the seeds exercise the real code paths (bomb and size checks included).
inline Limits TightLimits() {
  Limits limits;
  limits.max_entries = 1000;
  limits.max_entry_bytes = 4ull << 20;   // 4 MiB
  limits.max_total_bytes = 16ull << 20;  // 16 MiB
  limits.max_compression_ratio = 200;
  limits.bomb_min_bytes = 64ull << 10;  // 64 KiB
  limits.max_xml_bytes = 1ull << 20;    // 1 MiB
  limits.max_xml_depth = 64;
  limits.max_diagnostics = 1000;
  limits.threads = 1;
  return limits;
}

/// Stops the process (so that the fuzzer records the input) with a message.
[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz oracle violated: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// The oracle of every harness: a failed call may fail for any reason but a bug.
template <class T>
void CheckNotInternal(const Result<T>& result, const char* call) {
  if (!result && result.error().code == Errc::kInternal) {
    Die(std::string(call) + " returned Errc::kInternal: " + result.error().message);
  }
}

/// Counts findings and checks that each has a code. With CPK_FUZZ_VERBOSE set in the
/// environment it also prints them, to see what a given input exercises.
class CheckingSink final : public DiagnosticSink {
 public:
  void Add(Diagnostic diagnostic) override {
    if (diagnostic.code.empty()) Die("a diagnostic without a code: " + diagnostic.message);
    if (verbose_) {
      std::fprintf(stderr, "  %s [%s] %s\n", diagnostic.code.c_str(), diagnostic.location.file.c_str(),
                   diagnostic.message.c_str());
    }
    ++count_;
  }
  using DiagnosticSink::Add;
  size_t count() const { return count_; }

 private:
  bool verbose_ = std::getenv("CPK_FUZZ_VERBOSE") != nullptr;
  size_t count_ = 0;
};

}  // namespace cpk::fuzz
