#pragma once
/// @file codes.hpp
/// Diagnostic codes of the xAPI (TinCan) reader (see docs/diagnostics.md, section "xapi").
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// tincan.xml breaks the TinCan packaging rules: wrong root or namespace, no activities, an
/// activity without an id, the same id twice, more than one launchable activity.
CPK_DIAGNOSTIC_CODE(kXapiTincanSchema, "xapi.tincan.schema", kError);
/// No activity has a `<launch>`, a launch is empty, or the launch file is not in the package.
CPK_DIAGNOSTIC_CODE(kXapiTincanLaunchMissing, "xapi.tincan.launch-missing", kError);
/// An activity id is not an absolute IRI.
CPK_DIAGNOSTIC_CODE(kXapiActivityIdNotIri, "xapi.activity-id.not-iri", kError);

}  // namespace cpk::codes
