#include "cpk/engine/detect.hpp"

#include <map>
#include <set>

#include "cpk/engine/codes.hpp"
#include "cpk/io/junk.hpp"

namespace cpk {
namespace {

Detection RunDetectors(Source& source, const Registry& registry) {
  Detection best;
  for (const FormatHandler& h : registry.formats()) {
    if (!h.detect) continue;
    const Confidence c = h.detect(source);
    if (static_cast<int>(c) > static_cast<int>(best.confidence)) best = {&h, c};
    if (c == Confidence::kCertain) break;  // a descriptor at the root: later (costlier) probes are moot
  }
  return best;
}

void ReportJunk(const Source& source, Report& report) {
  std::map<std::string, size_t> roots;  // junk root → entries under it
  for (const EntryInfo& e : source.entries()) {
    if (io::IsJunkPath(e.path)) ++roots[std::string(io::JunkRoot(e.path))];
  }
  for (const auto& [root, count] : roots) {
    const bool folder = !root.empty() && root.back() == '/';
    std::string message = folder ? "folder '" + root + "' (" + std::to_string(count) +
                                       " entries) is operating-system junk, not course content"
                                 : "'" + root + "' is operating-system junk, not course content";
    report.Add(codes::kPackageJunk, message + "; it is left out of converted packages", {root},
               "zip the course folder's contents without hidden system files (on macOS: "
               "'zip -r course.zip . -x \"*.DS_Store\" -x \"__MACOSX*\"')");
  }
}

/// The single top-level folder holding every non-junk entry, or "" when there is none.
std::string SingleParentFolder(const Source& source) {
  std::set<std::string> tops;
  bool root_files = false;
  for (const EntryInfo& e : source.entries()) {
    if (io::IsJunkPath(e.path)) continue;
    const size_t slash = e.path.find('/');
    if (slash == std::string::npos || slash + 1 == e.path.size()) {
      if (slash == std::string::npos)
        root_files = true;
      else
        tops.insert(e.path);  // a directory entry "x/"
      continue;
    }
    tops.insert(e.path.substr(0, slash + 1));
  }
  if (root_files || tops.size() != 1) return {};
  return *tops.begin();
}

bool EndsWithIgnoringCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && FoldCaseAscii(s.substr(s.size() - suffix.size())) == suffix;
}

/// A zip whose only content (besides notes) is another zip: returns the inner zip's path.
std::string InnerZip(const Source& source) {
  std::string inner;
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || io::IsJunkPath(e.path)) continue;
    if (EndsWithIgnoringCase(e.path, ".zip")) {
      if (!inner.empty()) return {};  // several zips: not a simple wrapper
      inner = e.path;
    } else if (!EndsWithIgnoringCase(e.path, ".txt") && !EndsWithIgnoringCase(e.path, ".md") &&
               !EndsWithIgnoringCase(e.path, ".pdf") && FoldCaseAscii(e.path).find("readme") == std::string::npos) {
      return {};
    }
  }
  return inner;
}

}  // namespace

Detection DetectFormat(Source& source, const Registry& registry, Report& report) {
  if (source.kind() != SourceKind::kFile) ReportJunk(source, report);
  Detection found = RunDetectors(source, registry);
  if (found.handler == nullptr && source.kind() != SourceKind::kFile) {
    const std::string parent = SingleParentFolder(source);
    if (!parent.empty()) {
      source.Reroot(parent);
      Detection nested = RunDetectors(source, registry);
      if (nested.handler != nullptr) {
        report.Add(codes::kPackageNestedRoot,
                   "the package is inside the folder '" + parent + "' instead of at the top of the zip; '" + parent +
                       "' was used as the package root",
                   {parent},
                   "zip the contents of the course folder, not the folder itself, so that the descriptor "
                   "(e.g. imsmanifest.xml) is at the top of the zip");
        found = nested;
      } else {
        source.Reroot("");
      }
    }
  }
  if (found.handler == nullptr && source.kind() != SourceKind::kFile) {
    const std::string inner = InnerZip(source);
    if (!inner.empty()) {
      report.Add(codes::kPackageNestedZip,
                 "the upload only wraps another zip, '" + inner + "'; the course itself is inside it", {inner},
                 "upload '" + inner + "' itself instead of a zip that contains it");
      report.set_format({"unknown", ""});
      return {};
    }
  }
  if (found.handler == nullptr) {
    const bool empty = source.entries().empty();
    report.Add(codes::kPackageFormatUnknown,
               empty ? std::string("the input holds nothing that can be read")
                     : std::string("no course descriptor was found: expected imsmanifest.xml (SCORM), cmi5.xml, "
                                   "tincan.xml (xAPI), AICC .crs/.au/.des files or index.html at the top of the "
                                   "package, or a PDF, video or audio file"),
               {}, "export the course from the authoring tool as SCORM 1.2, SCORM 2004, cmi5 or xAPI");
    report.set_format({"unknown", ""});
    return {};
  }
  report.set_format({found.handler->kind, ""});
  return found;
}

}  // namespace cpk
