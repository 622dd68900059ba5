#pragma once
// Reads a cmi5 course structure (cmi5.xml in a package, or a standalone course structure file)
// into the CourseModel and checks it against the cmi5 rules.

#include "cpk/core/registry.hpp"

namespace cpk::formats::cmi5::internal {

/// Parses the course structure of `source` (cmi5.xml at the root, or the single file of a
/// standalone source) safely, fills `model` and reports every finding to `report`. Fails only
/// when there is no course structure to read or it is not well-formed XML (that finding is in
/// `report` already).
Status ReadCourseStructure(Source& source, const ReadContext& context, CourseModel& model, Report& report);

}  // namespace cpk::formats::cmi5::internal
