#pragma once
// The structure the SCORM content-packaging schemas (IMS CP 1.1.2 / 1.1.4 with the ADL
// extensions) require, checked natively so that each finding names the element and what was
// expected, with its line. tests/conformance compares the verdict with xmllint --schema.

#include <string>

#include "cpk/core/report.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::scorm::internal {

/// Checks the manifest tree rooted at `root` against the content model of its edition (chosen
/// from the root's namespace) and reports `scorm.schema` and `scorm.identifier.duplicate`.
/// Returns false when the root is not a SCORM <manifest> at all.
bool CheckStructure(const xml::Element& root, const std::string& file, Report& report);

}  // namespace cpk::formats::scorm::internal
