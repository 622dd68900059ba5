#include "cpk/io/uri.hpp"

namespace cpk::io {
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

/// Characters RFC 3986/3987 never allow unescaped in a URI or IRI.
bool IsForbidden(char c) {
  switch (c) {
    case '<':
    case '>':
    case '"':
    case '{':
    case '}':
    case '|':
    case '\\':
    case '^':
    case '`':
      return true;
    default:
      return false;
  }
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

std::string Quote(char c) {
  if (c == '\'') return "\"'\"";
  return std::string("'") + c + "'";
}

/// The first character-level problem shared by IRIs and URLs: whitespace, control characters,
/// forbidden characters, broken %-escapes.
std::string CharacterProblem(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return "contains a space (write it as %20)";
    if (c < 0x20 || c == 0x7f) return "contains a control character";
    if (text[i] == '\\') return "contains a backslash (use '/' between folders)";
    if (IsForbidden(text[i])) return "contains the character " + Quote(text[i]) + ", which must be %-escaped";
    if (text[i] == '%' && (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))) {
      return "has a broken %-escape at '" + std::string(text.substr(i, 3)) +
             "' (a '%' must be followed by two hex digits)";
    }
  }
  return {};
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
  return CharacterProblem(text);
}

std::string UrlSyntaxProblem(std::string_view url) {
  if (url.empty()) return "is empty";
  if (std::string problem = CharacterProblem(url); !problem.empty()) return problem;
  if (url.starts_with("//")) return "starts with '//' but has no scheme (write it in full, e.g. 'https://...')";
  const size_t scheme = SchemeLength(url);
  if (scheme == 0) return {};
  std::string name;
  for (size_t i = 0; i < scheme; ++i)
    name.push_back(static_cast<char>(url[i] >= 'A' && url[i] <= 'Z' ? url[i] + 32 : url[i]));
  std::string_view rest = url.substr(scheme + 1);
  if (rest.empty()) return "has nothing after its scheme";
  if (name != "http" && name != "https") return {};
  if (!rest.starts_with("//")) return "is a web address without '//' after '" + name + ":'";
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return "has an IPv6 host without the closing ']'";
    std::string_view after = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!after.empty() && after.front() != ':') return "has text after its IPv6 host";
    authority = after;
  } else {
    const size_t colon = host.find(':');
    authority = colon == std::string_view::npos ? std::string_view() : host.substr(colon);
    host = host.substr(0, colon);
  }
  if (host.empty()) return "has no host name after '" + name + "://'";
  if (!authority.empty()) {  // ":port"
    std::string_view port = authority.substr(1);
    for (const char c : port) {
      if (!IsDigit(c)) return "has a port that is not a number ('" + std::string(port) + "')";
    }
  }
  if (host.front() != '[') {
    for (const char c : host) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x80 && !IsAlpha(c) && !IsDigit(c) && c != '-' && c != '.' && c != '_' && c != '%' && c != '~') {
        return "has the character " + Quote(c) + " in its host name '" + std::string(host) + "'";
      }
    }
  }
  return {};
}

UrlParts SplitUrl(std::string_view url) {
  const size_t cut = url.find_first_of("?#");
  if (cut == std::string_view::npos) return {std::string(url), {}};
  return {std::string(url.substr(0, cut)), std::string(url.substr(cut))};
}

std::vector<std::string> QueryParameterNames(std::string_view url) {
  std::vector<std::string> names;
  const size_t q = url.find('?');
  if (q == std::string_view::npos) return names;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::string_view name = pair.substr(0, pair.find('='));
    if (!name.empty()) {
      std::string plain(name);
      for (char& c : plain) {
        if (c == '+') c = ' ';
      }
      names.push_back(PercentDecode(plain).value_or(plain));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return names;
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

std::string CanonicalLanguageTag(std::string_view tag) {
  std::string out;
  size_t index = 0;
  while (true) {
    const size_t dash = tag.find('-');
    std::string part(tag.substr(0, dash));
    for (char& c : part) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (index > 0 && part.size() == 2) {
      for (char& c : part) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    } else if (index > 0 && part.size() == 4 && part[0] >= 'a' && part[0] <= 'z') {
      part[0] = static_cast<char>(part[0] - 32);
    }
    out += (index == 0 ? "" : "-") + part;
    if (dash == std::string_view::npos) return out;
    tag.remove_prefix(dash + 1);
    ++index;
  }
}

}  // namespace cpk::io
