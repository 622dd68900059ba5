#pragma once
/// @file course_model.hpp
/// The CourseModel: the one in-memory model every input format reads into, the package
/// writer writes from, and the player reads back into. Plain data, freely copyable.
/// @since 0.1

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpk/core/result.hpp"

namespace cpk {

/// Text in several languages: BCP 47 tag → text. A source with one untagged text uses "und".
using LangMap = std::map<std::string, std::string>;

/// An element of a descriptor kept as written (name, attributes, text, children): how SCORM 2004
/// sequencing (imsss) and navigation (adlnav) rules travel in the model until the player
/// interprets them. Names are local names; `ns` is the namespace URI.
struct ExtensionNode {
  std::string name{};
  std::string ns{};
  std::vector<std::pair<std::string, std::string>> attributes{};
  std::string text{};
  std::vector<ExtensionNode> children{};

  friend bool operator==(const ExtensionNode&, const ExtensionNode&) = default;
};

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
  std::string sha256{};  ///< hex, when computed (the files of a normalised package)
};

/// One HLS rendition of a converted video (a rung of its ladder).
struct VideoRendition {
  int height = 0;  ///< display size of the rung, pixels
  int width = 0;
  uint64_t bandwidth = 0;          ///< peak segment bitrate (bits/s), as BANDWIDTH in master.m3u8
  uint64_t average_bandwidth = 0;  ///< average bitrate (bits/s), as AVERAGE-BANDWIDTH
  double frame_rate = 0;
  std::string codecs{};    ///< RFC 6381 codecs string, e.g. "avc1.64001e,mp4a.40.2"
  std::string playlist{};  ///< package path of the rung's media playlist
  std::string download{};  ///< package path of its single-file MP4 for offline use; may be empty

  friend bool operator==(const VideoRendition&, const VideoRendition&) = default;
};

/// A caption track of a video, as WebVTT.
struct CaptionTrack {
  std::string lang{};  ///< BCP 47 ("und" when unknown)
  std::string path{};  ///< package path of the .vtt file

  friend bool operator==(const CaptionTrack&, const CaptionTrack&) = default;
};

/// What a player needs to play a video or audio resource (manifest `video` object). A source
/// read from an upload only knows `duration`; a conversion fills the rest.
struct VideoDetails {
  double duration = 0;   ///< seconds
  std::string master{};  ///< package path of master.m3u8
  std::vector<VideoRendition> renditions{};
  uint64_t audio_only_bandwidth = 0;  ///< 0: no audio-only rendition
  std::string audio_only_playlist{};
  std::string audio_only_download{};  ///< the .m4a for offline listening
  std::string poster{};
  std::string thumbnails{};  ///< WebVTT index of the thumbnail sprite
  std::vector<CaptionTrack> captions{};

  friend bool operator==(const VideoDetails&, const VideoDetails&) = default;
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
  uint64_t bytes = 0;                       ///< bytes of its files and dependencies, when known
  std::optional<VideoDetails> video{};      ///< for "video" and "audio" resources
};

/// A node of the organisation tree.
struct Item {
  std::string id{};
  LangMap title{};
  std::string resource{};    ///< id of the resource it launches; empty for a folder node
  std::string parameters{};  ///< item-level launch parameters
  bool visible = true;
  std::optional<double> mastery_score{};  ///< 0..1
  std::string move_on{};            ///< cmi5: Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable
  std::string launch_method{};      ///< cmi5: AnyWindow or OwnWindow
  std::string launch_parameters{};  ///< cmi5: <launchParameters>, handed to the AU through the LMS
  std::string activity_type{};      ///< cmi5: the AU's activityType IRI
  std::string entitlement_key{};    ///< cmi5: <entitlementKey>
  std::string prerequisites{};      ///< SCORM 1.2 aicc_script expression, as written
  std::string time_limit_action{};
  std::string data_from_lms{};
  std::string max_time_allowed{};                ///< SCORM 1.2 adlcp:maxtimeallowed, as written
  std::optional<double> completion_threshold{};  ///< SCORM 2004 adlcp:completionThreshold (0..1)
  std::optional<ExtensionNode> sequencing{};     ///< SCORM 2004 <imsss:sequencing>
  std::optional<ExtensionNode> presentation{};   ///< SCORM 2004 <adlnav:presentation>
  std::vector<Item> children{};
};

/// One organisation (a table of contents).
struct Organization {
  std::string id{};
  LangMap title{};
  std::vector<Item> items{};
  std::optional<ExtensionNode> sequencing{};  ///< SCORM 2004 organization-level <imsss:sequencing>
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
  std::optional<ExtensionNode> sequencing_collection{};  ///< SCORM 2004 <imsss:sequencingCollection>
};

/// Makes `model` the course of a single upload (a PDF, a video, an audio file): `resource` as
/// its only resource, launched by the one item of the one organisation, titled after the file
/// name (without folder and extension) unless the model has a title already.
void MakeSingleResourceCourse(CourseModel& model, Resource resource);

/// Renders the model as JSON (the shape `coursepack inspect --json` prints; see docs/report.md).
std::string CourseModelToJson(const CourseModel& model, int indent = 2);

/// Reads back what CourseModelToJson wrote. Fails (kMalformed) on invalid JSON, a member of the
/// wrong type, or nesting deeper than the model allows; unknown members are ignored.
Result<CourseModel> CourseModelFromJson(std::string_view json);

}  // namespace cpk
