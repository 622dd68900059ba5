#include "cpk/io/unicode.hpp"

#include "entry_names.hpp"

namespace cpk::io {

bool IsValidUtf8(std::string_view text) { return internal::IsValidUtf8(text); }

std::string ToNfc(std::string_view utf8) {
  return internal::IsValidUtf8(utf8) ? internal::ToNfc(utf8) : std::string(utf8);
}

}  // namespace cpk::io
