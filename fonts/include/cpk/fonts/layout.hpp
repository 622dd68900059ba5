#pragma once
/// @file layout.hpp
/// Paragraph layout: line breaking at a width (ICU line breaks, never inside a grapheme
/// cluster), bidi reordering per line, line heights from the fonts' metrics, alignment.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/fonts/shaping.hpp"

namespace cpk::fonts {

enum class Align : uint8_t {
  kStart,  ///< left for a left-to-right paragraph, right for a right-to-left one
  kLeft,
  kCentre,
  kRight,
};

struct LayoutOptions {
  double font_size = 32;      ///< pixels (or points, for PDF) per em
  double max_width = 0;       ///< wrap lines to this width; 0: never wrap
  double line_spacing = 1.0;  ///< multiplier of the fonts' natural line height
  Align align = Align::kStart;
  ShapeOptions shape{};
};

/// A run placed on a line. Glyph positions are in the run's font units: scale by
/// font_size / units_per_em.
struct PlacedRun {
  ShapedRun shaped{};
  double x = 0;  ///< pen position of the run's first (leftmost) glyph, from the line's left edge
};

struct LaidOutLine {
  size_t start = 0;  ///< UTF-8 byte range of the line in LaidOutText::text (trailing spaces included)
  size_t end = 0;
  std::vector<PlacedRun> runs{};  ///< in visual order, left to right
  double width = 0;               ///< advance of the visible content (trailing spaces excluded)
  double x = 0;                   ///< left edge of the content after alignment
  double baseline = 0;            ///< from the top of the text block
  double ascent = 0;              ///< above the baseline
  double descent = 0;             ///< below the baseline (positive)
  bool right_to_left = false;     ///< the paragraph's direction
};

struct LaidOutText {
  std::string text{};  ///< NFC
  double font_size = 0;
  double width = 0;   ///< max_width when wrapping, else the widest line
  double height = 0;  ///< bottom of the last line
  std::vector<LaidOutLine> lines{};
  std::vector<Diagnostic> diagnostics{};
};

/// Lays out `text` (any UTF-8; normalised to NFC). Newlines (LF, CRLF, U+2029) end paragraphs;
/// each paragraph has its own base direction. A word longer than the width is broken between
/// grapheme clusters.
LaidOutText LayoutText(const FontCatalog& fonts, std::string_view text, const LayoutOptions& options);

/// A rectangle in the layout's coordinates (pixels, y down, origin at the text block's top-left).
struct Box {
  double left = 0, top = 0, right = 0, bottom = 0;
};

/// Where the glyphs put ink: it may reach beyond the layout's box (a Nastaliq kaf's stroke
/// reaches a third of an em past its advance, marks stack above the ascender).
Box InkBounds(const LaidOutText& layout);

/// The byte offsets at which `text` (UTF-8) may be broken into lines, per ICU's line break rules
/// for `language` and never inside a grapheme cluster, in increasing order and ending with
/// text.size().
std::vector<size_t> LineBreakOpportunities(std::string_view text, std::string_view language);

/// The byte offsets of the grapheme cluster boundaries of `text` (0 and text.size() included).
std::vector<size_t> GraphemeBoundaries(std::string_view text);

}  // namespace cpk::fonts
