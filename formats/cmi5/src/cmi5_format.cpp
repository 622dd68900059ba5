#include "cpk/formats/cmi5.hpp"

#include "cpk/io/sniff.hpp"

namespace cpk::formats::cmi5 {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "cmi5";
  h.description = "cmi5 course structure (cmi5.xml)";
  h.detect = [](Source& source) {
    if (source.Find("cmi5.xml") != nullptr) return Confidence::kCertain;
    if (source.kind() == SourceKind::kFile && io::XmlRootIs(source, "courseStructure")) return Confidence::kCertain;
    return Confidence::kNone;
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::cmi5
