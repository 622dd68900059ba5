#pragma once
// Reads tincan.xml into the CourseModel and checks it against the TinCan packaging rules.

#include "cpk/core/registry.hpp"

namespace cpk::formats::xapi::internal {

/// Parses tincan.xml (at the root of a package, or the single file of a standalone source)
/// safely, fills `model` with its launch activity and reports every finding to `report`. Fails
/// only when there is no tincan.xml or it is not well-formed XML (that finding is in `report`).
Status ReadTincan(Source& source, const ReadContext& context, CourseModel& model, Report& report);

}  // namespace cpk::formats::xapi::internal
