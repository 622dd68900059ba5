// The C API: argument checks, then the C++ engine inside Guard(), which turns Errors and every
// exception into a status and a message stored in the context.
#include "coursepack.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "cpk/engine/job.hpp"

static_assert(CPK_E_INVALID_ARGUMENT == static_cast<int32_t>(cpk::Errc::kInvalidArgument));
static_assert(CPK_E_NOT_FOUND == static_cast<int32_t>(cpk::Errc::kNotFound));
static_assert(CPK_E_IO == static_cast<int32_t>(cpk::Errc::kIo));
static_assert(CPK_E_MALFORMED == static_cast<int32_t>(cpk::Errc::kMalformed));
static_assert(CPK_E_UNSUPPORTED == static_cast<int32_t>(cpk::Errc::kUnsupported));
static_assert(CPK_E_LIMIT_EXCEEDED == static_cast<int32_t>(cpk::Errc::kLimitExceeded));
static_assert(CPK_E_CANCELLED == static_cast<int32_t>(cpk::Errc::kCancelled));
static_assert(CPK_E_INTERNAL == static_cast<int32_t>(cpk::Errc::kInternal));
static_assert(CPK_SEVERITY_ERROR == static_cast<int>(cpk::Severity::kError));
static_assert(CPK_SEVERITY_WARNING == static_cast<int>(cpk::Severity::kWarning));
static_assert(CPK_SEVERITY_INFO == static_cast<int>(cpk::Severity::kInfo));

struct cpk_context {
  cpk::Engine engine;
  std::string last_error;
};

struct cpk_report {
  cpk::Report report;
  std::vector<cpk::Diagnostic> sorted;
  int exit_code = 0;
  std::string json;
};

namespace {

template <class Fn>
cpk_status Guard(cpk_context* ctx, Fn&& fn) noexcept {
  try {
    ctx->last_error.clear();
    if (cpk::Status s = fn(); !s) {
      ctx->last_error = s.error().message;
      return static_cast<cpk_status>(s.error().code);
    }
    return CPK_OK;
  } catch (const std::bad_alloc&) {
    ctx->last_error = "out of memory";
  } catch (const std::exception& e) {
    ctx->last_error = e.what();
  } catch (...) {
    ctx->last_error = "unknown exception";
  }
  return CPK_E_INTERNAL;
}

const cpk::Diagnostic* At(const cpk_report* r, size_t i) {
  return (r != nullptr && i < r->sorted.size()) ? &r->sorted[i] : nullptr;
}

}  // namespace

extern "C" {

const char* cpk_version(void) { return cpk::VersionString(); }

cpk_status cpk_context_new(cpk_context** out) {
  if (out == nullptr) return CPK_E_INVALID_ARGUMENT;
  *out = nullptr;
  try {
    *out = new cpk_context();
    return CPK_OK;
  } catch (...) {
    return CPK_E_INTERNAL;
  }
}

void cpk_context_free(cpk_context* ctx) { delete ctx; }

const char* cpk_context_last_error(const cpk_context* ctx) { return ctx != nullptr ? ctx->last_error.c_str() : ""; }

cpk_status cpk_validate_path(cpk_report** out, cpk_context* ctx, const char* path) {
  if (ctx == nullptr) return CPK_E_INVALID_ARGUMENT;
  if (out == nullptr || path == nullptr) {
    ctx->last_error = "out and path must not be NULL";
    return CPK_E_INVALID_ARGUMENT;
  }
  *out = nullptr;
  return Guard(ctx, [&]() -> cpk::Status {
    CPK_ASSIGN_OR_RETURN(cpk::ValidationResult result, ctx->engine.Validate(path));
    auto report = std::make_unique<cpk_report>();
    report->exit_code = static_cast<int>(cpk::ExitCodeFor(result));
    report->report = std::move(result.report);
    report->sorted = report->report.Sorted();
    *out = report.release();
    return cpk::Ok();
  });
}

cpk_status cpk_job_run_json(char** out_json, int* out_exit_code, cpk_context* ctx, const char* job_json) {
  if (ctx == nullptr) return CPK_E_INVALID_ARGUMENT;
  if (out_json == nullptr || job_json == nullptr) {
    ctx->last_error = "out_json and job_json must not be NULL";
    return CPK_E_INVALID_ARGUMENT;
  }
  *out_json = nullptr;
  return Guard(ctx, [&]() -> cpk::Status {
    CPK_ASSIGN_OR_RETURN(cpk::JobSpec spec, cpk::ParseJobSpecJson(job_json));
    const cpk::JobResult result = cpk::RunJob(ctx->engine, spec);
    const std::string json = cpk::JobResultToJson(spec, result);
    char* copy = static_cast<char*>(std::malloc(json.size() + 1));
    if (copy == nullptr) return cpk::Fail(cpk::Errc::kInternal, "out of memory");
    std::memcpy(copy, json.c_str(), json.size() + 1);
    *out_json = copy;
    if (out_exit_code != nullptr) *out_exit_code = static_cast<int>(result.exit_code);
    return cpk::Ok();
  });
}

void cpk_string_free(char* s) { std::free(s); }

void cpk_report_free(cpk_report* report) { delete report; }

size_t cpk_report_count(const cpk_report* r) { return r != nullptr ? r->sorted.size() : 0; }
size_t cpk_report_errors(const cpk_report* r) { return r != nullptr ? r->report.summary().errors : 0; }
size_t cpk_report_warnings(const cpk_report* r) { return r != nullptr ? r->report.summary().warnings : 0; }
size_t cpk_report_infos(const cpk_report* r) { return r != nullptr ? r->report.summary().infos : 0; }
int cpk_report_exit_code(const cpk_report* r) { return r != nullptr ? r->exit_code : 3; }
const char* cpk_report_format_kind(const cpk_report* r) { return r != nullptr ? r->report.format().kind.c_str() : ""; }
const char* cpk_report_format_edition(const cpk_report* r) {
  return r != nullptr ? r->report.format().edition.c_str() : "";
}

const char* cpk_report_json(cpk_report* r) {
  if (r == nullptr) return "";
  try {
    if (r->json.empty()) r->json = cpk::ReportToJson(r->report);
  } catch (...) {
    return "";
  }
  return r->json.c_str();
}

const char* cpk_report_code(const cpk_report* r, size_t i) { return At(r, i) ? At(r, i)->code.c_str() : ""; }
cpk_severity cpk_report_severity(const cpk_report* r, size_t i) {
  return At(r, i) ? static_cast<cpk_severity>(At(r, i)->severity) : CPK_SEVERITY_ERROR;
}
const char* cpk_report_message(const cpk_report* r, size_t i) { return At(r, i) ? At(r, i)->message.c_str() : ""; }
const char* cpk_report_hint(const cpk_report* r, size_t i) { return At(r, i) ? At(r, i)->hint.c_str() : ""; }
const char* cpk_report_location_file(const cpk_report* r, size_t i) {
  return At(r, i) ? At(r, i)->location.file.c_str() : "";
}
uint32_t cpk_report_location_line(const cpk_report* r, size_t i) { return At(r, i) ? At(r, i)->location.line : 0; }
uint32_t cpk_report_location_column(const cpk_report* r, size_t i) { return At(r, i) ? At(r, i)->location.column : 0; }

}  // extern "C"
