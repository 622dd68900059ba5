/* Sample embedding: validate a package through the C API and print its findings.
 *   cc validate.c $(pkg-config --cflags --libs coursepack) -o validate && ./validate course.zip */
#include <coursepack.h>
#include <stdio.h>

int main(int argc, char** argv) {
  cpk_context* ctx = NULL;
  cpk_report* report = NULL;
  size_t i;
  int code;
  if (argc != 2) {
    fprintf(stderr, "usage: %s PACKAGE\n", argv[0]);
    return 2;
  }
  if (cpk_context_new(&ctx) != CPK_OK) return 3;
  if (cpk_validate_path(&report, ctx, argv[1]) != CPK_OK) {
    fprintf(stderr, "validate failed: %s\n", cpk_context_last_error(ctx));
    cpk_context_free(ctx);
    return 3;
  }
  printf("coursepack %s: %s is %s, %zu error(s)\n", cpk_version(), argv[1], cpk_report_format_kind(report),
         cpk_report_errors(report));
  for (i = 0; i < cpk_report_count(report); ++i) {
    printf("%s:%u:%u: %s [%s]\n", cpk_report_location_file(report, i), (unsigned)cpk_report_location_line(report, i),
           (unsigned)cpk_report_location_column(report, i), cpk_report_message(report, i), cpk_report_code(report, i));
  }
  code = cpk_report_exit_code(report);
  cpk_report_free(report);
  cpk_context_free(ctx);
  return code;
}
