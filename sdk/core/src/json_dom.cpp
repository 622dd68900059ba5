// A JSON reader made for validation: one pass over the bytes, no recursion (its own stack of
// open containers, bounded by max_depth, so a document nested 100,000 deep costs nothing), no
// allocation per value (strings go to one buffer), UTF-8 checked. Several times faster than
// building nlohmann::json or feeding its SAX interface, which matters for megabyte manifests;
// tests compare its output with nlohmann's.
#include "json_dom.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <system_error>

namespace cpk::internal {
namespace {

class Reader {
 public:
  Reader(std::string_view text, size_t max_depth, JsonDoc& doc)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), doc_(doc), max_depth_(max_depth) {}

  bool Parse() {
    doc_.values.reserve(static_cast<size_t>(end_ - begin_) / 8 + 1);
    doc_.chars.reserve(static_cast<size_t>(end_ - begin_) / 2 + 1);
    SkipSpace();
    while (true) {
      // A value.
      if (p_ == end_) return Error("unexpected end of input; expected a value");
      switch (*p_) {
        case '{':
          if (!Open(JsonKind::kObject)) return false;
          ++p_;
          SkipSpace();
          if (p_ != end_ && *p_ == '}') {
            ++p_;
            CloseObject();
            break;
          }
          if (!Key()) return false;
          continue;
        case '[':
          if (!Open(JsonKind::kArray)) return false;
          ++p_;
          SkipSpace();
          if (p_ != end_ && *p_ == ']') {
            ++p_;
            CloseArray();
            break;
          }
          continue;
        case '"': {
          JsonValue v;
          v.kind = JsonKind::kString;
          if (!String(v.offset, v.count)) return false;
          Add(v);
          break;
        }
        case 't':
          if (!Literal("true")) return false;
          Add(Bool(true));
          break;
        case 'f':
          if (!Literal("false")) return false;
          Add(Bool(false));
          break;
        case 'n':
          if (!Literal("null")) return false;
          Add(JsonValue{});
          break;
        default:
          if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
            if (!Number()) return false;
            break;
          }
          return Error("expected a value");
      }
      // After a value: close containers, or find the next member or element.
      while (true) {
        SkipSpace();
        if (stack_.empty()) {
          if (p_ != end_) return Error("unexpected content after the document");
          return true;
        }
        if (p_ == end_) return Error("unexpected end of input; expected ',' or a closing bracket");
        const bool object = doc_.values[stack_.back().value].kind == JsonKind::kObject;
        if (*p_ == ',') {
          ++p_;
          SkipSpace();
          if (object && !Key()) return false;
          break;
        }
        if (object && *p_ == '}') {
          ++p_;
          CloseObject();
          continue;
        }
        if (!object && *p_ == ']') {
          ++p_;
          CloseArray();
          continue;
        }
        return Error(object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  bool too_deep = false;
  std::string error;

 private:
  struct Frame {
    uint32_t value = 0;
    size_t pending_start = 0;
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
  };

  static JsonValue Bool(bool b) {
    JsonValue v;
    v.kind = JsonKind::kBool;
    v.boolean = b;
    return v;
  }

  bool Error(std::string_view what) {
    size_t line = 1, column = 1;
    for (const char* q = begin_; q < p_ && q < end_; ++q) {
      if (*q == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) {
        ++column;
      }
    }
    error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + std::string(what);
    return false;
  }

  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) {
      return Error("invalid literal; expected a value");
    }
    p_ += word.size();
    return true;
  }

  void Add(const JsonValue& v) {
    const auto index = static_cast<uint32_t>(doc_.values.size());
    doc_.values.push_back(v);
    if (!stack_.empty()) {
      const Frame& f = stack_.back();
      pending_.push_back(JsonMember{f.key_offset, f.key_size, index});
    }
  }

  bool Open(JsonKind kind) {
    if (stack_.size() >= max_depth_) {
      too_deep = true;
      return false;
    }
    JsonValue v;
    v.kind = kind;
    Add(v);
    stack_.push_back(Frame{static_cast<uint32_t>(doc_.values.size() - 1), pending_.size(), 0, 0});
    return true;
  }

  // A member name and its colon; the cursor is on the opening quote.
  bool Key() {
    if (p_ == end_ || *p_ != '"') return Error("expected a member name in double quotes");
    Frame& f = stack_.back();
    if (!String(f.key_offset, f.key_size)) return false;
    SkipSpace();
    if (p_ == end_ || *p_ != ':') return Error("expected ':' after the member name");
    ++p_;
    SkipSpace();
    return true;
  }

  void CloseArray() {
    const Frame f = stack_.back();
    stack_.pop_back();
    JsonValue& v = doc_.values[f.value];
    v.offset = static_cast<uint32_t>(doc_.elements.size());
    v.count = static_cast<uint32_t>(pending_.size() - f.pending_start);
    for (size_t i = f.pending_start; i < pending_.size(); ++i) doc_.elements.push_back(pending_[i].value);
    pending_.resize(f.pending_start);
  }

  void CloseObject() {
    const Frame f = stack_.back();
    stack_.pop_back();
    const auto first = pending_.begin() + static_cast<std::ptrdiff_t>(f.pending_start);
    const auto less = [&](const JsonMember& a, const JsonMember& b) { return doc_.Key(a) < doc_.Key(b); };
    if (pending_.end() - first <= 16) {
      // Insertion sort: stable, and no allocation for the small objects that are most of a document.
      for (auto it = first + (first != pending_.end() ? 1 : 0); it != pending_.end(); ++it) {
        const JsonMember m = *it;
        auto hole = it;
        while (hole != first && less(m, *(hole - 1))) {
          *hole = *(hole - 1);
          --hole;
        }
        *hole = m;
      }
    } else {
      std::stable_sort(first, pending_.end(), less);
    }
    const auto offset = static_cast<uint32_t>(doc_.members.size());
    for (auto it = first; it != pending_.end(); ++it) {
      // Of equal keys the stable sort keeps document order: the last one wins, as in most readers.
      if (it + 1 != pending_.end() && doc_.Key(*it) == doc_.Key(*(it + 1))) continue;
      doc_.members.push_back(*it);
    }
    JsonValue& v = doc_.values[f.value];
    v.offset = offset;
    v.count = static_cast<uint32_t>(doc_.members.size() - offset);
    pending_.resize(f.pending_start);
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool Hex4(uint32_t& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = Hex(p_[k]);
      if (h < 0) return false;
      out = out * 16 + static_cast<uint32_t>(h);
    }
    p_ += 4;
    return true;
  }

  void AppendUtf8(uint32_t cp) {
    std::string& o = doc_.chars;
    if (cp < 0x80) {
      o += static_cast<char>(cp);
    } else if (cp < 0x800) {
      o += static_cast<char>(0xC0 | (cp >> 6));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      o += static_cast<char>(0xE0 | (cp >> 12));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      o += static_cast<char>(0xF0 | (cp >> 18));
      o += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Length of the well-formed UTF-8 sequence at p (Unicode 15 table 3-7), 0 when ill-formed.
  size_t Utf8Length(const char* p) const {
    const auto b0 = static_cast<unsigned char>(p[0]);
    const auto left = static_cast<size_t>(end_ - p);
    auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
      if (i >= left) return false;
      const auto b = static_cast<unsigned char>(p[i]);
      return b >= lo && b <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (b0 == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
      return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
    if (b0 == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3) {
      return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    }
    if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
  }

  // A string; the cursor is on the opening quote. Its decoded bytes are appended to doc.chars.
  bool String(uint32_t& offset, uint32_t& size) {
    ++p_;
    const size_t start = doc_.chars.size();
    while (true) {
      // The common run: bytes that need no decoding.
      const char* run = p_;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      doc_.chars.append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return Error("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        break;
      }
      if (c < 0x20) return Error("control character in a string (escape it)");
      if (c >= 0x80) {
        const size_t n = Utf8Length(p_);
        if (n == 0) return Error("invalid UTF-8 in a string");
        doc_.chars.append(p_, n);
        p_ += n;
        continue;
      }
      // An escape.
      ++p_;
      if (p_ == end_) return Error("unterminated string");
      const char e = *p_++;
      switch (e) {
        case '"':
          doc_.chars += '"';
          break;
        case '\\':
          doc_.chars += '\\';
          break;
        case '/':
          doc_.chars += '/';
          break;
        case 'b':
          doc_.chars += '\b';
          break;
        case 'f':
          doc_.chars += '\f';
          break;
        case 'n':
          doc_.chars += '\n';
          break;
        case 'r':
          doc_.chars += '\r';
          break;
        case 't':
          doc_.chars += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(cp)) return Error("invalid \\u escape: four hex digits expected");
          if (cp >= 0xDC00 && cp <= 0xDFFF) return Error("invalid \\u escape: lone low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
              return Error("invalid \\u escape: high surrogate without a low one");
            }
            p_ += 2;
            if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return Error("invalid \\u escape: high surrogate without a low one");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp);
          break;
        }
        default:
          return Error("invalid escape in a string");
      }
    }
    offset = static_cast<uint32_t>(start);
    size = static_cast<uint32_t>(doc_.chars.size() - start);
    return true;
  }

  bool Number() {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return Error("invalid number");
    const char* int_start = p_;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const char* int_end = p_;
    bool fraction = false, exponent = false, negative_exponent = false;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return Error("invalid number: digits expected after '.'");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      fraction = true;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) negative_exponent = *p_++ == '-';
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return Error("invalid number: digits expected in the exponent");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      exponent = true;
    }
    JsonValue v;
    if (!fraction && !exponent) {
      uint64_t magnitude = 0;
      const auto r = std::from_chars(int_start, int_end, magnitude);
      if (r.ec == std::errc()) {
        if (!negative || magnitude == 0) {
          v.kind = JsonKind::kUint;
          v.number.u = magnitude;
          Add(v);
          return true;
        }
        if (magnitude <= uint64_t{1} << 63) {
          v.kind = JsonKind::kInt;
          v.number.i =
              magnitude == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(magnitude);
          Add(v);
          return true;
        }
      }
      // Beyond 64 bits: a double, as other readers do.
    }
    double d = 0;
    const auto r = std::from_chars(start, p_, d);
    if (r.ec == std::errc::result_out_of_range) {
      // Too small underflows to zero; too large is refused (JSON has no infinity).
      const bool tiny = negative_exponent || (int_end - int_start == 1 && *int_start == '0');
      if (!tiny) return Error("number out of range");
      d = negative ? -0.0 : 0.0;
    } else if (r.ec != std::errc() || r.ptr != p_) {
      return Error("invalid number");
    }
    v.kind = JsonKind::kDouble;
    v.number.d = d;
    Add(v);
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  JsonDoc& doc_;
  size_t max_depth_;
  std::vector<Frame> stack_;
  std::vector<JsonMember> pending_;  // children of every open container, innermost last
};

struct Magnitude {
  bool negative = false;
  uint64_t value = 0;
};

// 2^64 as a double: every double below it (in magnitude) with no fraction fits a uint64_t.
constexpr double kTwo64 = 18446744073709551616.0;

Magnitude IntegerMagnitude(const JsonValue& v) {
  if (v.kind == JsonKind::kUint) return {false, v.number.u};
  // Negate in unsigned arithmetic: -INT64_MIN does not fit an int64_t.
  return {v.number.i < 0, v.number.i < 0 ? 0 - static_cast<uint64_t>(v.number.i) : static_cast<uint64_t>(v.number.i)};
}

int CompareMagnitudes(Magnitude a, Magnitude b) {
  if (a.value == 0) a.negative = false;
  if (b.value == 0) b.negative = false;
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  if (a.value == b.value) return 0;
  const bool less = a.value < b.value;
  return (less != a.negative) ? -1 : 1;
}

// An integer against a double, exactly.
int CompareIntegerDouble(const JsonValue& integer, double d) {
  if (d >= kTwo64) return -1;
  if (d <= -kTwo64) return 1;
  const double floor = std::floor(d);
  const Magnitude f{floor < 0, static_cast<uint64_t>(std::fabs(floor))};
  const int c = CompareMagnitudes(IntegerMagnitude(integer), f);
  if (c != 0) return c;
  return floor == d ? 0 : -1;  // equal to floor(d): below d when d has a fraction
}

size_t Mix(size_t seed, size_t h) { return seed ^ (h + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2)); }

void AppendEscaped(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
}

void AppendNumber(std::string& out, const JsonValue& v) {
  char buf[64];
  std::to_chars_result r{};
  if (v.kind == JsonKind::kInt) {
    r = std::to_chars(buf, buf + sizeof buf, v.number.i);
  } else if (v.kind == JsonKind::kUint) {
    r = std::to_chars(buf, buf + sizeof buf, v.number.u);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v.number.d);
  }
  const std::string_view text(buf, static_cast<size_t>(r.ptr - buf));
  out += text;
  if (v.kind == JsonKind::kDouble && text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void AppendPreview(std::string& out, const JsonDoc& doc, const JsonValue& v, size_t max_chars) {
  if (out.size() > max_chars) return;
  switch (v.kind) {
    case JsonKind::kNull:
      out += "null";
      break;
    case JsonKind::kBool:
      out += v.boolean ? "true" : "false";
      break;
    case JsonKind::kInt:
    case JsonKind::kUint:
    case JsonKind::kDouble:
      AppendNumber(out, v);
      break;
    case JsonKind::kString:
      out += '"';
      AppendEscaped(out, doc.String(v).substr(0, max_chars + 1));
      out += '"';
      break;
    case JsonKind::kArray:
      out += '[';
      for (uint32_t i = 0; i < v.count && out.size() <= max_chars; ++i) {
        if (i != 0) out += ',';
        AppendPreview(out, doc, doc.Element(v, i), max_chars);
      }
      out += ']';
      break;
    case JsonKind::kObject:
      out += '{';
      for (const JsonMember* m = doc.MembersBegin(v); m != doc.MembersEnd(v) && out.size() <= max_chars; ++m) {
        if (m != doc.MembersBegin(v)) out += ',';
        out += '"';
        AppendEscaped(out, doc.Key(*m));
        out += "\":";
        AppendPreview(out, doc, doc.at(m->value), max_chars);
      }
      out += '}';
      break;
  }
}

}  // namespace

const JsonValue* JsonDoc::Find(const JsonValue& object, std::string_view key) const {
  const JsonMember* first = MembersBegin(object);
  const JsonMember* last = MembersEnd(object);
  const JsonMember* it =
      std::lower_bound(first, last, key, [&](const JsonMember& m, std::string_view k) { return Key(m) < k; });
  if (it == last || Key(*it) != key) return nullptr;
  return &values[it->value];
}

JsonParseResult ParseJsonDom(std::string_view text, size_t max_depth, JsonDoc& doc) {
  doc = JsonDoc{};
  JsonParseResult result;
  // Offsets are 32-bit: a document of 4 GiB or more is refused before any work.
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    result.error = "the document is 4 GiB or larger";
    return result;
  }
  Reader reader(text, max_depth, doc);
  if (reader.Parse()) {
    result.ok = true;
    return result;
  }
  result.too_deep = reader.too_deep;
  result.error =
      reader.too_deep ? "arrays and objects are nested more than " + std::to_string(max_depth) + " deep" : reader.error;
  doc = JsonDoc{};
  return result;
}

int CompareNumbers(const JsonValue& a, const JsonValue& b) {
  const bool a_double = a.kind == JsonKind::kDouble;
  const bool b_double = b.kind == JsonKind::kDouble;
  if (a_double && b_double) return a.number.d < b.number.d ? -1 : (a.number.d > b.number.d ? 1 : 0);
  if (!a_double && !b_double) return CompareMagnitudes(IntegerMagnitude(a), IntegerMagnitude(b));
  if (b_double) return CompareIntegerDouble(a, b.number.d);
  return -CompareIntegerDouble(b, a.number.d);
}

bool IsIntegral(const JsonValue& v) {
  if (v.kind == JsonKind::kInt || v.kind == JsonKind::kUint) return true;
  return v.kind == JsonKind::kDouble && std::isfinite(v.number.d) && std::trunc(v.number.d) == v.number.d;
}

double AsDouble(const JsonValue& v) {
  switch (v.kind) {
    case JsonKind::kInt:
      return static_cast<double>(v.number.i);
    case JsonKind::kUint:
      return static_cast<double>(v.number.u);
    default:
      return v.number.d;
  }
}

bool JsonEqual(const JsonDoc& a_doc, const JsonValue& a, const JsonDoc& b_doc, const JsonValue& b) {
  if (a.IsNumber() && b.IsNumber()) return CompareNumbers(a, b) == 0;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JsonKind::kNull:
      return true;
    case JsonKind::kBool:
      return a.boolean == b.boolean;
    case JsonKind::kString:
      return a_doc.String(a) == b_doc.String(b);
    case JsonKind::kArray:
      if (a.count != b.count) return false;
      for (uint32_t i = 0; i < a.count; ++i) {
        if (!JsonEqual(a_doc, a_doc.Element(a, i), b_doc, b_doc.Element(b, i))) return false;
      }
      return true;
    case JsonKind::kObject: {
      if (a.count != b.count) return false;
      // Members are sorted by key in both: compare pairwise.
      const JsonMember* am = a_doc.MembersBegin(a);
      const JsonMember* bm = b_doc.MembersBegin(b);
      for (uint32_t i = 0; i < a.count; ++i, ++am, ++bm) {
        if (a_doc.Key(*am) != b_doc.Key(*bm)) return false;
        if (!JsonEqual(a_doc, a_doc.at(am->value), b_doc, b_doc.at(bm->value))) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

size_t JsonHash(const JsonDoc& doc, const JsonValue& v) {
  switch (v.kind) {
    case JsonKind::kNull:
      return 0x51;
    case JsonKind::kBool:
      return v.boolean ? 0x71 : 0x70;
    case JsonKind::kInt:
    case JsonKind::kUint:
    case JsonKind::kDouble: {
      // Equal numbers hash alike whatever their kind: integral values below 2^64 by magnitude.
      Magnitude m;
      if (v.kind != JsonKind::kDouble) {
        m = IntegerMagnitude(v);
      } else if (IsIntegral(v) && std::fabs(v.number.d) < kTwo64) {
        m = {v.number.d < 0, static_cast<uint64_t>(std::fabs(v.number.d))};
      } else {
        return Mix(0x33, std::hash<double>{}(v.number.d));
      }
      if (m.value == 0) m.negative = false;
      return Mix(m.negative ? 0x35 : 0x34, std::hash<uint64_t>{}(m.value));
    }
    case JsonKind::kString:
      return Mix(0x57, std::hash<std::string_view>{}(doc.String(v)));
    case JsonKind::kArray: {
      size_t h = Mix(0xa1, v.count);
      for (uint32_t i = 0; i < v.count; ++i) h = Mix(h, JsonHash(doc, doc.Element(v, i)));
      return h;
    }
    case JsonKind::kObject: {
      size_t h = Mix(0x0b, v.count);
      for (const JsonMember* m = doc.MembersBegin(v); m != doc.MembersEnd(v); ++m) {
        h = Mix(h, std::hash<std::string_view>{}(doc.Key(*m)));
        h = Mix(h, JsonHash(doc, doc.at(m->value)));
      }
      return h;
    }
  }
  return 0;
}

std::string JsonPreview(const JsonDoc& doc, const JsonValue& v, size_t max_chars) {
  std::string out;
  AppendPreview(out, doc, v, max_chars);
  if (out.size() > max_chars) {
    size_t cut = max_chars;
    // Never cut inside a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "…";
  }
  return out;
}

}  // namespace cpk::internal
