#pragma once
/// @file codes.hpp
/// Diagnostic codes of the AICC reader (see docs/diagnostics.md, section "aicc").
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// The input is an AICC / HACP course: recognised, read enough to name it, and refused.
CPK_DIAGNOSTIC_CODE(kAiccUnsupported, "aicc.unsupported", kError);

}  // namespace cpk::codes
