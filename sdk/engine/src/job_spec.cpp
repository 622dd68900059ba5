#include <nlohmann/json.hpp>

#include "cpk/engine/job.hpp"

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
    {"threads", 1024, [](Limits& l, uint64_t v) { l.threads = static_cast<uint32_t>(v); }},
};

}  // namespace

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
    } else {
      return Fail(Errc::kInvalidArgument, "unknown job key '" + key + "'");
    }
  }
  if (spec.command != "validate" && spec.command != "inspect") {
    return Fail(Errc::kInvalidArgument, "unknown command '" + spec.command + "' (known: validate, inspect)");
  }
  if (spec.input.empty()) return Fail(Errc::kInvalidArgument, "the job has no \"input\"");
  return spec;
}

JobResult RunJob(const Engine& engine, const JobSpec& spec, const CancellationToken& cancel,
                 const ProgressCallback& progress) {
  JobResult out;
  try {
    ValidateOptions options{spec.limits, cancel, progress};
    auto validated = engine.Validate(spec.input, options);
    if (!validated) {
      out.exit_code = ExitCode::kCouldNotRun;
      out.error = validated.error().message;
      out.validation.report.set_input(spec.input);
      return out;
    }
    out.validation = std::move(*validated);
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
  return ReportToJson(result.validation.report, indent, extras);
}

}  // namespace cpk
