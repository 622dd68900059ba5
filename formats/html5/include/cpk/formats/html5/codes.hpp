#pragma once
/// @file codes.hpp
/// Diagnostic codes of the HTML5 reader (see docs/diagnostics.md, section "html5").
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// An HTML5 package has no `index.html` (exactly so named) at its top.
CPK_DIAGNOSTIC_CODE(kHtml5IndexMissing, "html5.index-missing", kError);

}  // namespace cpk::codes
