// The metadata content models (IEEE LOM in SCORM 2004, IMS Metadata 1.2.1 in SCORM 1.2): each
// test writes a manifest here and checks where `scorm.schema` points, and that what the schema
// accepts gives no finding.
#include <gtest/gtest.h>

#include <filesystem>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

// SCORM 2004: the metadata goes on line 5, one element a line from there.
std::string Manifest2004(const std::string& metadata) {
  return "<?xml version=\"1.0\"?>\n"
         "<manifest identifier=\"m\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n"
         "  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:lom=\"http://ltsc.ieee.org/xsd/LOM\">\n"
         "<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>\n" +
         metadata +
         "</metadata>\n"
         "<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n"
         "<item identifier=\"i\" identifierref=\"r\"><title>I</title></item></organization></organizations>\n"
         "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"index.html\">"
         "<file href=\"index.html\"/></resource></resources>\n</manifest>\n";
}

std::string Manifest12(const std::string& metadata) {
  return "<?xml version=\"1.0\"?>\n"
         "<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
         "  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" "
         "xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\">\n"
         "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>\n" +
         metadata +
         "</metadata>\n"
         "<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n"
         "<item identifier=\"i\" identifierref=\"r\"><title>I</title></item></organization></organizations>\n"
         "<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html\">"
         "<file href=\"index.html\"/></resource></resources>\n</manifest>\n";
}

ValidationResult Check(const std::string& manifest) {
  static const Engine engine;
  test::TempDir dir;
  test::WriteFile(dir.File("index.html"), "x");
  test::WriteFile(dir.File("imsmanifest.xml"), manifest);
  auto r = engine.Validate(dir.path());
  EXPECT_TRUE(r);
  return std::move(*r);
}

/// Lines of the scorm.schema findings, in report order.
std::vector<uint32_t> SchemaLines(const ValidationResult& r) {
  std::vector<uint32_t> lines;
  for (const Diagnostic& d : r.report.diagnostics()) {
    if (d.code == "scorm.schema") lines.push_back(d.location.line);
  }
  return lines;
}

/// The message of the first scorm.schema finding.
std::string SchemaMessage(const ValidationResult& r) {
  for (const Diagnostic& d : r.report.diagnostics()) {
    if (d.code == "scorm.schema") return d.message;
  }
  return {};
}

const std::string kLomRecord =
    "<lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\">\n"                                              // 5
    "<general><title><string language=\"en-US\">Golf</string></title>\n"                          // 6
    "<language>none</language><description><string>One</string></description>\n"                  // 7
    "<description><string>Two</string></description>\n"                                           // 8
    "<structure><source> LOMv1.0 </source><value>very\n"                                          // 9
    "low</value></structure></general>\n"                                                         // 10
    "<lifeCycle><contribute><role><source>LOMv1.0</source><value>author</value></role>\n"         // 11
    "<date><dateTime>2009-01-23T10:00:00.0Z</dateTime></date></contribute></lifeCycle>\n"         // 12
    "<technical><size>12288</size><duration><duration>PT10M</duration></duration></technical>\n"  // 13
    "<educational><language>en</language></educational><educational/>\n"                          // 14
    "</lom>\n";                                                                                   // 15

TEST(ScormMetadata, LomRecordPasses) {
  // Order is free, <description> may repeat in <general>, vocabulary values are tokens, and
  // general/language takes "none". Only the structure value is out of its vocabulary here.
  auto r = Check(Manifest2004(kLomRecord));
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{9})) << ReportToJson(r.report);
  EXPECT_NE(SchemaMessage(r).find("atomic, collection, networked, hierarchical, linear"), std::string::npos);
  std::string fixed = kLomRecord;
  fixed.replace(fixed.find("very\nlow"), 8, "linear\n");
  auto ok = Check(Manifest2004(fixed));
  EXPECT_TRUE(SchemaLines(ok).empty()) << ReportToJson(ok.report);
}

TEST(ScormMetadata, LomElementAllowedOnlyOnce) {
  auto r =
      Check(Manifest2004("<lom:lom><lom:general>\n"                                                        // 5
                         "<lom:title><lom:string>A</lom:string></lom:title>\n"                             // 6
                         "<lom:title><lom:string>B</lom:string></lom:title></lom:general></lom:lom>\n"));  // 7
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{7})) << ReportToJson(r.report);
  EXPECT_NE(SchemaMessage(r).find("first on line 6"), std::string::npos) << SchemaMessage(r);
}

TEST(ScormMetadata, LomTakesNoExtensionsButMetadataDoes) {
  auto r =
      Check(Manifest2004("<lom:lom xmlns:ext=\"urn:example\"><lom:general>\n"              // 5
                         "<ext:note/></lom:general></lom:lom>\n"                           // 6
                         "<ext:wrap xmlns:ext=\"urn:example\"><ext:any/></ext:wrap>\n"));  // 7: lax, accepted
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{6})) << ReportToJson(r.report);
}

TEST(ScormMetadata, LomBelowALaxExtensionIsStillChecked) {
  auto r = Check(
      Manifest2004("<ext:wrap xmlns:ext=\"urn:example\">\n"               // 5
                   "<lom:lom><lom:lifecycle/></lom:lom></ext:wrap>\n"));  // 6: <lifeCycle> is spelled with a capital C
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{6})) << ReportToJson(r.report);
}

TEST(ScormMetadata, LomValues) {
  auto r = Check(Manifest2004(
      "<lom:lom><lom:lifeCycle><lom:contribute><lom:date>\n"                             // 5
      "<lom:dateTime>2009-01-23T10:00:00Z</lom:dateTime></lom:date></lom:contribute>\n"  // 6: zone needs a fraction
      "</lom:lifeCycle><lom:technical>\n"                                                // 7
      "<lom:size>12 KB</lom:size>\n"                                                     // 8
      "<lom:duration><lom:duration>P1W</lom:duration></lom:duration></lom:technical>\n"  // 9
      "<lom:general><lom:title><lom:string language=\"en_US\">x</lom:string>\n"          // 10
      "</lom:title></lom:general></lom:lom>\n"));
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{6, 8, 9, 10})) << ReportToJson(r.report);
}

TEST(ScormMetadata, LomInItemMetadata) {
  std::string m = Manifest2004("");
  m.replace(m.find("<title>I</title>"), 16,
            "<title>I</title>\n"                                                                 // 7
            "<metadata><lom:lom><lom:rights><lom:cost><lom:value>free</lom:value></lom:cost>\n"  // 8
            "</lom:rights></lom:lom></metadata>\n");
  auto r = Check(m);
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{8})) << ReportToJson(r.report);
}

const std::string kImsmdRecord =
    "<imsmd:lom><imsmd:general>\n"                                                             // 5
    "<imsmd:title><imsmd:langstring xml:lang=\"en\">Golf</imsmd:langstring></imsmd:title>\n"   // 6
    "<imsmd:identifier>g1</imsmd:identifier>\n"                                                // 7
    "</imsmd:general><imsmd:lifecycle><imsmd:contribute>\n"                                    // 8
    "<imsmd:role><imsmd:source><imsmd:langstring>LOMv1.0</imsmd:langstring></imsmd:source>\n"  // 9
    "<imsmd:value><imsmd:langstring>Author</imsmd:langstring></imsmd:value></imsmd:role>\n"    // 10
    "</imsmd:contribute></imsmd:lifecycle>\n"                                                  // 11
    "<imsmd:technical><imsmd:size>516096</imsmd:size></imsmd:technical></imsmd:lom>\n";        // 12

TEST(ScormMetadata, ImsmdRecordPasses) {
  // <identifier> after <title> is out of the sequence's order, but IMS MD's strict ##any
  // wildcard takes it, as xmllint does.
  auto r = Check(Manifest12(kImsmdRecord));
  EXPECT_TRUE(SchemaLines(r).empty()) << ReportToJson(r.report);
}

TEST(ScormMetadata, ImsmdSequenceAndRequiredChildren) {
  std::string out_of_order = kImsmdRecord;
  // <lifecycle> before <general> inside <lom>, which has no wildcard.
  out_of_order.replace(out_of_order.find("<imsmd:general>"), 15, "<imsmd:lifecycle/><imsmd:general>");
  auto r = Check(Manifest12(out_of_order));
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{5})) << ReportToJson(r.report);
  EXPECT_NE(SchemaMessage(r).find("out of order"), std::string::npos) << SchemaMessage(r);

  std::string no_role = kImsmdRecord;
  no_role.replace(no_role.find("<imsmd:role>"), 12, "<imsmd:centity><imsmd:vcard/></imsmd:centity><imsmd:role>");
  auto missing = Check(Manifest12(no_role));
  EXPECT_EQ(SchemaLines(missing), (std::vector<uint32_t>{9})) << ReportToJson(missing.report);
  EXPECT_NE(SchemaMessage(missing).find("<role> must come first"), std::string::npos) << SchemaMessage(missing);
}

TEST(ScormMetadata, ImsmdAttributesAndWildcard) {
  std::string bad = kImsmdRecord;
  bad.replace(bad.find("xml:lang=\"en\""), 13, "xml:lang=\"en_GB\"");
  bad.replace(bad.find("<imsmd:identifier>"), 18, "<imsmd:subtitle/><imsmd:identifier>");
  bad.replace(bad.find("516096"), 6, " 516096");
  auto r = Check(Manifest12(bad));
  EXPECT_EQ(SchemaLines(r), (std::vector<uint32_t>{6, 7, 12})) << ReportToJson(r.report);
}

TEST(ScormMetadata, LomAndImsmdBelongToTheirEditions) {
  // SCORM 1.2's wildcard is strict and its schemas do not declare LOM; SCORM 2004's is lax and
  // declares no IMS Metadata, so an IMS MD record passes there unchecked.
  auto lom_in_12 = Check(Manifest12("<lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\"/>\n"));
  EXPECT_EQ(SchemaLines(lom_in_12), (std::vector<uint32_t>{5}));
  auto md_in_2004 = Check(Manifest2004(
      "<imsmd:lom xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><imsmd:bogus/></imsmd:lom>\n"));
  EXPECT_TRUE(SchemaLines(md_in_2004).empty()) << ReportToJson(md_in_2004.report);
}

}  // namespace
}  // namespace cpk
