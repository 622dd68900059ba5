#pragma once
/// @file engine.hpp
/// The engine: runs jobs (validate, inspect) over the registered modules. The CLI and the C API
/// are thin layers over this; they contain no logic it lacks.
/// @since 0.1

#include <memory>
#include <string>

#include "cpk/core/course_model.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/registry.hpp"
#include "cpk/core/report.hpp"
#include "cpk/core/result.hpp"

namespace cpk {

/// Process exit codes of the `coursepack` command (and of cpk_job_run_json).
enum class ExitCode : int {
  kOk = 0,             ///< no errors (warnings and infos allowed)
  kContentErrors = 1,  ///< the input has error-severity findings
  kUsage = 2,          ///< the command line was wrong
  kCouldNotRun = 3,    ///< unreadable input, cancellation or an internal failure
};

struct ValidateOptions {
  Limits limits{};
  CancellationToken cancel{};
  ProgressCallback progress{};
};

/// What a validation found.
struct ValidationResult {
  Report report;
  CourseModel model;
  /// False when the input could not be examined at all (`input.unreadable`): exit code 3.
  bool completed = true;
};

/// The exit code for a finished validation: 3 when it did not complete, 1 with errors, else 0.
ExitCode ExitCodeFor(const ValidationResult& result);

/// Owns the registry of built-in modules. Construct one per process (or per embedding); after
/// construction it is read-only and its methods may be called from several threads at once.
class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Registry& registry() const { return registry_; }

  /// Validates the input at `path` (a zip, a folder or a single file): opens it safely, checks
  /// every entry, detects the format, reads it into a CourseModel and reports every finding.
  /// An invalid package is a successful call. Fails only with kCancelled or kInternal.
  Result<ValidationResult> Validate(const std::string& path, const ValidateOptions& options = {}) const;

 private:
  Registry registry_;
};

/// The library's version, "MAJOR.MINOR.PATCH".
const char* VersionString() noexcept;

}  // namespace cpk
