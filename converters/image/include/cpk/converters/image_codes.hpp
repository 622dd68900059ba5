#pragma once
/// @file image_codes.hpp
/// Diagnostic codes of image optimisation (converters/image). See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// An image that could not be decoded (damaged, truncated, not what its name says); kept as is.
CPK_DIAGNOSTIC_CODE(kImageDecodeError, "image.decode-error", kWarning);
/// An image that declares more pixels than the limit (a decompression bomb); kept as is.
CPK_DIAGNOSTIC_CODE(kImageTooLarge, "image.too-large", kWarning);

}  // namespace cpk::codes
