#include "cpk/io/xml.hpp"

#include <gtest/gtest.h>

#include "cpk/core/report.hpp"

namespace cpk::xml {
namespace {

struct Parsed {
  Result<Document> doc;
  Report report;
};

Parsed P(std::string_view text, Limits limits = {}) {
  Parsed p{Fail(Errc::kInternal, ""), Report()};
  p.doc = Parse(text, "imsmanifest.xml", limits, p.report);
  return p;
}

TEST(Xml, BuildsATreeWithLinesAndColumns) {
  auto p =
      P("<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_rootv1p1p2\"\n"
        "   xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" identifier=\"m1\">\n"
        "  <resources>\n    <resource identifier=\"r1\" adlcp:scormtype=\"sco\" href=\"a.html\"/>\n"
        "  </resources>\n</manifest>\n");
  ASSERT_TRUE(p.doc) << p.doc.error().message;
  const Element& root = p.doc->root;
  EXPECT_EQ(root.name, "manifest");
  EXPECT_EQ(root.ns, "http://www.imsglobal.org/xsd/imscp_rootv1p1p2");
  EXPECT_EQ(root.line, 2u);
  EXPECT_EQ(root.column, 1u);
  EXPECT_EQ(root.namespaces.size(), 2u);
  const Element* res = root.FirstChild("resources")->FirstChild("resource");
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(res->line, 5u);
  EXPECT_EQ(res->column, 5u);
  const Attribute* type = res->FindAttribute("scormtype", "http://www.adlnet.org/xsd/adlcp_rootv1p2");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->value, "sco");
  EXPECT_TRUE(p.report.diagnostics().empty());
}

TEST(Xml, MalformedGivesLineAndColumn) {
  auto p = P("<manifest>\n  <organizations>\n    <organization>\n  </organizations>\n</manifest>\n");
  ASSERT_FALSE(p.doc);
  ASSERT_TRUE(p.report.Has("xml.malformed"));
  const Diagnostic& d = p.report.diagnostics().front();
  EXPECT_EQ(d.location.file, "imsmanifest.xml");
  EXPECT_EQ(d.location.line, 4u);
  EXPECT_GT(d.location.column, 0u);
  EXPECT_NE(d.message.find("mismatch"), std::string::npos) << d.message;
}

TEST(Xml, EmptyDocumentIsMalformed) {
  auto p = P("");
  EXPECT_FALSE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.malformed"));
}

TEST(Xml, BillionLaughsIsBlocked) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<lolz>&lol9;</lolz>\n";
  auto p = P(bomb);
  EXPECT_TRUE(p.report.Has("xml.entity-blocked"));
  if (p.doc) {
    EXPECT_LT(p.doc->root.text.size(), 100000u);
  }
}

TEST(Xml, EntityLoopIsBlockedOnce) {
  auto p = P("<!DOCTYPE r [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><r>&a;</r>");
  EXPECT_FALSE(p.doc);
  size_t n = 0;
  for (const auto& d : p.report.diagnostics()) n += d.code == "xml.entity-blocked";
  EXPECT_EQ(n, 1u);
}

TEST(Xml, ExternalEntityReadsNothing) {
  auto p =
      P("<?xml version=\"1.0\"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        "<manifest><title>&xxe;</title></manifest>\n");
  ASSERT_TRUE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.entity-blocked"));
  const Element* title = p.doc->root.FirstChild("title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->text.find("root:"), std::string::npos);
  EXPECT_TRUE(title->text.empty());
}

TEST(Xml, ExternalParameterEntityAndNetworkDtdReadNothing) {
  auto p =
      P("<?xml version=\"1.0\"?>\n<!DOCTYPE m SYSTEM \"http://127.0.0.1:9/evil.dtd\" [\n"
        "<!ENTITY % ext SYSTEM \"file:///etc/passwd\">\n]>\n<manifest/>\n");
  EXPECT_TRUE(p.report.Has("xml.entity-blocked"));
}

TEST(Xml, InternalEntitiesExpand) {
  auto p = P("<!DOCTYPE m [<!ENTITY org \"Lal Bahadur Shastri Academy\">]><m><t>&org; course</t></m>");
  ASSERT_TRUE(p.doc);
  EXPECT_EQ(p.doc->root.FirstChild("t")->text, "Lal Bahadur Shastri Academy course");
}

TEST(Xml, Utf8BomIsAccepted) {
  auto p =
      P("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><m><t>\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82"
        "\xe0\xa4\xa6\xe0\xa5\x80</t></m>");
  ASSERT_TRUE(p.doc);
  EXPECT_EQ(p.doc->root.FirstChild("t")->text, "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x80");
}

TEST(Xml, Latin1IsTranscodedToUtf8) {
  auto p = P("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<m><t>Golf f\xfcr Anf\xe4nger \xbd</t></m>");
  ASSERT_TRUE(p.doc);
  EXPECT_EQ(p.doc->encoding, "ISO-8859-1");
  EXPECT_EQ(p.doc->root.FirstChild("t")->text, "Golf f\xc3\xbcr Anf\xc3\xa4nger \xc2\xbd");
}

TEST(Xml, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<a>";
  for (int i = 0; i < 200; ++i) deep += "</a>";
  auto p = P(deep);
  EXPECT_FALSE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.too-deep"));
  Limits generous;
  generous.max_xml_depth = 250;
  EXPECT_TRUE(P(deep, generous).doc);
}

TEST(Xml, SizeIsBounded) {
  Limits limits;
  limits.max_xml_bytes = 64;
  auto p = P("<m>" + std::string(100, 'x') + "</m>", limits);
  EXPECT_FALSE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.too-large"));
}

TEST(Xml, UndeclaredPrefixIsANamespaceWarning) {
  auto p = P("<manifest><resource adlcp:scormtype=\"sco\"/></manifest>");
  ASSERT_TRUE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.namespace"));
}

TEST(Xml, BareAmpersandIsMalformed) {
  auto p = P("<m><title>Golf Q&A</title></m>");
  EXPECT_FALSE(p.doc);
  EXPECT_TRUE(p.report.Has("xml.malformed"));
}

}  // namespace
}  // namespace cpk::xml
