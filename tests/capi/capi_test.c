/* The C API, used from C99 only through coursepack.h: validate packages, read diagnostics,
 * run a JSON job, and check error handling. Exits non-zero on the first failed check. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */
#include <coursepack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static int has_code(const cpk_report* r, const char* code) {
  size_t i;
  for (i = 0; i < cpk_report_count(r); ++i) {
    if (strcmp(cpk_report_code(r, i), code) == 0) return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  const char* corpus = argc > 1 ? argv[1] : "../shared/corpus";
  const char* samples = argc > 2 ? argv[2] : "samples";
  char path[4096];
  cpk_context* ctx = NULL;
  cpk_report* report = NULL;
  char* json = NULL;
  int exit_code = -1;
  size_t i;

  CHECK(strlen(cpk_version()) >= 5);
  CHECK(cpk_context_new(&ctx) == CPK_OK && ctx != NULL);
  CHECK(strcmp(cpk_context_last_error(ctx), "") == 0);

  /* A valid package. */
  snprintf(path, sizeof path, "%s/scorm/golf-RuntimeBasicCalls_SCORM12.zip", corpus);
  CHECK(cpk_validate_path(&report, ctx, path) == CPK_OK);
  CHECK(report != NULL);
  CHECK(cpk_report_errors(report) == 0);
  CHECK(cpk_report_exit_code(report) == 0);
  CHECK(strcmp(cpk_report_format_kind(report), "scorm12") == 0);
  cpk_report_free(report);
  report = NULL;

  /* A hostile one: every diagnostic is readable, errors come first. */
  snprintf(path, sizeof path, "%s/scorm/derived/derived-zipslip_SCORM12.zip", corpus);
  CHECK(cpk_validate_path(&report, ctx, path) == CPK_OK);
  CHECK(cpk_report_exit_code(report) == 1);
  CHECK(has_code(report, "zip.path-traversal"));
  CHECK(has_code(report, "zip.absolute-path"));
  CHECK(cpk_report_count(report) == cpk_report_errors(report) + cpk_report_warnings(report) + cpk_report_infos(report));
  CHECK(cpk_report_severity(report, 0) == CPK_SEVERITY_ERROR);
  for (i = 0; i < cpk_report_count(report); ++i) {
    CHECK(strlen(cpk_report_message(report, i)) > 0);
    CHECK(cpk_report_hint(report, i) != NULL);
    CHECK(cpk_report_location_file(report, i) != NULL);
  }
  CHECK(strcmp(cpk_report_code(report, 9999), "") == 0);
  CHECK(cpk_report_location_line(report, 9999) == 0);
  CHECK(strstr(cpk_report_json(report), "\"zip.path-traversal\"") != NULL);
  cpk_report_free(report);
  report = NULL;

  /* Line and column of a malformed manifest. */
  snprintf(path, sizeof path, "%s/scorm/elmp-invalid-MalformedXml_SCORM12.zip", corpus);
  CHECK(cpk_validate_path(&report, ctx, path) == CPK_OK);
  CHECK(strcmp(cpk_report_code(report, 0), "xml.malformed") == 0);
  CHECK(strcmp(cpk_report_location_file(report, 0), "imsmanifest.xml") == 0);
  CHECK(cpk_report_location_line(report, 0) == 27);
  CHECK(cpk_report_location_column(report, 0) > 0);
  cpk_report_free(report);
  report = NULL;

  /* An unreadable input is a report with exit code 3, not a failed call. */
  CHECK(cpk_validate_path(&report, ctx, "/nonexistent/course.zip") == CPK_OK);
  CHECK(cpk_report_exit_code(report) == 3);
  CHECK(has_code(report, "input.unreadable"));
  cpk_report_free(report);
  report = NULL;

  /* Jobs as JSON. */
  snprintf(path, sizeof path, "{\"command\":\"inspect\",\"input\":\"%s/scorm/golf-RuntimeBasicCalls_SCORM12.zip\"}",
           corpus);
  CHECK(cpk_job_run_json(&json, &exit_code, ctx, path) == CPK_OK);
  CHECK(exit_code == 0);
  CHECK(json != NULL && strstr(json, "\"model\"") != NULL);
  cpk_string_free(json);
  json = NULL;
  /* A conversion and the verification of its output, through the same door. */
  {
    char dir[] = "/tmp/cpk-capi-XXXXXX";
    char job[4096];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(job, sizeof job,
             "{\"command\":\"convert\",\"input\":\"%s/scorm/golf-RuntimeBasicCalls_SCORM12.zip\","
             "\"output\":\"%s/golf.cpk\",\"profile\":\"standard\"}",
             corpus, dir);
    CHECK(cpk_job_run_json(&json, &exit_code, ctx, job) == CPK_OK);
    CHECK(exit_code == 0);
    CHECK(json != NULL && strstr(json, "\"written\": true") != NULL);
    cpk_string_free(json);
    json = NULL;
    snprintf(job, sizeof job, "{\"command\":\"verify\",\"input\":\"%s/golf.cpk\"}", dir);
    CHECK(cpk_job_run_json(&json, &exit_code, ctx, job) == CPK_OK);
    CHECK(exit_code == 0);
    CHECK(json != NULL && strstr(json, "\"coursepack\"") != NULL);
    cpk_string_free(json);
    json = NULL;
    snprintf(job, sizeof job, "%s/golf.cpk", dir);
    remove(job);
    /* A certificate from the sample template, names in Odia and Urdu. */
    snprintf(job, sizeof job,
             "{\"command\":\"certificate\",\"input\":\"%s/certificate/template.json\",\"output\":\"%s/c.pdf\","
             "\"fields\":{\"name\":\"\u0b38\u0b41\u0b2e\u0b28\",\"course\":\"\u062a\u0631\u0628\u06cc\u062a\","
             "\"date\":\"2026-11-25\",\"institution\":\"iGOT\"}}",
             samples, dir);
    CHECK(cpk_job_run_json(&json, &exit_code, ctx, job) == CPK_OK);
    CHECK(exit_code == 0);
    CHECK(json != NULL && strstr(json, "\"certificate\"") != NULL && strstr(json, "\"written\": true") != NULL);
    cpk_string_free(json);
    json = NULL;
    snprintf(job, sizeof job, "%s/c.pdf", dir);
    CHECK(remove(job) == 0);
    rmdir(dir);
  }
  CHECK(cpk_job_run_json(&json, &exit_code, ctx, "{\"command\":\"nope\",\"input\":\"x\"}") == CPK_E_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(strstr(cpk_context_last_error(ctx), "nope") != NULL);

  /* Argument checks. */
  CHECK(cpk_validate_path(NULL, ctx, "x") == CPK_E_INVALID_ARGUMENT);
  CHECK(cpk_validate_path(&report, NULL, "x") == CPK_E_INVALID_ARGUMENT);
  CHECK(cpk_validate_path(&report, ctx, NULL) == CPK_E_INVALID_ARGUMENT);
  CHECK(cpk_context_new(NULL) == CPK_E_INVALID_ARGUMENT);
  cpk_report_free(NULL);
  cpk_context_free(NULL);
  cpk_string_free(NULL);

  cpk_context_free(ctx);
  if (failures == 0) printf("capi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
