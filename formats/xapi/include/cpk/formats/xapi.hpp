#pragma once
/// @file xapi.hpp
/// xAPI (TinCan) packages (tincan.xml in a zip, or a tincan.xml on its own).
///
/// The reader follows Rustici's TinCan packaging rules (one tincan.xml; a flat list of
/// activities; exactly one activity with `<launch>`). It fills the CourseModel with the launch
/// activity: the course id and title are the activity's id and `<name>`s (one entry per lang,
/// "und" when untagged); one Organization with one Item; one Resource (type "html", tracking
/// "xapi", id = the activity id) whose launch is the package-relative path of `<launch>` (or
/// the absolute URL as written) and whose parameters hold its query and fragment. Findings use
/// the codes of cpk/formats/xapi/codes.hpp.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::xapi {

/// Registers the xAPI / TinCan detector and reader.
void Register(Registry& registry);

}  // namespace cpk::formats::xapi
