// One test per SCORM rule, on manifests written here; each checks the code and the line.
#include <gtest/gtest.h>

#include <filesystem>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

constexpr const char* kHead12 =
    "<?xml version=\"1.0\"?>\n"                                                              // 1
    "<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"  // 2
    "  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n"                          // 3
    "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>\n";   // 4

constexpr const char* kHead2004 =
    "<?xml version=\"1.0\"?>\n"
    "<manifest identifier=\"m\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n"
    "  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">\n"
    "<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>\n";

/// A package folder with `manifest` and the given files (each holding "x").
ValidationResult Check(const std::string& manifest, const std::vector<std::string>& files = {"index.html"}) {
  static const Engine engine;
  test::TempDir dir;
  for (const std::string& f : files) {
    std::filesystem::create_directories(std::filesystem::path(dir.File(f)).parent_path());
    test::WriteFile(dir.File(f), "x");
  }
  test::WriteFile(dir.File("imsmanifest.xml"), manifest);
  auto r = engine.Validate(dir.path());
  EXPECT_TRUE(r);
  return std::move(*r);
}

/// The line of the first finding with `code`, or 0 when there is none.
uint32_t LineOf(const ValidationResult& r, std::string_view code) {
  for (const Diagnostic& d : r.report.diagnostics()) {
    if (d.code == code) return d.location.line == 0 ? 1000000 : d.location.line;
  }
  return 0;
}

std::string Org(const std::string& items) {
  return "<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n" + items +
         "</organization></organizations>\n";
}

const std::string kRes =
    "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html\">"
    "<file href=\"index.html\"/></resource></resources>\n</manifest>\n";

TEST(ScormRules, ValidPackageHasNoFindings) {
  auto r = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  EXPECT_TRUE(r.report.diagnostics().empty()) << ReportToJson(r.report);
  EXPECT_EQ(r.report.format().kind, "scorm12");
  ASSERT_EQ(r.model.resources.size(), 1u);
  EXPECT_EQ(r.model.resources[0].launch, "index.html");
  EXPECT_EQ(r.model.resources[0].tracking, "scorm12");
}

TEST(ScormRules, ItemResourceMissing) {
  auto r = Check(kHead12 +
                 Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n"
                     "<item identifier=\"j\" identifierref=\"nope\"><title>J</title></item>\n") +
                 kRes);
  EXPECT_EQ(LineOf(r, "scorm.item.resource-missing"), 7u);
}

TEST(ScormRules, LeafWithoutResource) {
  auto r = Check(kHead12 +
                 Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n"
                     "<item identifier=\"j\"><title>J</title></item>\n") +
                 kRes);
  EXPECT_EQ(LineOf(r, "scorm.item.leaf-without-resource"), 7u);
}

TEST(ScormRules, DuplicateIdentifier) {
  auto r = Check(kHead12 + Org("<item identifier=\"r\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  EXPECT_GT(LineOf(r, "scorm.identifier.duplicate"), 0u);
}

TEST(ScormRules, OrganizationDefaultAndTitle) {
  auto r = Check(std::string(kHead12) +
                 "<organizations default=\"zzz\">\n<organization identifier=\"o\">\n"
                 "<item identifier=\"i\" identifierref=\"r\"><title>I</title></item></organization></organizations>\n" +
                 kRes);
  EXPECT_EQ(LineOf(r, "scorm.organization.default-missing"), 5u);
  EXPECT_EQ(LineOf(r, "scorm.organization.title-missing"), 6u);
  EXPECT_EQ(r.model.default_organization, "o");
}

TEST(ScormRules, NoOrganization) {
  auto r = Check(std::string(kHead12) + "<organizations/>\n" + kRes);
  EXPECT_EQ(LineOf(r, "scorm.organization.none"), 5u);
  EXPECT_FALSE(r.report.Has("scorm.launch.none"));  // the SCO is still launchable
}

TEST(ScormRules, LaunchFileMissingAndCaseMismatch) {
  auto missing = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes,
                       {"other.html"});
  EXPECT_EQ(LineOf(missing, "scorm.resource.href-missing"), 8u);
  auto cased = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes,
                     {"Index.HTML"});
  EXPECT_EQ(LineOf(cased, "scorm.resource.href-case-mismatch"), 8u);
  EXPECT_FALSE(cased.report.Has("scorm.resource.href-missing"));
  bool names_real = false;
  for (const auto& d : cased.report.diagnostics()) names_real |= d.message.find("'Index.HTML'") != std::string::npos;
  EXPECT_TRUE(names_real);
  EXPECT_EQ(cased.model.resources[0].launch, "Index.HTML");
}

TEST(ScormRules, HrefEncodingAndSpaces) {
  const std::string res =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"my page.html\"/>"
      "</resources>\n</manifest>\n";
  auto raw = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + res,
                   {"my page.html"});
  EXPECT_TRUE(raw.report.Has("scorm.resource.href-encoding"));
  EXPECT_FALSE(raw.report.Has("scorm.resource.href-missing"));
  std::string encoded = res;
  encoded.replace(encoded.find("my page"), 7, "my%20page");
  auto ok = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + encoded,
                  {"my page.html"});
  EXPECT_FALSE(ok.report.Has("scorm.resource.href-encoding"));
  EXPECT_FALSE(ok.report.HasErrors());
}

TEST(ScormRules, HrefOutsideThePackage) {
  const std::string res =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"../x.html\"/>"
      "</resources>\n</manifest>\n";
  auto r = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + res);
  EXPECT_EQ(LineOf(r, "scorm.resource.href-outside"), 8u);
}

TEST(ScormRules, ScormTypeMissingAndFilesAndDependencies) {
  const std::string res =
      "<resources>\n<resource identifier=\"r\" type=\"webcontent\" href=\"index.html\">\n"
      "<file href=\"gone.js\"/>\n<dependency identifierref=\"shared\"/>\n</resource></resources>\n</manifest>\n";
  auto r = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + res,
                 {"index.html", "extra.css"});
  EXPECT_EQ(LineOf(r, "scorm.resource.scormtype-missing"), 9u);
  EXPECT_EQ(LineOf(r, "scorm.file.missing"), 10u);
  EXPECT_EQ(LineOf(r, "scorm.dependency.missing"), 11u);
  ASSERT_TRUE(r.report.Has("scorm.file.unlisted"));
  for (const auto& d : r.report.diagnostics()) {
    if (d.code == "scorm.file.unlisted") {
      EXPECT_NE(d.message.find("extra.css"), std::string::npos);
    }
  }
}

TEST(ScormRules, LaunchNone) {
  const std::string res =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"asset\"/></resources>\n"
      "</manifest>\n";
  auto r = Check(kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + res);
  EXPECT_TRUE(r.report.Has("scorm.launch.none"));
  EXPECT_TRUE(r.report.Has("scorm.resource.href-missing"));
}

TEST(ScormRules, MasteryScoreAndPrerequisites) {
  auto r = Check(kHead12 +
                 Org("<item identifier=\"a\" identifierref=\"r\"><title>A</title>\n"
                     "<adlcp:masteryscore>80</adlcp:masteryscore></item>\n"
                     "<item identifier=\"b\" identifierref=\"r\"><title>B</title>\n"
                     "<adlcp:masteryscore>180</adlcp:masteryscore>\n"
                     "<adlcp:prerequisites type=\"aicc_script\">a AND c</adlcp:prerequisites></item>\n"
                     "<item identifier=\"c\" identifierref=\"r\"><title>C</title>\n"
                     "<adlcp:prerequisites type=\"aicc_script\">(a &amp; b) | ~c</adlcp:prerequisites></item>\n") +
                 kRes);
  EXPECT_EQ(LineOf(r, "scorm.item.masteryscore-invalid"), 9u);
  EXPECT_EQ(LineOf(r, "scorm.item.prerequisites-invalid"), 10u);
  size_t prereq = 0;
  for (const auto& d : r.report.diagnostics()) prereq += d.code == "scorm.item.prerequisites-invalid";
  EXPECT_EQ(prereq, 1u);  // the valid "(a & b) | ~c" is accepted
  ASSERT_TRUE(r.model.organizations[0].items[0].mastery_score);
  EXPECT_DOUBLE_EQ(*r.model.organizations[0].items[0].mastery_score, 0.8);
}

TEST(ScormRules, VersionInferredAndUnknown) {
  std::string no_version = kHead2004;
  no_version.erase(no_version.find("<metadata>"), no_version.find("</metadata>") + 12 - no_version.find("<metadata>"));
  const std::string res2004 =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"index.html\"/>"
      "</resources>\n</manifest>\n";
  auto inferred =
      Check(no_version + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + res2004);
  EXPECT_TRUE(inferred.report.Has("scorm.version-inferred"));
  EXPECT_EQ(inferred.report.format().kind, "scorm2004");
  auto unknown = Check("<manifest identifier=\"m\">\n" +
                       Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") +
                       "<resources><resource identifier=\"r\" type=\"webcontent\" scormtype=\"sco\" "
                       "href=\"index.html\"/></resources>\n</manifest>\n");
  EXPECT_TRUE(unknown.report.Has("scorm.version-unknown"));
}

TEST(ScormRules, SchemaRequiredParts) {
  auto r = Check(std::string(kHead12) +
                 "<organizations default=\"o\"><organization><title>T</title>\n"
                 "<item identifier=\"i\" identifierref=\"r\"/></organization></organizations>\n" +
                 kRes);
  EXPECT_EQ(LineOf(r, "scorm.schema"), 5u);  // organization without identifier
  bool item_title = false;
  for (const auto& d : r.report.diagnostics()) item_title |= d.message.find("has no <title>") != std::string::npos;
  EXPECT_TRUE(item_title);
  auto root = Check("<?xml version=\"1.0\"?>\n<manifesto/>\n");
  EXPECT_TRUE(root.report.Has("scorm.schema"));
}

TEST(ScormRules, Sequencing) {
  const std::string items =
      "<item identifier=\"i\" identifierref=\"r\"><title>I</title>\n"
      "<imsss:sequencing><imsss:controlMode choice=\"yes\" flow=\"true\"/>\n"
      "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>\n"
      "<imsss:ruleCondition condition=\"passed\"/></imsss:ruleConditions>\n"
      "<imsss:ruleAction action=\"skip\"/></imsss:preConditionRule></imsss:sequencingRules>\n"
      "<imsss:objectives><imsss:primaryObjective objectiveID=\"p\" satisfiedByMeasure=\"true\">\n"
      "<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective>\n"
      "<imsss:objective objectiveID=\"p\"/></imsss:objectives></imsss:sequencing></item>\n";
  const std::string res2004 =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"index.html\"/>"
      "</resources>\n</manifest>\n";
  auto r = Check(kHead2004 + Org(items) + res2004);
  std::vector<uint32_t> schema_lines;
  for (const auto& d : r.report.diagnostics()) {
    if (d.code == "scorm.schema") schema_lines.push_back(d.location.line);
  }
  // choice="yes" (line 7) and condition="passed" (line 9) break the imsss schema; the repeated
  // objectiveID (line 13) is a sequencing finding.
  EXPECT_EQ(schema_lines, (std::vector<uint32_t>{7, 9})) << ReportToJson(r.report);
  EXPECT_EQ(LineOf(r, "scorm.sequencing.invalid"), 13u);
}

TEST(ScormRules, SequencingReferenceAndModel) {
  const std::string items =
      "<item identifier=\"i\" identifierref=\"r\"><title>I</title>\n"
      "<imsss:sequencing IDRef=\"shared\"/></item>\n"
      "<item identifier=\"j\" identifierref=\"r\"><title>J</title>\n"
      "<imsss:sequencing IDRef=\"nowhere\"/></item>\n";
  const std::string res2004 =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"index.html\"/>"
      "</resources>\n<imsss:sequencingCollection><imsss:sequencing ID=\"shared\"><imsss:controlMode flow=\"true\"/>"
      "</imsss:sequencing></imsss:sequencingCollection>\n</manifest>\n";
  auto r = Check(kHead2004 + Org(items) + res2004);
  EXPECT_EQ(LineOf(r, "scorm.sequencing.invalid"), 9u) << ReportToJson(r.report);
  ASSERT_TRUE(r.model.organizations[0].items[0].sequencing);
  EXPECT_EQ(r.model.organizations[0].items[0].sequencing->attributes[0].second, "shared");
  ASSERT_TRUE(r.model.sequencing_collection);
  EXPECT_EQ(r.model.sequencing_collection->children[0].children[0].name, "controlMode");
}

TEST(ScormRules, ExternalMetadataIsRead) {
  static const Engine engine;
  test::TempDir dir;
  std::string with_md = kHead12;
  with_md.replace(with_md.find("</metadata>"), 11, "<adlcp:location>meta/course.xml</adlcp:location></metadata>");
  test::WriteFile(dir.File("imsmanifest.xml"),
                  with_md + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  test::WriteFile(dir.File("index.html"), "x");
  std::filesystem::create_directories(dir.File("meta"));
  test::WriteFile(dir.File("meta/course.xml"),
                  "<lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title>"
                  "<langstring xml:lang=\"hi\">\xe0\xa4\xb8\xe0\xa4\xa1\xe0\xa4\xbc\xe0\xa4\x95</langstring>"
                  "</title><language>hi</language><keyword><langstring>road</langstring></keyword></general></lom>");
  auto r = engine.Validate(dir.path());
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->report.Has("scorm.metadata.missing"));
  EXPECT_FALSE(r->report.Has("scorm.file.unlisted"));  // the metadata file counts as listed
  ASSERT_EQ(r->model.title.count("hi"), 1u) << CourseModelToJson(r->model);
  EXPECT_EQ(r->model.languages, std::vector<std::string>{"hi"});
  EXPECT_EQ(r->model.keywords, std::vector<std::string>{"road"});
}

TEST(ScormRules, SubManifestResourcesAndReferences) {
  const std::string body =
      "<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n"
      "<item identifier=\"i\" identifierref=\"sub\"><title>From the sub-manifest</title></item>\n"
      "</organization></organizations>\n<resources/>\n"
      "<manifest identifier=\"sub\"><organizations/><resources><resource identifier=\"r2\" type=\"webcontent\" "
      "adlcp:scormtype=\"sco\" href=\"index.html\"/></resources></manifest>\n</manifest>\n";
  auto r = Check(kHead12 + body);
  EXPECT_FALSE(r.report.Has("scorm.item.resource-missing")) << ReportToJson(r.report);
  EXPECT_FALSE(r.report.Has("scorm.launch.none"));
  ASSERT_EQ(r.model.resources.size(), 1u);
  EXPECT_EQ(r.model.resources[0].id, "r2");
}

TEST(ScormRules, ManifestNameInOtherCase) {
  static const Engine engine;
  test::TempDir dir;
  test::WriteFile(dir.File("IMSManifest.xml"),
                  kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  test::WriteFile(dir.File("index.html"), "x");
  auto r = engine.Validate(dir.path());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->report.format().kind, "scorm12");
  EXPECT_TRUE(r->report.Has("scorm.manifest.name-case"));
  EXPECT_EQ(r->model.resources.at(0).launch, "index.html");
}

TEST(ScormRules, BareManifestFileSkipsFileChecks) {
  static const Engine engine;
  test::TempDir dir;
  test::WriteFile(dir.File("imsmanifest.xml"),
                  kHead12 + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  auto r = engine.Validate(dir.File("imsmanifest.xml"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->report.format().kind, "scorm12");
  EXPECT_TRUE(r->report.diagnostics().empty()) << ReportToJson(r->report);
  EXPECT_EQ(r->model.resources.at(0).launch, "index.html");
}

TEST(ScormRules, BareAmpersandHint) {
  auto r = Check(std::string(kHead12) +
                 "<organizations default=\"o\"><organization identifier=\"o\">"
                 "<title>Q&A</title></organization></organizations>" +
                 kRes);
  ASSERT_TRUE(r.report.Has("xml.malformed"));
  EXPECT_NE(r.report.diagnostics().front().hint.find("&amp;"), std::string::npos);
}

TEST(ScormRules, UnknownExtensionElements) {
  // SCORM 1.2: the wildcard is strict, so a 2004 spelling is a schema error.
  auto v12 = Check(kHead12 +
                   Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title>\n"
                       "<adlcp:dataFromLMS>x</adlcp:dataFromLMS></item>\n") +
                   kRes);
  EXPECT_EQ(LineOf(v12, "scorm.schema"), 7u);
  // SCORM 2004: lax, so only a warning that players will ignore it.
  const std::string res2004 =
      "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"index.html\"/>"
      "</resources>\n</manifest>\n";
  auto v2004 = Check(kHead2004 +
                     Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title>\n"
                         "<adlcp:datafromlms>x</adlcp:datafromlms></item>\n") +
                     res2004);
  EXPECT_EQ(LineOf(v2004, "scorm.extension.unknown"), 7u);
  EXPECT_FALSE(v2004.report.Has("scorm.schema"));
}

TEST(ScormRules, ExternalMetadataIsReadOrReported) {
  std::string with_md = kHead12;
  with_md.replace(with_md.find("</metadata>"), 11, "<adlcp:location>course.xml</adlcp:location></metadata>");
  auto missing = Check(with_md + Org("<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>\n") + kRes);
  EXPECT_EQ(LineOf(missing, "scorm.metadata.missing"), 4u);
}

}  // namespace
}  // namespace cpk
