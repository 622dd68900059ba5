#pragma once
/// @file aicc.hpp
/// AICC / HACP courses (.crs, .au, .des, .cst descriptor files): detected and reported.
///
/// AICC courses are refused (`aicc.unsupported`, cpk/formats/aicc/codes.hpp): they track
/// learners through HTTP calls from the content to the LMS (HACP), which offline players cannot
/// answer. The reader still fills the CourseModel's id, title and description from the course
/// file (.crs) so that the report and `inspect` name the course.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::aicc {

/// Registers the AICC detector and reader.
void Register(Registry& registry);

}  // namespace cpk::formats::aicc
