#include "cpk/engine/job.hpp"

#include <gtest/gtest.h>

#include "zip_builder.hpp"

namespace cpk {
namespace {

TEST(JobSpec, ParsesCommandInputAndLimits) {
  auto spec = ParseJobSpecJson(R"({"command":"inspect","input":"a.zip","limits":{"max_entries":5,"max_xml_depth":9}})");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->command, "inspect");
  EXPECT_EQ(spec->input, "a.zip");
  EXPECT_EQ(spec->limits.max_entries, 5u);
  EXPECT_EQ(spec->limits.max_xml_depth, 9u);
}

TEST(JobSpec, RejectsTyposAndBadValues) {
  EXPECT_FALSE(ParseJobSpecJson("not json"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command":"validate"})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command":"validat","input":"a"})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"input":"a","limit":{}})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"input":"a","limits":{"max_entrys":1}})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"input":"a","limits":{"max_entries":-1}})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"input":"a","limits":{"max_xml_depth":99999999999}})"));
}

TEST(JobSpec, ConvertTakesItsOptions) {
  auto spec = ParseJobSpecJson(
      R"({"command": "convert", "input": "a.zip", "output": "a.cpk", "dir": true, "profile": "low-bandwidth",
          "force": true})");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->convert.output, "a.cpk");
  EXPECT_TRUE(spec->convert.directory);
  EXPECT_TRUE(spec->convert.forced);
  EXPECT_EQ(spec->convert.profile, "low-bandwidth");
  EXPECT_EQ(spec->convert.format, "coursepack");
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "convert", "input": "a.zip"})")) << "no output";
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "convert", "input": "a.zip", "output": "o", "profile": "fast"})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "convert", "input": "a.zip", "output": "o", "format": "scorm"})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "convert", "input": "a.zip", "output": "o", "dir": "yes"})"));
  EXPECT_FALSE(
      ParseJobSpecJson(R"({"command": "convert", "input": "a.zip", "output": "o", "format": "ecar", "dir": true})"));
  EXPECT_TRUE(ParseJobSpecJson(R"({"command": "verify", "input": "a.cpk"})"));
}

// Certificates through the job door (and so through cpk_job_run_json): the sample template
// filled, written atomically, its findings in the report, template errors as usage errors.
TEST(Job, IssuesACertificate) {
  test::TempDir dir;
  const std::string tmpl = std::string(CPK_SOURCE_DIR) + "/samples/certificate/template.json";
  const std::string job = R"({"command": "certificate", "input": ")" + tmpl + R"(", "output": ")" + dir.File("c.pdf") +
                          R"(", "fields": {"name": "ಕನ್ನಡ ಹೆಸರು", "course": "Hkkjr ljdkj dk izf'k{k.k dk;ZØe",
                              "date": "2026-11-25", "institution": "iGOT"}})";
  auto spec = ParseJobSpecJson(job);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->certificate.fields.at("name"), "ಕನ್ನಡ ಹೆಸರು");
  const Engine engine;
  JobResult result = RunJob(engine, *spec);
  EXPECT_EQ(result.exit_code, ExitCode::kOk) << result.error;
  EXPECT_TRUE(result.written);
  EXPECT_EQ(result.boxes.size(), 7u);
  EXPECT_EQ(test::ReadFile(dir.File("c.pdf")).substr(0, 5), "%PDF-");
  const std::string json = JobResultToJson(*spec, result);
  EXPECT_NE(json.find("\"certificate\""), std::string::npos);
  EXPECT_NE(json.find("text.legacy-encoding"), std::string::npos) << "the course field is typed in Kruti Dev";
  EXPECT_NE(json.find("field 'course'"), std::string::npos);

  // A field the template needs is missing: a usage error, nothing written.
  auto missing = ParseJobSpecJson(R"({"command": "certificate", "input": ")" + tmpl + R"(", "output": ")" +
                                  dir.File("m.pdf") + R"(", "fields": {"name": "x"}})");
  ASSERT_TRUE(missing);
  JobResult refused = RunJob(engine, *missing);
  EXPECT_EQ(refused.exit_code, ExitCode::kUsage);
  EXPECT_NE(refused.error.find("course"), std::string::npos) << refused.error;
  EXPECT_FALSE(refused.written);
  // Bad jobs are refused while parsing.
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "certificate", "input": "t.json", "output": "c.gif"})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "certificate", "input": "t.json", "output": "c.pdf", "fields": [1]})"));
  EXPECT_FALSE(ParseJobSpecJson(R"({"command": "certificate", "input": "t.json", "output": "c.png", "scale": 99})"));
  auto unreadable = ParseJobSpecJson(R"({"command": "certificate", "input": "/no/such.json", "output": "c.pdf"})");
  ASSERT_TRUE(unreadable);
  EXPECT_EQ(RunJob(engine, *unreadable).exit_code, ExitCode::kUsage);
}

TEST(Job, LimitsFromTheSpecApply) {
  test::TempDir dir;
  std::vector<test::ZipEntrySpec> entries;
  for (int i = 0; i < 10; ++i) entries.push_back({.name = "f" + std::to_string(i), .data = "x"});
  test::WriteFile(dir.File("a.zip"), test::BuildZip(entries));
  const Engine engine;
  auto spec = ParseJobSpecJson(R"({"input":")" + dir.File("a.zip") + R"(","limits":{"max_entries":5}})");
  ASSERT_TRUE(spec);
  const JobResult result = RunJob(engine, *spec);
  EXPECT_EQ(result.exit_code, ExitCode::kContentErrors);
  EXPECT_TRUE(result.validation.report.Has("zip.too-many-entries"));
  const std::string json = JobResultToJson(*spec, result);
  EXPECT_NE(json.find("\"zip.too-many-entries\""), std::string::npos);
}

}  // namespace
}  // namespace cpk
