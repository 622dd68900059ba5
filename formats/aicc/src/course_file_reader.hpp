#pragma once
// Reads what the report needs from an AICC course (the .crs course file) and refuses the course.

#include <string>
#include <string_view>

#include "cpk/core/registry.hpp"

namespace cpk::formats::aicc::internal {

/// The [Course] section of a .crs file and its [Course_Description] text.
struct CourseFile {
  std::string id{};
  std::string title{};
  std::string description{};
  uint32_t course_line = 0;  ///< line of the "[Course]" header; 0 when absent
};

/// Parses the INI-like .crs text (keys and section names in any letter case; CR LF or LF lines;
/// UTF-8, or Windows-1252 read as Latin-1).
CourseFile ParseCourseFile(std::string_view text);

/// Fills `model` from the .crs file and reports `aicc.unsupported`, naming the descriptor files
/// found and those missing.
Status ReadAicc(Source& source, const ReadContext& context, CourseModel& model, Report& report);

}  // namespace cpk::formats::aicc::internal
