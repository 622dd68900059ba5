#pragma once
/// @file cmi5.hpp
/// cmi5 course structures (cmi5.xml in a zip, or a standalone course structure XML).
///
/// The reader fills the CourseModel as follows: the course id, titles and descriptions (one entry
/// per `<langstring lang>`, "und" when untagged); one Organization whose items mirror the blocks
/// (folder items) and AUs; one Resource per AU (type "au", tracking "cmi5", id = the AU id)
/// whose launch is the package-relative path of the AU url (or the absolute URL as written) and
/// whose parameters hold the url's query and fragment. An AU item carries its masteryScore in
/// Item::mastery_score and its `<launchParameters>` in Item::data_from_lms (the LMS hands them to
/// the AU in LMS.LaunchData, as SCORM's dataFromLMS). moveOn, launchMethod, activityType,
/// entitlementKey and objectives are checked but not kept: the model has no place for them yet.
/// Findings use the codes of cpk/formats/cmi5/codes.hpp.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::cmi5 {

/// Registers the cmi5 detector and reader.
void Register(Registry& registry);

}  // namespace cpk::formats::cmi5
