// CourseModelFromJson reads back exactly what CourseModelToJson writes, and refuses hostile
// documents with an error instead of an exception.
#include <gtest/gtest.h>

#include "cpk/core/course_model.hpp"

namespace cpk {
namespace {

CourseModel Sample() {
  CourseModel m;
  m.id = "com.example.course";
  m.title = {{"en", "Road safety"}, {"hi", "सड़क सुरक्षा"}};
  m.description = {{"en", "Basics"}};
  m.languages = {"hi", "en"};
  m.keywords = {"road", "safety"};
  m.source = {"scorm2004", "2004 4th Edition", "upload.zip", std::string(64, 'a'), 1234};
  Item leaf;
  leaf.id = "item-1";
  leaf.title = {{"und", "Lesson"}};
  leaf.resource = "r1";
  leaf.parameters = "?a=b";
  leaf.visible = false;
  leaf.mastery_score = 0.8;
  leaf.move_on = "CompletedOrPassed";
  leaf.completion_threshold = 0.5;
  leaf.max_time_allowed = "PT1H";
  leaf.sequencing = ExtensionNode{"sequencing",
                                  "http://www.imsglobal.org/xsd/imsss",
                                  {{"ID", "s1"}},
                                  "",
                                  {ExtensionNode{"controlMode", "", {{"flow", "true"}}, "", {}}}};
  Item folder;
  folder.id = "folder";
  folder.title = {{"en", "Module"}};
  folder.children = {leaf};
  m.organizations = {Organization{"org", {{"en", "Course"}}, {folder}, std::nullopt}};
  m.default_organization = "org";
  m.resources = {Resource{
      "r1", "sco", "content/index.html", "?x=1", "scorm2004", {"content/index.html"}, {"dep"}, {"hi"}, {"Deva"}, 4096}};
  m.files = {File{"content/index.html", 42, "text/html", std::string(64, 'b')}};
  m.sequencing_collection = ExtensionNode{"sequencingCollection", "http://www.imsglobal.org/xsd/imsss", {}, "", {}};
  return m;
}

TEST(CourseModelJson, RoundTripsEveryField) {
  const std::string json = CourseModelToJson(Sample());
  auto back = CourseModelFromJson(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(CourseModelToJson(*back), json);
  const Item& leaf = back->organizations[0].items[0].children[0];
  EXPECT_FALSE(leaf.visible);
  EXPECT_EQ(leaf.mastery_score, 0.8);
  EXPECT_EQ(leaf.sequencing->children[0].attributes[0].second, "true");
  EXPECT_EQ(back->files[0].sha256, std::string(64, 'b'));
  EXPECT_EQ(back->resources[0].tracking, "scorm2004");
}

TEST(CourseModelJson, HostileDocumentsAreErrors) {
  EXPECT_EQ(CourseModelFromJson("{").error().code, Errc::kMalformed);
  EXPECT_EQ(CourseModelFromJson("[]").error().code, Errc::kMalformed);
  auto wrong = CourseModelFromJson(R"({"files": [{"path": 7}]})");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("'path' must be a string"), std::string::npos);
  EXPECT_FALSE(CourseModelFromJson(R"({"files": [{"path": "a", "bytes": -1}]})"));
  EXPECT_FALSE(CourseModelFromJson(R"({"title": {"en": 1}})"));
  // Nesting that would exhaust the stack of a recursive parser.
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_FALSE(CourseModelFromJson(deep));
  // Brackets inside strings do not count as nesting.
  const std::string quoted = R"({"id": ")" + std::string(1000, '[') + R"("})";
  EXPECT_TRUE(CourseModelFromJson(quoted));
}

}  // namespace
}  // namespace cpk
