#pragma once
/// @file content_codes.hpp
/// Diagnostic codes of the content checks. See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kContentExternalReference, "content.external-reference", kWarning);
CPK_DIAGNOSTIC_CODE(kContentFilenameUnsafe, "content.filename-unsafe", kWarning);

}  // namespace cpk::codes
