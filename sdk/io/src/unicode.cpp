#include "cpk/io/unicode.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <map>

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

std::vector<std::string> ScriptsOf(std::string_view text, double min_share) {
  std::map<UScriptCode, uint64_t> counts;
  uint64_t letters = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script == USCRIPT_UNKNOWN) {
      continue;
    }
    ++counts[script];
    ++letters;
  }
  std::vector<std::pair<uint64_t, UScriptCode>> ranked;
  for (const auto& [script, n] : counts) {
    if (n >= 20 || static_cast<double>(n) >= min_share * static_cast<double>(letters)) ranked.emplace_back(n, script);
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::string> out;
  for (const auto& [n, script] : ranked) out.emplace_back(uscript_getShortName(script));
  return out;
}

std::string VisibleTextOfHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t i = 0;
  auto skip_past = [&](std::string_view close) {
    size_t at = i;
    // Case-insensitive search for the closing tag.
    while (at < html.size()) {
      at = html.find('<', at);
      if (at == std::string_view::npos) break;
      if (at + close.size() <= html.size()) {
        bool match = true;
        for (size_t k = 0; k < close.size() && match; ++k) {
          match = std::tolower(static_cast<unsigned char>(html[at + k])) == close[k];
        }
        if (match) break;
      }
      ++at;
    }
    i = at == std::string_view::npos ? html.size() : at + close.size();
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c != '<') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::string name;
    for (size_t k = i + 1; k < html.size() && k < i + 8 && std::isalpha(static_cast<unsigned char>(html[k])); ++k) {
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[k]))));
    }
    const size_t end = html.find('>', i);
    i = end == std::string_view::npos ? html.size() : end + 1;
    if (name == "script") skip_past("</script");
    if (name == "style") skip_past("</style");
    out.push_back(' ');
  }
  return out;
}

}  // namespace cpk::io
