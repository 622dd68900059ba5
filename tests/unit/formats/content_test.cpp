#include <gtest/gtest.h>

#include <filesystem>

#include "cpk/engine/engine.hpp"
#include "cpk/formats/content.hpp"
#include "file_names.hpp"
#include "zip_builder.hpp"

namespace cpk::formats::content {
namespace {

TEST(ExternalReferences, FindsLoadsWithLines) {
  const std::string html =
      "<!DOCTYPE html>\n<html><head>\n"
      "<script src=\"https://cdn.example.org/jquery.js\"></script>\n"             // 3
      "<link rel=\"stylesheet\" href=\"//fonts.example.org/css?family=Noto\">\n"  // 4
      "<link rel=\"icon\" href=\"https://example.org/favicon.ico\">\n"            // 5: not a style sheet
      "<style>\nbody { background: url('http://example.org/bg.png'); }\n"         // 7
      "@import \"https://example.org/more.css\";\n</style>\n"                     // 8
      "<!-- <img src=\"http://example.org/commented.png\"> -->\n"
      "</head><body>\n<a href=\"https://example.org/help\">help</a>\n"  // links are navigation
      "<IMG SRC='HTTPS://EXAMPLE.ORG/LOGO.PNG' alt=x>\n"                // 13
      "<img src=\"images/local.png\">\n"
      "<div style=\"background-image:url(https://example.org/tile.png)\"></div>\n"  // 15
      "<script>var s = '<img src=\"http://example.org/in-script.png\">';</script>\n"
      "</body></html>\n";
  const auto refs = FindExternalReferences(html);
  std::vector<std::pair<std::string, uint32_t>> got;
  for (const auto& r : refs) got.emplace_back(r.url, r.line);
  const std::vector<std::pair<std::string, uint32_t>> want = {
      {"https://cdn.example.org/jquery.js", 3}, {"//fonts.example.org/css?family=Noto", 4},
      {"http://example.org/bg.png", 7},         {"https://example.org/more.css", 8},
      {"HTTPS://EXAMPLE.ORG/LOGO.PNG", 13},     {"https://example.org/tile.png", 15}};
  EXPECT_EQ(got, want);
}

TEST(ExternalReferences, SurvivesBrokenHtml) {
  EXPECT_TRUE(FindExternalReferences("<").empty());
  EXPECT_TRUE(FindExternalReferences("<img src=\"http://x").size() <= 1);
  EXPECT_TRUE(FindExternalReferences("<style>url(").empty());
  EXPECT_TRUE(FindExternalReferences("<<<<>>>>< a=b c='").empty());
}

TEST(FileNames, Problems) {
  using internal::NameProblem;
  EXPECT_TRUE(internal::FileNameProblems("shared/launch.html").empty());
  EXPECT_EQ(internal::FileNameProblems("my page.html"), std::vector<NameProblem>{NameProblem::kSpace});
  EXPECT_EQ(internal::FileNameProblems("q&a#1.html"), std::vector<NameProblem>{NameProblem::kUrlSpecial});
  EXPECT_EQ(internal::FileNameProblems("\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\xa0.html"),
            std::vector<NameProblem>{NameProblem::kNonAscii});
  EXPECT_EQ(internal::FileNameProblems(std::string(256, 'a')), std::vector<NameProblem>{NameProblem::kTooLong});
  EXPECT_EQ(internal::FileNameProblems("docs/con.txt"), std::vector<NameProblem>{NameProblem::kReserved});
}

TEST(ContentRules, ReportedThroughValidation) {
  test::TempDir dir;
  test::WriteFile(dir.File("imsmanifest.xml"),
                  "<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" "
                  "xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"><metadata><schema>ADL SCORM</schema>"
                  "<schemaversion>1.2</schemaversion></metadata><organizations default=\"o\"><organization "
                  "identifier=\"o\"><title>T</title><item identifier=\"i\" identifierref=\"r\"><title>I</title></item>"
                  "</organization></organizations><resources><resource identifier=\"r\" type=\"webcontent\" "
                  "adlcp:scormtype=\"sco\" href=\"index.html\"><file href=\"index.html\"/><file href=\"my notes.pdf\"/>"
                  "</resource></resources></manifest>");
  test::WriteFile(dir.File("index.html"), "<html>\n<script src=\"https://cdn.example.org/x.js\"></script>\n</html>");
  test::WriteFile(dir.File("my notes.pdf"), "%PDF");
  const Engine engine;
  auto r = engine.Validate(dir.path());
  ASSERT_TRUE(r);
  bool external = false;
  for (const auto& d : r->report.diagnostics()) {
    if (d.code == "content.external-reference") {
      external = true;
      EXPECT_EQ(d.location.file, "index.html");
      EXPECT_EQ(d.location.line, 2u);
    }
  }
  EXPECT_TRUE(external);
  EXPECT_TRUE(r->report.Has("content.filename-unsafe"));
  EXPECT_FALSE(r->report.HasErrors());
}

}  // namespace
}  // namespace cpk::formats::content
