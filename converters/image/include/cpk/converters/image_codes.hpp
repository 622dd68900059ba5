#pragma once
/// @file image_codes.hpp
/// Diagnostic codes of image optimisation. See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kImageDecodeError, "image.decode-error", kWarning);
CPK_DIAGNOSTIC_CODE(kImageTooLarge, "image.too-large", kWarning);

}  // namespace cpk::codes
