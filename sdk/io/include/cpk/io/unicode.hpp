#pragma once
/// @file unicode.hpp
/// Unicode helpers shared by the formats (ICU underneath).
/// @since 0.1

#include <string>
#include <string_view>
#include <vector>

namespace cpk::io {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view text);
/// The NFC form of UTF-8 text (invalid input is returned unchanged).
std::string ToNfc(std::string_view utf8);
/// Bytes read as ISO-8859-1 (every byte is a character), as UTF-8: for names and text files from
/// old Windows systems that are not UTF-8.
std::string Latin1ToUtf8(std::string_view bytes);

/// The scripts (ISO 15924 codes: "Deva", "Latn", "Arab") that the letters of UTF-8 `text` are
/// written in, most used first. Common and inherited characters (digits, punctuation,
/// combining marks) count for no script; a script with fewer than `min_share` of the letters
/// (and fewer than 20 of them) is left out as noise. Invalid UTF-8 is read as far as it is valid.
std::vector<std::string> ScriptsOf(std::string_view text, double min_share = 0.02);

/// The text a person reads in an HTML page: tags, comments, scripts and styles removed,
/// character references left as written.
std::string VisibleTextOfHtml(std::string_view html);

}  // namespace cpk::io
