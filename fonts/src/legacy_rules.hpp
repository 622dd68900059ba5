#pragma once
// The legacy-fonts rule set of validation (see legacy_rules.cpp).

#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/registry.hpp"

namespace cpk::fonts::internal {

/// A font family named in HTML or CSS: the value of a `font-family` declaration or of a
/// `<font face>` attribute, with the line it is on.
struct FontUse {
  std::string family{};
  size_t line = 0;
};
std::vector<FontUse> FindFontFamilies(std::string_view text);

/// Reports `text.legacy-encoding` for every page or style sheet that sets text in a legacy Hindi font.
void CheckLegacyFonts(Source& source, const ReadContext& context, const CourseModel& model, Report& report);

}  // namespace cpk::fonts::internal
