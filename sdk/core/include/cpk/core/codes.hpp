#pragma once
/// @file codes.hpp
/// Diagnostic codes of the core (see docs/diagnostics.md).
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kReportTruncated, "report.truncated", kWarning);

}  // namespace cpk::codes
