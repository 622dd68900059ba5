#include "href.hpp"

#include <vector>

#include "cpk/io/unicode.hpp"

namespace cpk::formats::scorm::internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool HasScheme(std::string_view text) {
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'))) return false;
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return i > 1;  // one letter would be a Windows drive ("C:")
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return false;
}

ResolvedHref ResolveHref(std::string_view base, std::string_view href) {
  ResolvedHref out;
  if (HasScheme(href)) {
    out.external = true;
    return out;
  }
  std::string joined = std::string(base) + std::string(href);
  if (HasScheme(joined)) {
    out.external = true;
    return out;
  }
  if (const size_t q = joined.find_first_of("?#"); q != std::string::npos) {
    out.query = joined.substr(q);
    joined.resize(q);
  }
  // Percent-decode, noting what a strict URI parser would reject.
  std::string decoded;
  for (size_t i = 0; i < joined.size(); ++i) {
    const char c = joined[i];
    if (c == '%') {
      const bool two_more = i + 2 < joined.size();
      const int hi = two_more ? HexValue(joined[i + 1]) : -1;
      const int lo = two_more ? HexValue(joined[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        decoded.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
      if (out.encoding_problem.empty()) out.encoding_problem = "'%' is not followed by two hexadecimal digits";
      decoded.push_back(c);
      continue;
    }
    if (c == ' ' && out.encoding_problem.empty()) out.encoding_problem = "it contains a space (write it as %20)";
    if (c == '\\') {
      if (out.encoding_problem.empty()) out.encoding_problem = "it uses '\\' as the folder separator (use '/')";
      decoded.push_back('/');
      continue;
    }
    decoded.push_back(c);
  }
  // Dot segments.
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    const std::string seg = decoded.substr(start, end - start);
    if (seg == "..") {
      if (segments.empty()) {
        ++out.escapes;
      } else {
        segments.pop_back();
      }
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  for (const std::string& s : segments) {
    if (!out.path.empty()) out.path.push_back('/');
    out.path += s;
  }
  out.path = io::ToNfc(out.path);
  return out;
}

}  // namespace cpk::formats::scorm::internal
