#pragma once
// Checks of IMS Simple Sequencing (imsss) blocks that a schema check alone does not give a
// readable message for: vocabularies, booleans, measure ranges, objective identifiers.

#include <string>

#include "cpk/core/report.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::scorm::internal {

/// Checks one <imsss:sequencing> (or <imsss:sequencingCollection>) subtree. `is2004` is false
/// when the manifest is SCORM 1.2, where sequencing does not exist.
void CheckSequencing(const xml::Element& sequencing, const std::string& file, bool is2004, Report& report);

}  // namespace cpk::formats::scorm::internal
