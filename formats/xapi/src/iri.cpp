#include "iri.hpp"

#include <vector>

namespace cpk::formats::xapi::internal {
namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

size_t SchemeLength(std::string_view text) {
  if (text.empty() || !IsAlpha(text[0])) return 0;
  size_t i = 1;
  while (i < text.size() &&
         (IsAlpha(text[i]) || IsDigit(text[i]) || text[i] == '+' || text[i] == '-' || text[i] == '.')) {
    ++i;
  }
  return i < text.size() && text[i] == ':' ? i : 0;
}

}  // namespace

std::string TrimXmlSpace(std::string_view text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && IsXmlSpace(text[b])) ++b;
  while (e > b && IsXmlSpace(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

bool HasScheme(std::string_view text) { return SchemeLength(text) > 0; }

std::string IriProblem(std::string_view text) {
  if (text.empty()) return "is empty";
  const size_t scheme = SchemeLength(text);
  if (scheme == 0) return "has no scheme (such as 'https:'), so it is a relative reference";
  if (scheme + 1 == text.size()) return "has nothing after its scheme";
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return "contains a space (write it as %20)";
    if (c < 0x20 || c == 0x7f) return "contains a control character";
    if (std::string_view("<>\"{}|\\^`").find(text[i]) != std::string_view::npos) {
      return std::string("contains the character '") + text[i] + "', which must be %-escaped";
    }
    if (text[i] == '%' && (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))) {
      return "has a broken %-escape (a '%' must be followed by two hex digits)";
    }
  }
  return {};
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2])) return std::nullopt;
    out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
    i += 2;
  }
  return out;
}

std::optional<std::string> NormalisePackagePath(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (segment == "..") {
      if (segments.empty()) return std::nullopt;
      segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  std::string out;
  for (const std::string_view s : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(s);
  }
  return out;
}

}  // namespace cpk::formats::xapi::internal
