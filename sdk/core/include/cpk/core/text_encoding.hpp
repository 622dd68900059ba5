#pragma once
/// @file text_encoding.hpp
/// The small pieces of text encoding that several modules need: writing UTF-8, and what the
/// Windows-1252 bytes 0x80–0x9F stand for (the code page of most text typed on Windows in
/// India, found in captions, legacy-font documents and old HTML).
/// @since 0.1

#include <string>

namespace cpk {

/// Appends the UTF-8 form of `c`. A surrogate, or a value above U+10FFFF, is written as U+FFFD.
void AppendUtf8(std::string& out, char32_t c);

/// Windows-1252's character for a byte from 0x80 to 0x9F (0x80 → €, 0x85 → …, 0x92 → ’), or 0
/// where the code page leaves it undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) or the byte is outside
/// that range (where Windows-1252 and Latin-1 agree).
char32_t Cp1252HighCharacter(unsigned char byte) noexcept;

}  // namespace cpk
