#pragma once
/// @file course_model.hpp
/// The CourseModel: the one in-memory model every input format reads into, the package
/// writer writes from, and the player reads back into. Plain data, freely copyable.
/// @since 0.1

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cpk {

/// Text in several languages: BCP 47 tag → text. A source with one untagged text uses "und".
using LangMap = std::map<std::string, std::string>;

/// Where the course came from.
struct SourceInfo {
  std::string kind{};     ///< as FormatInfo::kind
  std::string edition{};  ///< e.g. "2004 4th Edition"
  std::string file{};     ///< file name of the upload (no directories)
  std::string sha256{};   ///< of the upload's bytes (hex), when computed
  uint64_t bytes = 0;
};

/// A file of the package (after safety normalisation).
struct File {
  std::string path{};  ///< package-relative, `/`-separated, NFC
  uint64_t bytes = 0;
  std::string mime{};
};

/// Something launchable or shared: a SCO, an asset, a cmi5 AU, an HTML page, a PDF, a video.
struct Resource {
  std::string id{};
  std::string type{};                       ///< "sco", "asset", "au", "html", "pdf", "video", "audio"
  std::string launch{};                     ///< package-relative path (or absolute URL for cmi5 AUs), no query
  std::string parameters{};                 ///< query string to append at launch, e.g. "?a=b"
  std::string tracking{};                   ///< "scorm12", "scorm2004", "cmi5", "xapi", "none"
  std::vector<std::string> files{};         ///< package-relative paths this resource lists
  std::vector<std::string> dependencies{};  ///< ids of resources this one depends on
  std::vector<std::string> languages{};     ///< BCP 47
  std::vector<std::string> scripts{};       ///< ISO 15924
};

/// A node of the organisation tree.
struct Item {
  std::string id{};
  LangMap title{};
  std::string resource{};    ///< id of the resource it launches; empty for a folder node
  std::string parameters{};  ///< item-level launch parameters
  bool visible = true;
  std::optional<double> mastery_score{};  ///< 0..1
  std::string prerequisites{};            ///< SCORM 1.2 aicc_script expression, as written
  std::string time_limit_action{};
  std::string data_from_lms{};
  std::vector<Item> children{};
};

/// One organisation (a table of contents).
struct Organization {
  std::string id{};
  LangMap title{};
  std::vector<Item> items{};
};

/// The course.
struct CourseModel {
  std::string id{};
  LangMap title{};
  LangMap description{};
  std::vector<std::string> languages{};  ///< BCP 47, most used first
  std::vector<std::string> keywords{};
  SourceInfo source{};
  std::vector<Organization> organizations{};
  std::string default_organization{};  ///< id of the organisation to present
  std::vector<Resource> resources{};
  std::vector<File> files{};
};

/// Renders the model as JSON (the shape `coursepack inspect --json` prints; see docs/report.md).
std::string CourseModelToJson(const CourseModel& model, int indent = 2);

}  // namespace cpk
