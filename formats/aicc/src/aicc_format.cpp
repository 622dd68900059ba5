#include "cpk/formats/aicc.hpp"

namespace cpk::formats::aicc {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "aicc";
  h.description = "AICC / HACP course (.crs, .au, .des, .cst descriptor files)";
  h.detect = [](Source& source) {
    // An AICC course is described by a set of files with the same base name at the root.
    int kinds = 0;
    bool crs = false;
    for (const std::string ext : {".crs", ".au", ".des", ".cst"}) {
      for (const EntryInfo& e : source.entries()) {
        const std::string path = FoldCaseAscii(e.path);
        if (e.is_directory || path.find('/') != std::string::npos || !path.ends_with(ext)) continue;
        ++kinds;
        if (ext == ".crs") crs = true;
        break;
      }
    }
    if (crs && kinds >= 3) return Confidence::kCertain;
    if (kinds >= 1) return Confidence::kLikely;
    return Confidence::kNone;
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::aicc
