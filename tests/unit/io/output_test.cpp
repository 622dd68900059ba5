// Output side of sdk/io: SHA-256, the spill file, the deterministic atomic zip writer and the
// staging folder of `--dir` outputs.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cpk/core/report.hpp"
#include "cpk/io/atomic_output.hpp"
#include "cpk/io/open.hpp"
#include "cpk/io/sha256.hpp"
#include "cpk/io/spill_file.hpp"
#include "cpk/io/zip_writer.hpp"
#include "zip_builder.hpp"

namespace cpk::io {
namespace {

namespace fs = std::filesystem;
using cpk::test::TempDir;

/// Compression method of each central-directory record, in order.
std::vector<std::pair<std::string, int>> CentralMethods(const std::string& zip) {
  std::vector<std::pair<std::string, int>> out;
  for (size_t at = zip.find("PK\1\2"); at != std::string::npos; at = zip.find("PK\1\2", at + 4)) {
    auto u16 = [&](size_t o) { return static_cast<uint8_t>(zip[at + o]) | static_cast<uint8_t>(zip[at + o + 1]) << 8; };
    out.emplace_back(zip.substr(at + 46, u16(28)), u16(10));
  }
  return out;
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  for (int i = 0; i < 1000; ++i) h.Update(std::string(1000, 'a'));
  EXPECT_EQ(h.FinishHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");  // a x 10^6
  EXPECT_EQ(h.FinishHex(), Sha256Hex(""));  // starts over after finishing
}

TEST(SpillFile, AppendsAndReadsBackWithoutAName) {
  TempDir dir;
  auto spill = SpillFile::Create(dir.path());
  ASSERT_TRUE(spill) << spill.error().message;
  auto a = (*spill)->Append("hello");
  const std::string big(1 << 20, 'x');
  size_t fed = 0;
  auto b = (*spill)->AppendStream([&](char* buf, size_t n) -> Result<size_t> {
    const size_t k = std::min(n, big.size() - fed);
    std::memcpy(buf, big.data() + fed, k);
    fed += k;
    return k;
  });
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->offset, 0u);
  EXPECT_EQ(b->offset, 5u);
  EXPECT_EQ(b->size, big.size());
  EXPECT_EQ(*(*spill)->Read(*a), "hello");
  EXPECT_EQ(*(*spill)->Read(*b), big);
  EXPECT_TRUE(test::ListFolder(dir.path()).empty()) << "the spill file must have no name";
}

TEST(SpillFile, FailedStreamLeavesNoPartialRange) {
  TempDir dir;
  auto spill = *SpillFile::Create(dir.path());
  int calls = 0;
  auto r = spill->AppendStream([&](char* buf, size_t) -> Result<size_t> {
    if (calls++ == 0) {
      buf[0] = 'z';
      return size_t{1};
    }
    return Fail(Errc::kIo, "boom");
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(spill->size(), 0u);
}

struct Written {
  std::string bytes;
};

Written WriteSample(const std::string& target, std::shared_ptr<SpillFile> spill) {
  auto writer = ZipWriter::Create(target);
  EXPECT_TRUE(writer) << writer.error().message;
  auto range = spill->Append(std::string(50000, 'v'));
  EXPECT_TRUE((*writer)->AddBytes("manifest.json", "{\"format\":\"coursepack/1\"}", ZipCompression::kDeflate));
  EXPECT_TRUE((*writer)->AddRange("media/v1/seg.m4s", spill, *range, ZipCompression::kStore));
  EXPECT_TRUE((*writer)->AddBytes("content/नमस्ते.html", "<p>नमस्ते</p>", ZipCompression::kDeflate));
  Status s = (*writer)->Commit();
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return {test::ReadFile(target)};
}

TEST(ZipWriter, WritesEntriesInOrderWithTheirCompression) {
  TempDir dir;
  auto spill = *SpillFile::Create(dir.path());
  const std::string target = dir.File("out.cpk");
  WriteSample(target, spill);
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"out.cpk"});

  const auto methods = CentralMethods(test::ReadFile(target));
  ASSERT_EQ(methods.size(), 3u);
  EXPECT_EQ(methods[0], std::make_pair(std::string("manifest.json"), 8));
  EXPECT_EQ(methods[1], std::make_pair(std::string("media/v1/seg.m4s"), 0));
  EXPECT_EQ(methods[2].first, "content/नमस्ते.html");

  Report report("out.cpk", 100);
  auto source = OpenZip(target, Limits{}, report);
  ASSERT_TRUE(source);
  ASSERT_TRUE(VerifyEntries(**source, Limits{}, report));
  EXPECT_TRUE(report.diagnostics().empty());
  EXPECT_EQ(*(*source)->ReadAll("media/v1/seg.m4s", 1 << 20), std::string(50000, 'v'));
  EXPECT_EQ(*(*source)->ReadAll("content/नमस्ते.html", 1 << 20), "<p>नमस्ते</p>");
}

TEST(ZipWriter, SameEntriesGiveTheSameBytesWhateverTheTimeZone) {
  TempDir dir;
  auto spill = *SpillFile::Create(dir.path());
  const std::string first = WriteSample(dir.File("a.cpk"), spill).bytes;
  setenv("TZ", "Asia/Kolkata", 1);
  tzset();
  const std::string second = WriteSample(dir.File("b.cpk"), spill).bytes;
  unsetenv("TZ");
  tzset();
  EXPECT_EQ(first, second);
  // 1980-01-01 00:00 in the first local header: time 0x0000, date 0x0021.
  EXPECT_EQ(first.substr(10, 4), std::string("\0\0\x21\0", 4));
}

TEST(ZipWriter, ReplacesAnOldFileOnlyWhenComplete) {
  TempDir dir;
  const std::string target = dir.File("out.cpk");
  cpk::test::WriteFile(target, "old");
  {
    auto writer = *ZipWriter::Create(target);
    ASSERT_TRUE(writer->AddBytes("a.txt", "new", ZipCompression::kDeflate));
    EXPECT_EQ(test::ReadFile(target), "old") << "nothing changes before Commit";
  }  // abandoned
  EXPECT_EQ(test::ReadFile(target), "old");
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"out.cpk"});
  auto writer = *ZipWriter::Create(target);
  ASSERT_TRUE(writer->AddBytes("a.txt", "new", ZipCompression::kDeflate));
  ASSERT_TRUE(writer->Commit());
  EXPECT_EQ(test::ReadFile(target).substr(0, 4), "PK\3\4");
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"out.cpk"});
}

TEST(ZipWriter, CancelledWritingLeavesNothing) {
  TempDir dir;
  auto spill = *SpillFile::Create(dir.path());
  auto writer = *ZipWriter::Create(dir.File("out.cpk"));
  for (int i = 0; i < 4; ++i) {
    auto range = spill->Append(std::string(1 << 20, static_cast<char>('a' + i)));
    ASSERT_TRUE(writer->AddRange("part" + std::to_string(i), spill, *range, ZipCompression::kStore));
  }
  CancellationToken cancel;
  Status s = writer->Commit(cancel, [&](const Progress& p) {
    if (p.done > (1u << 20)) cancel.Cancel();
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kCancelled);
  EXPECT_TRUE(test::ListFolder(dir.path()).empty());
}

TEST(ZipWriter, AnArchiveCanBeWrittenIntoASpillFileToNestItInAnother) {
  TempDir dir;
  auto spill = *SpillFile::Create(dir.path());
  auto inner = *ZipWriter::Create(dir.File("unused.zip"));
  ASSERT_TRUE(inner->AddBytes("index.html", "<html>inner</html>", ZipCompression::kDeflate));
  auto range = inner->CommitInto(*spill);
  ASSERT_TRUE(range) << range.error().message;
  EXPECT_TRUE(test::ListFolder(dir.path()).empty()) << "nothing is named";
  auto outer = *ZipWriter::Create(dir.File("outer.zip"));
  ASSERT_TRUE(outer->AddRange("item/artifact.zip", spill, *range, ZipCompression::kStore));
  ASSERT_TRUE(outer->Commit());

  Report report("outer.zip", 100);
  auto source = OpenZip(dir.File("outer.zip"), Limits{}, report);
  ASSERT_TRUE(source);
  const std::string artifact = *(*source)->ReadAll("item/artifact.zip", 1 << 20);
  test::WriteFile(dir.File("artifact.zip"), artifact);
  auto nested = OpenZip(dir.File("artifact.zip"), Limits{}, report);
  ASSERT_TRUE(nested);
  EXPECT_EQ(*(*nested)->ReadAll("index.html", 1 << 20), "<html>inner</html>");
  EXPECT_TRUE(report.diagnostics().empty());
}

TEST(ZipWriter, UnwritableFolderIsAnError) {
  auto writer = ZipWriter::Create("/nonexistent-folder/out.cpk");
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, Errc::kIo);
}

TEST(StagingDirectory, AppearsOnlyOnCommitAndReplacesTheOldFolder) {
  TempDir dir;
  const std::string target = dir.File("pkg");
  fs::create_directories(target + "/stale");
  cpk::test::WriteFile(target + "/stale/old.txt", "old");
  auto spill = *SpillFile::Create(dir.path());
  auto range = *spill->Append("segment");
  {
    auto staging = *StagingDirectory::Create(target);
    ASSERT_TRUE(staging->WriteBytes("manifest.json", "{}"));
    ASSERT_TRUE(staging->WriteRange("media/v1/seg.m4s", *spill, range));
    EXPECT_FALSE(staging->WriteBytes("../escape.txt", "x"));
    EXPECT_FALSE(staging->WriteBytes("/abs.txt", "x"));
    EXPECT_TRUE(fs::exists(target + "/stale/old.txt"));
    ASSERT_TRUE(staging->Commit());
  }
  EXPECT_EQ(test::ReadFile(target + "/manifest.json"), "{}");
  EXPECT_EQ(test::ReadFile(target + "/media/v1/seg.m4s"), "segment");
  EXPECT_FALSE(fs::exists(target + "/stale"));
  EXPECT_FALSE(fs::exists(dir.File("escape.txt")));
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"pkg"});
}

TEST(StagingDirectory, AbandonedWorkIsRemovedButALiveOneIsKept) {
  TempDir dir;
  const std::string target = dir.File("pkg");
  {
    auto abandoned = *StagingDirectory::Create(target);
    ASSERT_TRUE(abandoned->WriteBytes("a.txt", "x"));
  }  // destroyed without Commit
  EXPECT_TRUE(test::ListFolder(dir.path()).empty());

  // A folder left by a killed process (no lock held) is swept by the next run for the target.
  fs::create_directories(dir.File(".pkg.partial-deadbeef/content"));
  auto live = *StagingDirectory::Create(target);
  EXPECT_FALSE(fs::exists(dir.File(".pkg.partial-deadbeef")));
  // A staging folder in use by another writer (locked) survives a sweep.
  auto other = *StagingDirectory::Create(target);
  EXPECT_TRUE(fs::exists(live->path()));
  EXPECT_TRUE(fs::exists(other->path()));
}

}  // namespace
}  // namespace cpk::io
