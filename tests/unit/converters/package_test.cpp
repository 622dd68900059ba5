// `coursepack convert` to coursepack/1 and `coursepack verify`: every valid SCORM package of
// the corpus converts and verifies; output is deterministic and atomic; tampering is caught.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cpk/engine/engine.hpp"
#include "cpk/engine/job.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::ZipEntrySpec;

std::set<std::string> Codes(const Report& report) {
  std::set<std::string> codes;
  for (const Diagnostic& d : report.diagnostics()) codes.insert(d.code);
  return codes;
}

const Engine& TheEngine() {
  static const Engine engine;
  return engine;
}

ConvertResult Convert(const std::string& input, const std::string& output, bool directory = false, bool force = false) {
  ConvertOptions options;
  options.request.output = output;
  options.request.directory = directory;
  options.request.forced = force;
  auto result = TheEngine().Convert(input, options);
  EXPECT_TRUE(result) << input << ": " << (result ? "" : result.error().message);
  return result ? std::move(*result) : ConvertResult{};
}

ValidationResult Verify(const std::string& package) {
  auto result = TheEngine().Validate(package);
  EXPECT_TRUE(result);
  return std::move(*result);
}

std::string SampleCourse() { return std::string(CPK_SOURCE_DIR) + "/samples/courses/road-safety-scorm12"; }

std::vector<std::string> CorpusZips() {
  std::vector<std::string> zips;
  for (const std::string& dir : {test::CorpusDir() + "/scorm", test::CorpusDir() + "/scorm/derived"}) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".zip") zips.push_back(e.path().string());
    }
  }
  std::sort(zips.begin(), zips.end());
  return zips;
}

TEST(Convert, EveryValidCorpusPackageConvertsVerifiesAndIsDeterministic) {
  TempDir dir;
  int converted = 0, refused = 0;
  for (const std::string& zip : CorpusZips()) {
    SCOPED_TRACE(zip);
    const std::string out = dir.File(fs::path(zip).stem().string() + ".cpk");
    ConvertResult result = Convert(zip, out);
    if (result.validation.report.HasErrors() || result.validation.model.source.kind.empty()) {
      EXPECT_FALSE(result.written);
      EXPECT_FALSE(fs::exists(out)) << "a refused conversion writes nothing";
      ++refused;
      continue;
    }
    ASSERT_TRUE(result.written) << result.refusal;
    ++converted;
    const ValidationResult verified = Verify(out);
    EXPECT_EQ(verified.report.format().kind, "coursepack");
    EXPECT_EQ(verified.report.summary().errors + verified.report.summary().warnings, 0u)
        << ReportToJson(verified.report);
    // Launch files resolve inside the package; parameters are kept.
    std::set<std::string> files;
    for (const File& f : verified.model.files) files.insert(f.path);
    ASSERT_EQ(verified.model.resources.size(), result.validation.model.resources.size());
    for (size_t i = 0; i < verified.model.resources.size(); ++i) {
      const Resource& r = verified.model.resources[i];
      EXPECT_EQ(r.parameters, result.validation.model.resources[i].parameters);
      if (!r.launch.empty() && r.launch.find("://") == std::string::npos) {
        EXPECT_TRUE(files.contains(r.launch)) << r.launch;
        EXPECT_TRUE(r.launch.starts_with("content/")) << r.launch;
      }
    }
    // Converting again gives the same bytes.
    const std::string again = dir.File("again.cpk");
    Convert(zip, again);
    EXPECT_TRUE(test::ReadFile(out) == test::ReadFile(again)) << "not deterministic";
    fs::remove(again);
  }
  EXPECT_GE(converted, 20) << "refused " << refused;
  std::cout << "[ converted " << converted << " corpus packages, refused " << refused << " with errors ]\n";
}

TEST(Convert, FolderOutputHoldsTheSameFilesAsTheZip) {
  TempDir dir;
  Convert(SampleCourse(), dir.File("a.cpk"));
  Convert(SampleCourse(), dir.File("a-dir"), true);
  const ValidationResult zip = Verify(dir.File("a.cpk"));
  const ValidationResult folder = Verify(dir.File("a-dir"));
  EXPECT_FALSE(folder.report.HasErrors()) << ReportToJson(folder.report);
  EXPECT_EQ(CourseModelToJson(zip.model), CourseModelToJson(folder.model));
  EXPECT_TRUE(test::ReadFile(dir.File("a-dir/manifest.json")).starts_with("{\n  \"format\": \"coursepack/1\","));
}

TEST(Convert, ManifestIsTheFirstEntryAndMediaAreStored) {
  TempDir dir;
  Convert(SampleCourse(), dir.File("a.cpk"));
  const std::string zip = test::ReadFile(dir.File("a.cpk"));
  ASSERT_EQ(zip.substr(0, 4), "PK\3\4");
  EXPECT_EQ(zip.substr(30, 13), "manifest.json");
  EXPECT_EQ(Verify(dir.File("a.cpk")).report.Has("package.layout"), false);
}

TEST(Convert, RefusesASourceWithErrorsUnlessForced) {
  TempDir dir;
  const std::string broken = std::string(CPK_SOURCE_DIR) + "/samples/courses/road-safety-broken";
  ConvertResult refused = Convert(broken, dir.File("b.cpk"));
  EXPECT_FALSE(refused.written);
  EXPECT_NE(refused.refusal.find("--force"), std::string::npos);
  EXPECT_TRUE(test::ListFolder(dir.path()).empty());

  ConvertResult forced = Convert(broken, dir.File("b.cpk"), false, true);
  ASSERT_TRUE(forced.written);
  const std::string report_json = [&] {
    ValidationResult v = Verify(dir.File("b.cpk"));
    EXPECT_FALSE(v.report.HasErrors()) << ReportToJson(v.report);
    return std::string();
  }();
  // The source's errors travel in report.json.
  TempDir unpacked;
  Convert(broken, unpacked.File("b"), true, true);
  const std::string report = test::ReadFile(unpacked.File("b/report.json"));
  EXPECT_NE(report.find("\"forced\": true"), std::string::npos);
  EXPECT_NE(report.find("\"severity\": \"error\""), std::string::npos);
}

TEST(Convert, JunkIsDroppedAndMisspeltNamesAreFixed) {
  TempDir dir;
  const std::string manifest = R"(<?xml version="1.0"?>
<manifest identifier="m" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>Lesson</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html?lang=hi">
    <file href="index.html"/></resource></resources>
</manifest>)";
  const std::string zip = dir.File("in.zip");
  test::WriteFile(zip, test::BuildZip({{"imsmanifest.xml", manifest},
                                       {"index.html", R"(<html><body><img src="Images/Logo.png"></body></html>)"},
                                       {"images/logo.png", "\x89PNG not really"},
                                       {"__MACOSX/._index.html", "junk"},
                                       {".DS_Store", "junk"}}));
  ConvertResult result = Convert(zip, dir.File("out"), true);
  ASSERT_TRUE(result.written) << result.refusal;
  EXPECT_TRUE(result.validation.report.Has("convert.case-fixed"));
  EXPECT_TRUE(fs::exists(dir.File("out/content/Images/Logo.png")));
  EXPECT_FALSE(fs::exists(dir.File("out/content/images/logo.png")));
  EXPECT_FALSE(fs::exists(dir.File("out/content/__MACOSX")));
  EXPECT_FALSE(fs::exists(dir.File("out/content/.DS_Store")));
  const ValidationResult verified = Verify(dir.File("out"));
  EXPECT_FALSE(verified.report.HasErrors()) << ReportToJson(verified.report);
  ASSERT_EQ(verified.model.resources.size(), 1u);
  EXPECT_EQ(verified.model.resources[0].launch, "content/index.html");
  EXPECT_EQ(verified.model.resources[0].parameters, "?lang=hi");
  EXPECT_EQ(verified.model.resources[0].tracking, "scorm12");
}

TEST(Convert, AStandalonePdfBecomesACourseWithOneResource) {
  TempDir dir;
  ConvertResult result = Convert(test::CorpusDir() + "/sunbird/upload_fixtures/sample.pdf", dir.File("p.cpk"));
  ASSERT_TRUE(result.written) << result.refusal;
  const ValidationResult verified = Verify(dir.File("p.cpk"));
  EXPECT_FALSE(verified.report.HasErrors()) << ReportToJson(verified.report);
  ASSERT_EQ(verified.model.resources.size(), 1u);
  EXPECT_EQ(verified.model.resources[0].type, "pdf");
  EXPECT_EQ(verified.model.resources[0].launch, "content/sample.pdf");
  ASSERT_EQ(verified.model.organizations.size(), 1u);
  EXPECT_EQ(verified.model.organizations[0].items[0].resource, verified.model.resources[0].id);
}

TEST(Convert, AnHtml5PackageKeepsItsPagesAndFindsTheirScripts) {
  TempDir dir;
  test::WriteFile(dir.File("in.zip"), test::BuildZip({{"index.html",
                                                       "<html lang=\"hi\"><head><title>सड़क सुरक्षा</title></head><body>"
                                                       "<p>हेलमेट पहनें और सुरक्षित रहें। सीट बेल्ट लगाएँ।</p>"
                                                       "<img src=\"img/a.png\"></body></html>"},
                                                      {"img/a.png", "png bytes"}}));
  ConvertResult result = Convert(dir.File("in.zip"), dir.File("h.cpk"));
  ASSERT_TRUE(result.written) << result.refusal << ReportToJson(result.validation.report);
  const ValidationResult verified = Verify(dir.File("h.cpk"));
  EXPECT_FALSE(verified.report.HasErrors()) << ReportToJson(verified.report);
  ASSERT_EQ(verified.model.resources.size(), 1u);
  EXPECT_EQ(verified.model.resources[0].launch, "content/index.html");
  EXPECT_EQ(verified.model.resources[0].scripts, std::vector<std::string>{"Deva"});
  EXPECT_EQ(verified.model.source.kind, "html5");
}

TEST(Verify, TamperingIsCaught) {
  TempDir dir;
  Convert(SampleCourse(), dir.File("p"), true);
  std::string victim;
  for (const auto& e : fs::recursive_directory_iterator(dir.File("p/content"))) {
    if (e.is_regular_file()) {
      victim = e.path().string();
      break;
    }
  }
  ASSERT_FALSE(victim.empty());
  const std::string original = test::ReadFile(victim);

  std::string flipped = original;
  flipped[flipped.size() / 2] ^= 0x01;
  test::WriteFile(victim, flipped);
  EXPECT_EQ(Codes(Verify(dir.File("p")).report), std::set<std::string>{"package.file-corrupt"});

  fs::remove(victim);
  EXPECT_EQ(Codes(Verify(dir.File("p")).report), std::set<std::string>{"package.file-missing"});

  test::WriteFile(victim, original);
  test::WriteFile(dir.File("p/content/extra.js"), "alert(1)");
  EXPECT_EQ(Codes(Verify(dir.File("p")).report), std::set<std::string>{"package.file-unlisted"});
  fs::remove(dir.File("p/content/extra.js"));

  std::string manifest = test::ReadFile(dir.File("p/manifest.json"));
  const std::string pristine = manifest;
  manifest.replace(manifest.find("\"coursepack/1\","), 15, "\"coursepack/1\", \"unexpected\": 1,");
  test::WriteFile(dir.File("p/manifest.json"), manifest);
  EXPECT_TRUE(Verify(dir.File("p")).report.Has("package.schema"));
  test::WriteFile(dir.File("p/manifest.json"), pristine);
  EXPECT_TRUE(Codes(Verify(dir.File("p")).report).empty());
}

TEST(Verify, AByteFlippedInsideACpkIsCorrupt) {
  TempDir dir;
  Convert(SampleCourse(), dir.File("a.cpk"));
  std::string zip = test::ReadFile(dir.File("a.cpk"));
  // Flip a byte in the data of the last stored or deflated entry before the central directory.
  const size_t central = zip.find("PK\1\2");
  ASSERT_NE(central, std::string::npos);
  zip[central - 20] ^= 0x20;
  test::WriteFile(dir.File("a.cpk"), zip);
  const ValidationResult v = Verify(dir.File("a.cpk"));
  EXPECT_TRUE(v.report.Has("package.file-corrupt")) << ReportToJson(v.report);
}

TEST(Verify, AnUploadIsNotANormalisedPackage) {
  JobSpec spec;
  spec.command = "verify";
  spec.input = SampleCourse();
  const JobResult result = RunJob(TheEngine(), spec);
  EXPECT_EQ(result.exit_code, ExitCode::kContentErrors);
  EXPECT_EQ(Codes(result.validation.report), std::set<std::string>{"package.not-normalised"});
}

TEST(Convert, CancelledHalfWayLeavesNothing) {
  TempDir dir;
  std::vector<ZipEntrySpec> entries = {{"index.html", "<html></html>"}};
  for (int i = 0; i < 8; ++i)
    entries.push_back({"media/clip" + std::to_string(i) + ".bin", std::string(4 << 20, 'x'), false});
  test::WriteFile(dir.File("in.zip"), test::BuildZip(entries));
  fs::create_directories(dir.File("out"));
  for (const std::string& stage : std::vector<std::string>{"convert", "write"}) {
    SCOPED_TRACE(stage);
    ConvertOptions options;
    options.request.output = dir.File("out/a.cpk");
    options.progress = [&](const Progress& p) {
      if (p.stage == stage && p.done > p.total / 2) options.cancel.Cancel();
    };
    auto result = TheEngine().Convert(dir.File("in.zip"), options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kCancelled);
    EXPECT_TRUE(test::ListFolder(dir.File("out")).empty());
  }
}

TEST(Convert, AKilledConversionLeavesNoFileBehind) {
  TempDir dir;
  std::vector<ZipEntrySpec> entries = {{"index.html", "<html></html>"}};
  for (int i = 0; i < 16; ++i)
    entries.push_back({"media/clip" + std::to_string(i) + ".bin", std::string(8 << 20, 'y'), false});
  test::WriteFile(dir.File("in.zip"), test::BuildZip(entries));
  fs::create_directories(dir.File("out"));
  test::WriteFile(dir.File("out/a.cpk"), "old package");
  for (const std::string& stage : std::vector<std::string>{"convert", "write"}) {
    SCOPED_TRACE(stage);
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(ready[0]);
      Engine engine;
      ConvertOptions options;
      options.request.output = dir.File("out/a.cpk");
      bool told = false;
      options.progress = [&](const Progress& p) {
        if (!told && p.stage == stage && p.done > p.total / 2) {
          told = true;
          (void)!write(ready[1], "x", 1);
          pause();  // wait to be killed half way
        }
      };
      (void)engine.Convert(dir.File("in.zip"), options);
      _exit(0);
    }
    close(ready[1]);
    char c;
    ASSERT_EQ(read(ready[0], &c, 1), 1);
    close(ready[0]);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(test::ListFolder(dir.File("out")), std::vector<std::string>{"a.cpk"});
    EXPECT_EQ(test::ReadFile(dir.File("out/a.cpk")), "old package");
  }
}

}  // namespace
}  // namespace cpk
