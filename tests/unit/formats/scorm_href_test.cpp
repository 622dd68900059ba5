#include <gtest/gtest.h>

#include "href.hpp"

namespace cpk::formats::scorm::internal {
namespace {

TEST(ScormHref, ResolvesBaseQueryAndDotSegments) {
  const ResolvedHref r = ResolveHref("content/", "./lesson1/../index.html?page=2#top");
  EXPECT_EQ(r.path, "content/index.html");
  EXPECT_EQ(r.query, "?page=2#top");
  EXPECT_FALSE(r.external);
  EXPECT_TRUE(r.encoding_problem.empty());
}

TEST(ScormHref, DecodesPercentEscapesAndNfc) {
  EXPECT_EQ(ResolveHref("", "shared/launch%20page.html").path, "shared/launch page.html");
  EXPECT_EQ(ResolveHref("", "caf%65%CC%81.html").path, "caf\xc3\xa9.html");
}

TEST(ScormHref, ReportsEncodingProblems) {
  EXPECT_NE(ResolveHref("", "a b.html").encoding_problem.find("space"), std::string::npos);
  EXPECT_NE(ResolveHref("", "100%.html").encoding_problem.find("hexadecimal"), std::string::npos);
  const ResolvedHref bs = ResolveHref("", "shared\\page.html");
  EXPECT_NE(bs.encoding_problem.find("'\\'"), std::string::npos);
  EXPECT_EQ(bs.path, "shared/page.html");
}

TEST(ScormHref, ExternalAndEscaping) {
  EXPECT_TRUE(ResolveHref("", "https://example.org/x.html").external);
  EXPECT_FALSE(ResolveHref("", "C:/course/x.html").external);  // a drive letter is not a scheme
  EXPECT_EQ(ResolveHref("", "../../x.js").escapes, 2);
  EXPECT_EQ(ResolveHref("a/", "../x.js").escapes, 0);
}

}  // namespace
}  // namespace cpk::formats::scorm::internal
