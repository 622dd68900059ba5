#include "entry_names.hpp"

#include <gtest/gtest.h>

#include "cpk/core/report.hpp"
#include "cpk/io/codes.hpp"

namespace cpk::internal {
namespace {

TEST(EntryNames, NormalisesSeparatorsAndDotSegments) {
  EXPECT_EQ(NormaliseEntryName("a/./b//c.html").path, "a/b/c.html");
  EXPECT_EQ(NormaliseEntryName("a/x/../c.html").path, "a/c.html");
  const NameCheck bs = NormaliseEntryName("shared\\launch.html");
  EXPECT_TRUE(bs.had_backslash);
  EXPECT_EQ(bs.path, "shared/launch.html");
  EXPECT_TRUE(NormaliseEntryName("dir/").is_directory);
  EXPECT_EQ(NormaliseEntryName("dir/").path, "dir/");
}

TEST(EntryNames, RejectsEscapesAndAbsolutePaths) {
  EXPECT_EQ(NormaliseEntryName("../evil.txt").violation, &codes::kZipPathTraversal);
  EXPECT_EQ(NormaliseEntryName("a/../../evil.txt").violation, &codes::kZipPathTraversal);
  EXPECT_EQ(NormaliseEntryName("..\\..\\evil.txt").violation, &codes::kZipPathTraversal);
  EXPECT_EQ(NormaliseEntryName("/etc/passwd").violation, &codes::kZipAbsolutePath);
  EXPECT_EQ(NormaliseEntryName("C:\\Windows\\x.dll").violation, &codes::kZipAbsolutePath);
  EXPECT_EQ(NormaliseEntryName("\\\\server\\share\\x").violation, &codes::kZipAbsolutePath);
  EXPECT_EQ(NormaliseEntryName("a/..").violation, nullptr);  // stays at the root
}

TEST(EntryNames, ComposesToNfc) {
  // "cafe" + COMBINING ACUTE ACCENT → "café"; Devanagari nukta letters stay decomposed (NFC).
  EXPECT_EQ(NormaliseEntryName("cafe\xcc\x81.html").path, "caf\xc3\xa9.html");
  EXPECT_EQ(ToNfc("\xe0\xa5\x98"), "\xe0\xa4\x95\xe0\xa4\xbc");  // U+0958 → U+0915 U+093C
}

TEST(EntryNames, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xe0\xa4\xb9\xe0\xa4\xbf"));  // हि
  EXPECT_FALSE(IsValidUtf8("caf\x82"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

TEST(EntryCollector, ReportsDuplicatesAndCaseCollisions) {
  Report report;
  EntryCollector c(report);
  EXPECT_TRUE(c.Add("index.html", {}));
  EXPECT_FALSE(c.Add("index.html", {}));
  EXPECT_TRUE(c.Add("INDEX.html", {}));
  EXPECT_TRUE(report.Has(codes::kZipDuplicateEntry.id));
  EXPECT_TRUE(report.Has(codes::kZipCaseCollision.id));
  EXPECT_EQ(c.Take().size(), 2u);
}

}  // namespace
}  // namespace cpk::internal
