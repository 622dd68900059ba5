#pragma once
/// @file shaping.hpp
/// Text to positioned glyphs: itemisation, font choice per run and HarfBuzz shaping.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/fonts/font_catalog.hpp"
#include "cpk/fonts/text_run.hpp"

namespace cpk::fonts {

/// One glyph as HarfBuzz placed it. Units are the font's design units (units_per_em).
struct Glyph {
  uint32_t id = 0;       ///< glyph index in the font; 0 is .notdef (tofu)
  uint32_t cluster = 0;  ///< UTF-8 byte offset into the shaped text of the cluster's first character
  int32_t x_advance = 0;
  int32_t y_advance = 0;
  int32_t x_offset = 0;
  int32_t y_offset = 0;
};

/// A run with the font that draws it and its glyphs in visual order (right-to-left runs come
/// out of HarfBuzz right to left, clusters decreasing).
struct ShapedRun {
  TextRun run{};
  const FontFace* font = nullptr;
  std::vector<Glyph> glyphs{};

  /// Sum of the x advances, in font units.
  int64_t advance() const;
};

struct ShapeOptions {
  std::string language{};  ///< BCP 47 of the text; empty: by script
  BaseDirection direction = BaseDirection::kAuto;
  FontStyle style = FontStyle::kSans;
};

/// The shaped text: runs in logical order, plus what went wrong (`text.glyph-missing` with the
/// code points that have no glyph in any font, `text.invalid-sequence` where the shaper had to
/// insert a dotted circle).
struct ShapedText {
  std::string text{};  ///< the text that was shaped (NFC)
  std::vector<ShapedRun> runs{};
  std::vector<Diagnostic> diagnostics{};
};

/// Normalises `text` to NFC, itemises it, splits each run further where its preferred font lacks
/// glyphs that another font has (per grapheme cluster), and shapes every piece with HarfBuzz
/// (the whole text as context). Offsets are into ShapedText::text.
ShapedText ShapeText(const FontCatalog& fonts, std::string_view text, const ShapeOptions& options = {});

/// Shapes `[start, end)` of `text` (already NFC) as a piece of its own (itemised alone, with only
/// that range as context): what layout does per line, with `options.direction` set to the
/// paragraph's direction. Offsets stay offsets into `text`; ShapedText::text is empty.
ShapedText ShapeRange(const FontCatalog& fonts, std::string_view text, size_t start, size_t end,
                      const ShapeOptions& options);

}  // namespace cpk::fonts
