#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cpk/engine/codes.hpp"
#include "cpk/engine/job.hpp"
#include "cpk/fonts/certificate.hpp"
#include "cpk/fonts/legacy.hpp"

namespace cpk {
namespace {

struct LimitField {
  std::string_view name;
  uint64_t max;
  void (*set)(Limits&, uint64_t);
};

constexpr uint64_t kU32 = 0xFFFFFFFFull;
constexpr uint64_t kU64 = ~0ull;

const LimitField kLimitFields[] = {
    {"max_entries", kU64, [](Limits& l, uint64_t v) { l.max_entries = v; }},
    {"max_entry_bytes", kU64, [](Limits& l, uint64_t v) { l.max_entry_bytes = v; }},
    {"max_total_bytes", kU64, [](Limits& l, uint64_t v) { l.max_total_bytes = v; }},
    {"max_compression_ratio", kU32, [](Limits& l, uint64_t v) { l.max_compression_ratio = static_cast<uint32_t>(v); }},
    {"bomb_min_bytes", kU64, [](Limits& l, uint64_t v) { l.bomb_min_bytes = v; }},
    {"max_xml_bytes", kU64, [](Limits& l, uint64_t v) { l.max_xml_bytes = v; }},
    {"max_xml_depth", kU32, [](Limits& l, uint64_t v) { l.max_xml_depth = static_cast<uint32_t>(v); }},
    {"max_diagnostics", kU32, [](Limits& l, uint64_t v) { l.max_diagnostics = static_cast<uint32_t>(v); }},
    {"max_media_seconds", kU64, [](Limits& l, uint64_t v) { l.max_media_seconds = v; }},
    {"max_media_bytes", kU64, [](Limits& l, uint64_t v) { l.max_media_bytes = v; }},
    {"max_video_pixels", kU64, [](Limits& l, uint64_t v) { l.max_video_pixels = v; }},
    {"threads", 1024, [](Limits& l, uint64_t v) { l.threads = static_cast<uint32_t>(v); }},
};

}  // namespace

Status CheckConvertRequest(const JobSpec& spec) {
  if (spec.command != "convert") return Ok();
  if (spec.convert.output.empty()) return Fail(Errc::kInvalidArgument, "convert needs an output path");
  if (spec.convert.profile != "standard" && spec.convert.profile != "low-bandwidth") {
    return Fail(Errc::kInvalidArgument,
                "unknown profile '" + spec.convert.profile + "' (known: standard, low-bandwidth)");
  }
  if (spec.convert.format != "coursepack" && spec.convert.format != "ecar") {
    return Fail(Errc::kInvalidArgument,
                "unknown output format '" + spec.convert.format + "' (known: coursepack, ecar)");
  }
  if (spec.convert.format == "ecar" && spec.convert.directory) {
    return Fail(Errc::kInvalidArgument, "an ECAR is always a file; --dir applies to coursepack output only");
  }
  return Ok();
}

Status SetLimit(Limits& limits, std::string_view name, uint64_t value) {
  for (const LimitField& f : kLimitFields) {
    if (f.name != name) continue;
    if (value > f.max) {
      return Fail(Errc::kInvalidArgument, "limit '" + std::string(name) + "' must be at most " + std::to_string(f.max));
    }
    f.set(limits, value);
    return Ok();
  }
  std::string known;
  for (const LimitField& f : kLimitFields) known += (known.empty() ? "" : ", ") + std::string(f.name);
  return Fail(Errc::kInvalidArgument, "unknown limit '" + std::string(name) + "' (known: " + known + ")");
}

Result<JobSpec> ParseJobSpecJson(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(Errc::kInvalidArgument, "the job is not a JSON object");
  JobSpec spec;
  for (const auto& [key, value] : j.items()) {
    if (key == "command") {
      if (!value.is_string()) return Fail(Errc::kInvalidArgument, "\"command\" must be a string");
      spec.command = value.get<std::string>();
    } else if (key == "input") {
      if (!value.is_string()) return Fail(Errc::kInvalidArgument, "\"input\" must be a string");
      spec.input = value.get<std::string>();
    } else if (key == "limits") {
      if (!value.is_object()) return Fail(Errc::kInvalidArgument, "\"limits\" must be an object");
      for (const auto& [name, v] : value.items()) {
        if (!v.is_number_unsigned()) {
          return Fail(Errc::kInvalidArgument, "limit '" + name + "' must be a non-negative integer");
        }
        CPK_TRY(SetLimit(spec.limits, name, v.get<uint64_t>()));
      }
    } else if (key == "output" || key == "profile" || key == "format") {
      if (!value.is_string()) return Fail(Errc::kInvalidArgument, "\"" + key + "\" must be a string");
      std::string& field = key == "output"    ? spec.convert.output
                           : key == "profile" ? spec.convert.profile
                                              : spec.convert.format;
      field = value.get<std::string>();
    } else if (key == "fields") {
      if (!value.is_object()) return Fail(Errc::kInvalidArgument, "\"fields\" must be an object of strings");
      for (const auto& [name, v] : value.items()) {
        if (!v.is_string()) return Fail(Errc::kInvalidArgument, "field '" + name + "' must be a string");
        spec.certificate.fields[name] = v.get<std::string>();
      }
    } else if (key == "scale") {
      if (!value.is_number() || !(value.get<double>() >= 0.1 && value.get<double>() <= 16)) {
        return Fail(Errc::kInvalidArgument, "\"scale\" must be a number from 0.1 to 16 (pixels per point)");
      }
      spec.certificate.png_scale = value.get<double>();
    } else if (key == "dir" || key == "force") {
      if (!value.is_boolean()) return Fail(Errc::kInvalidArgument, "\"" + key + "\" must be true or false");
      (key == "dir" ? spec.convert.directory : spec.convert.forced) = value.get<bool>();
    } else {
      return Fail(Errc::kInvalidArgument, "unknown job key '" + key + "'");
    }
  }
  if (spec.command != "validate" && spec.command != "inspect" && spec.command != "verify" &&
      spec.command != "convert" && spec.command != "certificate") {
    return Fail(Errc::kInvalidArgument,
                "unknown command '" + spec.command + "' (known: validate, inspect, verify, convert, certificate)");
  }
  if (spec.input.empty()) return Fail(Errc::kInvalidArgument, "the job has no \"input\"");
  if (spec.command == "certificate") {
    const std::string& out = spec.convert.output;
    const auto ends = [&out](std::string_view ext) {
      return out.size() >= ext.size() &&
             std::equal(ext.begin(), ext.end(), out.end() - static_cast<ptrdiff_t>(ext.size()),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(b)) == a; });
    };
    if (!ends(".pdf") && !ends(".png")) {
      return Fail(Errc::kInvalidArgument, "a certificate job needs an \"output\" ending in .pdf or .png");
    }
    return spec;
  }
  CPK_TRY(CheckConvertRequest(spec));
  return spec;
}

namespace {

/// Fills the template `spec.input` with the fields and writes the certificate to the output.
/// Template and field problems are usage errors (exit 2); the findings (tofu, text that does
/// not fit, text typed in a legacy Hindi font) go into the report.
void RunCertificateJob(const JobSpec& spec, JobResult& out) {
  out.validation.report = Report(spec.input, spec.limits.max_diagnostics);
  std::ifstream in(spec.input, std::ios::binary);
  if (!in) {
    out.exit_code = ExitCode::kUsage;
    out.error = "cannot read the template " + spec.input;
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string folder = std::filesystem::path(spec.input).parent_path().string();
  Result<fonts::CertificateTemplate> tmpl = fonts::ParseCertificateTemplate(text.str(), folder.empty() ? "." : folder);
  if (!tmpl) {
    out.exit_code = ExitCode::kUsage;
    out.error = spec.input + ": " + tmpl.error().message;
    return;
  }
  static const fonts::FontCatalog* const catalog = new fonts::FontCatalog();  // fonts load once per process
  fonts::CertificateOptions options;
  options.png_scale = spec.certificate.png_scale;
  const std::string& output = spec.convert.output;
  const bool png = output.size() >= 4 && (output.ends_with(".png") || output.ends_with(".PNG"));
  options.format = png ? fonts::CertificateFormat::kPng : fonts::CertificateFormat::kPdf;
  Result<fonts::Certificate> cert = fonts::RenderCertificate(*catalog, *tmpl, spec.certificate.fields, options);
  if (!cert) {
    out.exit_code = cert.error().code == Errc::kInvalidArgument ? ExitCode::kUsage : ExitCode::kCouldNotRun;
    out.error = cert.error().message;
    return;
  }
  for (const auto& [name, value] : spec.certificate.fields) {
    const fonts::LegacyDetection detection = fonts::DetectLegacyEncoding(value);
    if (detection.encoding) {
      Diagnostic d = fonts::LegacyEncodingDiagnostic(detection);
      d.message = "field '" + name + "': " + d.message;
      out.validation.report.Add(std::move(d));
    }
  }
  for (Diagnostic& d : cert->diagnostics) out.validation.report.Add(std::move(d));
  for (const fonts::FilledBox& b : cert->boxes) out.boxes.push_back({b.text, b.size, b.lines, b.fits});
  if (Status s = fonts::WriteFileAtomically(output, cert->bytes); !s) {
    out.exit_code = ExitCode::kCouldNotRun;
    out.error = s.error().message;
    return;
  }
  out.written = true;
  out.bytes_written = cert->bytes.size();
  out.validation.completed = true;
  out.exit_code = ExitCode::kOk;
}

}  // namespace

JobResult RunJob(const Engine& engine, const JobSpec& spec, const CancellationToken& cancel,
                 const ProgressCallback& progress) {
  JobResult out;
  const auto started = std::chrono::steady_clock::now();
  try {
    if (spec.command == "certificate") {
      RunCertificateJob(spec, out);
      out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return out;
    }
    if (spec.command == "convert") {
      auto converted = engine.Convert(spec.input, {spec.convert, spec.limits, cancel, progress});
      out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!converted) {
        out.exit_code = ExitCode::kCouldNotRun;
        out.error = converted.error().message;
        out.validation.report.set_input(spec.input);
        return out;
      }
      out.validation = std::move(converted->validation);
      out.written = converted->written;
      out.refusal = std::move(converted->refusal);
      out.stats = std::move(converted->stats);
      out.error = std::move(converted->error);
      out.exit_code = out.error.empty() ? ExitCodeFor(out.validation) : ExitCode::kCouldNotRun;
      // Refused although the input had no errors: it was not a course at all.
      if (!out.written && out.exit_code == ExitCode::kOk) out.exit_code = ExitCode::kContentErrors;
      return out;
    }
    ValidateOptions options{spec.limits, cancel, progress};
    auto validated = engine.Validate(spec.input, options);
    if (!validated) {
      out.exit_code = ExitCode::kCouldNotRun;
      out.error = validated.error().message;
      out.validation.report.set_input(spec.input);
      return out;
    }
    out.validation = std::move(*validated);
    if (spec.command == "verify" && out.validation.completed && out.validation.report.format().kind != "coursepack") {
      Report verdict(out.validation.report.input(), spec.limits.max_diagnostics);
      verdict.set_format(out.validation.report.format());
      verdict.Add(codes::kPackageNotNormalised,
                  "the input is not a normalised package: it has no manifest.json of format coursepack/1", {},
                  "verify checks packages written by `coursepack convert`; use `coursepack validate` for uploads");
      out.validation.report = std::move(verdict);
    }
    out.exit_code = ExitCodeFor(out.validation);
  } catch (const std::exception& e) {
    out.exit_code = ExitCode::kCouldNotRun;
    out.error = std::string("internal error: ") + e.what();
  }
  return out;
}

std::string JobResultToJson(const JobSpec& spec, const JobResult& result, int indent) {
  ReportJsonExtras extras;
  extras.error = result.error;
  if (spec.command == "inspect") extras.model = &result.validation.model;
  if (spec.command == "certificate") {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(ReportToJson(result.validation.report, -1, extras));
    nlohmann::ordered_json cert;
    cert["output"] = spec.convert.output;
    cert["written"] = result.written;
    cert["bytes"] = result.bytes_written;
    nlohmann::ordered_json boxes = nlohmann::ordered_json::array();
    for (const JobResult::FilledBox& b : result.boxes) {
      boxes.push_back({{"text", b.text}, {"size", std::round(b.size * 10) / 10}, {"lines", b.lines}, {"fits", b.fits}});
    }
    cert["boxes"] = std::move(boxes);
    cert["seconds"] = result.seconds;
    j["certificate"] = std::move(cert);
    return j.dump(indent < 0 ? -1 : indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  if (spec.command != "convert") return ReportToJson(result.validation.report, indent, extras);
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(ReportToJson(result.validation.report, -1, extras));
  nlohmann::ordered_json conversion;
  conversion["output"] = spec.convert.output;
  conversion["format"] = spec.convert.format;
  conversion["profile"] = spec.convert.profile;
  conversion["written"] = result.written;
  if (!result.refusal.empty()) conversion["refusal"] = result.refusal;
  nlohmann::ordered_json stats = nlohmann::ordered_json::object();
  for (const auto& [name, value] : result.stats.counts) stats[name] = value;
  conversion["statistics"] = std::move(stats);
  conversion["seconds"] = result.seconds;
  j["conversion"] = std::move(conversion);
  return j.dump(indent < 0 ? -1 : indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace cpk
