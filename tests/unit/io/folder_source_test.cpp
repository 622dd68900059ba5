#include <gtest/gtest.h>

#include <filesystem>

#include "cpk/core/report.hpp"
#include "cpk/io/open.hpp"
#include "zip_builder.hpp"

namespace cpk::io {
namespace {

namespace fs = std::filesystem;

TEST(FolderSource, ListsFilesAndSkipsSymlinks) {
  test::TempDir dir;
  fs::create_directories(dir.File("course/shared"));
  test::WriteFile(dir.File("course/imsmanifest.xml"), "<manifest/>");
  test::WriteFile(dir.File("course/shared/a.html"), "a");
  fs::create_symlink("/etc/passwd", dir.File("course/passwd"));
  fs::create_directory_symlink("/etc", dir.File("course/etc"));
  Report report;
  auto s = OpenSource(dir.File("course"), {}, report);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->kind(), SourceKind::kFolder);
  EXPECT_NE((*s)->Find("shared/a.html"), nullptr);
  EXPECT_EQ((*s)->Find("passwd"), nullptr);
  EXPECT_EQ((*s)->Find("etc/passwd"), nullptr);
  EXPECT_TRUE(report.Has("input.symlink"));
  EXPECT_EQ(*(*s)->ReadAll("shared/a.html", 10), "a");
}

TEST(FileSource, OneEntryNamedAfterTheFile) {
  test::TempDir dir;
  test::WriteFile(dir.File("lecture.pdf"), "%PDF-1.4\n");
  Report report;
  auto s = OpenSource(dir.File("lecture.pdf"), {}, report);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->kind(), SourceKind::kFile);
  ASSERT_EQ((*s)->entries().size(), 1u);
  EXPECT_EQ((*s)->entries()[0].path, "lecture.pdf");
  EXPECT_EQ(*(*s)->ReadAll("lecture.pdf", 100), "%PDF-1.4\n");
}

TEST(FileSource, PerEntryLimitAppliesToPlainFiles) {
  test::TempDir dir;
  test::WriteFile(dir.File("big.bin"), std::string(5000, 'x'));
  Limits limits;
  limits.max_entry_bytes = 4096;
  Report report;
  auto s = OpenSource(dir.File("big.bin"), limits, report);
  ASSERT_TRUE(s);
  auto data = (*s)->ReadAll("big.bin", 1 << 20);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace cpk::io
