#include "cpk/formats/xapi.hpp"

#include "cpk/io/sniff.hpp"

namespace cpk::formats::xapi {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "xapi";
  h.description = "xAPI / TinCan package (tincan.xml)";
  h.detect = [](Source& source) {
    if (source.Find("tincan.xml") != nullptr) return Confidence::kCertain;
    if (source.kind() == SourceKind::kFile && io::XmlRootIs(source, "tincan")) return Confidence::kCertain;
    return Confidence::kNone;
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::xapi
