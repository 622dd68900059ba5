// The cmi5 reader: the CourseModel it fills and every rule, with the line and column of each
// finding.
#include <gtest/gtest.h>

#include "cpk/io/uri.hpp"
#include "format_test_support.hpp"

namespace cpk {
namespace {

using test::Findings;
using test::TempDir;
using test::ValidateFile;
using test::ValidateZip;
using test::Where;

/// A course structure: the fixed head below (lines 1-6), then `body` from line 7.
std::string Cs(const std::string& body, const std::string& course_id = "https://example.org/course") {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n"
         "  <course id=\"" +
         course_id +
         "\">\n"
         "    <title><langstring lang=\"en\">Fire safety</langstring></title>\n"
         "    <description><langstring lang=\"en\">Basics</langstring></description>\n"
         "  </course>\n" +
         body + "</courseStructure>\n";
}

/// An AU on four lines (the <au> line, title, description, url), then </au>.
std::string Au(const std::string& id, const std::string& url, const std::string& attributes = {}) {
  return "  <au id=\"" + id + "\"" + attributes +
         ">\n"
         "    <title><langstring lang=\"en\">Lesson</langstring></title>\n"
         "    <description><langstring lang=\"en\">About</langstring></description>\n"
         "    <url>" +
         url +
         "</url>\n"
         "  </au>\n";
}

ValidationResult Zip(const TempDir& dir, const std::string& cmi5,
                     std::vector<test::ZipEntrySpec> more = {{.name = "index.html", .data = "<html/>"}}) {
  more.push_back({.name = "cmi5.xml", .data = cmi5});
  return ValidateZip(dir, more);
}

ValidationResult Standalone(const TempDir& dir, const std::string& xml) { return ValidateFile(dir, "course.xml", xml); }

TEST(Cmi5, ValidPackageFillsTheModel) {
  TempDir dir;
  const std::string xml =
      Cs("  <objectives>\n"
         "    <objective id=\"https://example.org/objective/1\">\n"
         "      <title><langstring lang=\"en\">Objective</langstring></title>\n"
         "      <description><langstring>Untagged</langstring></description>\n"
         "    </objective>\n"
         "  </objectives>\n"
         "  <block id=\"https://example.org/block/1\">\n"
         "    <title><langstring lang=\"en\">Block</langstring><langstring lang=\"hi-in\">खंड</langstring></title>\n"
         "    <description><langstring lang=\"en\">About</langstring></description>\n"
         "    <objectives><objective idref=\"https://example.org/objective/1\"/></objectives>\n"
         "    <au id=\"https://example.org/au/1\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\" "
         "launchMethod=\"OwnWindow\" activityType=\"http://adlnet.gov/expapi/activities/lesson\">\n"
         "      <title><langstring lang=\"en\">Lesson 1</langstring></title>\n"
         "      <description><langstring lang=\"en\">First</langstring></description>\n"
         "      <url><![CDATA[\n        lesson%201/index.html?a=1&b=2#top\n      ]]></url>\n"
         "      <launchParameters> {\"mode\":1} </launchParameters>\n"
         "      <entitlementKey>key</entitlementKey>\n"
         "    </au>\n"
         "  </block>\n" +
         Au("https://example.org/au/2", "https://cdn.example.org/au2/start.html?lang=en"));
  auto r = Zip(dir, xml, {{.name = "lesson 1/index.html", .data = "<html/>"}});
  // The only finding is the space in the folder name (a content check), not a cmi5 problem.
  EXPECT_TRUE(Where(r.report).empty()) << test::Dump(r.report);
  EXPECT_TRUE(r.report.Has("content.filename-unsafe"));
  EXPECT_EQ(r.report.format().kind, "cmi5");
  const CourseModel& m = r.model;
  EXPECT_EQ(m.source.kind, "cmi5");
  EXPECT_EQ(m.id, "https://example.org/course");
  EXPECT_EQ(m.title.at("en"), "Fire safety");
  EXPECT_EQ(m.description.at("en"), "Basics");
  ASSERT_EQ(m.languages.size(), 2u);
  EXPECT_EQ(m.languages[0], "en");
  EXPECT_EQ(m.languages[1], "hi-IN");
  ASSERT_EQ(m.organizations.size(), 1u);
  EXPECT_EQ(m.default_organization, "https://example.org/course");
  const auto& items = m.organizations[0].items;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, "https://example.org/block/1");
  EXPECT_EQ(items[0].title.at("hi-IN"), "खंड");
  EXPECT_TRUE(items[0].resource.empty());
  ASSERT_EQ(items[0].children.size(), 1u);
  const Item& au = items[0].children[0];
  EXPECT_EQ(au.id, "https://example.org/au/1");
  EXPECT_EQ(au.resource, "https://example.org/au/1");
  ASSERT_TRUE(au.mastery_score);
  EXPECT_DOUBLE_EQ(*au.mastery_score, 0.8);
  EXPECT_EQ(au.launch_parameters, "{\"mode\":1}");
  EXPECT_EQ(au.move_on, "CompletedAndPassed");
  EXPECT_EQ(au.launch_method, "OwnWindow");
  EXPECT_EQ(au.activity_type, "http://adlnet.gov/expapi/activities/lesson");
  EXPECT_EQ(au.entitlement_key, "key");
  ASSERT_EQ(m.resources.size(), 2u);
  EXPECT_EQ(m.resources[0].type, "au");
  EXPECT_EQ(m.resources[0].tracking, "cmi5");
  EXPECT_EQ(m.resources[0].launch, "lesson 1/index.html");
  EXPECT_EQ(m.resources[0].parameters, "?a=1&b=2#top");
  EXPECT_EQ(m.resources[1].launch, "https://cdn.example.org/au2/start.html");
  EXPECT_EQ(m.resources[1].parameters, "?lang=en");
}

TEST(Cmi5, StandaloneWithAbsoluteUrlsIsValid) {
  TempDir dir;
  auto r = Standalone(dir, Cs(Au("urn:uuid:6f3a7c1e-0d1b-4c0e-9d55-9f0c1c3f0a11", "https://example.org/au/1.html")));
  EXPECT_TRUE(r.report.diagnostics().empty()) << test::Dump(r.report);
  EXPECT_EQ(r.report.format().kind, "cmi5");
  ASSERT_EQ(r.model.resources.size(), 1u);
}

TEST(Cmi5, WrongRootStopsReading) {
  TempDir dir;
  auto r = Zip(dir, "<?xml version=\"1.0\"?>\n<manifest identifier=\"x\"/>\n");
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"cmi5.schema@2:1"}) << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[0].message.find("<manifest>"), std::string::npos);
  EXPECT_FALSE(r.report.diagnostics()[0].hint.empty());
}

TEST(Cmi5, MissingNamespaceIsReportedOnceAndReadingGoesOn) {
  TempDir dir;
  std::string xml = Cs(Au("https://example.org/au/1", "index.html"));
  xml.replace(xml.find(" xmlns="), xml.find('>', xml.find("<courseStructure")) - xml.find(" xmlns="), "");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"cmi5.schema@2:1"}) << test::Dump(r.report);
  EXPECT_EQ(r.model.resources.size(), 1u);
}

TEST(Cmi5, UnqualifiedChildrenOfANamespacedRoot) {
  TempDir dir;
  const std::string xml =
      "<cmi5:courseStructure xmlns:cmi5=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n"
      "  <course id=\"https://example.org/c\"/>\n"
      "</cmi5:courseStructure>\n";
  auto r = Zip(dir, xml);
  // One finding for the first unqualified element, and the missing cmi5 children.
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@2:3", "cmi5.schema@1:1", "cmi5.schema@1:1"}))
      << test::Dump(r.report);
}

TEST(Cmi5, MissingRequiredElementsAndAttributes) {
  TempDir dir;
  const std::string xml =
      Cs("  <au>\n"                                                     // 7: no id
         "    <title><langstring lang=\"en\">A</langstring></title>\n"  // 8
         "    <description></description>\n"                            // 9: no langstring
         "  </au>\n",                                                   // 10: no url
         "https://example.org/course");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@7:3", "cmi5.schema@7:3", "cmi5.schema@9:5"}))
      << test::Dump(r.report);
  const auto findings = Findings(r.report, "cmi5.schema");
  EXPECT_NE(findings[0].message.find("<au> has no <url>"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[0].message.find("13.2.0.0-1"), std::string::npos);
  EXPECT_NE(findings[0].hint.find("<url>index.html</url>"), std::string::npos);
  EXPECT_NE(findings[1].message.find("has no id attribute"), std::string::npos) << findings[1].message;
  EXPECT_NE(findings[2].message.find("<description> has no <langstring>"), std::string::npos) << findings[2].message;
}

TEST(Cmi5, CourseWithoutAusOrId) {
  TempDir dir;
  const std::string xml =
      "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n"
      "  <course>\n"
      "    <title><langstring>T</langstring></title>\n"
      "  </course>\n"
      "</courseStructure>\n";
  auto r = Standalone(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@1:1", "cmi5.schema@2:3", "cmi5.schema@2:3"}))
      << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[0].message.find("no <au> or <block>"), std::string::npos);
}

TEST(Cmi5, UnknownElementsOrderAndExtensions) {
  TempDir dir;
  const std::string xml =
      Cs("  <au id=\"https://example.org/au/1\">\n"                                 // 7
         "    <url>index.html</url>\n"                                              // 8: out of order
         "    <title><langstring lang=\"en\">A</langstring></title>\n"              // 9
         "    <description><langstring lang=\"en\">B</langstring></description>\n"  // 10
         "    <Launchparameters>x</Launchparameters>\n"                             // 11: unknown
         "    <x:note xmlns:x=\"urn:example:ext\">fine at the end</x:note>\n"       // 12
         "  </au>\n"
         "  <block id=\"https://example.org/block/1\">\n"               // 14
         "    <x:meta xmlns:x=\"urn:example:ext\"/>\n"                  // 15: extension too early
         "    <title><langstring lang=\"en\">A</langstring></title>\n"  // 16
         "    <description><langstring lang=\"en\">B</langstring></description>\n" +
         Au("https://example.org/au/2", "index.html") +  // 18-22
         "  </block>\n");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@8:5", "cmi5.schema@11:5", "cmi5.schema@15:5"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.schema");
  EXPECT_NE(f[0].message.find("<url> is out of order in <au>: it must come after <title>"), std::string::npos);
  EXPECT_NE(f[1].message.find("unknown element <Launchparameters>"), std::string::npos);
  EXPECT_NE(f[1].message.find("did you mean <launchParameters>"), std::string::npos);
  EXPECT_NE(f[2].message.find("extension element <x:meta> comes before the cmi5 element <title>"), std::string::npos);
}

TEST(Cmi5, DuplicateChildAndUnknownAttribute) {
  TempDir dir;
  const std::string xml =
      Cs("  <au id=\"https://example.org/au/1\" MoveOn=\"Passed\">\n"      // 7
         "    <title><langstring lang=\"en\">A</langstring></title>\n"     // 8
         "    <title><langstring lang=\"en_US\">A</langstring></title>\n"  // 9: twice, bad lang
         "    <description><langstring lang=\"en\">B</langstring></description>\n"
         "    <url>index.html</url>\n"
         "  </au>\n");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@7:3", "cmi5.schema@9:5"})) << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[0].message.find("did you mean 'moveOn'"), std::string::npos);
}

TEST(Cmi5, BadLanguageTagAndLaunchMethod) {
  TempDir dir;
  const std::string xml =
      Cs("  <au id=\"https://example.org/au/1\" launchMethod=\"NewWindow\">\n"  // 7
         "    <title><langstring lang=\"en_US\">A</langstring></title>\n"       // 8
         "    <description><langstring lang=\"en\">B</langstring></description>\n"
         "    <url>index.html</url>\n"
         "  </au>\n");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.schema@8:12", "cmi5.schema@7:3"})) << test::Dump(r.report);
}

TEST(Cmi5, IdsMustBeFullyQualifiedIris) {
  TempDir dir;
  const std::string xml =
      Cs("  <objectives>\n"                                               // 7
         "    <objective id=\"objective-1\">\n"                           // 8
         "      <description><langstring>d</langstring></description>\n"  // any order
         "      <title><langstring>t</langstring></title>\n"
         "    </objective>\n"
         "  </objectives>\n"
         "  <block id=\"https:\">\n"  // 13
         "    <title><langstring lang=\"en\">A</langstring></title>\n"
         "    <description><langstring lang=\"en\">B</langstring></description>\n" +
             Au("https://example.org/au 1", "index.html") +  // 16
             "  </block>\n",
         "example.org/course");  // 3
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.id.not-iri@3:3", "cmi5.id.not-iri@8:5",
                                                       "cmi5.id.not-iri@13:3", "cmi5.id.not-iri@16:3"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.id.not-iri");
  EXPECT_NE(f[0].message.find("3.0.0.0-1"), std::string::npos);
  EXPECT_NE(f[0].hint.find("'https://example.org/course'"), std::string::npos) << f[0].hint;
  EXPECT_NE(f[2].message.find("nothing after its scheme"), std::string::npos);
  EXPECT_NE(f[3].message.find("contains a space"), std::string::npos);
}

TEST(Cmi5, DuplicateIds) {
  TempDir dir;
  const std::string xml =
      Cs("  <objectives>\n"  // 7
         "    <objective id=\"https://example.org/o\"><title><langstring>t</langstring></title>"
         "<description><langstring>d</langstring></description></objective>\n"  // 8
         "    <objective id=\"https://example.org/o\"><title><langstring>t</langstring></title>"
         "<description><langstring>d</langstring></description></objective>\n"  // 9
         "  </objectives>\n" +
         Au("https://example.org/au", "index.html") +  // 11
         Au("https://example.org/au", "index.html") +  // 16
         "  <block id=\"https://example.org/b\">\n"    // 21
         "    <title><langstring>t</langstring></title><description><langstring>d</langstring></description>\n" +
         Au("https://example.org/au/3", "index.html") +  // 23
         "  </block>\n"
         "  <block id=\"https://example.org/b\">\n"  // 29
         "    <title><langstring>t</langstring></title><description><langstring>d</langstring></description>\n" +
         Au("https://example.org/au/4", "index.html") + "  </block>\n");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report),
            (std::vector<std::string>{"cmi5.id.duplicate@9:5", "cmi5.id.duplicate@16:3", "cmi5.id.duplicate@29:3"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.id.duplicate");
  EXPECT_NE(f[0].message.find("13.1.3.0-1"), std::string::npos);
  EXPECT_NE(f[0].message.find("at line 8"), std::string::npos);
  EXPECT_NE(f[1].message.find("13.1.4.0-1"), std::string::npos);
  EXPECT_NE(f[2].message.find("13.1.2.0-1"), std::string::npos);
}

TEST(Cmi5, ObjectiveReferencesMustResolve) {
  TempDir dir;
  const std::string xml =
      Cs("  <objectives>\n"
         "    <objective id=\"https://example.org/o\"><title><langstring>t</langstring></title>"
         "<description><langstring>d</langstring></description></objective>\n"  // 8
         "  </objectives>\n"
         "  <au id=\"https://example.org/au\">\n"  // 10
         "    <title><langstring>t</langstring></title><description><langstring>d</langstring></description>\n"
         "    <objectives>\n"
         "      <objective idref=\"https://example.org/o\"/>\n"  // 13
         "      <objective idref=\"example.org/o\"/>\n"          // 14
         "      <objective/>\n"                                  // 15
         "    </objectives>\n"
         "    <url>index.html</url>\n"
         "  </au>\n");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report),
            (std::vector<std::string>{"cmi5.objective.unresolved@14:7", "cmi5.objective.unresolved@15:7"}))
      << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[0].hint.find("did you mean 'https://example.org/o'"), std::string::npos);
}

TEST(Cmi5, InvalidUrls) {
  TempDir dir;
  const std::string xml = Cs(Au("https://example.org/au/1", "http://example.com index.html") +      // 7, url 10
                             Au("https://example.org/au/2", "https:///index.html") +                // url 15
                             Au("https://example.org/au/3", "index%2.html") +                       // url 20
                             Au("https://example.org/au/4", "index.html?x=1&amp;registration=r") +  // url 25
                             Au("https://example.org/au/5", "folder\\index.html") +                 // url 30
                             Au("https://example.org/au/6", "//cdn.example.org/x.html") +           // url 35
                             Au("https://example.org/au/7", "https://example.org:80a/x"));          // url 40
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.au.url-invalid@10:5", "cmi5.au.url-invalid@15:5",
                                                       "cmi5.au.url-invalid@20:5", "cmi5.au.url-invalid@25:5",
                                                       "cmi5.au.url-invalid@30:5", "cmi5.au.launch-missing@30:5",
                                                       "cmi5.au.url-invalid@35:5", "cmi5.au.url-invalid@40:5"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.au.url-invalid");
  EXPECT_NE(f[0].message.find("13.1.4.0-2"), std::string::npos);
  EXPECT_NE(f[3].message.find("'registration'"), std::string::npos);
  EXPECT_NE(f[3].message.find("8.1.0.0-6"), std::string::npos);
}

TEST(Cmi5, EveryReservedLaunchParameterIsRefused) {
  TempDir dir;
  std::string body;
  const char* names[] = {"endpoint", "fetch", "actor", "registration", "activityId"};
  for (int i = 0; i < 5; ++i) {
    body += Au("https://example.org/au/" + std::to_string(i), std::string("index.html?") + names[i] + "=x");
  }
  body += Au("https://example.org/au/ok", "index.html?Endpoint=x&amp;activity_id=y&amp;fetchx=1");
  auto r = Zip(dir, Cs(body));
  EXPECT_EQ(Findings(r.report, "cmi5.au.url-invalid").size(), 5u) << test::Dump(r.report);
  EXPECT_EQ(r.report.diagnostics().size(), 5u) << test::Dump(r.report);
}

TEST(Cmi5, RelativeUrlInAStandaloneCourseStructure) {
  TempDir dir;
  auto r = Standalone(dir, Cs(Au("https://example.org/au/1", "index.html") +
                              Au("https://example.org/au/2", "https://example.org/au2.html")));
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"cmi5.au.url-relative-no-zip@10:5"}) << test::Dump(r.report);
  EXPECT_NE(r.report.diagnostics()[0].message.find("14.2.0.0-1"), std::string::npos);
  EXPECT_EQ(r.report.diagnostics()[0].location.file, "course.xml");
}

TEST(Cmi5, LaunchFilesMustBeInThePackage) {
  TempDir dir;
  const std::string xml = Cs(Au("https://example.org/au/1", "lesson/Start.html") +           // url 10: case
                             Au("https://example.org/au/2", "missing.html?x=1") +            // url 15
                             Au("https://example.org/au/3", "../index.html") +               // url 20
                             Au("https://example.org/au/4", "/index.html") +                 // url 25
                             Au("https://example.org/au/5", "./lesson/../my%20page.html") +  // found
                             Au("https://example.org/au/6", "?only=query"));                 // url 35
  auto r = Zip(dir, xml, {{.name = "lesson/start.html", .data = "x"}, {.name = "my page.html", .data = "x"}});
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.au.launch-missing@10:5", "cmi5.au.launch-missing@15:5",
                                                       "cmi5.au.launch-missing@20:5", "cmi5.au.launch-missing@25:5",
                                                       "cmi5.au.launch-missing@35:5"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.au.launch-missing");
  EXPECT_NE(f[0].message.find("the package has 'lesson/start.html'"), std::string::npos) << f[0].message;
  EXPECT_NE(f[1].message.find("'missing.html', which is not in the package"), std::string::npos) << f[1].message;
  EXPECT_NE(f[1].message.find("14.1.0.0-4"), std::string::npos);
  ASSERT_EQ(r.model.resources.size(), 6u);
  EXPECT_EQ(r.model.resources[4].launch, "my page.html");
}

TEST(Cmi5, MoveOnAndMasteryScore) {
  TempDir dir;
  const std::string xml = Cs(Au("https://example.org/au/1", "index.html", " moveOn=\"completed\"") +   // 7
                             Au("https://example.org/au/2", "index.html", " masteryScore=\"80\"") +    // 12
                             Au("https://example.org/au/3", "index.html", " masteryScore=\"high\"") +  // 17
                             Au("https://example.org/au/4", "index.html", " masteryScore=\"-0.1\"") +  // 22
                             Au("https://example.org/au/5", "index.html", " moveOn=\"Passed\" masteryScore=\"1.0\"") +
                             Au("https://example.org/au/6", "index.html", " masteryScore=\" .5 \""));
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report), (std::vector<std::string>{"cmi5.moveon.invalid@7:3", "cmi5.moveon.invalid@12:3",
                                                       "cmi5.moveon.invalid@17:3", "cmi5.moveon.invalid@22:3"}))
      << test::Dump(r.report);
  const auto f = Findings(r.report, "cmi5.moveon.invalid");
  EXPECT_NE(f[0].hint.find("moveOn=\"Completed\""), std::string::npos) << f[0].hint;
  EXPECT_NE(f[1].hint.find("masteryScore=\"0.8\""), std::string::npos) << f[1].hint;
  const auto& items = r.model.organizations.at(0).items;
  ASSERT_EQ(items.size(), 6u);
  EXPECT_FALSE(items[1].mastery_score);
  EXPECT_DOUBLE_EQ(items[4].mastery_score.value_or(-1), 1.0);
  EXPECT_DOUBLE_EQ(items[5].mastery_score.value_or(-1), 0.5);
}

TEST(Cmi5, KeepsGoingAfterTheFirstProblem) {
  TempDir dir;
  const std::string xml =
      Cs(Au("au-1", "missing.html", " moveOn=\"Sometimes\"") + Au("au-1", "x.html?actor=a"), "course");
  auto r = Zip(dir, xml);
  EXPECT_EQ(Where(r.report),
            (std::vector<std::string>{"cmi5.id.not-iri@3:3", "cmi5.id.not-iri@7:3", "cmi5.moveon.invalid@7:3",
                                      "cmi5.au.launch-missing@10:5", "cmi5.id.not-iri@12:3", "cmi5.id.duplicate@12:3",
                                      "cmi5.au.url-invalid@15:5", "cmi5.au.launch-missing@15:5"}))
      << test::Dump(r.report);
  for (const Diagnostic& d : r.report.diagnostics()) {
    EXPECT_EQ(d.location.file, "cmi5.xml");
    EXPECT_FALSE(d.hint.empty()) << d.code;
  }
}

TEST(Cmi5, DescriptorNameInTheWrongCase) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "CMI5.XML", .data = Cs(Au("https://example.org/au/1", "index.html"))},
                             {.name = "index.html", .data = "x"}});
  EXPECT_EQ(r.report.format().kind, "cmi5");
  EXPECT_EQ(Where(r.report), std::vector<std::string>{"cmi5.schema@0:0"}) << test::Dump(r.report);
  EXPECT_EQ(r.report.diagnostics()[0].location.file, "CMI5.XML");
  EXPECT_EQ(r.model.resources.size(), 1u);
}

TEST(Cmi5, MalformedXmlIsReportedWithItsLine) {
  TempDir dir;
  auto r = Zip(dir, "<courseStructure>\n  <course>\n</courseStructure>\n");
  EXPECT_EQ(r.report.format().kind, "cmi5");
  ASSERT_TRUE(r.report.Has("xml.malformed"));
  EXPECT_FALSE(r.report.Has("cmi5.schema"));
}

TEST(Cmi5Uri, IriProblems) {
  using ::cpk::io::IriProblem;
  EXPECT_EQ(IriProblem("https://example.org/a"), "");
  EXPECT_EQ(IriProblem("urn:uuid:1234"), "");
  EXPECT_EQ(IriProblem("tag:example.org,2024:course"), "");
  EXPECT_EQ(IriProblem("https://example.org/क"), "");  // IRIs allow non-ASCII
  EXPECT_NE(IriProblem("example.org/a"), "");
  EXPECT_NE(IriProblem("1http://x"), "");
  EXPECT_NE(IriProblem(""), "");
  EXPECT_NE(IriProblem("http:"), "");
  EXPECT_NE(IriProblem("http://x/a b"), "");
  EXPECT_NE(IriProblem("http://x/a%zz"), "");
  EXPECT_NE(IriProblem("http://x/<a>"), "");
}

TEST(Cmi5Uri, UrlHelpers) {
  using namespace ::cpk::io;
  EXPECT_EQ(UrlSyntaxProblem("index.html?a=1&b=2#x"), "");
  EXPECT_EQ(UrlSyntaxProblem("https://user@example.org:8080/a"), "");
  EXPECT_EQ(UrlSyntaxProblem("https://[::1]:8080/a"), "");
  EXPECT_EQ(UrlSyntaxProblem("mailto:someone@example.org"), "");
  EXPECT_NE(UrlSyntaxProblem("https:example.org"), "");
  EXPECT_NE(UrlSyntaxProblem("http://exa mple.org"), "");
  EXPECT_NE(UrlSyntaxProblem("http://example.org:port/"), "");
  EXPECT_EQ(QueryParameterNames("a.html?x=1&y&%61ctor=2&a+b=3#f=4"),
            (std::vector<std::string>{"x", "y", "actor", "a b"}));
  EXPECT_EQ(NormalisePackagePath("a/./b/../c//d.html").value_or("?"), "a/c/d.html");
  EXPECT_FALSE(NormalisePackagePath("a/../../b"));
  EXPECT_EQ(PercentDecode("a%20b%C3%A9").value_or("?"), "a b\xC3\xA9");
  EXPECT_FALSE(PercentDecode("a%2"));
  const UrlParts parts = SplitUrl("a.html#f?x");
  EXPECT_EQ(parts.path, "a.html");
  EXPECT_EQ(parts.suffix, "#f?x");
}

}  // namespace
}  // namespace cpk
