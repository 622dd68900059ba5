// Hostile archives built byte by byte: every safety rule of sdk/io gives its own code, and an
// entry that breaks one is never readable as content.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "cpk/core/report.hpp"
#include "cpk/io/codes.hpp"
#include "cpk/io/open.hpp"
#include "zip_builder.hpp"

namespace cpk::io {
namespace {

using test::BuildZip;
using test::TempDir;
using test::ZipEntrySpec;

struct Opened {
  std::unique_ptr<Source> source;
  Report report;
};

Opened OpenAndVerify(const std::string& path, const Limits& limits = {}) {
  Opened o;
  auto s = OpenSource(path, limits, o.report);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  if (!s) return o;
  o.source = std::move(*s);
  EXPECT_TRUE(VerifyEntries(*o.source, limits, o.report));
  return o;
}

Opened Make(const TempDir& dir, const std::vector<ZipEntrySpec>& entries, const Limits& limits = {}) {
  const std::string path = dir.File("t.zip");
  test::WriteFile(path, BuildZip(entries));
  return OpenAndVerify(path, limits);
}

std::string RandomBytes(size_t n, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

size_t CountCode(const Report& r, std::string_view code) {
  size_t n = 0;
  for (const auto& d : r.diagnostics()) n += d.code == code;
  return n;
}

TEST(ZipSource, ReadsAPlainArchive) {
  TempDir dir;
  auto o = Make(dir, {{.name = "imsmanifest.xml", .data = "<manifest/>"},
                      {.name = "shared/", .data = "", .deflate = false},
                      {.name = "shared/a.html", .data = "<p>hi</p>", .deflate = false}});
  EXPECT_TRUE(o.report.diagnostics().empty());
  ASSERT_NE(o.source->Find("shared/a.html"), nullptr);
  EXPECT_EQ(*o.source->ReadAll("imsmanifest.xml", 100), "<manifest/>");
  EXPECT_EQ(*o.source->ReadAll("shared/a.html", 100), "<p>hi</p>");
}

TEST(ZipSource, PathTraversalIsNeverRead) {
  TempDir dir;
  auto o = Make(dir, {{.name = "../../evil.txt", .data = "x"},
                      {.name = "shared/../../../escape.txt", .data = "x"},
                      {.name = "ok.txt", .data = "fine"}});
  EXPECT_EQ(CountCode(o.report, "zip.path-traversal"), 2u);
  EXPECT_EQ(o.source->entries().size(), 1u);
  EXPECT_EQ(o.source->Find("evil.txt"), nullptr);
  EXPECT_EQ(o.source->Find("escape.txt"), nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/../evil.txt"));
}

TEST(ZipSource, AbsolutePathsAreRefused) {
  TempDir dir;
  auto o = Make(dir, {{.name = "/tmp/abs-evil.txt", .data = "x"}, {.name = "C:\\boot.ini", .data = "x", .host_os = 0}});
  EXPECT_EQ(CountCode(o.report, "zip.absolute-path"), 2u);
  EXPECT_TRUE(o.source->entries().empty());
}

TEST(ZipSource, SymlinksAreRefused) {
  TempDir dir;
  auto o = Make(dir, {{.name = "link", .data = "/etc/passwd", .deflate = false, .unix_mode = 0120777}});
  EXPECT_TRUE(o.report.Has("zip.symlink"));
  EXPECT_EQ(o.source->Find("link"), nullptr);
}

TEST(ZipSource, TooManyEntriesAreRefusedBeforeOpening) {
  TempDir dir;
  std::vector<ZipEntrySpec> entries;
  entries.reserve(100000);
  for (int i = 0; i < 100000; ++i) entries.push_back({.name = "f" + std::to_string(i), .data = "", .deflate = false});
  auto o = Make(dir, entries);
  EXPECT_TRUE(o.report.Has("zip.too-many-entries"));
  EXPECT_TRUE(o.source->entries().empty());
}

TEST(ZipSource, EntryCountLimitIsConfigurable) {
  TempDir dir;
  std::vector<ZipEntrySpec> entries;
  for (int i = 0; i < 30; ++i) entries.push_back({.name = "f" + std::to_string(i), .data = "x"});
  Limits limits;
  limits.max_entries = 29;
  EXPECT_TRUE(Make(dir, entries, limits).report.Has("zip.too-many-entries"));
  limits.max_entries = 30;
  EXPECT_FALSE(Make(dir, entries, limits).report.Has("zip.too-many-entries"));
}

TEST(ZipSource, DecoyEndRecordInTheCommentDoesNotHideEntries) {
  // An archive comment holding an empty end-of-central-directory record: a reader that trusts
  // the last record sees 0 entries, while libzip opens the real directory.
  TempDir dir;
  std::vector<ZipEntrySpec> entries;
  for (int i = 0; i < 30; ++i) entries.push_back({.name = "f" + std::to_string(i), .data = "x"});
  std::string decoy("PK\x05\x06", 4);
  decoy.append(18, '\0');
  test::WriteFile(dir.File("decoy.zip"), BuildZip(entries, decoy));
  Limits limits;
  limits.max_entries = 20;
  auto o = OpenAndVerify(dir.File("decoy.zip"), limits);
  EXPECT_TRUE(o.report.Has("zip.too-many-entries"));
  EXPECT_TRUE(o.source->entries().empty());
}

TEST(ZipSource, TenGigabyteDeclaredEntryIsTooLarge) {
  TempDir dir;
  auto o = Make(dir, {{.name = "huge.mp4", .data = RandomBytes(1000), .declared_size = 10ull << 30}});
  EXPECT_TRUE(o.report.Has("zip.too-large"));
  EXPECT_EQ(o.source->Find("huge.mp4"), nullptr);
}

TEST(ZipSource, LyingSizeIsCountedOnTheRealBytes) {
  // Declares 100 bytes, inflates to 3 MiB: the per-entry limit (1 MiB) applies to what is read.
  TempDir dir;
  Limits limits;
  limits.max_entry_bytes = 1 << 20;
  auto o = Make(dir, {{.name = "liar.bin", .data = RandomBytes(3 << 20), .declared_size = 100}}, limits);
  EXPECT_TRUE(o.report.Has("zip.too-large"));
  EXPECT_EQ(o.source->Find("liar.bin"), nullptr);
}

TEST(ZipSource, TotalSizeIsCountedOnTheRealBytes) {
  TempDir dir;
  Limits limits;
  limits.max_total_bytes = 2 << 20;
  std::vector<ZipEntrySpec> entries;
  for (int i = 0; i < 4; ++i) entries.push_back({.name = "p" + std::to_string(i), .data = RandomBytes(1 << 20, i)});
  auto o = Make(dir, entries, limits);
  EXPECT_TRUE(o.report.Has("zip.too-large"));
  EXPECT_LE(o.source->entries().size(), 2u);
}

TEST(ZipSource, ThousandToOneBombIsCaught) {
  TempDir dir;
  auto o = Make(dir, {{.name = "bomb.txt", .data = std::string(50 << 20, '\0')}});
  EXPECT_TRUE(o.report.Has("zip.bomb"));
  EXPECT_EQ(o.source->Find("bomb.txt"), nullptr);
}

TEST(ZipSource, BombWithLyingHeaderIsCaughtWhileReading) {
  TempDir dir;
  auto o = Make(dir, {{.name = "bomb.txt", .data = std::string(50 << 20, 'a'), .declared_size = 10}});
  EXPECT_TRUE(o.report.Has("zip.bomb"));
  EXPECT_EQ(o.source->Find("bomb.txt"), nullptr);
}

TEST(ZipSource, SmallRepetitiveFilesAreNotBombs) {
  TempDir dir;
  auto o = Make(dir, {{.name = "pad.css", .data = std::string(500 << 10, ' ')}});
  EXPECT_FALSE(o.report.Has("zip.bomb"));
}

TEST(ZipSource, EncryptedEntriesAreRefused) {
  TempDir dir;
  auto o =
      Make(dir, {{.name = "secret.html", .data = "x", .encrypted_flag = true}, {.name = "open.html", .data = "y"}});
  EXPECT_TRUE(o.report.Has("zip.encrypted"));
  EXPECT_EQ(o.source->Find("secret.html"), nullptr);
  EXPECT_NE(o.source->Find("open.html"), nullptr);
}

TEST(ZipSource, DuplicateEntriesKeepTheFirst) {
  TempDir dir;
  auto o = Make(dir, {{.name = "a.html", .data = "first"}, {.name = "a.html", .data = "second"}});
  EXPECT_TRUE(o.report.Has("zip.duplicate-entry"));
  EXPECT_EQ(*o.source->ReadAll("a.html", 100), "first");
}

TEST(ZipSource, CaseCollisionsAreReported) {
  TempDir dir;
  auto o = Make(dir, {{.name = "Index.html", .data = "1"}, {.name = "index.html", .data = "2"}});
  EXPECT_TRUE(o.report.Has("zip.case-collision"));
  EXPECT_EQ(o.source->entries().size(), 2u);
}

TEST(ZipSource, WindowsArchiveWithBackslashesAndCp437Names) {
  TempDir dir;
  // "Präsentation\Einführung.html" in CP437 (ä = 0x84, ü = 0x81), made on MS-DOS/Windows.
  auto o = Make(dir, {{.name = "Pr\x84sentation\\Einf\x81hrung.html", .data = "x", .host_os = 0},
                      {.name = "shared\\launch.html", .data = "y", .host_os = 0}});
  EXPECT_TRUE(o.report.Has("zip.backslash-separator"));
  EXPECT_TRUE(o.report.Has("zip.name-encoding"));
  EXPECT_NE(o.source->Find("Pr\xc3\xa4sentation/Einf\xc3\xbchrung.html"), nullptr);
  EXPECT_EQ(*o.source->ReadAll("shared/launch.html", 10), "y");
}

TEST(ZipSource, NamesAreNfc) {
  TempDir dir;
  auto o = Make(dir, {{.name = "cafe\xcc\x81.html", .data = "x", .utf8_flag = true}});
  EXPECT_NE(o.source->Find("caf\xc3\xa9.html"), nullptr);
  EXPECT_FALSE(o.report.Has("zip.name-encoding"));
}

TEST(ZipSource, CrcMismatchIsCorrupt) {
  TempDir dir;
  auto o = Make(dir, {{.name = "a.js", .data = "var x = 1;", .crc = 0xDEADBEEF}, {.name = "b.js", .data = "ok"}});
  EXPECT_TRUE(o.report.Has("zip.corrupt"));
  EXPECT_EQ(o.source->Find("a.js"), nullptr);
  EXPECT_NE(o.source->Find("b.js"), nullptr);
}

TEST(ZipSource, TruncatedArchiveIsCorrupt) {
  TempDir dir;
  std::string bytes = BuildZip({{.name = "a.txt", .data = RandomBytes(4096)}, {.name = "b.txt", .data = "b"}});
  bytes.resize(bytes.size() / 2);
  test::WriteFile(dir.File("cut.zip"), bytes);
  auto o = OpenAndVerify(dir.File("cut.zip"));
  EXPECT_TRUE(o.report.Has("zip.corrupt"));
  EXPECT_TRUE(o.source->entries().empty());
}

TEST(ZipSource, UnsupportedCompressionIsReported) {
  TempDir dir;
  auto o = Make(dir, {{.name = "a.txt", .data = "abc", .deflate = false, .method = 97}});
  EXPECT_TRUE(o.report.Has("zip.unsupported-compression"));
  EXPECT_EQ(o.source->Find("a.txt"), nullptr);
}

TEST(ZipSource, NotAZipIsReported) {
  TempDir dir;
  test::WriteFile(dir.File("course.zip"), "this is a text file, not an archive\n");
  auto o = OpenAndVerify(dir.File("course.zip"));
  EXPECT_TRUE(o.report.Has("input.not-a-zip"));
}

TEST(OpenSource, MissingInputFails) {
  Report report;
  auto s = OpenSource("/nonexistent/course.zip", {}, report);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kNotFound);
}

TEST(ZipSource, InputIsNeverModified) {
  TempDir dir;
  const std::string bytes = BuildZip({{.name = "../x", .data = "1"}, {.name = "a", .data = "2"}});
  test::WriteFile(dir.File("in.zip"), bytes);
  const auto before = std::filesystem::last_write_time(dir.File("in.zip"));
  auto o = OpenAndVerify(dir.File("in.zip"));
  o.source.reset();
  EXPECT_EQ(std::filesystem::last_write_time(dir.File("in.zip")), before);
  std::ifstream in(dir.File("in.zip"), std::ios::binary);
  const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, bytes);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);  // nothing was extracted or written beside it
}

}  // namespace
}  // namespace cpk::io
