#pragma once
// Reads imsmanifest.xml into the CourseModel.

#include "cpk/core/registry.hpp"

namespace cpk::formats::scorm::internal {

/// Parses the package's imsmanifest.xml (safely) and fills `model`: version, titles,
/// organisations, items, resources. Findings go to `report`.
Status ReadManifest(Source& source, const ReadContext& context, CourseModel& model, Report& report);

}  // namespace cpk::formats::scorm::internal
