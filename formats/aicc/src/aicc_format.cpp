#include "cpk/formats/aicc.hpp"

#include "course_file_reader.hpp"

namespace cpk::formats::aicc {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "aicc";
  h.description = "AICC / HACP course (.crs, .au, .des, .cst descriptor files)";
  h.detect = [](Source& source) {
    // A single .au file is far more often Sun audio than an AICC descriptor; a lone .crs is
    // AICC (and is refused by the reader with the right finding).
    if (source.kind() == SourceKind::kFile) {
      const bool lone_crs = !source.entries().empty() && FoldCaseAscii(source.entries().front().path).ends_with(".crs");
      return lone_crs ? Confidence::kLikely : Confidence::kNone;
    }
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
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return internal::ReadAicc(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::aicc
