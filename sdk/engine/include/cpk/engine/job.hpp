#pragma once
/// @file job.hpp
/// Jobs: one JobSpec, decoded from the command line or from JSON, run by the engine. The CLI and
/// the C API's cpk_job_run_json() both go through RunJob(), so every feature of one is a
/// feature of the other.
/// @since 0.1

#include <string>
#include <string_view>

#include "cpk/engine/engine.hpp"

namespace cpk {

/// What to do.
struct JobSpec {
  std::string command = "validate";  ///< "validate", "inspect", "verify" or "convert"
  std::string input{};               ///< path of a zip, folder or file
  Limits limits{};
  ConvertRequest convert{};  ///< for "convert": output, folder or zip, profile, format, force
};

/// Decodes `{"command": "validate", "input": "course.zip", "limits": {"max_entries": 5000}}`;
/// "convert" also takes "output", "dir" (bool), "profile", "format" and "force" (bool).
/// Unknown keys or limit names are kInvalidArgument (a typo must not pass silently).
Result<JobSpec> ParseJobSpecJson(std::string_view json);

/// Checks the "convert" fields of a job (output given, known profile and format).
Status CheckConvertRequest(const JobSpec& spec);

/// Sets the limit called `name` (the Limits field name, e.g. "max_entries") to `value`.
Status SetLimit(Limits& limits, std::string_view name, uint64_t value);

/// The outcome of a job.
struct JobResult {
  ExitCode exit_code = ExitCode::kOk;
  ValidationResult validation{};
  std::string error{};  ///< why it could not run (exit code 3), else empty
  /// For "convert": whether the output was written, why not, and what it took.
  bool written = false;
  std::string refusal{};
  ConvertStats stats{};
  double seconds = 0;
};

/// Runs a job. Never throws; internal failures give exit code 3 and `error`.
JobResult RunJob(const Engine& engine, const JobSpec& spec, const CancellationToken& cancel = {},
                 const ProgressCallback& progress = {});

/// The job's JSON output: the report object for "validate" and "verify" (docs/report.md); for
/// "inspect" the report fields plus "model" (the CourseModel); for "convert" the report fields
/// plus "conversion" (output, written, refusal, statistics, seconds).
std::string JobResultToJson(const JobSpec& spec, const JobResult& result, int indent = 2);

}  // namespace cpk
