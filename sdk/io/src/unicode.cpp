#include "cpk/io/unicode.hpp"

#include "entry_names.hpp"

namespace cpk::io {

bool IsValidUtf8(std::string_view text) { return internal::IsValidUtf8(text); }

std::string ToNfc(std::string_view utf8) {
  return internal::IsValidUtf8(utf8) ? internal::ToNfc(utf8) : std::string(utf8);
}

std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

}  // namespace cpk::io
