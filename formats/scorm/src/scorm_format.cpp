#include "cpk/formats/scorm.hpp"

#include "cpk/io/xml.hpp"
#include "manifest_reader.hpp"

namespace cpk::formats::scorm {

ScormVersion VersionFromSchemaVersion(std::string_view v) {
  std::string s;
  for (const char c : v) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (s == "1.2") return {"scorm12", "1.2"};
  if (s == "cam1.3" || s == "1.3") return {"scorm2004", "2004 2nd Edition"};
  if (s == "2004" || s == "2004edition") return {"scorm2004", "2004"};
  if (s == "20042ndedition") return {"scorm2004", "2004 2nd Edition"};
  if (s == "20043rdedition") return {"scorm2004", "2004 3rd Edition"};
  if (s == "20044thedition") return {"scorm2004", "2004 4th Edition"};
  return {};
}

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "scorm";
  h.description = "SCORM 1.2 / 2004 content package (imsmanifest.xml)";
  h.detect = [](Source& source) {
    if (source.Find("imsmanifest.xml") != nullptr) return Confidence::kCertain;
    if (!source.FindIgnoringCase("imsmanifest.xml").empty()) return Confidence::kLikely;
    return Confidence::kNone;
  };
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return internal::ReadManifest(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::scorm
