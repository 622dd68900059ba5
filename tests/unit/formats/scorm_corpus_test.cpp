// Every SCORM package of ../shared/corpus/scorm: the expected kind, edition and set of error
// codes (none for the valid ones), and the warnings that must be there. CHECK.tsv and
// derived/DERIVED.tsv in the corpus say what each file is.
#include <gtest/gtest.h>

#include <set>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk {
namespace {

struct Expected {
  const char* file;
  const char* kind;
  const char* edition;
  std::set<std::string> errors;    // exactly these error codes
  std::set<std::string> warnings;  // at least these warning/info codes
};

const Expected kTable[] = {
    // ADL conformance packages: each lists common/LMSTest.jar, which it does not ship.
    {"cts-CM-01.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    {"cts-CO-01.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    {"cts-OB-01a.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    {"cts-RU-01aa.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    {"cts-SX-02.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    {"cts-T-01a.zip", "scorm2004", "2004 4th Edition", {}, {"scorm.file.missing"}},
    // CHECK.tsv: 12 listed files (the chapter pages) are absent, among them launch pages.
    {"elmp-ComplexNestedOrganization_SCORM12.zip",
     "scorm12",
     "1.2",
     {"scorm.resource.href-missing"},
     {"scorm.file.missing"}},
    {"elmp-LaunchUrlFromNestedItem_SCORM12.zip", "scorm12", "1.2", {}, {}},
    // <adlcp:dataFromLMS> is not a SCORM 1.2 element (xmllint --schema agrees); "AND" is not aicc_script.
    {"elmp-PrerequisitesTest_SCORM12.zip", "scorm12", "1.2", {"scorm.schema"}, {"scorm.item.prerequisites-invalid"}},
    {"elmp-invalid-CTS-CM-01-broken-default-org.zip",
     "scorm2004",
     "2004 4th Edition",
     {"scorm.resource.href-missing"},
     {"scorm.organization.default-missing", "scorm.file.missing"}},
    {"elmp-invalid-ItemWithNonExistentResourceId_SCORM12.zip", "scorm12", "1.2", {"scorm.item.resource-missing"}, {}},
    {"elmp-invalid-MalformedXml_SCORM12.zip", "scorm", "", {"xml.malformed"}, {}},
    {"elmp-invalid-MissingLaunchUrl_SCORM12.zip",
     "scorm12",
     "1.2",
     {"scorm.resource.href-missing", "scorm.launch.none"},
     {}},
    {"elmp-invalid-MissingOrgIdentifier_SCORM20043rdEdition.zip",
     "scorm2004",
     "2004 3rd Edition",
     {"scorm.schema", "scorm.resource.scormtype-missing", "scorm.resource.href-missing"},
     {"scorm.organization.default-missing"}},
    {"elmp-invalid-MissingOrgTitle_SCORM12.zip",
     "scorm12",
     "1.2",
     {"scorm.organization.title-missing", "scorm.resource.href-missing"},
     {}},
    {"elmp-invalid-NoMetadataSchemaVersion_SCORM2004.zip",
     "scorm2004",
     "2004",
     {"scorm.resource.href-missing"},
     {"scorm.version-inferred"}},
    {"golf-ContentPackagingMetadata_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"golf-ContentPackagingOneFilePerSCO_SCORM12.zip", "scorm12", "1.2", {}, {}},
    {"golf-ContentPackagingOneFilePerSCO_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"golf-ContentPackagingSingleSCO_SCORM20042ndEdition.zip", "scorm2004", "2004 2nd Edition", {}, {}},
    {"golf-RunTimeAdvancedCalls_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"golf-RuntimeBasicCalls_SCORM12.zip", "scorm12", "1.2", {}, {}},
    {"golf-SequencingForcedSequential_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    // A stray 'adlcp_v1p3.xsx' ships in it (VALIDATION-RULES row 12).
    {"golf-SequencingPostTestRollup4thEd_SCORM20044thEdition.zip",
     "scorm2004",
     "2004 4th Edition",
     {},
     {"scorm.file.unlisted"}},
    {"golf-SequencingPostTestRollup_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"golf-SequencingPreOrPostTestRollup_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"golf-SequencingSimpleRemediation_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"moodle-RuntimeBasicCalls_SCORM20043rdEdition.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"moodle-RuntimeMinimumCalls_SCORM12-mini.zip", "scorm12", "1.2", {}, {}},
    {"moodle-RuntimeMinimumCalls_SCORM12.zip", "scorm12", "1.2", {}, {}},
    // default="…d16" vs identifier "mm-…d16"; 32 junk entries; an absent imslrm.xml.
    {"moodle-complexscorm.zip",
     "scorm12",
     "1.2",
     {},
     {"scorm.organization.default-missing", "package.junk", "scorm.metadata.missing"}},
    {"moodle-invalid.zip", "unknown", "", {"package.format-unknown"}, {}},
    {"moodle-singlesco_scorm12.zip", "scorm12", "1.2", {}, {}},
    {"moodle-singlescobasic.zip", "scorm12", "1.2", {}, {}},
    {"moodle-singlescobasic_missingorg.zip", "scorm12", "1.2", {}, {"scorm.organization.none"}},
    {"moodle-validscorm.zip", "scorm", "", {"xml.malformed"}, {}},
    // The boilerplates ship without the index.html their manifests launch.
    {"pipwerks-scorm12-boilerplate.zip", "scorm12", "1.2", {"scorm.resource.href-missing"}, {}},
    {"pipwerks-scorm2004-boilerplate.zip", "scorm2004", "2004 4th Edition", {"scorm.resource.href-missing"}, {}},
    {"derived/derived-backslash-paths_SCORM12.zip", "scorm12", "1.2", {}, {"zip.backslash-separator"}},
    {"derived/derived-bom-unicode-titles_SCORM2004.zip", "scorm2004", "2004 3rd Edition", {}, {}},
    {"derived/derived-case-mismatch_SCORM12.zip", "scorm12", "1.2", {}, {"scorm.resource.href-case-mismatch"}},
    {"derived/derived-latin1-manifest_SCORM12.zip", "scorm12", "1.2", {}, {}},
    {"derived/derived-nested-zip_SCORM12.zip", "unknown", "", {"package.nested-zip"}, {}},
    {"derived/derived-parent-folder_SCORM12.zip", "scorm12", "1.2", {}, {"package.nested-root"}},
    {"derived/derived-space-in-href_SCORM12.zip", "scorm12", "1.2", {}, {}},
    {"derived/derived-unescaped-ampersand_SCORM12.zip", "scorm", "", {"xml.malformed"}, {}},
    {"derived/derived-zipslip_SCORM12.zip", "scorm12", "1.2", {"zip.path-traversal", "zip.absolute-path"}, {}},
};

class ScormCorpus : public ::testing::TestWithParam<Expected> {};

TEST_P(ScormCorpus, Verdict) {
  static const Engine engine;
  const Expected& e = GetParam();
  auto r = engine.Validate(test::CorpusDir() + "/scorm/" + e.file);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->report.format().kind, e.kind);
  EXPECT_EQ(r->report.format().edition, e.edition);
  std::set<std::string> errors;
  std::set<std::string> others;
  for (const Diagnostic& d : r->report.diagnostics()) {
    (d.severity == Severity::kError ? errors : others).insert(d.code);
    EXPECT_FALSE(d.message.empty());
    if (d.code.starts_with("scorm.") && d.code != "scorm.launch.none" && d.code != "scorm.file.unlisted") {
      EXPECT_GT(d.location.line, 0u) << d.code << ": " << d.message;
    }
  }
  EXPECT_EQ(errors, e.errors) << ReportToJson(r->report);
  for (const std::string& w : e.warnings) EXPECT_TRUE(others.count(w)) << w << " expected in " << e.file;
}

std::string Name(const ::testing::TestParamInfo<Expected>& info) {
  std::string n = info.param.file;
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Packages, ScormCorpus, ::testing::ValuesIn(kTable), Name);

TEST(ScormCorpusModel, GolfSampleModel) {
  static const Engine engine;
  auto r = engine.Validate(test::CorpusDir() + "/scorm/golf-RuntimeBasicCalls_SCORM12.zip");
  ASSERT_TRUE(r);
  const CourseModel& m = r->model;
  ASSERT_EQ(m.organizations.size(), 1u);
  EXPECT_EQ(m.default_organization, m.organizations[0].id);
  EXPECT_FALSE(m.title.empty());
  size_t scos = 0;
  for (const Resource& res : m.resources) {
    if (res.type == "sco") {
      ++scos;
      EXPECT_EQ(res.tracking, "scorm12");
      EXPECT_FALSE(res.launch.empty());
    }
  }
  EXPECT_GE(scos, 1u);
  const std::string json = CourseModelToJson(m);
  EXPECT_NE(json.find("\"organizations\""), std::string::npos);
}

}  // namespace
}  // namespace cpk
