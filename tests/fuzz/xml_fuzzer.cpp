// Fuzz harness for safe XML: cpk::xml::Parse on the raw bytes, with tight limits.
// Oracle: no crash, no sanitizer report, never Errc::kInternal; a failed parse has put a
// finding in the sink; a built tree is no deeper than max_xml_depth.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/io/xml.hpp"
#include "fuzz_common.hpp"

namespace {

using cpk::fuzz::Die;

/// Walks the tree through the public accessors, checking the depth bound on the way.
void Walk(const cpk::xml::Element& element, uint32_t depth, const cpk::Limits& limits) {
  if (depth > limits.max_xml_depth) {
    Die("the tree is deeper than max_xml_depth " + std::to_string(limits.max_xml_depth));
  }
  if (element.name.empty()) Die("an element without a name");
  for (const cpk::xml::Attribute& a : element.attributes) {
    if (element.FindAttribute(a.name, a.ns) == nullptr) Die("FindAttribute() misses attribute '" + a.name + "'");
    (void)element.AttributeOr(a.name);
  }
  (void)element.TrimmedText();
  for (const cpk::xml::Element& child : element.children) {
    if (element.FirstChild(child.name, child.ns) == nullptr) Die("FirstChild() misses child '" + child.name + "'");
    if (element.ChildrenNamed(child.name, child.ns).empty()) Die("ChildrenNamed() misses child '" + child.name + "'");
    Walk(child, depth + 1, limits);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const cpk::Limits limits = cpk::fuzz::TightLimits();
  cpk::fuzz::CheckingSink sink;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = cpk::xml::Parse(bytes, "fuzz.xml", limits, sink);
  cpk::fuzz::CheckNotInternal(doc, "xml::Parse");
  if (!doc) {
    if (sink.count() == 0) Die("Parse() failed (" + doc.error().message + ") without a finding in the sink");
    return 0;
  }
  Walk(doc->root, 1, limits);
  return 0;
}
