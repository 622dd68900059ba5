#include "cpk/formats/html5.hpp"

#include "index_reader.hpp"

namespace cpk::formats::html5 {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "html5";
  h.description = "HTML5 package (index.html at the root)";
  h.detect = [](Source& source) {
    if (source.kind() == SourceKind::kFile) return Confidence::kNone;
    for (const char* name : {"index.html", "index.htm"}) {
      if (source.Find(name) != nullptr || !source.FindIgnoringCase(name).empty()) return Confidence::kWeak;
    }
    return Confidence::kNone;
  };
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return internal::ReadHtml5(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::html5
