#include "utf.hpp"

#include <unicode/uchar.h>

#include <cstdio>

namespace cpk::fonts::internal {

char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
  const char32_t lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  const size_t length = lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 0;
  if (length == 0 || i + length > s.size()) {  // not well-formed: one replacement per byte
    ++i;
    return 0xFFFD;
  }
  char32_t cp = lead & (0x7Fu >> length);
  for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  i += length;
  return cp;
}

Utf16Text ToUtf16(std::string_view utf8) {
  Utf16Text out;
  out.units.reserve(utf8.size());
  out.utf8_offset.reserve(utf8.size() + 1);
  size_t i = 0;
  while (i < utf8.size()) {
    const size_t at = i;
    const char32_t c = NextCodePoint(utf8, i);
    if (c >= 0x10000) {
      out.units.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      out.units.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
      out.utf8_offset.push_back(static_cast<uint32_t>(at));
      out.utf8_offset.push_back(static_cast<uint32_t>(at));
    } else {
      out.units.push_back(static_cast<char16_t>(c));
      out.utf8_offset.push_back(static_cast<uint32_t>(at));
    }
  }
  out.utf8_offset.push_back(static_cast<uint32_t>(utf8.size()));
  return out;
}

std::vector<char32_t> CodePoints(std::string_view utf8, size_t start, size_t end) {
  std::vector<char32_t> out;
  const std::string_view piece = utf8.substr(start, end - start);
  size_t i = 0;
  while (i < piece.size()) out.push_back(NextCodePoint(piece, i));
  return out;
}

bool NeedsNoGlyph(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
         u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR;
}

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

}  // namespace cpk::fonts::internal
