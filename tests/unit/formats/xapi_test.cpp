// The xAPI (TinCan) reader: the CourseModel it fills and every rule, with lines and columns.
#include <gtest/gtest.h>

#include "format_test_support.hpp"

namespace cpk {
namespace {

using test::Findings;
using test::TempDir;
using test::ValidateFile;
using test::ValidateZip;
using test::Where;

/// tincan.xml with `activities` from line 4.
std::string Tincan(const std::string& activities) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<tincan xmlns=\"http://projecttincan.com/tincan.xsd\">\n"
         "  <activities>\n" +
         activities +
         "  </activities>\n"
         "</tincan>\n";
}

/// An activity on one line.
std::string Activity(const std::string& id, const std::string& inner) {
  return "    <activity id=\"" + id + "\" type=\"http://adlnet.gov/expapi/activities/course\">" + inner +
         "</activity>\n";
}

const std::string kCourse = "https://example.org/courses/fire-safety";

ValidationResult Zip(const TempDir& dir, const std::string& tincan,
                     std::vector<test::ZipEntrySpec> more = {{.name = "index.html", .data = "<html/>"}}) {
  more.push_back({.name = "tincan.xml", .data = tincan});
  return ValidateZip(dir, more);
}

TEST(Xapi, ValidPackageFillsTheModel) {
  TempDir dir;
  // A UTF-8 BOM and CR LF line ends, as Rustici's own examples have.
  std::string xml = "\xEF\xBB\xBF" + Tincan(Activity(kCourse,
                                                     "<name>Fire safety</name><name lang=\"hi\">अग्नि सुरक्षा</name>"
                                                     "<description lang=\"en-us\">Basics</description>"
                                                     "<launch lang=\"en-us\">start/index.html?mode=1</launch>") +
                                            Activity(kCourse + "/q1", "<name>Question 1</name>"));
  for (size_t p = 0; (p = xml.find('\n', p)) != std::string::npos; p += 2) xml.insert(p, "\r");
  auto r = Zip(dir, xml, {{.name = "start/index.html", .data = "x"}});
  EXPECT_TRUE(r.report.diagnostics().empty()) << test::Dump(r.report);
  EXPECT_EQ(r.report.format().kind, "xapi");
  const CourseModel& m = r.model;
  EXPECT_EQ(m.source.kind, "xapi");
  EXPECT_EQ(m.id, kCourse);
  EXPECT_EQ(m.title.at("und"), "Fire safety");
  EXPECT_EQ(m.title.at("hi"), "अग्नि सुरक्षा");
  EXPECT_EQ(m.description.at("en-US"), "Basics");
  ASSERT_EQ(m.resources.size(), 1u);
  EXPECT_EQ(m.resources[0].id, kCourse);
  EXPECT_EQ(m.resources[0].type, "html");
  EXPECT_EQ(m.resources[0].tracking, "xapi");
  EXPECT_EQ(m.resources[0].launch, "start/index.html");
  EXPECT_EQ(m.resources[0].parameters, "?mode=1");
  EXPECT_EQ(m.resources[0].languages, std::vector<std::string>{"en-US"});
  ASSERT_EQ(m.organizations.size(), 1u);
  ASSERT_EQ(m.organizations[0].items.size(), 1u);
  EXPECT_EQ(m.organizations[0].items[0].resource, kCourse);
  EXPECT_EQ(m.default_organization, kCourse);
}

TEST(Xapi, AbsoluteLaunchAndStandaloneFile) {
  TempDir dir;
  auto ok = ValidateFile(dir, "tincan.xml", Tincan(Activity(kCourse, "<launch>https://cdn.example.org/c/</launch>")));
  EXPECT_TRUE(ok.report.diagnostics().empty()) << test::Dump(ok.report);
  EXPECT_EQ(ok.report.format().kind, "xapi");
  EXPECT_EQ(ok.model.resources.at(0).launch, "https://cdn.example.org/c/");
  auto bad = ValidateFile(dir, "tincan2.xml", Tincan(Activity(kCourse, "\n      <launch>index.html</launch>")));
  EXPECT_EQ(Where(bad.report), std::vector<std::string>{"xapi.tincan.launch-missing@5:7"}) << test::Dump(bad.report);
}

TEST(Xapi, NoLaunchableActivity) {
  TempDir dir;
  auto r = Zip(dir, Tincan(Activity(kCourse, "<name>x</name>")));
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"xapi.tincan.launch-missing@3:3"}) << test::Dump(r.report);
  auto res = Zip(dir, Tincan(Activity(kCourse, "<resource>guide.pdf</resource>")));
  EXPECT_EQ(Where(res.report), std::vector<std::string>{"xapi.tincan.launch-missing@4:5"}) << test::Dump(res.report);
  EXPECT_NE(res.report.diagnostics()[0].message.find("only a <resource>"), std::string::npos);
}

TEST(Xapi, LaunchFileMissingOrInTheWrongCase) {
  TempDir dir;
  auto r = Zip(dir, Tincan(Activity(kCourse,
                                    "\n      <launch lang=\"en\">Index.html</launch>\n"
                                    "      <launch lang=\"hi\">hi/index.html</launch>\n"
                                    "      <launch lang=\"ta\">  </launch>\n    ")));
  EXPECT_EQ(Where(r.report),
            (std::vector<std::string>{"xapi.tincan.launch-missing@5:7", "xapi.tincan.launch-missing@6:7",
                                      "xapi.tincan.launch-missing@7:7"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "xapi.tincan.launch-missing");
  EXPECT_NE(f[0].message.find("but the package has 'index.html'"), std::string::npos) << f[0].message;
  EXPECT_NE(f[1].message.find("'hi/index.html'"), std::string::npos) << f[1].message;
  EXPECT_NE(f[2].message.find("is empty"), std::string::npos) << f[2].message;
}

TEST(Xapi, ActivityIdsMustBeIris) {
  TempDir dir;
  auto r = Zip(dir, Tincan(Activity("golf-example", "<launch>index.html</launch>") + Activity("http://x/a b", "") +
                           Activity("urn:example:ok", "")));
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"xapi.activity-id.not-iri@4:5", "xapi.activity-id.not-iri@5:5"}))
      << test::Dump(r.report);
  EXPECT_EQ(r.model.resources.at(0).id, "golf-example");
}

TEST(Xapi, StructureRules) {
  TempDir dir;
  auto r = Zip(dir, Tincan(Activity(kCourse, "<launch>index.html</launch>") +          // 4
                           Activity(kCourse, "") +                                     // 5: same id
                           "    <activity><name>no id</name></activity>\n" +           // 6
                           Activity(kCourse + "/2", "<launch>index.html</launch>")));  // 7: second launch
  EXPECT_EQ(Where(r.report),
            (std::vector<std::string>{"xapi.tincan.schema@5:5", "xapi.tincan.schema@6:5", "xapi.tincan.schema@7:5"}))
      << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[2].message.find("at line 4 already does"), std::string::npos);
}

TEST(Xapi, RootNamespaceAndActivities) {
  TempDir dir;
  auto root = Zip(dir, "<?xml version=\"1.0\"?>\n<courseStructure/>\n");
  EXPECT_EQ(Where(root.report), std::vector<std::string>{"xapi.tincan.schema@2:1"}) << test::Dump(root.report);
  auto ns = Zip(dir, "<tincan xmlns=\"http://example.org/other\">\n  <activities>" +
                         Activity(kCourse, "<launch>index.html</launch>") + "</activities>\n</tincan>\n");
  EXPECT_EQ(Where(ns.report), std::vector<std::string>{"xapi.tincan.schema@1:1"}) << test::Dump(ns.report);
  auto bare =
      Zip(dir, "<tincan><activities>" + Activity(kCourse, "<launch>index.html</launch>") + "</activities></tincan>");
  EXPECT_TRUE(bare.report.diagnostics().empty()) << test::Dump(bare.report);
  auto none = Zip(dir, "<tincan xmlns=\"http://projecttincan.com/tincan.xsd\"/>");
  EXPECT_EQ(Where(none.report), std::vector<std::string>{"xapi.tincan.schema@1:1"}) << test::Dump(none.report);
  auto empty = Zip(dir, Tincan(""));
  EXPECT_EQ(Where(empty.report), std::vector<std::string>{"xapi.tincan.schema@3:3"}) << test::Dump(empty.report);
}

TEST(Xapi, DescriptorNameInTheWrongCase) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "TinCan.xml", .data = Tincan(Activity(kCourse, "<launch>index.html</launch>"))},
                             {.name = "index.html", .data = "x"}});
  EXPECT_EQ(r.report.format().kind, "xapi");
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"xapi.tincan.schema@0:0"}) << test::Dump(r.report);
}

}  // namespace
}  // namespace cpk
