#include "cpk/engine/detect.hpp"

#include <gtest/gtest.h>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

using test::ZipEntrySpec;

ValidationResult ValidateZip(const test::TempDir& dir, const std::vector<ZipEntrySpec>& entries) {
  const std::string path = dir.File("upload.zip");
  test::WriteFile(path, test::BuildZip(entries));
  static const Engine engine;
  auto r = engine.Validate(path);
  EXPECT_TRUE(r);
  return std::move(*r);
}

std::string KindOf(const std::vector<ZipEntrySpec>& entries) {
  test::TempDir dir;
  return ValidateZip(dir, entries).report.format().kind;
}

const char* kManifest12 =
    "<manifest identifier=\"m\" xmlns=\"http://www.imsglobal.org/xsd/imscp_rootv1p1p2\" "
    "xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"><metadata><schema>ADL SCORM</schema>"
    "<schemaversion>1.2</schemaversion></metadata><organizations default=\"o\"><organization identifier=\"o\">"
    "<title>T</title><item identifier=\"i\" identifierref=\"r\"><title>I</title></item></organization>"
    "</organizations><resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" "
    "href=\"index.html\"><file href=\"index.html\"/></resource></resources></manifest>";

TEST(Detect, RecognisesEachDescriptor) {
  EXPECT_EQ(KindOf({{.name = "imsmanifest.xml", .data = kManifest12}, {.name = "index.html", .data = "x"}}), "scorm12");
  EXPECT_EQ(KindOf({{.name = "cmi5.xml", .data = "<courseStructure/>"}}), "cmi5");
  EXPECT_EQ(KindOf({{.name = "tincan.xml", .data = "<tincan/>"}}), "xapi");
  EXPECT_EQ(KindOf({{.name = "course.crs", .data = "x"},
                    {.name = "course.au", .data = "x"},
                    {.name = "course.des", .data = "x"},
                    {.name = "course.cst", .data = "x"}}),
            "aicc");
  EXPECT_EQ(KindOf({{.name = "index.html", .data = "<html/>"}, {.name = "app.js", .data = ""}}), "html5");
  EXPECT_EQ(KindOf({{.name = "notes.txt", .data = "hello"}}), "unknown");
}

TEST(Detect, JunkIsReportedOncePerRoot) {
  test::TempDir dir;
  auto r = ValidateZip(dir, {{.name = "imsmanifest.xml", .data = kManifest12},
                             {.name = "index.html", .data = "x"},
                             {.name = "__MACOSX/._index.html", .data = "x"},
                             {.name = "__MACOSX/._imsmanifest.xml", .data = "x"},
                             {.name = "img/.DS_Store", .data = "x"},
                             {.name = "Thumbs.db", .data = "x"}});
  size_t junk = 0;
  for (const auto& d : r.report.diagnostics()) junk += d.code == "package.junk";
  EXPECT_EQ(junk, 3u);
  for (const File& f : r.model.files) EXPECT_EQ(f.path.find("__MACOSX"), std::string::npos) << f.path;
}

TEST(Detect, ParentFolderIsUsedAsRoot) {
  test::TempDir dir;
  auto r = ValidateZip(dir, {{.name = "MyCourse/imsmanifest.xml", .data = kManifest12},
                             {.name = "MyCourse/index.html", .data = "x"},
                             {.name = "__MACOSX/MyCourse/._index.html", .data = "x"}});
  EXPECT_TRUE(r.report.Has("package.nested-root"));
  EXPECT_EQ(r.report.format().kind, "scorm12");
  ASSERT_FALSE(r.model.files.empty());
  EXPECT_EQ(r.model.files.front().path, "imsmanifest.xml");
}

TEST(Detect, ZipInsideZipIsAnError) {
  test::TempDir dir;
  auto r = ValidateZip(dir, {{.name = "course.zip", .data = "PK..."}, {.name = "readme.txt", .data = "x"}});
  EXPECT_TRUE(r.report.Has("package.nested-zip"));
  EXPECT_EQ(ExitCodeFor(r), ExitCode::kContentErrors);
}

TEST(Detect, NothingRecognisable) {
  test::TempDir dir;
  auto r = ValidateZip(dir, {{.name = "a/b.txt", .data = "x"}, {.name = "c.txt", .data = "y"}});
  EXPECT_TRUE(r.report.Has("package.format-unknown"));
}

TEST(Detect, SingleFiles) {
  const Engine engine;
  test::TempDir dir;
  test::WriteFile(dir.File("doc.pdf"), "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  EXPECT_EQ(engine.Validate(dir.File("doc.pdf"))->report.format().kind, "pdf");
  test::WriteFile(dir.File("cmi5.xml"), "<?xml version=\"1.0\"?>\n<!-- c -->\n<courseStructure xmlns=\"x\"/>");
  EXPECT_EQ(engine.Validate(dir.File("cmi5.xml"))->report.format().kind, "cmi5");
  const std::string video = test::CorpusDir() + "/video/sample_video_only.mp4";
  EXPECT_EQ(engine.Validate(video)->report.format().kind, "video");
  const std::string audio = test::CorpusDir() + "/video/bbb_mono_8kHz_12.2kbps_amrnb.3gp";
  EXPECT_EQ(engine.Validate(test::CorpusDir() + "/video/sample_with_srt.mkv")->report.format().kind, "video");
  EXPECT_EQ(engine.Validate(test::CorpusDir() + "/video/whisper_hindi.srt")->report.format().kind, "unknown");
  (void)audio;
}

TEST(Engine, UnreadableInputIsExitCode3) {
  const Engine engine;
  auto r = engine.Validate("/nonexistent/course.zip");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->report.Has("input.unreadable"));
  EXPECT_EQ(ExitCodeFor(*r), ExitCode::kCouldNotRun);
}

TEST(Engine, CancellationStopsTheJob) {
  test::TempDir dir;
  test::WriteFile(dir.File("a.zip"), test::BuildZip({{.name = "imsmanifest.xml", .data = kManifest12}}));
  const Engine engine;
  ValidateOptions options;
  options.cancel.Cancel();
  auto r = engine.Validate(dir.File("a.zip"), options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kCancelled);
}

}  // namespace
}  // namespace cpk

namespace cpk {
namespace {

TEST(Engine, OversizedManifestIsReported) {
  test::TempDir dir;
  std::string big = std::string(kManifest12);
  big.insert(big.find("<organizations"), "<!--" + std::string(3000, 'x') + "-->");
  test::WriteFile(dir.File("a.zip"), test::BuildZip({{.name = "imsmanifest.xml", .data = big}}));
  const Engine engine;
  ValidateOptions options;
  options.limits.max_xml_bytes = 2048;
  auto r = engine.Validate(dir.File("a.zip"), options);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->report.Has("xml.too-large"));
  EXPECT_EQ(ExitCodeFor(*r), ExitCode::kContentErrors);
}

}  // namespace
}  // namespace cpk
