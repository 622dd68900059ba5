#pragma once
/// @file detect.hpp
/// Package root and format detection.
/// @since 0.1

#include "cpk/core/registry.hpp"
#include "cpk/core/report.hpp"
#include "cpk/core/source.hpp"

namespace cpk {

/// Which format a source holds.
struct Detection {
  const FormatHandler* handler = nullptr;  ///< nullptr: nothing recognisable
  Confidence confidence = Confidence::kNone;
};

/// Detects the format of `source` with the registered detectors, reporting on the way:
/// `package.junk` for OS junk; `package.nested-root` when the package sits inside one parent
/// folder (the source is then rerooted there); `package.nested-zip` when the upload only wraps
/// another zip; `package.format-unknown` when nothing is recognisable. Sets the report's format
/// kind to the detected handler's kind ("unknown" when none).
Detection DetectFormat(Source& source, const Registry& registry, Report& report);

}  // namespace cpk
