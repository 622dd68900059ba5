#include "cpk/formats/cmi5.hpp"

#include "course_structure_reader.hpp"
#include "cpk/io/sniff.hpp"

namespace cpk::formats::cmi5 {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "cmi5";
  h.description = "cmi5 course structure (cmi5.xml)";
  h.detect = [](Source& source) {
    if (source.Find("cmi5.xml") != nullptr) return Confidence::kCertain;
    if (source.kind() == SourceKind::kFile && io::XmlRootIs(source, "courseStructure")) return Confidence::kCertain;
    // "CMI5.XML": clearly meant as cmi5; the reader says what is wrong with the name.
    if (source.kind() != SourceKind::kFile && !source.FindIgnoringCase("cmi5.xml").empty()) return Confidence::kLikely;
    return Confidence::kNone;
  };
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return internal::ReadCourseStructure(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::cmi5
