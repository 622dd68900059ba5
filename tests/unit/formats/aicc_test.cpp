// The AICC reader: the course file is read for the report, and the course is refused.
#include <gtest/gtest.h>

#include "course_file_reader.hpp"
#include "format_test_support.hpp"

namespace cpk {
namespace {

using test::Findings;
using test::TempDir;
using test::ValidateFile;
using test::ValidateZip;

const char* kCrs =
    "[Course]\r\n"
    "Course_Creator=Training Cell\r\n"
    "course_id = FS-101\r\n"
    "COURSE_TITLE=\"Fire Safety\"\r\n"
    "Total_AUs=1\r\n"
    "[Course_Behavior]\r\n"
    "Max_Normal=1\r\n"
    "[Course_Description]\r\n"
    "First line.\r\n"
    "\r\n"
    "Second line.\r\n";

TEST(Aicc, CourseFileIsParsed) {
  const auto c = formats::aicc::internal::ParseCourseFile(kCrs);
  EXPECT_EQ(c.id, "FS-101");
  EXPECT_EQ(c.title, "Fire Safety");
  EXPECT_EQ(c.description, "First line.\n\nSecond line.");
  EXPECT_EQ(c.course_line, 1u);
  const auto latin1 = formats::aicc::internal::ParseCourseFile("\n[COURSE]\nCourse_Title=Sant\xe9\n");
  EXPECT_EQ(latin1.title, "Sant\xc3\xa9");
  EXPECT_EQ(latin1.course_line, 2u);
  EXPECT_EQ(formats::aicc::internal::ParseCourseFile("\xEF\xBB\xBF[Course]\nCourse_Title=\xe0\xa4\x85\n").title,
            "\xe0\xa4\x85");
}

TEST(Aicc, CompleteCourseIsRefusedWithItsTitle) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "fs.crs", .data = kCrs},
                             {.name = "fs.au", .data = "x"},
                             {.name = "fs.des", .data = "x"},
                             {.name = "fs.cst", .data = "x"},
                             {.name = "start.htm", .data = "x"}});
  EXPECT_EQ(r.report.format().kind, "aicc");
  const auto f = Findings(r.report, "aicc.unsupported");
  ASSERT_EQ(f.size(), 1u) << test::Dump(r.report);
  EXPECT_EQ(r.report.diagnostics().size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].location.file, "fs.crs");
  EXPECT_EQ(f[0].location.line, 1u);
  EXPECT_NE(f[0].message.find("'Fire Safety'"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].message.find("incomplete"), std::string::npos) << f[0].message;
  EXPECT_NE(f[0].hint.find("SCORM 1.2"), std::string::npos);
  EXPECT_EQ(r.model.title.at("und"), "Fire Safety");
  EXPECT_EQ(r.model.id, "FS-101");
  EXPECT_EQ(r.model.source.kind, "aicc");
}

TEST(Aicc, IncompleteCourseNamesTheMissingFiles) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "moodle.cst", .data = "\"block\",\"member\"\r\n"}});
  EXPECT_EQ(r.report.format().kind, "aicc");
  const auto f = Findings(r.report, "aicc.unsupported");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location.file, "moodle.cst");
  EXPECT_NE(f[0].message.find("the .crs, .au and .des files are missing"), std::string::npos) << f[0].message;
}

TEST(Aicc, ALoneAuFileIsNotAnAiccCourse) {
  TempDir dir;
  auto r = ValidateFile(dir, "lecture.au", std::string(".snd\0\0\0\x18", 8) + std::string(64, '\0'));
  EXPECT_NE(r.report.format().kind, "aicc");
  EXPECT_FALSE(r.report.Has("aicc.unsupported"));
  auto crs = ValidateFile(dir, "course.crs", kCrs);
  EXPECT_EQ(crs.report.format().kind, "aicc");
  EXPECT_TRUE(crs.report.Has("aicc.unsupported"));
}

}  // namespace
}  // namespace cpk
