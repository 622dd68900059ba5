// The HTML5 reader: the start page, its title, and html5.index-missing.
#include <gtest/gtest.h>

#include "format_test_support.hpp"
#include "index_reader.hpp"

namespace cpk {
namespace {

using formats::html5::internal::ReadPageTitle;
using test::Findings;
using test::TempDir;
using test::ValidateZip;

TEST(Html5, PackageWithIndexHtml) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "index.html",
                              .data = "<!DOCTYPE html>\n<html lang=\"hi-in\"><head><meta charset=\"utf-8\">"
                                      "<title>\n  अग्नि &amp; सुरक्षा\n</title></head><body></body></html>"},
                             {.name = "js/app.js", .data = ""}});
  EXPECT_TRUE(r.report.diagnostics().empty()) << test::Dump(r.report);
  EXPECT_EQ(r.report.format().kind, "html5");
  const CourseModel& m = r.model;
  EXPECT_EQ(m.source.kind, "html5");
  EXPECT_EQ(m.title.at("hi-IN"), "अग्नि & सुरक्षा");
  EXPECT_EQ(m.languages, std::vector<std::string>{"hi-IN"});
  ASSERT_EQ(m.resources.size(), 1u);
  EXPECT_EQ(m.resources[0].type, "html");
  EXPECT_EQ(m.resources[0].launch, "index.html");
  EXPECT_EQ(m.resources[0].tracking, "none");
  ASSERT_EQ(m.organizations.size(), 1u);
  ASSERT_EQ(m.organizations[0].items.size(), 1u);
  EXPECT_EQ(m.organizations[0].items[0].resource, m.resources[0].id);
}

TEST(Html5, StartPageInTheWrongCase) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "Index.HTML", .data = "<title>T</title>"}, {.name = "a.css", .data = ""}});
  EXPECT_EQ(r.report.format().kind, "html5");
  const auto f = Findings(r.report, "html5.index-missing");
  ASSERT_EQ(f.size(), 1u) << test::Dump(r.report);
  EXPECT_EQ(f[0].location.file, "Index.HTML");
  EXPECT_NE(f[0].message.find("'Index.HTML', which differs in letter case"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].hint, "rename 'Index.HTML' to 'index.html'");
  EXPECT_EQ(r.model.resources.at(0).launch, "Index.HTML");
  EXPECT_EQ(r.model.title.at("und"), "T");
}

TEST(Html5, IndexHtm) {
  TempDir dir;
  auto r = ValidateZip(dir, {{.name = "index.htm", .data = "<p>x</p>"}});
  const auto f = Findings(r.report, "html5.index-missing");
  ASSERT_EQ(f.size(), 1u) << test::Dump(r.report);
  EXPECT_EQ(f[0].location.file, "index.htm");
  EXPECT_NE(f[0].hint.find("update the links"), std::string::npos);
  EXPECT_TRUE(r.model.title.empty());
}

TEST(Html5, TitleExtraction) {
  EXPECT_EQ(ReadPageTitle("<TITLE lang=x>A&#x20;&#66;&lt;c&gt;&nbsp;d</TITLE>").title, "A B<c> d");
  EXPECT_EQ(ReadPageTitle("<html><head></head><body><svg><title>icon</title></svg></body>").title, "");
  EXPECT_EQ(ReadPageTitle("<titles>no</titles><title>yes</title>").title, "yes");
  EXPECT_EQ(ReadPageTitle("<title>Caf\xe9</title>").title, "Caf\xc3\xa9");
  EXPECT_EQ(ReadPageTitle("<title>unterminated").title, "");
  EXPECT_EQ(ReadPageTitle("<html xml:lang=\"fr\" lang='ta'><title>t</title>").lang, "ta");
  EXPECT_EQ(ReadPageTitle("<html data-lang=\"fr\"><title>t</title>").lang, "");
  EXPECT_EQ(ReadPageTitle("<title>&#0;&bogus;</title>").title, "&#0;&bogus;");
}

}  // namespace
}  // namespace cpk
