#pragma once
/// @file codes.hpp
/// Diagnostic codes of package detection (sdk/engine). See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kPackageNestedRoot, "package.nested-root", kWarning);
CPK_DIAGNOSTIC_CODE(kPackageNestedZip, "package.nested-zip", kError);
CPK_DIAGNOSTIC_CODE(kPackageJunk, "package.junk", kWarning);
CPK_DIAGNOSTIC_CODE(kPackageFormatUnknown, "package.format-unknown", kError);
CPK_DIAGNOSTIC_CODE(kPackageNotNormalised, "package.not-normalised", kError);

}  // namespace cpk::codes
