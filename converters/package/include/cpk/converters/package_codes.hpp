#pragma once
/// @file package_codes.hpp
/// Diagnostic codes of conversions. See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kConvertCaseFixed, "convert.case-fixed", kInfo);
CPK_DIAGNOSTIC_CODE(kConvertVideoOffline, "convert.video-offline", kInfo);

}  // namespace cpk::codes
