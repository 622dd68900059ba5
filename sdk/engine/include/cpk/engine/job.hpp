#pragma once
/// @file job.hpp
/// Jobs: one JobSpec, decoded from the command line or from JSON, run by the engine. The CLI and
/// the C API's cpk_job_run_json() both go through RunJob(), so every feature of one is a
/// feature of the other.
/// @since 0.1

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/engine/engine.hpp"

namespace cpk {

/// A certificate to issue: a template (docs/text.md) filled with field values.
struct CertificateRequest {
  std::map<std::string, std::string> fields{};  ///< "name" → "श्रीमती प्रियंका", …
  double png_scale = 2;                         ///< pixels per point, for PNG output
};

/// What to do.
struct JobSpec {
  std::string command = "validate";  ///< "validate", "inspect", "verify", "convert" or "certificate"
  std::string input{};               ///< path of a zip, folder or file; for "certificate", the template
  Limits limits{};
  ConvertRequest convert{};  ///< for "convert": output, folder or zip, profile, format, force;
                             ///< for "certificate": output (.pdf or .png)
  CertificateRequest certificate{};
};

/// Decodes `{"command": "validate", "input": "course.zip", "limits": {"max_entries": 5000}}`;
/// "convert" also takes "output", "dir" (bool), "profile", "format" and "force" (bool);
/// "certificate" takes the template as "input", "output", "fields" (an object of strings) and
/// "scale" (PNG pixels per point).
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
  /// For "certificate": each box as it was filled (its text, the size it got, lines, whether
  /// it fits), and the size of the file written.
  struct FilledBox {
    std::string text{};
    double size = 0;
    size_t lines = 0;
    bool fits = true;
  };
  std::vector<FilledBox> boxes{};
  uint64_t bytes_written = 0;
};

/// Runs a job. Never throws; internal failures give exit code 3 and `error`.
JobResult RunJob(const Engine& engine, const JobSpec& spec, const CancellationToken& cancel = {},
                 const ProgressCallback& progress = {});

/// The job's JSON output: the report object for "validate" and "verify" (docs/report.md); for
/// "inspect" the report fields plus "model" (the CourseModel); for "convert" the report fields
/// plus "conversion" (output, written, refusal, statistics, seconds); for "certificate" the
/// report fields plus "certificate" (output, written, bytes, boxes).
std::string JobResultToJson(const JobSpec& spec, const JobResult& result, int indent = 2);

}  // namespace cpk
