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

/// An input opened and validated, with its source still open at the package root (what a
/// conversion reads from).
struct OpenedInput {
  ValidationResult validation{};
  std::unique_ptr<Source> source{};  ///< null when the input could not be opened
};

struct ConvertOptions {
  ConvertRequest request{};
  Limits limits{};
  CancellationToken cancel{};
  ProgressCallback progress{};
};

/// What a conversion did.
struct ConvertResult {
  ValidationResult validation{};  ///< the source's findings plus the conversion's
  bool written = false;           ///< the output exists (it may hold a source with errors when forced)
  std::string refusal{};          ///< why nothing was written (errors without --force), else empty
  std::string error{};            ///< why the output could not be written (exit code 3), else empty
  ConvertStats stats{};
};

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

  /// Validate(), keeping the source open for a conversion.
  Result<OpenedInput> Open(const std::string& path, const ValidateOptions& options = {}) const;

  /// Validates the input, then writes it in `options.request.format` to
  /// `options.request.output`. A source with errors is refused (nothing written, `refusal`
  /// says why) unless `request.forced`. The output appears atomically or not at all. Fails with
  /// kCancelled, kIo (the output's folder does not exist), kInvalidArgument (no such output
  /// format) or kInternal; when writing fails later, `error` says why and the report stands.
  Result<ConvertResult> Convert(const std::string& path, const ConvertOptions& options) const;

 private:
  Registry registry_;
};

/// The library's version, "MAJOR.MINOR.PATCH".
const char* VersionString() noexcept;

}  // namespace cpk
