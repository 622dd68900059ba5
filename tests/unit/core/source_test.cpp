#include "cpk/core/source.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

namespace cpk {
namespace {

/// An in-memory Source for testing the shared behaviour.
class MemorySource final : public Source {
 public:
  explicit MemorySource(std::map<std::string, std::string> files) : Source("mem"), files_(std::move(files)) {
    std::vector<EntryInfo> entries;
    uint64_t i = 0;
    for (const auto& [path, data] : files_) entries.push_back({path, path, data.size(), data.size(), false, i++});
    SetEntries(std::move(entries));
  }
  SourceKind kind() const override { return SourceKind::kFolder; }
  Result<std::unique_ptr<EntryReader>> Open(const EntryInfo& entry) override {
    const std::string full = root() + entry.path;
    auto it = files_.find(full);
    if (it == files_.end()) return Fail(Errc::kNotFound, full);
    return std::unique_ptr<EntryReader>(std::make_unique<Reader>(it->second));
  }

 private:
  struct Reader final : EntryReader {
    explicit Reader(const std::string& d) : data(d) {}
    Result<size_t> Read(char* buffer, size_t size) override {
      const size_t n = std::min(size, data.size() - pos);
      std::memcpy(buffer, data.data() + pos, n);
      pos += n;
      return n;
    }
    const std::string& data;
    size_t pos = 0;
  };
  std::map<std::string, std::string> files_;
};

TEST(Source, FindsExactAndCaseInsensitive) {
  MemorySource s({{"shared/LaunchPage.html", "x"}, {"imsmanifest.xml", "<m/>"}});
  EXPECT_NE(s.Find("imsmanifest.xml"), nullptr);
  EXPECT_EQ(s.Find("shared/launchpage.html"), nullptr);
  const auto ci = s.FindIgnoringCase("shared/launchpage.html");
  ASSERT_EQ(ci.size(), 1u);
  EXPECT_EQ(ci[0]->path, "shared/LaunchPage.html");
}

TEST(Source, RerootStripsTheParentFolder) {
  MemorySource s({{"Course/imsmanifest.xml", "<m/>"}, {"Course/a/b.html", "b"}, {"other.txt", "o"}});
  s.Reroot("Course/");
  ASSERT_EQ(s.entries().size(), 2u);
  EXPECT_NE(s.Find("imsmanifest.xml"), nullptr);
  EXPECT_EQ(s.Find("other.txt"), nullptr);
  EXPECT_EQ(*s.ReadAll("a/b.html", 10), "b");
  s.Reroot("");
  EXPECT_EQ(s.entries().size(), 3u);
}

TEST(Source, ExcludedEntriesCannotBeRead) {
  MemorySource s({{"a.txt", "a"}, {"b.txt", "b"}});
  s.Exclude({"a.txt"});
  EXPECT_EQ(s.Find("a.txt"), nullptr);
  EXPECT_EQ(s.ReadAll("a.txt", 10).error().code, Errc::kNotFound);
  EXPECT_TRUE(s.ReadAll("b.txt", 10));
}

TEST(Source, ReadAllStopsAtTheLimit) {
  MemorySource s({{"big.bin", std::string(1000, 'x')}});
  auto r = s.ReadAll("big.bin", 999);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(s.ReadAll("big.bin", 1000)->size(), 1000u);
}

}  // namespace
}  // namespace cpk
