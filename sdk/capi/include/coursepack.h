/**
 * @file coursepack.h
 * The C API of coursepack: the one header an app includes (Android through JNI, iOS through
 * Swift, any language with a C FFI). C99; no C++ types; opaque handles.
 *
 * Conventions
 * - Every fallible function returns cpk_status: CPK_OK (0) or a negative CPK_E_* code. The
 *   message of the last failure on a context is read with cpk_context_last_error().
 * - Output parameters come first and are named `out`.
 * - Whoever creates an object frees it with the matching cpk_*_free(), which accepts NULL.
 *   Never call free() on memory the library returned.
 * - Strings are UTF-8 and borrowed: they live as long as the handle that returned them.
 * - A handle must not be used from two threads at once; separate handles may be.
 *
 * @since 0.1
 */
#ifndef CPK_COURSEPACK_H
#define CPK_COURSEPACK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CPK_VERSION_MAJOR 0
#define CPK_VERSION_MINOR 1
#define CPK_VERSION_PATCH 0
/** True when the compile-time version is at least major.minor.patch. */
#define CPK_VERSION_AT_LEAST(major, minor, patch)                                                  \
  (CPK_VERSION_MAJOR > (major) || (CPK_VERSION_MAJOR == (major) && CPK_VERSION_MINOR > (minor)) || \
   (CPK_VERSION_MAJOR == (major) && CPK_VERSION_MINOR == (minor) && CPK_VERSION_PATCH >= (patch)))

#if defined(__GNUC__)
#define CPK_API __attribute__((visibility("default")))
#else
#define CPK_API
#endif

/** Status of a call. Values equal cpk::Errc and are never renumbered. @since 0.1 */
typedef int32_t cpk_status;
#define CPK_OK 0
#define CPK_E_INVALID_ARGUMENT (-1)
#define CPK_E_NOT_FOUND (-2)
#define CPK_E_IO (-3)
#define CPK_E_MALFORMED (-4)
#define CPK_E_UNSUPPORTED (-5)
#define CPK_E_LIMIT_EXCEEDED (-6)
#define CPK_E_CANCELLED (-7)
#define CPK_E_INTERNAL (-99)

/** Severity of a diagnostic. @since 0.1 */
typedef enum cpk_severity { CPK_SEVERITY_ERROR = 0, CPK_SEVERITY_WARNING = 1, CPK_SEVERITY_INFO = 2 } cpk_severity;

/** A library context: owns the registry of formats and the last error message. @since 0.1 */
typedef struct cpk_context cpk_context;
/** The findings of one validation. @since 0.1 */
typedef struct cpk_report cpk_report;

/** The library's version at run time, "MAJOR.MINOR.PATCH". Static storage. @since 0.1 */
CPK_API const char* cpk_version(void);

/** Creates a context. Free it with cpk_context_free(). @since 0.1 */
CPK_API cpk_status cpk_context_new(cpk_context** out);
/** Frees a context (NULL is allowed). Reports it created stay valid. @since 0.1 */
CPK_API void cpk_context_free(cpk_context* ctx);
/**
 * The message of the last failed call on `ctx`; "" when there was none. Never NULL. Valid
 * until the next call on `ctx`. @since 0.1
 */
CPK_API const char* cpk_context_last_error(const cpk_context* ctx);

/**
 * Validates the package at `path` (a .zip, a folder, or a single PDF/video/XML file) with
 * the default limits. An invalid package is a success: its problems are diagnostics in the
 * report. An unreadable input is a success too, with an `input.unreadable` diagnostic and
 * cpk_report_exit_code() == 3. Free the report with cpk_report_free().
 * @return CPK_OK, CPK_E_INVALID_ARGUMENT, CPK_E_CANCELLED or CPK_E_INTERNAL.
 * @since 0.1
 */
CPK_API cpk_status cpk_validate_path(cpk_report** out, cpk_context* ctx, const char* path);

/**
 * Runs a job given as JSON, e.g. {"command":"validate","input":"course.zip","limits":{...}},
 * the same jobs as the `coursepack` command. `*out_json` receives the job's JSON output
 * (docs/report.md); free it with cpk_string_free(). `*out_exit_code` (may be NULL) receives
 * the command's exit code.
 * @since 0.1 (experimental)
 */
CPK_API cpk_status cpk_job_run_json(char** out_json, int* out_exit_code, cpk_context* ctx, const char* job_json);
/** Frees a string returned by the library (NULL is allowed). @since 0.1 */
CPK_API void cpk_string_free(char* s);

/** Frees a report (NULL is allowed). @since 0.1 */
CPK_API void cpk_report_free(cpk_report* report);
/** Number of diagnostics, errors first (same order as the JSON output). @since 0.1 */
CPK_API size_t cpk_report_count(const cpk_report* report);
/** Counts per severity. @since 0.1 */
CPK_API size_t cpk_report_errors(const cpk_report* report);
CPK_API size_t cpk_report_warnings(const cpk_report* report);
CPK_API size_t cpk_report_infos(const cpk_report* report);
/** Exit code the `coursepack validate` command would give: 0, 1 or 3. @since 0.1 */
CPK_API int cpk_report_exit_code(const cpk_report* report);
/** Detected format kind ("scorm12", "scorm2004", "cmi5", ... or "unknown"). @since 0.1 */
CPK_API const char* cpk_report_format_kind(const cpk_report* report);
/** Detected edition ("2004 4th Edition"), or "". @since 0.1 */
CPK_API const char* cpk_report_format_edition(const cpk_report* report);
/** The whole report as JSON (docs/report.md). Borrowed from the report. @since 0.1 */
CPK_API const char* cpk_report_json(cpk_report* report);

/*
 * Diagnostic accessors. `index` < cpk_report_count(); out-of-range indexes give "" (strings),
 * 0 (numbers) or CPK_SEVERITY_ERROR. Strings are borrowed from the report.
 */
CPK_API const char* cpk_report_code(const cpk_report* report, size_t index);
CPK_API cpk_severity cpk_report_severity(const cpk_report* report, size_t index);
CPK_API const char* cpk_report_message(const cpk_report* report, size_t index);
CPK_API const char* cpk_report_hint(const cpk_report* report, size_t index);
CPK_API const char* cpk_report_location_file(const cpk_report* report, size_t index);
CPK_API uint32_t cpk_report_location_line(const cpk_report* report, size_t index);
CPK_API uint32_t cpk_report_location_column(const cpk_report* report, size_t index);

#ifdef __cplusplus
}
#endif

#endif /* CPK_COURSEPACK_H */
