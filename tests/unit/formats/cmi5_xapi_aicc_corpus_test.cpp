// Every cmi5, TinCan/xAPI and AICC file of ../shared/corpus/scorm gives the expected kind and
// exactly the expected error codes (SOURCES.tsv and CHECK.tsv say what each file is; the
// CATAPULT file names say which requirement an invalid one breaks).
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <set>

#include "format_test_support.hpp"

namespace cpk {
namespace {

struct Expected {
  const char* file;
  const char* kind;
  std::set<std::string> errors;
};

const Expected kCorpus[] = {
    // cmi5: CATAPULT's course examples and LTS packages, the specification's examples.
    {"cmi5-lts-001-essentials.zip", "cmi5", {}},
    {"cmi5-lts-003-launchMethod-OwnWindow.zip", "cmi5", {}},
    {"cmi5-lts-004-1-moveOn-Completed.zip", "cmi5", {}},
    {"cmi5-lts-004-5-moveOn-NotApplicable.zip", "cmi5", {}},
    {"cmi5-lts-101-one-thousand-aus.xml", "cmi5", {}},
    {"cmi5-lts-102-zip64.zip", "cmi5", {}},
    // 3.0.0.0-1; the url is also relative in a standalone file (14.2.0.0-1).
    {"cmi5-lts-201-1-iris-course-id.xml", "cmi5", {"cmi5.id.not-iri", "cmi5.au.url-relative-no-zip"}},
    {"cmi5-lts-201-4-iris-objective-id.xml", "cmi5", {"cmi5.id.not-iri", "cmi5.au.url-relative-no-zip"}},
    {"cmi5-lts-202-1-relative-url-no-zip.xml", "cmi5", {"cmi5.au.url-relative-no-zip"}},
    {"cmi5-lts-203-1-relative-url-no-reference.zip", "cmi5", {"cmi5.au.launch-missing"}},
    // 8.1.0.0-6; the url is also relative in a standalone file (14.2.0.0-1).
    {"cmi5-lts-204-query-string-conflict-endpoint.xml", "cmi5", {"cmi5.au.url-invalid", "cmi5.au.url-relative-no-zip"}},
    {"cmi5-lts-205-1-duplicated-block.xml", "cmi5", {"cmi5.id.duplicate"}},
    // 13.1.3.0-1; the AU's idref also lacks the declared id's scheme, so it names no objective.
    {"cmi5-lts-205-2-duplicated-objective.xml", "cmi5", {"cmi5.id.duplicate", "cmi5.objective.unresolved"}},
    // 13.2.0.0-1 (<url> before <title>); the url also has a space in its host (13.1.4.0-2).
    {"cmi5-lts-207-1-invalid-courseStructure.xml", "cmi5", {"cmi5.schema", "cmi5.au.url-invalid"}},
    {"cmi5-lts-208-1-invalid-package.md", "unknown", {"package.format-unknown"}},
    {"cmi5-lts-209-1-not-a-zip.zip", "unknown", {"input.not-a-zip"}},
    // No cmi5.xml: nothing says cmi5, and an index.html at the top is a valid HTML5 package.
    {"cmi5-lts-210-1-no-cmi5-xml.zip", "html5", {}},
    {"cmi5-masteryscore_responsive.zip", "cmi5", {}},
    {"cmi5-multi_au_framed.zip", "cmi5", {}},
    {"cmi5-single_au_basic_framed.zip", "cmi5", {}},
    {"cmi5-spec-complex-cmi5.xml", "cmi5", {}},
    {"cmi5-spec-extended-cmi5.xml", "cmi5", {}},
    {"cmi5-spec-simple-cmi5.xml", "cmi5", {}},
    // xAPI / TinCan.
    {"tincan-GolfExample_TCAPI.zip", "xapi", {}},
    {"tincan-JsTetris_TCAPI.zip", "xapi", {}},
    {"xapi-elmp-basic_course.zip", "xapi", {}},
    // AICC: recognised and refused.
    {"aicc-complex.zip", "aicc", {"aicc.unsupported"}},
    {"aicc-package.zip", "aicc", {"aicc.unsupported"}},
    {"aicc-multiline-description.zip", "aicc", {"aicc.unsupported"}},
    {"moodle-validaicc.zip", "aicc", {"aicc.unsupported"}},
};

class CorpusVerdict : public testing::TestWithParam<Expected> {};

TEST_P(CorpusVerdict, KindAndErrorCodes) {
  const Expected& e = GetParam();
  const std::string path = test::CorpusDir() + "/scorm/" + e.file;
  ASSERT_TRUE(std::filesystem::exists(path)) << "corpus file missing: " << path;
  auto r = test::TheEngine().Validate(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->report.format().kind, e.kind);
  std::set<std::string> errors;
  for (const Diagnostic& d : r->report.diagnostics()) {
    if (d.severity == Severity::kError) errors.insert(d.code);
    EXPECT_NE(d.severity, Severity::kWarning) << d.code << ": " << d.message;
    EXPECT_FALSE(d.hint.empty()) << d.code;
    if (d.code.starts_with("cmi5.") || d.code.starts_with("xapi.")) {
      EXPECT_FALSE(d.location.file.empty()) << d.code;
      EXPECT_GT(d.location.line, 0u) << d.code;
      EXPECT_GT(d.location.column, 0u) << d.code;
    }
  }
  EXPECT_EQ(errors, e.errors) << test::Dump(r->report);
}

std::string Name(const testing::TestParamInfo<Expected>& info) {
  std::string name = info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cmi5XapiAicc, CorpusVerdict, testing::ValuesIn(kCorpus), Name);

TEST(CorpusModels, Cmi5ModelsAreFilled) {
  auto thousand = test::TheEngine().Validate(test::CorpusDir() + "/scorm/cmi5-lts-101-one-thousand-aus.xml");
  ASSERT_TRUE(thousand);
  EXPECT_EQ(thousand->model.resources.size(), 1001u);
  auto multi = test::TheEngine().Validate(test::CorpusDir() + "/scorm/cmi5-multi_au_framed.zip");
  ASSERT_TRUE(multi);
  ASSERT_EQ(multi->model.resources.size(), 8u);
  for (const Resource& res : multi->model.resources) {
    EXPECT_EQ(res.launch, "index.html");
    EXPECT_TRUE(res.parameters.starts_with("?pages=")) << res.parameters;
    EXPECT_EQ(res.tracking, "cmi5");
  }
  auto essentials = test::TheEngine().Validate(test::CorpusDir() + "/scorm/cmi5-lts-001-essentials.zip");
  ASSERT_TRUE(essentials);
  const Item& au = essentials->model.organizations.at(0).items.at(0).children.at(0);
  EXPECT_DOUBLE_EQ(au.mastery_score.value_or(-1), 0.9);
  EXPECT_EQ(au.launch_parameters, "sample string");
  EXPECT_EQ(essentials->model.resources.at(0).parameters, "?paramA=1&paramB=2");
}

TEST(CorpusModels, TincanAndAiccModelsAreFilled) {
  auto golf = test::TheEngine().Validate(test::CorpusDir() + "/scorm/tincan-GolfExample_TCAPI.zip");
  ASSERT_TRUE(golf);
  EXPECT_EQ(golf->model.id, "http://id.tincanapi.com/activity/tincan-prototypes/golf-example");
  EXPECT_EQ(golf->model.title.at("und"), "Tin Can Golf Example");
  ASSERT_EQ(golf->model.resources.size(), 1u);
  EXPECT_EQ(golf->model.resources[0].launch, "index.html");
  EXPECT_EQ(golf->model.resources[0].languages, std::vector<std::string>{"en-US"});
  auto tetris = test::TheEngine().Validate(test::CorpusDir() + "/scorm/tincan-JsTetris_TCAPI.zip");
  ASSERT_TRUE(tetris);
  EXPECT_EQ(tetris->model.resources.at(0).launch, "tetris.html");
  auto aicc = test::TheEngine().Validate(test::CorpusDir() + "/scorm/aicc-package.zip");
  ASSERT_TRUE(aicc);
  EXPECT_EQ(aicc->model.title.at("und"), "UniversitySite AICC Testing Tool");
}

}  // namespace
}  // namespace cpk
