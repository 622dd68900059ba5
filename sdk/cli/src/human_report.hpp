#pragma once
// Renders a report for people: grouped by file, errors first, with colour on a terminal.

#include <string>

#include "cpk/core/report.hpp"

namespace cpk::cli {

struct RenderOptions {
  bool colour = false;
};

std::string RenderHumanReport(const Report& report, const RenderOptions& options);

/// "SCORM 2004 (3rd Edition)" style name of a detected format.
std::string FormatDisplayName(const FormatInfo& format);

}  // namespace cpk::cli
