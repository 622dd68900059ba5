#pragma once
/// @file codes.hpp
/// Diagnostic codes of the text engine (see docs/diagnostics.md).
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::fonts::codes {

CPK_DIAGNOSTIC_CODE(kGlyphMissing, "text.glyph-missing", kWarning);
CPK_DIAGNOSTIC_CODE(kInvalidSequence, "text.invalid-sequence", kInfo);
CPK_DIAGNOSTIC_CODE(kTextDoesNotFit, "text.does-not-fit", kWarning);

}  // namespace cpk::fonts::codes
