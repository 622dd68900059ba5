#include "cpk/engine/engine.hpp"

#include <filesystem>
#include <system_error>

#include "cpk/engine/builtin_modules.hpp"
#include "cpk/engine/detect.hpp"
#include "cpk/io/codes.hpp"
#include "cpk/io/junk.hpp"
#include "cpk/io/open.hpp"
#include "cpk/io/xml.hpp"
#include "cpk_version.hpp"

namespace cpk {

const char* VersionString() noexcept { return CPK_VERSION_STRING; }

ExitCode ExitCodeFor(const ValidationResult& result) {
  if (!result.completed) return ExitCode::kCouldNotRun;
  return result.report.HasErrors() ? ExitCode::kContentErrors : ExitCode::kOk;
}

Engine::Engine() {
  xml::InstallQuietErrorHandlers();
  RegisterBuiltinModules(registry_);
}

Engine::~Engine() = default;

Result<ValidationResult> Engine::Validate(const std::string& path, const ValidateOptions& options) const {
  ValidationResult result{Report(path, options.limits.max_diagnostics), CourseModel{}, true};
  Report& report = result.report;
  report.set_format({"unknown", ""});
  auto opened = io::OpenSource(path, options.limits, report);
  if (!opened) {
    report.Add(codes::kInputUnreadable, "cannot read the input: " + opened.error().message, {},
               "check the path and that the file is readable");
    result.completed = false;
    return result;
  }
  Source& source = **opened;
  if (source.kind() == SourceKind::kZip) {
    if (Status verified = io::VerifyEntries(source, options.limits, report, options.cancel, options.progress);
        !verified) {
      if (verified.error().code == Errc::kCancelled) return Fail(verified.error());
      report.Add(codes::kInputUnreadable, "cannot read the input: " + verified.error().message, {},
                 "check that the file is readable and not being written to");
      result.completed = false;
      return result;
    }
  }
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");

  CourseModel& model = result.model;
  std::error_code ec;
  model.source.file = std::filesystem::path(path).filename().string();
  if (std::filesystem::is_regular_file(path, ec)) model.source.bytes = std::filesystem::file_size(path, ec);

  // An archive that could not be opened safely (not a zip, truncated, too many entries) has
  // been reported already; there is nothing to detect.
  if (source.entries().empty() && report.HasErrors()) return result;
  const Detection detection = DetectFormat(source, registry_, report);
  for (const EntryInfo& e : source.entries()) {
    if (!e.is_directory && !io::IsJunkPath(e.path)) model.files.push_back({e.path, e.size, {}});
  }
  if (detection.handler == nullptr) return result;
  model.source.kind = detection.handler->kind;
  if (detection.handler->read) {
    ReadContext context{options.limits, options.cancel, options.progress};
    if (Status read = detection.handler->read(source, context, model, report); !read) {
      if (read.error().code == Errc::kCancelled) return Fail(read.error());
      if (read.error().code == Errc::kInternal) return Fail(read.error());
      // Other failures have been reported as findings by the reader.
    }
  }
  if (source.kind() != SourceKind::kFile) {
    ReadContext context{options.limits, options.cancel, options.progress};
    for (const RuleSet& rules : registry_.rule_sets()) {
      if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
      if (rules.check) rules.check(source, context, model, report);
    }
  }
  if (!model.source.kind.empty()) report.set_format({model.source.kind, model.source.edition});
  return result;
}

}  // namespace cpk
