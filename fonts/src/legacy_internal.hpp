#pragma once
// Internals of the legacy Hindi font support (legacy.hpp): the glyph tables and the input
// decoding shared by detection and conversion. Not installed.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "cpk/core/text_encoding.hpp"

namespace cpk::internal::legacy {

// The two glyphs that sit elsewhere in Unicode than in the legacy text are written in the
// tables as private-use characters ...
inline constexpr char32_t kTablePreBaseI = 0xE000;  // the ि sign, typed *before* its consonant cluster
inline constexpr char32_t kTableReph = 0xE001;      // र् above the syllable, typed *after* it
// ... and become these markers, beyond the Unicode range so that no input character (a real
// U+E000 passes through) can be mistaken for them. The reordering passes consume every marker.
inline constexpr char32_t kPreBaseI = 0x110000;
inline constexpr char32_t kReph = 0x110001;

// One glyph of a legacy font: the key sequence (the Windows-1252 characters the text holds,
// written in UTF-8) and the Unicode it stands for (UTF-8, may hold the markers above).
struct GlyphMapping {
  std::string_view legacy;
  std::string_view unicode;
};

// The Kruti Dev 010 character map.
std::span<const GlyphMapping> KrutiDev010Glyphs();
// Where DevLys 010 places a glyph differently from Kruti Dev 010 (applied over the Kruti table).
std::span<const GlyphMapping> DevLys010Overrides();

// The input as a sequence of glyph codes: values below 0x100 are Windows-1252 byte values (the
// legacy font's code points), larger values are characters that no legacy font code maps to and
// that pass through (Devanagari already in Unicode, other scripts). Valid UTF-8 is decoded and
// each character brought back to its Windows-1252 byte (U+201A ‚ → 0x82, U+00D9 Ù → 0xD9,
// U+F0xx symbol-font code points → 0xxx); anything else is read byte by byte as Windows-1252.
std::u32string DecodeLegacyInput(std::string_view text);

// The Unicode character a Windows-1252 byte stands for (for glyph codes that have no mapping).
char32_t Cp1252ToUnicode(uint8_t byte) noexcept;

}  // namespace cpk::internal::legacy
