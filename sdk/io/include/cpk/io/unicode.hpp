#pragma once
/// @file unicode.hpp
/// Unicode helpers shared by the formats (ICU underneath).
/// @since 0.1

#include <string>
#include <string_view>

namespace cpk::io {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view text);
/// The NFC form of UTF-8 text (invalid input is returned unchanged).
std::string ToNfc(std::string_view utf8);
/// Bytes read as ISO-8859-1 (every byte is a character), as UTF-8: for names and text files from
/// old Windows systems that are not UTF-8.
std::string Latin1ToUtf8(std::string_view bytes);

}  // namespace cpk::io
