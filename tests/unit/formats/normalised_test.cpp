// The normalised package's own parts: the built-in schema, the manifest's shape, MIME types.
#include <gtest/gtest.h>

#include "cpk/core/json_schema.hpp"
#include "cpk/formats/normalised.hpp"

namespace cpk::normalised {
namespace {

CourseModel TwoOrganisations() {
  CourseModel m;
  m.id = std::string(64, 'a');
  m.title = {{"hi", "सड़क सुरक्षा"}};
  m.source = {"scorm2004", "2004 4th Edition", "upload.zip", std::string(64, 'a'), 10};
  Item item;
  item.id = "i1";
  item.title = {{"hi", "पाठ"}};
  item.resource = "r1";
  m.organizations = {Organization{"first", {{"en", "First"}}, {item}, std::nullopt},
                     Organization{"second", {{"en", "Second"}}, {}, std::nullopt}};
  m.default_organization = "second";
  m.resources = {Resource{"r1", "sco", "content/a.html", "", "scorm2004", {"content/a.html"}, {}, {}, {"Deva"}, 5}};
  m.files = {File{"content/a.html", 5, "text/html", std::string(64, 'b')}};
  return m;
}

TEST(NormalisedSchema, TheBuiltInSchemaCompilesAndAcceptsWhatWeWrite) {
  auto schema = JsonSchema::Compile(SchemaText());
  ASSERT_TRUE(schema) << schema.error().message;
  const std::string manifest = ManifestJson(TwoOrganisations(), {"low-bandwidth", "com.example"});
  EXPECT_TRUE(schema->Validate(manifest).empty()) << manifest;
  EXPECT_FALSE(schema->IsValid("{}"));
}

TEST(NormalisedManifest, TheDefaultOrganisationIsTheOrganizationAndReadsBack) {
  const std::string json = ManifestJson(TwoOrganisations(), {"standard", "com.example"});
  EXPECT_LT(json.find("\"organization\""), json.find("\"otherOrganizations\""));
  ManifestInfo info;
  auto back = ParseManifest(json, &info);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->default_organization, "second");
  ASSERT_EQ(back->organizations.size(), 2u);
  EXPECT_EQ(back->organizations[0].id, "second");
  EXPECT_EQ(back->organizations[1].items[0].title.at("hi"), "पाठ");
  EXPECT_EQ(info.identifier, "com.example");
  EXPECT_EQ(back->resources[0].scripts, std::vector<std::string>{"Deva"});
  EXPECT_EQ(back->files[0].sha256, std::string(64, 'b'));
  EXPECT_FALSE(ParseManifest("[1, 2"));
}

TEST(NormalisedMime, TypesAndStorage) {
  EXPECT_EQ(MimeTypeOf("content/Index.HTML"), "text/html");
  EXPECT_EQ(MimeTypeOf("media/v1/240p/seg-1.m4s"), "video/iso.segment");
  EXPECT_EQ(MimeTypeOf("media/v1/master.m3u8"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(MimeTypeOf("a/b.css"), "text/css");
  EXPECT_EQ(MimeTypeOf("a/.hidden"), "application/octet-stream");
  EXPECT_EQ(MimeTypeOf("README"), "application/octet-stream");
  EXPECT_TRUE(IsStoredUncompressed("image/jpeg"));
  EXPECT_TRUE(IsStoredUncompressed("video/mp4"));
  EXPECT_TRUE(IsStoredUncompressed("application/pdf"));
  EXPECT_FALSE(IsStoredUncompressed("image/svg+xml"));
  EXPECT_FALSE(IsStoredUncompressed("text/html"));
}

}  // namespace
}  // namespace cpk::normalised
