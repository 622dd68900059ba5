#pragma once
// UTF-8 ↔ UTF-16 with offset maps, for handing text to ICU while keeping UTF-8 byte offsets.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::fonts::internal {

/// `utf8` as UTF-16, with the UTF-8 byte offset of every UTF-16 unit (and one past the end).
/// The input must be valid UTF-8 (text that went through ToNfc is).
struct Utf16Text {
  std::u16string units{};
  std::vector<uint32_t> utf8_offset{};  ///< size units.size() + 1
};
Utf16Text ToUtf16(std::string_view utf8);

/// Decodes one code point of valid UTF-8 at `i`, advancing `i`.
char32_t NextCodePoint(std::string_view utf8, size_t& i);

/// The code points of `utf8[start, end)`.
std::vector<char32_t> CodePoints(std::string_view utf8, size_t start, size_t end);

/// True for characters that need no glyph of their own: joiners, variation selectors, bidi
/// controls (default-ignorable code points) and controls such as tab and newline.
bool NeedsNoGlyph(char32_t c);

/// "U+0915" (four or more hex digits).
std::string CodePointName(char32_t c);

}  // namespace cpk::fonts::internal
