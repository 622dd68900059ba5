#include "cpk/formats/xapi.hpp"

#include "cpk/io/sniff.hpp"
#include "tincan_reader.hpp"

namespace cpk::formats::xapi {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "xapi";
  h.description = "xAPI / TinCan package (tincan.xml)";
  h.detect = [](Source& source) {
    if (source.Find("tincan.xml") != nullptr) return Confidence::kCertain;
    if (source.kind() == SourceKind::kFile && io::XmlRootIs(source, "tincan")) return Confidence::kCertain;
    // "TinCan.xml": clearly meant as TinCan; the reader says what is wrong with the name.
    if (source.kind() != SourceKind::kFile && !source.FindIgnoringCase("tincan.xml").empty()) {
      return Confidence::kLikely;
    }
    return Confidence::kNone;
  };
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return internal::ReadTincan(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::xapi
