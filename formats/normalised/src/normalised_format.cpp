#include "cpk/formats/normalised.hpp"
#include "cpk/io/sniff.hpp"

namespace cpk::normalised {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "coursepack";
  h.description = "normalised course package (coursepack/1)";
  h.reports_own_kind = true;
  h.detect = [](Source& source) {
    const EntryInfo* manifest = source.Find(kManifestPath);
    if (manifest == nullptr) return Confidence::kNone;
    const std::string head = io::ReadHead(source, *manifest, 4096);
    return head.find("\"coursepack/1\"") != std::string::npos ? Confidence::kCertain : Confidence::kNone;
  };
  h.read = [](Source& source, const ReadContext& context, CourseModel& model, Report& report) {
    return VerifyPackage(source, context, model, report);
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::normalised
