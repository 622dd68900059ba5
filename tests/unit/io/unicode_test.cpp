// Script detection over page text, for the `scripts` of a converted package's resources.
#include <gtest/gtest.h>

#include "cpk/io/unicode.hpp"

namespace cpk::io {
namespace {

TEST(ScriptsOf, MostUsedFirstIgnoringDigitsAndPunctuation) {
  EXPECT_EQ(ScriptsOf("सड़क सुरक्षा नियम: हेलमेट पहनें, 2024 (Road safety)"), (std::vector<std::string>{"Deva", "Latn"}));
  EXPECT_EQ(ScriptsOf("সড়ক নিরাপত্তা"), std::vector<std::string>{"Beng"});
  EXPECT_EQ(ScriptsOf("سڑک کی حفاظت"), std::vector<std::string>{"Arab"});
  EXPECT_EQ(ScriptsOf("ᱥᱟᱱᱛᱟᱲᱤ"), std::vector<std::string>{"Olck"});
  EXPECT_EQ(ScriptsOf("ꯃꯩꯇꯩ ꯃꯌꯦꯛ"), std::vector<std::string>{"Mtei"});
  EXPECT_TRUE(ScriptsOf("12345 !?").empty());
  // One Latin word in a long Tamil page is noise.
  std::string tamil;
  for (int i = 0; i < 200; ++i) tamil += "தமிழ் ";
  EXPECT_EQ(ScriptsOf(tamil + "OK"), std::vector<std::string>{"Taml"});
  EXPECT_TRUE(ScriptsOf("\xff\xfe").empty());
}

TEST(VisibleTextOfHtml, DropsMarkupScriptsStylesAndComments) {
  const std::string text = VisibleTextOfHtml(
      "<html><head><title>शीर्षक</title><style>p{color:red}</style><SCRIPT>var x = 'abc';</SCRIPT></head>"
      "<body><!-- hidden --><p class=\"x\">नमस्ते <b>world</b></p></body></html>");
  EXPECT_NE(text.find("शीर्षक"), std::string::npos);
  EXPECT_NE(text.find("नमस्ते"), std::string::npos);
  EXPECT_NE(text.find("world"), std::string::npos);
  EXPECT_EQ(text.find("color"), std::string::npos);
  EXPECT_EQ(text.find("abc"), std::string::npos);
  EXPECT_EQ(text.find("hidden"), std::string::npos);
  EXPECT_EQ(text.find("class"), std::string::npos);
  EXPECT_EQ(VisibleTextOfHtml("<script>unterminated"), " ");
}

}  // namespace
}  // namespace cpk::io
