// The corpus's derived packages (../shared/corpus/scorm/derived, see its DERIVED.tsv) and real
// packages give the documented findings.
#include <gtest/gtest.h>

#include <filesystem>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

const Engine& TheEngine() {
  static const Engine engine;
  return engine;
}

ValidationResult V(const std::string& relative) {
  const std::string path = test::CorpusDir() + "/scorm/" + relative;
  if (!std::filesystem::exists(path)) ADD_FAILURE() << "corpus file missing: " << path;
  auto r = TheEngine().Validate(path);
  EXPECT_TRUE(r);
  return r ? std::move(*r) : ValidationResult{};
}

TEST(Corpus, ParentFolderIsRerooted) {
  auto r = V("derived/derived-parent-folder_SCORM12.zip");
  EXPECT_TRUE(r.report.Has("package.nested-root"));
  EXPECT_EQ(r.report.format().kind, "scorm12");
  EXPECT_FALSE(r.report.HasErrors());
}

TEST(Corpus, NestedZipNamesTheInnerFile) {
  auto r = V("derived/derived-nested-zip_SCORM12.zip");
  ASSERT_TRUE(r.report.Has("package.nested-zip"));
  for (const auto& d : r.report.diagnostics()) {
    if (d.code == "package.nested-zip") {
      EXPECT_NE(d.hint.find("RuntimeBasicCalls_SCORM12.zip"), std::string::npos);
    }
  }
}

TEST(Corpus, ZipSlipEntriesAreRefused) {
  auto r = V("derived/derived-zipslip_SCORM12.zip");
  EXPECT_TRUE(r.report.Has("zip.path-traversal"));
  EXPECT_TRUE(r.report.Has("zip.absolute-path"));
  for (const File& f : r.model.files) {
    EXPECT_EQ(f.path.find(".."), std::string::npos);
    EXPECT_NE(f.path.front(), '/');
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/abs-evil.txt"));
}

TEST(Corpus, BackslashesAreNormalised) {
  auto r = V("derived/derived-backslash-paths_SCORM12.zip");
  EXPECT_TRUE(r.report.Has("zip.backslash-separator"));
  EXPECT_EQ(r.report.format().kind, "scorm12");
  bool found = false;
  for (const File& f : r.model.files) found |= f.path == "shared/launchpage.html";
  EXPECT_TRUE(found);
}

TEST(Corpus, Latin1ManifestIsDecoded) {
  auto r = V("derived/derived-latin1-manifest_SCORM12.zip");
  EXPECT_FALSE(r.report.Has("xml.malformed"));
  ASSERT_FALSE(r.model.title.empty());
  EXPECT_NE(r.model.title.begin()->second.find("f\xc3\xbcr Anf\xc3\xa4nger"), std::string::npos)
      << r.model.title.begin()->second;
}

TEST(Corpus, BomManifestWithUnicodeTitlesIsRead) {
  auto r = V("derived/derived-bom-unicode-titles_SCORM2004.zip");
  EXPECT_FALSE(r.report.HasErrors());
  EXPECT_EQ(r.report.format().kind, "scorm2004");
  EXPECT_FALSE(r.model.title.empty());
}

TEST(Corpus, UnescapedAmpersandIsMalformed) {
  auto r = V("derived/derived-unescaped-ampersand_SCORM12.zip");
  EXPECT_TRUE(r.report.Has("xml.malformed"));
}

TEST(Corpus, MalformedManifestGivesLineAndColumn) {
  auto r = V("elmp-invalid-MalformedXml_SCORM12.zip");
  ASSERT_TRUE(r.report.Has("xml.malformed"));
  const auto sorted = r.report.Sorted();
  EXPECT_EQ(sorted.front().location.file, "imsmanifest.xml");
  EXPECT_EQ(sorted.front().location.line, 27u);
}

TEST(Corpus, JunkInARealPackage) {
  auto r = V("moodle-complexscorm.zip");
  EXPECT_TRUE(r.report.Has("package.junk"));
}

TEST(Corpus, NotAZip) {
  auto r = V("cmi5-lts-209-1-not-a-zip.zip");
  EXPECT_TRUE(r.report.Has("input.not-a-zip"));
  EXPECT_FALSE(r.report.Has("package.format-unknown"));
}

TEST(Corpus, EveryPackageValidatesWithoutFailing) {
  // No crash, no internal error, and a format for every package that has a descriptor.
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(test::CorpusDir() + "/scorm")) {
    if (!e.is_regular_file()) continue;
    const std::string ext = e.path().extension().string();
    if (ext != ".zip" && ext != ".xml") continue;
    auto r = TheEngine().Validate(e.path().string());
    ASSERT_TRUE(r) << e.path() << ": " << r.error().message;
    EXPECT_TRUE(r->completed) << e.path();
    ++n;
  }
  EXPECT_GT(n, 60u);
}

TEST(Corpus, StandardsAreDetected) {
  EXPECT_EQ(V("golf-RuntimeBasicCalls_SCORM12.zip").report.format().kind, "scorm12");
  auto g4 = V("golf-SequencingPostTestRollup4thEd_SCORM20044thEdition.zip");
  EXPECT_EQ(g4.report.format().kind, "scorm2004");
  EXPECT_EQ(g4.report.format().edition, "2004 4th Edition");
  EXPECT_EQ(V("golf-ContentPackagingSingleSCO_SCORM20042ndEdition.zip").report.format().edition, "2004 2nd Edition");
  EXPECT_EQ(V("cmi5-lts-001-essentials.zip").report.format().kind, "cmi5");
  EXPECT_EQ(V("cmi5-spec-simple-cmi5.xml").report.format().kind, "cmi5");
  EXPECT_EQ(V("tincan-JsTetris_TCAPI.zip").report.format().kind, "xapi");
  EXPECT_EQ(V("aicc-package.zip").report.format().kind, "aicc");
}

}  // namespace
}  // namespace cpk
