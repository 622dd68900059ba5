// The formats of JSON Schema 2020-12 §7.3, each after the RFC that defines it: RFC 3339 (dates,
// times, durations), RFC 5321 (email), RFC 1123 (hostname), RFC 2673/4291 (IP addresses),
// RFC 3986/3987 (URIs and IRIs), RFC 6570 (URI templates), RFC 4122 (UUIDs), RFC 6901 and the
// relative JSON Pointer draft, ECMA-262 (regex).
#include "json_format.hpp"

#include <cstdint>
#include <string>

#include "ecma_regex.hpp"

namespace cpk::internal {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool Hex(char c) { return Digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// `n` ASCII digits at s[i], as a number; false when they are not all there.
bool Number(std::string_view s, size_t i, size_t n, int& out) {
  if (i + n > s.size()) return false;
  out = 0;
  for (size_t k = i; k < i + n; ++k) {
    if (!Digit(s[k])) return false;
    out = out * 10 + (s[k] - '0');
  }
  return true;
}

// ---- RFC 3339

bool FullDate(std::string_view s) {
  int year = 0, month = 0, day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!Number(s, 0, 4, year) || !Number(s, 5, 2, month) || !Number(s, 8, 2, day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// full-time = partial-time time-offset; a leap second (:60) only at 23:59 UTC.
bool FullTime(std::string_view s) {
  int hour = 0, minute = 0, second = 0;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
  if (!Number(s, 0, 2, hour) || !Number(s, 3, 2, minute) || !Number(s, 6, 2, second)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    const size_t start = ++i;
    while (i < s.size() && Digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  int offset = 0;  // minutes east of UTC
  if (s[i] == 'Z' || s[i] == 'z') {
    if (i + 1 != s.size()) return false;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh = 0, om = 0;
    if (s.size() != i + 6 || s[i + 3] != ':' || !Number(s, i + 1, 2, oh) || !Number(s, i + 4, 2, om)) return false;
    if (oh > 23 || om > 59) return false;
    offset = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return false;
  }
  if (second == 60) {
    const int utc = ((hour * 60 + minute - offset) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

bool DateTime(std::string_view s) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return false;
  return FullDate(s.substr(0, 10)) && FullTime(s.substr(11));
}

bool Date(std::string_view s) { return FullDate(s); }
bool Time(std::string_view s) { return FullTime(s); }

// RFC 3339 appendix A: P followed by Y [M [D]] | M [D] | D, then optionally T with
// H [M [S]] | M [S] | S; or a number of weeks alone.
bool Duration(std::string_view s) {
  if (s.size() < 3 || s[0] != 'P') return false;
  size_t i = 1;
  auto component = [&](char& designator) {
    const size_t start = i;
    while (i < s.size() && Digit(s[i])) ++i;
    if (i == start || i >= s.size()) return false;
    designator = s[i++];
    return true;
  };
  // A run of designators in the given order, contiguous, at least one.
  auto run = [&](std::string_view order, bool time) {
    size_t next = 0;
    bool any = false;
    while (i < s.size() && (time || s[i] != 'T')) {
      char d = 0;
      const size_t save = i;
      if (!component(d)) return false;
      const size_t at = order.find(d);
      if (at == std::string_view::npos) {
        i = save;
        return false;
      }
      if (any && at != next) return false;  // out of order, or one skipped
      if (!any && at < next) return false;
      next = at + 1;
      any = true;
    }
    return any;
  };
  // Weeks alone.
  if (s.back() == 'W') {
    for (size_t k = 1; k + 1 < s.size(); ++k) {
      if (!Digit(s[k])) return false;
    }
    return true;
  }
  if (s[i] != 'T' && !run("YMD", false)) return false;
  if (i == s.size()) return true;
  if (s[i] != 'T') return false;
  ++i;
  return run("HMS", true) && i == s.size();
}

// ---- Internet names and addresses

bool Ipv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    int value = 0;
    while (i < s.size() && Digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    const size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;  // no octal-looking zeros
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

bool Ipv6(std::string_view s) {
  if (s.empty()) return false;
  int groups = 0;
  bool compressed = false;
  size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    // An IPv4 address may end it, counting as two groups.
    const size_t next_colon = s.find(':', i);
    const std::string_view rest =
        s.substr(i, next_colon == std::string_view::npos ? std::string_view::npos : next_colon - i);
    if (next_colon == std::string_view::npos && rest.find('.') != std::string_view::npos) {
      if (!Ipv4(rest)) return false;
      groups += 2;
      i = s.size();
      break;
    }
    const size_t start = i;
    while (i < s.size() && Hex(s[i]) && i - start < 5) ++i;
    if (i == start || i - start > 4) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;  // "::" once only
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;  // a single trailing ':'
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

bool Label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  for (const char c : label) {
    if (!Alpha(c) && !Digit(c) && c != '-') return false;
  }
  return true;
}

bool Hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    if (!Label(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool Email(std::string_view s) {
  const size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.size() > 64) return false;
  if (local.front() == '"') {
    // quoted-string: printable ASCII, with \ escaping one character.
    if (local.size() < 2 || local.back() != '"') return false;
    for (size_t i = 1; i + 1 < local.size(); ++i) {
      const char c = local[i];
      if (c == '\\') {
        if (++i + 1 >= local.size()) return false;
        continue;
      }
      if (c == '"' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
    }
  } else {
    // dot-atom: atext runs separated by single dots.
    static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    for (const char c : local) {
      if (!Alpha(c) && !Digit(c) && c != '.' && kSpecials.find(c) == std::string_view::npos) return false;
    }
  }
  if (domain.front() == '[') {
    if (domain.back() != ']') return false;
    const std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.starts_with("IPv6:")) return Ipv6(literal.substr(5));
    return Ipv4(literal);
  }
  return Hostname(domain);
}

// ---- URIs and IRIs (RFC 3986, RFC 3987)

struct UriChars {
  bool iri = false;

  // unreserved / sub-delims / pct-encoded / `extra`, over the bytes s[i..]; non-ASCII UTF-8 counts
  // as unreserved in an IRI. Moves i past what it accepts.
  bool Accept(std::string_view s, size_t& i, std::string_view extra) const {
    const char c = s[i];
    if (Alpha(c) || Digit(c) || std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos ||
        extra.find(c) != std::string_view::npos) {
      ++i;
      return true;
    }
    if (c == '%') {
      if (i + 2 >= s.size() || !Hex(s[i + 1]) || !Hex(s[i + 2])) return false;
      i += 3;
      return true;
    }
    if (iri && static_cast<unsigned char>(c) >= 0x80) {
      ++i;  // the JSON reader has checked the UTF-8
      return true;
    }
    return false;
  }
  bool All(std::string_view s, std::string_view extra) const {
    size_t i = 0;
    while (i < s.size()) {
      if (!Accept(s, i, extra)) return false;
    }
    return true;
  }
};

bool IpLiteral(std::string_view s) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) {
    // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
    const size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot < 2 || dot + 1 == s.size()) return false;
    for (size_t i = 1; i < dot; ++i) {
      if (!Hex(s[i])) return false;
    }
    return UriChars{}.All(s.substr(dot + 1), ":");
  }
  return Ipv6(s);
}

bool Authority(std::string_view a, const UriChars& chars) {
  if (const size_t at = a.find('@'); at != std::string_view::npos) {
    if (!chars.All(a.substr(0, at), ":")) return false;
    a = a.substr(at + 1);
  }
  std::string_view port;
  if (!a.empty() && a[0] == '[') {
    const size_t close = a.find(']');
    if (close == std::string_view::npos || !IpLiteral(a.substr(1, close - 1))) return false;
    const std::string_view rest = a.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const size_t colon = a.find(':');
    if (colon != std::string_view::npos) {
      port = a.substr(colon + 1);
      a = a.substr(0, colon);
    }
    if (!chars.All(a, "")) return false;  // reg-name (IPv4 addresses are reg-names too)
  }
  for (const char c : port) {
    if (!Digit(c)) return false;
  }
  return true;
}

bool UriLike(std::string_view s, bool need_scheme, bool iri) {
  const UriChars chars{iri};
  // scheme ":" when the text starts with one.
  bool scheme = false;
  if (!s.empty() && Alpha(s[0])) {
    size_t i = 1;
    while (i < s.size() && (Alpha(s[i]) || Digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
    if (i < s.size() && s[i] == ':') {
      scheme = true;
      s.remove_prefix(i + 1);
    }
  }
  if (need_scheme && !scheme) return false;
  if (const size_t hash = s.find('#'); hash != std::string_view::npos) {
    if (!chars.All(s.substr(hash + 1), ":@/?")) return false;
    s = s.substr(0, hash);
  }
  if (const size_t q = s.find('?'); q != std::string_view::npos) {
    if (!chars.All(s.substr(q + 1), ":@/?")) return false;
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    s.remove_prefix(2);
    const size_t slash = s.find('/');
    if (!Authority(s.substr(0, slash), chars)) return false;
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  } else if (!scheme) {
    // path-noscheme: no ':' before the first '/'.
    const size_t colon = s.find(':');
    if (colon != std::string_view::npos && colon < s.find('/')) return false;
  }
  return chars.All(s, ":@/");
}

bool Uri(std::string_view s) { return UriLike(s, true, false); }
bool UriReference(std::string_view s) { return UriLike(s, false, false); }
bool Iri(std::string_view s) { return UriLike(s, true, true); }
bool IriReference(std::string_view s) { return UriLike(s, false, true); }

// RFC 6570: literals, and expressions "{" [operator] varspec *("," varspec) "}".
bool UriTemplate(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '}') return false;
    if (c != '{') {
      if (static_cast<unsigned char>(c) <= 0x20 || std::string_view("\"'<>\\^`|").find(c) != std::string_view::npos) {
        return false;
      }
      if (c == '%' && (i + 2 >= s.size() || !Hex(s[i + 1]) || !Hex(s[i + 2]))) return false;
      ++i;
      continue;
    }
    const size_t close = s.find('}', i);
    if (close == std::string_view::npos) return false;
    std::string_view expr = s.substr(i + 1, close - i - 1);
    i = close + 1;
    if (!expr.empty() && std::string_view("+#./;?&=,!@|").find(expr[0]) != std::string_view::npos) {
      expr.remove_prefix(1);
    }
    if (expr.empty()) return false;
    size_t start = 0;
    while (true) {
      const size_t comma = expr.find(',', start);
      std::string_view spec =
          expr.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (spec.ends_with('*')) {
        spec.remove_suffix(1);
      } else if (const size_t colon = spec.find(':'); colon != std::string_view::npos) {
        const std::string_view len = spec.substr(colon + 1);
        if (len.empty() || len.size() > 4 || len[0] == '0') return false;
        for (const char d : len) {
          if (!Digit(d)) return false;
        }
        spec = spec.substr(0, colon);
      }
      if (spec.empty() || spec.front() == '.' || spec.back() == '.' || spec.find("..") != std::string_view::npos) {
        return false;
      }
      for (size_t k = 0; k < spec.size(); ++k) {
        const char v = spec[k];
        if (v == '%') {
          if (k + 2 >= spec.size() || !Hex(spec[k + 1]) || !Hex(spec[k + 2])) return false;
          k += 2;
        } else if (!Alpha(v) && !Digit(v) && v != '_' && v != '.') {
          return false;
        }
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return true;
}

// ---- The rest

bool Uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !Hex(s[i])) return false;
  }
  return true;
}

bool JsonPointer(std::string_view s) {
  if (!s.empty() && s[0] != '/') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
  }
  return true;
}

bool RelativeJsonPointer(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && Digit(s[i])) ++i;
  if (i == 0 || (i > 1 && s[0] == '0')) return false;
  const std::string_view rest = s.substr(i);
  return rest == "#" || JsonPointer(rest);
}

bool Regex(std::string_view s) {
  std::string error;
  return EcmaRegex::Compile(s, error) != nullptr;
}

}  // namespace

FormatCheck FindFormat(std::string_view name) {
  static const std::pair<std::string_view, FormatCheck> kFormats[] = {
      {"date-time", DateTime},
      {"date", Date},
      {"time", Time},
      {"duration", Duration},
      {"email", Email},
      {"hostname", Hostname},
      {"ipv4", Ipv4},
      {"ipv6", Ipv6},
      {"uri", Uri},
      {"uri-reference", UriReference},
      {"iri", Iri},
      {"iri-reference", IriReference},
      {"uri-template", UriTemplate},
      {"uuid", Uuid},
      {"json-pointer", JsonPointer},
      {"relative-json-pointer", RelativeJsonPointer},
      {"regex", Regex},
  };
  for (const auto& [n, check] : kFormats) {
    if (n == name) return check;
  }
  return nullptr;
}

}  // namespace cpk::internal
