#include "cpk/core/report.hpp"

#include <gtest/gtest.h>

#include "cpk/core/codes.hpp"

namespace cpk {
namespace {

CPK_DIAGNOSTIC_CODE(kTestError, "test.error", kError);
CPK_DIAGNOSTIC_CODE(kTestWarning, "test.warning", kWarning);
CPK_DIAGNOSTIC_CODE(kTestInfo, "test.info", kInfo);

TEST(Report, KeepsIdenticalFindingsOnce) {
  Report r("in.zip");
  for (int i = 0; i < 9; ++i) r.Add(kTestError, "same", {"a.xml", 3, 4});
  r.Add(kTestError, "same", {"a.xml", 3, 5});
  EXPECT_EQ(r.diagnostics().size(), 2u);
  EXPECT_EQ(r.summary().errors, 2u);
}

TEST(Report, SortsErrorsFirstThenByFileAndLine) {
  Report r;
  r.Add(kTestInfo, "i", {"a.xml", 1, 1});
  r.Add(kTestWarning, "w", {"a.xml", 1, 1});
  r.Add(kTestError, "e2", {"b.xml", 2, 1});
  r.Add(kTestError, "e1", {"b.xml", 1, 9});
  r.Add(kTestError, "e0", {"a.xml", 7, 1});
  const auto sorted = r.Sorted();
  ASSERT_EQ(sorted.size(), 5u);
  EXPECT_EQ(sorted[0].message, "e0");
  EXPECT_EQ(sorted[1].message, "e1");
  EXPECT_EQ(sorted[2].message, "e2");
  EXPECT_EQ(sorted[3].message, "w");
  EXPECT_EQ(sorted[4].message, "i");
}

TEST(Report, CapsTheNumberKeptButCountsEverything) {
  Report r("x", 100);
  for (int i = 0; i < 5000; ++i) r.Add(kTestError, "finding " + std::to_string(i), {"f", static_cast<uint32_t>(i), 0});
  EXPECT_EQ(r.diagnostics().size(), 100u);
  EXPECT_TRUE(r.Has(codes::kReportTruncated.id));
  EXPECT_EQ(r.summary().errors, 5000u);  // 99 kept + 4901 dropped
  EXPECT_EQ(r.dropped(), 4901u);
  EXPECT_TRUE(r.HasErrors());
}

TEST(Report, JsonHasTheDocumentedShape) {
  Report r("course.zip");
  r.set_format({"scorm12", "1.2"});
  r.Add(kTestWarning, "m \"quoted\"", {"imsmanifest.xml", 12, 5}, "h");
  const std::string json = ReportToJson(r, -1);
  EXPECT_NE(json.find(R"("input":"course.zip")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("format":{"kind":"scorm12","edition":"1.2"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("code":"test.warning","severity":"warning","message":"m \"quoted\"")"), std::string::npos);
  EXPECT_NE(json.find(R"("location":{"file":"imsmanifest.xml","line":12,"column":5},"hint":"h")"), std::string::npos);
  EXPECT_NE(json.find(R"("summary":{"errors":0,"warnings":1,"infos":0})"), std::string::npos) << json;
}

TEST(Report, JsonSurvivesInvalidUtf8) {
  Report r("bad\xff.zip");
  r.Add(kTestError, "name \xc3", {});
  EXPECT_NO_THROW((void)ReportToJson(r));
}

}  // namespace
}  // namespace cpk
