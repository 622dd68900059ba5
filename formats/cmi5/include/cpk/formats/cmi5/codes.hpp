#pragma once
/// @file codes.hpp
/// Diagnostic codes of the cmi5 reader (see docs/diagnostics.md, section "cmi5"). Messages name
/// the cmi5 requirement a finding breaks (e.g. "cmi5 requirement 3.0.0.0-1"), the ids CATAPULT,
/// the ADL conformance test suite for cmi5 LMSs, reports.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// The course structure breaks CourseStructure.xsd: wrong root or namespace, a required element
/// or attribute missing, an unknown element, elements out of order, a value outside its type.
CPK_DIAGNOSTIC_CODE(kCmi5Schema, "cmi5.schema", kError);
/// A course, block, AU or objective id is not a fully qualified IRI (3.0.0.0-1).
CPK_DIAGNOSTIC_CODE(kCmi5IdNotIri, "cmi5.id.not-iri", kError);
/// Two blocks, two AUs or two objectives share an id (13.1.2.0-1, 13.1.4.0-1, 13.1.3.0-1).
CPK_DIAGNOSTIC_CODE(kCmi5IdDuplicate, "cmi5.id.duplicate", kError);
/// An objective reference (`<objective idref>` in a block or AU) names no declared objective.
CPK_DIAGNOSTIC_CODE(kCmi5ObjectiveUnresolved, "cmi5.objective.unresolved", kError);
/// An AU url is not a valid URL (13.1.4.0-2) or its query uses a launch parameter name the LMS
/// adds itself (8.1.0.0-6).
CPK_DIAGNOSTIC_CODE(kCmi5AuUrlInvalid, "cmi5.au.url-invalid", kError);
/// A course structure given without a package uses a relative AU url (14.2.0.0-1).
CPK_DIAGNOSTIC_CODE(kCmi5AuUrlRelativeNoZip, "cmi5.au.url-relative-no-zip", kError);
/// A relative AU url names a file the package does not contain (14.1.0.0-4).
CPK_DIAGNOSTIC_CODE(kCmi5AuLaunchMissing, "cmi5.au.launch-missing", kError);
/// An AU's moveOn is not one of the five cmi5 values, or its masteryScore is not a decimal
/// between 0 and 1.
CPK_DIAGNOSTIC_CODE(kCmi5MoveOnInvalid, "cmi5.moveon.invalid", kError);

}  // namespace cpk::codes
