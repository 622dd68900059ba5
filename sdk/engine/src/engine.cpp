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
  CPK_ASSIGN_OR_RETURN(OpenedInput opened, Open(path, options));
  return std::move(opened.validation);
}

Result<OpenedInput> Engine::Open(const std::string& path, const ValidateOptions& options) const {
  OpenedInput input;
  input.validation = ValidationResult{Report(path, options.limits.max_diagnostics), CourseModel{}, true};
  ValidationResult& result = input.validation;
  Report& report = result.report;
  report.set_format({"unknown", ""});
  auto opened = io::OpenSource(path, options.limits, report);
  if (!opened) {
    report.Add(codes::kInputUnreadable, "cannot read the input: " + opened.error().message, {},
               "check the path and that the file is readable");
    result.completed = false;
    return input;
  }
  input.source = std::move(*opened);
  Source& source = *input.source;
  if (source.kind() == SourceKind::kZip) {
    if (Status verified = io::VerifyEntries(source, options.limits, report, options.cancel, options.progress);
        !verified) {
      if (verified.error().code == Errc::kCancelled) return Fail(verified.error());
      report.Add(codes::kInputUnreadable, "cannot read the input: " + verified.error().message, {},
                 "check that the file is readable and not being written to");
      result.completed = false;
      return input;
    }
  }
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");

  CourseModel& model = result.model;
  std::error_code ec;
  model.source.file = std::filesystem::path(path).filename().string();
  if (std::filesystem::is_regular_file(path, ec)) model.source.bytes = std::filesystem::file_size(path, ec);

  // An archive that could not be opened safely (not a zip, truncated, too many entries) has
  // been reported already; there is nothing to detect.
  if (source.entries().empty() && report.HasErrors()) return input;
  const Detection detection = DetectFormat(source, registry_, report);
  for (const EntryInfo& e : source.entries()) {
    if (!e.is_directory && !io::IsJunkPath(e.path)) model.files.push_back({e.path, e.size, {}});
  }
  if (detection.handler == nullptr) return input;
  model.source.kind = detection.handler->kind;
  if (detection.handler->read) {
    ReadContext context{options.limits, options.cancel, options.progress};
    if (Status read = detection.handler->read(source, context, model, report); !read) {
      if (read.error().code == Errc::kCancelled) return Fail(read.error());
      if (read.error().code == Errc::kInternal) return Fail(read.error());
      // Other failures have been reported as findings by the reader.
    }
  }
  // Content rules are for courses; a normalised package is checked by its own reader.
  if (source.kind() != SourceKind::kFile && !detection.handler->reports_own_kind) {
    ReadContext context{options.limits, options.cancel, options.progress};
    for (const RuleSet& rules : registry_.rule_sets()) {
      if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
      if (rules.check) rules.check(source, context, model, report);
    }
  }
  if (detection.handler->reports_own_kind) {
    report.set_format({detection.handler->kind, ""});
  } else if (!model.source.kind.empty()) {
    report.set_format({model.source.kind, model.source.edition});
  }
  return input;
}

Result<ConvertResult> Engine::Convert(const std::string& path, const ConvertOptions& options) const {
  const PackageWriter* writer = registry_.FindPackageWriter(options.request.format);
  if (writer == nullptr || !writer->write) {
    return Fail(Errc::kInvalidArgument, "no output format '" + options.request.format + "'");
  }
  if (options.request.output.empty()) return Fail(Errc::kInvalidArgument, "no output path");
  {
    // Fail before the work, not after it, when the output cannot be written at all.
    std::error_code ec;
    const std::filesystem::path folder = std::filesystem::absolute(options.request.output, ec).parent_path();
    if (!std::filesystem::is_directory(folder, ec)) {
      return Fail(Errc::kIo,
                  "cannot write '" + options.request.output + "': the folder " + folder.string() + " does not exist");
    }
  }
  CPK_ASSIGN_OR_RETURN(OpenedInput opened, Open(path, {options.limits, options.cancel, options.progress}));
  ConvertResult result;
  result.validation = std::move(opened.validation);
  ValidationResult& validation = result.validation;
  if (!validation.completed || opened.source == nullptr) {
    result.refusal = "the input could not be read";
    return result;
  }
  if (validation.report.format().kind == "coursepack") {
    result.refusal = "the input is a normalised package already";
    return result;
  }
  if (validation.model.source.kind.empty()) {
    result.refusal = "the input is not a course package coursepack can read";
    return result;
  }
  if (validation.report.HasErrors() && !options.request.forced) {
    const Summary s = validation.report.summary();
    result.refusal = "the input has " + std::to_string(s.errors) + (s.errors == 1 ? " error" : " errors") +
                     "; fix them, or convert anyway with --force";
    return result;
  }
  ConvertRequest request = options.request;
  request.forced = validation.report.HasErrors();
  ReadContext context{options.limits, options.cancel, options.progress};
  auto written = writer->write(*opened.source, validation.model, validation.report, request, context);
  if (!written) {
    if (written.error().code == Errc::kCancelled || written.error().code == Errc::kInternal) {
      return Fail(written.error());
    }
    result.error = written.error().message;  // the output could not be written; the report stands
    return result;
  }
  result.stats = std::move(*written);
  result.written = true;
  return result;
}

}  // namespace cpk
