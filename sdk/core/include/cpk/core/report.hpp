#pragma once
/// @file report.hpp
/// Report: everything one run found about one input.
/// @since 0.1

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "cpk/core/diagnostic.hpp"

namespace cpk {

/// What kind of input this is, as detected.
struct FormatInfo {
  std::string kind{};  ///< "scorm" (version unknown), "scorm12", "scorm2004", "cmi5", "xapi", "aicc", "html5", "pdf",
                       ///< "video", "audio", or "unknown"
  std::string edition{};  ///< e.g. "2004 4th Edition"; empty when not applicable or unknown

  friend bool operator==(const FormatInfo&, const FormatInfo&) = default;
};

/// Counts per severity.
struct Summary {
  size_t errors = 0;
  size_t warnings = 0;
  size_t infos = 0;
};

/// The findings of one run. An invalid package is a successful run whose report holds errors.
///
/// Identical findings (same code, message and location) are kept once. The number kept is
/// capped (Limits::max_diagnostics); past the cap, findings are counted but dropped and one
/// `report.truncated` finding says so. Not thread-safe: give each worker its own Report and
/// Merge() them.
class Report final : public DiagnosticSink {
 public:
  Report() : Report(std::string()) {}
  explicit Report(std::string input, size_t max_diagnostics = 10000);

  void Add(Diagnostic diagnostic) override;
  using DiagnosticSink::Add;

  /// Appends every finding of `other` (through Add, so dedup and the cap apply).
  void Merge(const Report& other);

  const std::string& input() const { return input_; }
  void set_input(std::string input) { input_ = std::move(input); }
  const FormatInfo& format() const { return format_; }
  void set_format(FormatInfo format) { format_ = std::move(format); }

  /// Findings in the order they were found.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  /// Findings sorted for people: errors, then warnings, then infos; within a severity by
  /// file, line, column; order of discovery breaks ties. Stable across runs.
  std::vector<Diagnostic> Sorted() const;

  Summary summary() const;
  bool HasErrors() const { return summary().errors > 0; }
  /// True when some finding with this code was recorded.
  bool Has(std::string_view code) const;
  /// Number of findings dropped because of the cap.
  size_t dropped() const { return dropped_; }

 private:
  std::string input_;
  FormatInfo format_;
  std::vector<Diagnostic> diagnostics_;
  std::unordered_multimap<size_t, size_t> seen_;  // hash → index into diagnostics_
  size_t max_diagnostics_;
  size_t dropped_ = 0;
  Summary dropped_summary_;
};

struct CourseModel;

/// Renders a report as the documented JSON object (docs/report.md):
/// {"input", "format": {"kind", "edition"}, "diagnostics": [...], "summary": {...}}.
/// `indent` < 0 gives one line.
std::string ReportToJson(const Report& report, int indent = 2);

/// What else a job's JSON output carries besides the report.
struct ReportJsonExtras {
  std::string error{};                 ///< why the run could not complete; the "error" member when set
  const CourseModel* model = nullptr;  ///< the "model" member (inspect) when set
};

/// The report object plus `extras`, rendered in one pass.
std::string ReportToJson(const Report& report, int indent, const ReportJsonExtras& extras);

}  // namespace cpk
