#include "ecma_regex.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cpk::internal {
namespace {

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr size_t kMaxProgram = 20000;  // instructions, after counted repetitions are unrolled
constexpr int kMaxNesting = 64;        // groups inside groups
constexpr size_t kMaxDfaStates = 2000;
constexpr size_t kMaxDfaTable = 1u << 18;  // transitions (uint16_t each)

Ranges Normalize(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
  return out;
}

Ranges Complement(const Ranges& sorted) {
  Ranges out;
  char32_t next = 0;
  for (const auto& [lo, hi] : sorted) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

// ECMA-262 character class escapes. \d and \w are ASCII only; \s is WhiteSpace + LineTerminator.
const Ranges kDigit = {{U'0', U'9'}};
const Ranges kWord = {{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}};
const Ranges kSpace = {{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
                       {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};

bool IsLineTerminator(char32_t c) { return c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029; }
bool IsWord(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_';
}

// The code point at p, advancing p. Only well-formed UTF-8 (Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF) decodes; any other byte becomes U+FFFD on its own.
// JSON strings reaching here are well-formed already; this keeps every code point the engine sees
// inside the alphabet the DFA is built over.
char32_t NextCodePoint(const char*& p, const char* end) {
  const auto b0 = static_cast<unsigned char>(*p);
  if (b0 < 0x80) {
    ++p;
    return b0;
  }
  const auto left = static_cast<size_t>(end - p);
  auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
    if (i >= left) return false;
    const auto b = static_cast<unsigned char>(p[i]);
    return b >= lo && b <= hi;
  };
  size_t len = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = cont(1, 0x80, 0xBF) ? 2 : 0;
  } else if (b0 == 0xE0) {
    len = cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    len = cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  } else if (b0 == 0xED) {
    len = cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  } else if (b0 == 0xF0) {
    len = cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    len = cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  } else if (b0 == 0xF4) {
    len = cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (len == 0) {
    ++p;
    return 0xFFFD;
  }
  char32_t cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(p[k]) & 0x3F);
  p += len;
  return cp;
}

void DecodeUtf8(std::string_view s, std::vector<char32_t>& out) {
  out.clear();
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p != end) out.push_back(NextCodePoint(p, end));
}

struct Node {
  enum class Type : uint8_t {
    kEmpty,
    kChar,
    kAny,
    kClass,
    kConcat,
    kAlt,
    kRepeat,
    kBol,
    kEol,
    kWordB,
    kNotWordB,
    kLook
  };
  Type type = Type::kEmpty;
  bool negate = false;     // kLook
  bool unbounded = false;  // kRepeat: no upper bound
  char32_t c = 0;          // kChar
  uint32_t cls = 0;        // kClass
  uint32_t min = 0;        // kRepeat
  uint32_t max = 0;        // kRepeat
  std::vector<size_t> kids;
};

class Parser {
 public:
  Parser(std::vector<char32_t> pattern, std::vector<EcmaRegex::Class>& classes)
      : p_(std::move(pattern)), classes_(classes) {}

  bool Parse(size_t& root) {
    root = Disjunction(0);
    if (!error.empty()) return false;
    if (i_ != p_.size()) return Fail("unmatched ')'");
    return true;
  }

  std::vector<Node> nodes;
  std::string error;
  int look_depth = 0;

 private:
  bool Fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
  bool AtEnd() const { return i_ >= p_.size(); }
  char32_t Peek(size_t ahead = 0) const { return i_ + ahead < p_.size() ? p_[i_ + ahead] : 0; }
  size_t Add(Node n) {
    nodes.push_back(std::move(n));
    return nodes.size() - 1;
  }
  size_t AddClass(const Ranges& ranges) {
    EcmaRegex::Class c;
    c.ranges = Normalize(ranges);
    for (const auto& [lo, hi] : c.ranges) {
      for (char32_t ch = lo; ch <= hi && ch < 128; ++ch) c.ascii[ch >> 6] |= uint64_t{1} << (ch & 63);
    }
    classes_.push_back(std::move(c));
    Node n;
    n.type = Node::Type::kClass;
    n.cls = static_cast<uint32_t>(classes_.size() - 1);
    return Add(std::move(n));
  }

  size_t Disjunction(int depth) {
    if (depth > kMaxNesting) {
      Fail("groups are nested too deeply");
      return Add(Node{});
    }
    std::vector<size_t> alternatives{Alternative(depth)};
    while (error.empty() && Peek() == U'|' && !AtEnd()) {
      ++i_;
      alternatives.push_back(Alternative(depth));
    }
    if (alternatives.size() == 1) return alternatives[0];
    Node n;
    n.type = Node::Type::kAlt;
    n.kids = std::move(alternatives);
    return Add(std::move(n));
  }

  size_t Alternative(int depth) {
    Node seq;
    seq.type = Node::Type::kConcat;
    while (error.empty() && !AtEnd() && Peek() != U'|' && Peek() != U')') seq.kids.push_back(Term(depth));
    return Add(std::move(seq));
  }

  // A quantifier "{n}", "{n,}" or "{n,m}" at the cursor: parsed into min/max, cursor moved past it.
  bool BraceQuantifier(uint32_t& min, uint32_t& max, bool& unbounded) {
    size_t j = i_ + 1;
    auto number = [&](uint32_t& out) {
      const size_t start = j;
      uint64_t v = 0;
      while (j < p_.size() && p_[j] >= U'0' && p_[j] <= U'9') {
        v = std::min<uint64_t>(v * 10 + (p_[j] - U'0'), uint64_t{1} << 32);
        ++j;
      }
      out = static_cast<uint32_t>(std::min<uint64_t>(v, 0xFFFFFFFFu));
      return j > start;
    };
    if (!number(min)) return false;
    max = min;
    unbounded = false;
    if (j < p_.size() && p_[j] == U',') {
      ++j;
      if (!number(max)) unbounded = true;
    }
    if (j >= p_.size() || p_[j] != U'}') return false;
    i_ = j + 1;
    return true;
  }

  size_t Term(int depth) {
    const char32_t c = Peek();
    size_t atom = 0;
    bool quantifiable = true;
    if (c == U'^' || c == U'$') {
      ++i_;
      Node n;
      n.type = c == U'^' ? Node::Type::kBol : Node::Type::kEol;
      atom = Add(std::move(n));
      quantifiable = false;
    } else if (c == U'\\' && (Peek(1) == U'b' || Peek(1) == U'B')) {
      i_ += 2;
      Node n;
      n.type = p_[i_ - 1] == U'b' ? Node::Type::kWordB : Node::Type::kNotWordB;
      atom = Add(std::move(n));
      quantifiable = false;
    } else if (c == U'(') {
      atom = Group(depth);
    } else if (c == U'.') {
      ++i_;
      Node n;
      n.type = Node::Type::kAny;
      atom = Add(std::move(n));
    } else if (c == U'[') {
      atom = ClassAtom();
    } else if (c == U'\\') {
      atom = EscapeAtom();
    } else if (c == U'*' || c == U'+' || c == U'?') {
      Fail("nothing to repeat");
      return Add(Node{});
    } else {
      if (c == U'{') {
        uint32_t mn = 0, mx = 0;
        bool unb = false;
        const size_t save = i_;
        if (BraceQuantifier(mn, mx, unb)) {
          Fail("nothing to repeat");
          return Add(Node{});
        }
        i_ = save;
      }
      ++i_;  // a literal, including ']', '{' and '}' as ECMA-262 Annex B allows
      Node n;
      n.type = Node::Type::kChar;
      n.c = c;
      atom = Add(std::move(n));
    }
    if (!error.empty()) return atom;
    // Quantifier.
    uint32_t min = 0, max = 0;
    bool unbounded = false;
    const char32_t q = Peek();
    if (AtEnd()) return atom;
    if (q == U'*') {
      unbounded = true;
      ++i_;
    } else if (q == U'+') {
      min = 1;
      unbounded = true;
      ++i_;
    } else if (q == U'?') {
      max = 1;
      ++i_;
    } else if (q == U'{') {
      const size_t save = i_;
      if (!BraceQuantifier(min, max, unbounded)) {
        i_ = save;
        return atom;
      }
      if (!unbounded && min > max) {
        Fail("numbers out of order in {} quantifier");
        return atom;
      }
    } else {
      return atom;
    }
    if (!quantifiable) {
      Fail("nothing to repeat");
      return atom;
    }
    if (Peek() == U'?' && !AtEnd()) ++i_;  // lazy: irrelevant to whether it matches
    Node rep;
    rep.type = Node::Type::kRepeat;
    rep.min = min;
    rep.max = max;
    rep.unbounded = unbounded;
    rep.kids = {atom};
    return Add(std::move(rep));
  }

  size_t Group(int depth) {
    ++i_;  // '('
    bool look = false, negate = false;
    if (Peek() == U'?') {
      const char32_t k = Peek(1);
      if (k == U':') {
        i_ += 2;
      } else if (k == U'=' || k == U'!') {
        look = true;
        negate = k == U'!';
        i_ += 2;
      } else if (k == U'<' && (Peek(2) == U'=' || Peek(2) == U'!')) {
        Fail("lookbehind (?<= (?<! is not supported");
        return Add(Node{});
      } else if (k == U'<') {
        // A named group: the name does not matter to whether the pattern matches.
        i_ += 2;
        while (!AtEnd() && Peek() != U'>') ++i_;
        if (AtEnd()) {
          Fail("unterminated group name");
          return Add(Node{});
        }
        ++i_;
      } else {
        Fail("invalid group");
        return Add(Node{});
      }
    }
    if (look) look_depth_now_++;
    look_depth = std::max(look_depth, look_depth_now_);
    const size_t inner = Disjunction(depth + 1);
    if (look) look_depth_now_--;
    if (!error.empty()) return inner;
    if (Peek() != U')' || AtEnd()) {
      Fail("missing ')'");
      return inner;
    }
    ++i_;
    if (!look) return inner;
    Node n;
    n.type = Node::Type::kLook;
    n.negate = negate;
    n.kids = {inner};
    return Add(std::move(n));
  }

  // After a backslash: a class escape (\d …) gives ranges; anything else one code point.
  // Returns false on an invalid escape.
  bool Escape(bool in_class, char32_t& out, Ranges& set, bool& is_set) {
    is_set = false;
    if (AtEnd()) return Fail("\\ at end of pattern");
    const char32_t c = p_[i_++];
    auto hex = [&](size_t digits, char32_t& value) {
      value = 0;
      for (size_t k = 0; k < digits; ++k) {
        const char32_t h = Peek();
        int d = -1;
        if (h >= U'0' && h <= U'9') d = static_cast<int>(h - U'0');
        if (h >= U'a' && h <= U'f') d = static_cast<int>(h - U'a' + 10);
        if (h >= U'A' && h <= U'F') d = static_cast<int>(h - U'A' + 10);
        if (d < 0 || AtEnd()) return false;
        value = value * 16 + static_cast<char32_t>(d);
        ++i_;
      }
      return true;
    };
    switch (c) {
      case U'd':
        set = kDigit, is_set = true;
        return true;
      case U'D':
        set = Complement(kDigit), is_set = true;
        return true;
      case U'w':
        set = kWord, is_set = true;
        return true;
      case U'W':
        set = Complement(kWord), is_set = true;
        return true;
      case U's':
        set = kSpace, is_set = true;
        return true;
      case U'S':
        set = Complement(Normalize(kSpace)), is_set = true;
        return true;
      case U'p':
      case U'P':
        return Fail("Unicode property escapes \\p{...} are not supported");
      case U't':
        out = U'\t';
        return true;
      case U'n':
        out = U'\n';
        return true;
      case U'v':
        out = U'\v';
        return true;
      case U'f':
        out = U'\f';
        return true;
      case U'r':
        out = U'\r';
        return true;
      case U'b':
        if (!in_class) return Fail("\\b here");
        out = 0x08;
        return true;
      case U'-':
        out = U'-';
        return true;
      case U'0':
        if (Peek() >= U'0' && Peek() <= U'9' && !AtEnd()) return Fail("octal escapes are not supported");
        out = 0;
        return true;
      case U'c': {
        const char32_t l = Peek();
        if (AtEnd() || !((l >= U'a' && l <= U'z') || (l >= U'A' && l <= U'Z'))) return Fail("invalid \\c escape");
        ++i_;
        out = l % 32;
        return true;
      }
      case U'x':
        if (!hex(2, out)) return Fail("invalid \\x escape");
        return true;
      case U'u': {
        if (Peek() == U'{' && !AtEnd()) {
          ++i_;
          char32_t v = 0;
          size_t n = 0;
          while (!AtEnd() && Peek() != U'}') {
            char32_t d = 0;
            if (!hex(1, d) || ++n > 6) return Fail("invalid \\u{...} escape");
            v = v * 16 + d;
          }
          if (AtEnd() || n == 0 || v > kMaxCodePoint) return Fail("invalid \\u{...} escape");
          ++i_;
          out = v;
          return true;
        }
        if (!hex(4, out)) return Fail("invalid \\u escape");
        // A surrogate pair written as two escapes is one code point.
        if (out >= 0xD800 && out <= 0xDBFF && Peek() == U'\\' && Peek(1) == U'u') {
          const size_t save = i_;
          i_ += 2;
          char32_t low = 0;
          if (hex(4, low) && low >= 0xDC00 && low <= 0xDFFF) {
            out = 0x10000 + ((out - 0xD800) << 10) + (low - 0xDC00);
          } else {
            i_ = save;
          }
        }
        return true;
      }
      default:
        break;
    }
    if (c >= U'1' && c <= U'9') return Fail("backreferences are not supported");
    if (c == U'k') return Fail("named backreferences are not supported");
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')) {
      return Fail(std::string("unknown escape \\") + static_cast<char>(c));
    }
    out = c;  // identity escape: \. \/ \[ and so on
    return true;
  }

  size_t EscapeAtom() {
    ++i_;  // backslash
    char32_t c = 0;
    Ranges set;
    bool is_set = false;
    if (!Escape(false, c, set, is_set)) return Add(Node{});
    if (is_set) return AddClass(set);
    Node n;
    n.type = Node::Type::kChar;
    n.c = c;
    return Add(std::move(n));
  }

  size_t ClassAtom() {
    ++i_;  // '['
    bool negated = false;
    if (Peek() == U'^' && !AtEnd()) {
      negated = true;
      ++i_;
    }
    Ranges ranges;
    // One member of the class: a code point, or a set from a class escape.
    auto member = [&](char32_t& c, Ranges& set, bool& is_set) {
      is_set = false;
      if (Peek() == U'\\') {
        ++i_;
        return Escape(true, c, set, is_set);
      }
      c = p_[i_++];
      return true;
    };
    while (true) {
      if (AtEnd()) {
        Fail("missing ]");
        return Add(Node{});
      }
      if (Peek() == U']') {
        ++i_;
        break;
      }
      char32_t lo = 0;
      Ranges lo_set;
      bool lo_is_set = false;
      if (!member(lo, lo_set, lo_is_set)) return Add(Node{});
      if (Peek() == U'-' && Peek(1) != U']' && i_ + 1 < p_.size()) {
        ++i_;  // '-'
        char32_t hi = 0;
        Ranges hi_set;
        bool hi_is_set = false;
        if (!member(hi, hi_set, hi_is_set)) return Add(Node{});
        if (lo_is_set || hi_is_set) {
          // [\d-z]: Annex B reads the '-' literally.
          if (lo_is_set) ranges.insert(ranges.end(), lo_set.begin(), lo_set.end());
          if (!lo_is_set) ranges.emplace_back(lo, lo);
          if (hi_is_set) ranges.insert(ranges.end(), hi_set.begin(), hi_set.end());
          if (!hi_is_set) ranges.emplace_back(hi, hi);
          ranges.emplace_back(U'-', U'-');
        } else {
          if (lo > hi) {
            Fail("range out of order in character class");
            return Add(Node{});
          }
          ranges.emplace_back(lo, hi);
        }
        continue;
      }
      if (lo_is_set) {
        ranges.insert(ranges.end(), lo_set.begin(), lo_set.end());
      } else {
        ranges.emplace_back(lo, lo);
      }
    }
    Ranges normal = Normalize(std::move(ranges));
    return AddClass(negated ? Complement(normal) : normal);
  }

  std::vector<char32_t> p_;
  size_t i_ = 0;
  int look_depth_now_ = 0;
  std::vector<EcmaRegex::Class>& classes_;
};

class Emitter {
 public:
  using Inst = EcmaRegex::Inst;
  using Op = EcmaRegex::Op;

  Emitter(const std::vector<Node>& nodes, std::vector<Inst>& program) : nodes_(nodes), program_(program) {}

  bool EmitAll(size_t root) {
    Emit(root);
    Push({Op::kMatch});
    // Lookahead bodies go after the main program, each ending in its own kMatch.
    for (size_t k = 0; k < looks_.size() && !overflow_; ++k) {
      program_[looks_[k].first].x = static_cast<uint32_t>(program_.size());
      Emit(looks_[k].second);
      Push({Op::kMatch});
    }
    return !overflow_;
  }
  uint32_t looks() const { return static_cast<uint32_t>(looks_.size()); }

 private:
  uint32_t Here() const { return static_cast<uint32_t>(program_.size()); }
  uint32_t Push(Inst inst) {
    if (program_.size() >= kMaxProgram) {
      overflow_ = true;
      return 0;
    }
    program_.push_back(inst);
    return Here() - 1;
  }

  void Emit(size_t index) {
    if (overflow_) return;
    const Node& n = nodes_[index];
    switch (n.type) {
      case Node::Type::kEmpty:
        return;
      case Node::Type::kChar:
        Push({Op::kChar, false, n.c, 0});
        return;
      case Node::Type::kAny:
        Push({Op::kAny});
        return;
      case Node::Type::kClass:
        Push({Op::kClass, false, n.cls, 0});
        return;
      case Node::Type::kBol:
        Push({Op::kBol});
        return;
      case Node::Type::kEol:
        Push({Op::kEol});
        return;
      case Node::Type::kWordB:
        Push({Op::kWordB});
        return;
      case Node::Type::kNotWordB:
        Push({Op::kNotWordB});
        return;
      case Node::Type::kLook: {
        const uint32_t at = Push({Op::kLook, n.negate, 0, static_cast<uint32_t>(looks_.size())});
        looks_.emplace_back(at, n.kids[0]);
        return;
      }
      case Node::Type::kConcat:
        for (const size_t k : n.kids) Emit(k);
        return;
      case Node::Type::kAlt: {
        std::vector<uint32_t> exits;
        for (size_t k = 0; k < n.kids.size() && !overflow_; ++k) {
          if (k + 1 == n.kids.size()) {
            Emit(n.kids[k]);
            break;
          }
          const uint32_t split = Push({Op::kSplit});
          program_[split].x = Here();
          Emit(n.kids[k]);
          exits.push_back(Push({Op::kJmp}));
          if (!overflow_) program_[split].y = Here();
        }
        if (overflow_) return;
        for (const uint32_t e : exits) program_[e].x = Here();
        return;
      }
      case Node::Type::kRepeat: {
        const size_t kid = n.kids[0];
        for (uint32_t k = 0; k < n.min && !overflow_; ++k) Emit(kid);
        if (n.unbounded) {
          const uint32_t split = Push({Op::kSplit});
          program_[split].x = Here();
          Emit(kid);
          Push({Op::kJmp, false, split, 0});
          if (!overflow_) program_[split].y = Here();
          return;
        }
        std::vector<uint32_t> splits;
        for (uint32_t k = n.min; k < n.max && !overflow_; ++k) {
          const uint32_t split = Push({Op::kSplit});
          program_[split].x = Here();
          splits.push_back(split);
          Emit(kid);
        }
        if (overflow_) return;
        for (const uint32_t s : splits) program_[s].y = Here();
        return;
      }
    }
  }

  const std::vector<Node>& nodes_;
  std::vector<Inst>& program_;
  std::vector<std::pair<uint32_t, size_t>> looks_;  // kLook instruction → body node
  bool overflow_ = false;
};

}  // namespace

bool EcmaRegex::Class::Contains(char32_t c) const {
  if (c < 128) return (ascii[c >> 6] >> (c & 63)) & 1;
  const auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                                   [](char32_t v, const std::pair<char32_t, char32_t>& r) { return v < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->second;
}

std::unique_ptr<EcmaRegex> EcmaRegex::Compile(std::string_view pattern, std::string& error) {
  std::vector<char32_t> cps;
  DecodeUtf8(pattern, cps);
  auto re = std::unique_ptr<EcmaRegex>(new EcmaRegex());
  Parser parser(std::move(cps), re->classes_);
  size_t root = 0;
  if (!parser.Parse(root)) {
    error = parser.error;
    return nullptr;
  }
  Emitter emitter(parser.nodes, re->program_);
  if (!emitter.EmitAll(root)) {
    error = "the pattern is too large once its repetitions are expanded";
    return nullptr;
  }
  re->looks_ = emitter.looks();
  re->look_depth_ = parser.look_depth;
  // Every match starts at 0 when the pattern begins with ^ outside any alternation.
  const Node& top = parser.nodes[root];
  re->anchored_start_ = top.type == Node::Type::kBol || (top.type == Node::Type::kConcat && !top.kids.empty() &&
                                                         parser.nodes[top.kids[0]].type == Node::Type::kBol);
  re->BuildDfa();
  return re;
}

uint32_t EcmaRegex::Dfa::ClassOf(char32_t c) const {
  if (c < 128) return ascii_class[c];
  return static_cast<uint32_t>(std::upper_bound(bounds.begin(), bounds.end(), c) - bounds.begin() - 1);
}

// Subset construction over the Pike program. A DFA state is the set of instructions threads
// wait at (consuming ones, kMatch, and kEol, which only the end of the text resolves). An
// unanchored search restarts the program at every position, so every state after the first
// includes the restart set.
void EcmaRegex::BuildDfa() {
  for (const Inst& in : program_) {
    if (in.op == Op::kLook || in.op == Op::kWordB || in.op == Op::kNotWordB) return;
  }
  auto dfa = std::make_unique<Dfa>();
  // Alphabet: intervals on which every instruction agrees.
  std::vector<char32_t> bounds = {0, U'\n', U'\n' + 1, U'\r', U'\r' + 1, 0x2028, 0x202A};
  for (const Inst& in : program_) {
    if (in.op == Op::kChar) {
      bounds.push_back(in.x);
      bounds.push_back(in.x + 1);
    } else if (in.op == Op::kClass) {
      for (const auto& [lo, hi] : classes_[in.x].ranges) {
        bounds.push_back(lo);
        bounds.push_back(hi + 1);
      }
    }
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  while (!bounds.empty() && bounds.back() > kMaxCodePoint) bounds.pop_back();
  dfa->bounds = bounds;
  dfa->classes = static_cast<uint32_t>(bounds.size());
  for (char32_t c = 0; c < 128; ++c) {
    dfa->ascii_class[c] = static_cast<uint16_t>(std::upper_bound(bounds.begin(), bounds.end(), c) - bounds.begin() - 1);
  }

  using Set = std::vector<uint32_t>;
  auto closure = [&](const Set& seeds, bool bol, bool eol) {
    std::vector<uint8_t> seen(program_.size(), 0);
    Set out;
    std::vector<uint32_t> stack(seeds.rbegin(), seeds.rend());
    while (!stack.empty()) {
      const uint32_t pc = stack.back();
      stack.pop_back();
      if (seen[pc]) continue;
      seen[pc] = 1;
      const Inst& in = program_[pc];
      switch (in.op) {
        case Op::kJmp:
          stack.push_back(in.x);
          break;
        case Op::kSplit:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Op::kBol:
          if (bol) stack.push_back(pc + 1);
          break;
        case Op::kEol:
          if (eol) {
            stack.push_back(pc + 1);
          } else {
            out.push_back(pc);
          }
          break;
        default:
          out.push_back(pc);  // kChar, kAny, kClass, kMatch
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const Set restart = anchored_start_ ? Set() : closure({0}, false, false);
  auto accepts = [&](const Set& set, bool at_end, bool bol) {
    for (const uint32_t pc : set) {
      if (program_[pc].op == Op::kMatch) return true;
    }
    if (!at_end) return false;
    Set eols;
    for (const uint32_t pc : set) {
      if (program_[pc].op == Op::kEol) eols.push_back(pc + 1);
    }
    if (eols.empty()) return false;
    for (const uint32_t pc : closure(eols, bol, true)) {
      if (program_[pc].op == Op::kMatch) return true;
    }
    return false;
  };

  std::map<std::pair<Set, bool>, uint16_t> ids;  // (set, is the start state) → state
  std::vector<std::pair<Set, bool>> states;
  auto id_of = [&](Set set, bool initial) -> int {
    if (!initial && set.empty()) return Dfa::kDead;
    const auto key = std::make_pair(std::move(set), initial);
    if (const auto it = ids.find(key); it != ids.end()) return it->second;
    if (states.size() >= kMaxDfaStates) return -1;
    const auto id = static_cast<uint16_t>(states.size());
    ids.emplace(key, id);
    states.push_back(key);
    return id;
  };
  id_of(closure({0}, true, false), true);
  for (size_t s = 0; s < states.size(); ++s) {
    if ((s + 1) * dfa->classes > kMaxDfaTable) return;  // too big: keep the VM
    const Set set = states[s].first;                    // copy: states grows below
    for (uint32_t k = 0; k < dfa->classes; ++k) {
      const char32_t c = bounds[k];  // any code point of the interval behaves the same
      Set seeds;
      for (const uint32_t pc : set) {
        const Inst& in = program_[pc];
        const bool step = (in.op == Op::kChar && in.x == c) || (in.op == Op::kAny && !IsLineTerminator(c)) ||
                          (in.op == Op::kClass && classes_[in.x].Contains(c));
        if (step) seeds.push_back(pc + 1);
      }
      Set next = closure(seeds, false, false);
      next.insert(next.end(), restart.begin(), restart.end());
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      const int id = id_of(std::move(next), false);
      if (id < 0) return;  // too many states: keep the VM
      dfa->next.push_back(static_cast<uint16_t>(id));
    }
  }
  for (size_t s = 0; s < states.size(); ++s) {
    dfa->accept_now.push_back(accepts(states[s].first, false, false) ? 1 : 0);
    dfa->accept_end.push_back(accepts(states[s].first, true, states[s].second) ? 1 : 0);
  }
  dfa_ = std::move(dfa);
}

bool EcmaRegex::SearchDfa(std::string_view utf8) const {
  const Dfa& d = *dfa_;
  uint32_t state = 0;
  if (d.accept_now[0]) return true;
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p != end) {
    const auto b = static_cast<unsigned char>(*p);
    const uint32_t k = b < 0x80 ? (++p, d.ascii_class[b]) : d.ClassOf(NextCodePoint(p, end));
    const uint16_t next = d.next[state * d.classes + k];
    if (next == Dfa::kDead) return false;
    state = next;
    if (d.accept_now[state]) return true;
  }
  return d.accept_end[state] != 0;
}

bool EcmaRegex::Search(std::string_view utf8, RegexScratch& s) const {
  if (dfa_) return SearchDfa(utf8);
  DecodeUtf8(utf8, s.text);
  if (s.levels.size() < static_cast<size_t>(look_depth_) + 1) s.levels.resize(static_cast<size_t>(look_depth_) + 1);
  for (RegexScratch::Level& level : s.levels) {
    for (int k = 0; k < 2; ++k) {
      if (level.sparse[k].size() < program_.size()) {
        level.sparse[k].resize(program_.size());
        level.dense[k].resize(program_.size());
      }
    }
  }
  if (looks_ != 0) s.look_memo.assign(static_cast<size_t>(looks_) * (s.text.size() + 1), -1);
  return Run(0, s.text, 0, anchored_start_, s, 0);
}

bool EcmaRegex::Closure(uint32_t pc0, size_t pos, const std::vector<char32_t>& text, int list, RegexScratch& s,
                        int level) const {
  RegexScratch::Level& l = s.levels[static_cast<size_t>(level)];
  std::vector<uint32_t>& sparse = l.sparse[list];
  std::vector<uint32_t>& dense = l.dense[list];
  uint32_t& size = l.size[list];
  l.stack.clear();
  l.stack.push_back(pc0);
  while (!l.stack.empty()) {
    const uint32_t pc = l.stack.back();
    l.stack.pop_back();
    const uint32_t slot = sparse[pc];
    if (slot < size && dense[slot] == pc) continue;  // already in this list
    sparse[pc] = size;
    dense[size++] = pc;
    const Inst& in = program_[pc];
    switch (in.op) {
      case Op::kMatch:
        return true;
      case Op::kJmp:
        l.stack.push_back(in.x);
        break;
      case Op::kSplit:
        l.stack.push_back(in.y);
        l.stack.push_back(in.x);
        break;
      case Op::kBol:
        if (pos == 0) l.stack.push_back(pc + 1);
        break;
      case Op::kEol:
        if (pos == text.size()) l.stack.push_back(pc + 1);
        break;
      case Op::kWordB:
      case Op::kNotWordB: {
        const bool before = pos > 0 && IsWord(text[pos - 1]);
        const bool after = pos < text.size() && IsWord(text[pos]);
        if ((before != after) == (in.op == Op::kWordB)) l.stack.push_back(pc + 1);
        break;
      }
      case Op::kLook:
        if (Look(in, pos, text, s, level)) l.stack.push_back(pc + 1);
        break;
      default:
        break;  // consumes a character: stepped by Run
    }
  }
  return false;
}

bool EcmaRegex::Look(const Inst& inst, size_t pos, const std::vector<char32_t>& text, RegexScratch& s,
                     int level) const {
  int8_t& memo = s.look_memo[static_cast<size_t>(inst.y) * (text.size() + 1) + pos];
  if (memo < 0) memo = Run(inst.x, text, pos, /*anchored=*/true, s, level + 1) ? 1 : 0;
  return (memo == 1) != inst.negate;
}

bool EcmaRegex::Run(uint32_t start, const std::vector<char32_t>& text, size_t from, bool anchored, RegexScratch& s,
                    int level) const {
  RegexScratch::Level& l = s.levels[static_cast<size_t>(level)];
  int cur = 0;
  l.size[cur] = 0;
  if (Closure(start, from, text, cur, s, level)) return true;
  for (size_t i = from; i < text.size(); ++i) {
    const int next = 1 - cur;
    l.size[next] = 0;
    const char32_t c = text[i];
    for (uint32_t k = 0; k < l.size[cur]; ++k) {
      const uint32_t pc = l.dense[cur][k];
      const Inst& in = program_[pc];
      bool step = false;
      switch (in.op) {
        case Op::kChar:
          step = c == in.x;
          break;
        case Op::kAny:
          step = !IsLineTerminator(c);
          break;
        case Op::kClass:
          step = classes_[in.x].Contains(c);
          break;
        default:
          break;
      }
      if (step && Closure(pc + 1, i + 1, text, next, s, level)) return true;
    }
    cur = next;
    // Unanchored search: a new thread may start at every position.
    if (!anchored && Closure(start, i + 1, text, cur, s, level)) return true;
    if (l.size[cur] == 0 && anchored) return false;
  }
  return false;
}

}  // namespace cpk::internal
