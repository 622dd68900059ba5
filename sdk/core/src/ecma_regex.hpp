#pragma once
// The regular expressions of JSON Schema (`pattern`, `patternProperties`): ECMA-262 syntax with
// Unicode semantics (the engine sees code points, not UTF-8 bytes), matched as an unanchored
// search. A Pike VM: time linear in the text for a given pattern and no recursion on the text,
// so a hostile document cannot blow the stack or make matching exponential (std::regex can do both).
//
// Supported: literals, `.`, classes with ranges and negation, \d \D \w \W \s \S, \b \B, ^ $,
// escapes \t \n \v \f \r \0 \cX \xHH \uHHHH \u{H…}, groups (capturing, (?:…), (?<name>…)),
// alternation, * + ? {n} {n,} {n,m} (greedy or lazy: the same for a yes/no answer),
// lookahead (?=…) (?!…). Rejected at compile time: backreferences, lookbehind, \p{…} \P{…}.
//
// Patterns without lookahead or \b \B (nearly all in practice) are also turned into a DFA when
// compiled, if it stays small: then a search is one table lookup per code point.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::internal {

/// Per-thread working memory of a search; reuse one across searches to avoid allocations.
struct RegexScratch {
  /// Thread lists of one running VM; lookaheads run a nested VM one level down.
  struct Level {
    std::vector<uint32_t> sparse[2];
    std::vector<uint32_t> dense[2];
    uint32_t size[2] = {0, 0};
    std::vector<uint32_t> stack;
  };
  std::vector<char32_t> text;
  std::vector<Level> levels;
  std::vector<int8_t> look_memo;  ///< per lookahead and position: -1 unknown, 0/1 result
};

class EcmaRegex {
 public:
  /// Compiles `pattern`; on failure returns nullptr and sets `error` (for a person).
  static std::unique_ptr<EcmaRegex> Compile(std::string_view pattern, std::string& error);
  /// True when the pattern matches somewhere in `utf8`. Const: safe from many threads, each
  /// with its own scratch.
  bool Search(std::string_view utf8, RegexScratch& scratch) const;

  enum class Op : uint8_t { kChar, kAny, kClass, kSplit, kJmp, kMatch, kBol, kEol, kWordB, kNotWordB, kLook };
  struct Inst {
    Op op = Op::kMatch;
    bool negate = false;  ///< kLook: negative lookahead
    uint32_t x = 0;       ///< kChar: code point; kClass: class index; kSplit/kJmp/kLook: target
    uint32_t y = 0;       ///< kSplit: second target; kLook: lookahead number
  };
  struct Class {
    std::vector<std::pair<char32_t, char32_t>> ranges;  ///< sorted, disjoint, inclusive
    uint64_t ascii[2] = {0, 0};                         ///< membership of U+0000..U+007F
    bool Contains(char32_t c) const;
  };

 private:
  /// A deterministic automaton over intervals of code points, built when compiling.
  struct Dfa {
    std::vector<char32_t> bounds;  ///< interval k is [bounds[k], bounds[k+1])
    uint16_t ascii_class[128] = {};
    uint32_t classes = 0;
    std::vector<uint16_t> next;       ///< state * classes + class → state (kDead: no match possible)
    std::vector<uint8_t> accept_now;  ///< a match has been found, whatever follows
    std::vector<uint8_t> accept_end;  ///< a match if the text ends here
    static constexpr uint16_t kDead = 0xFFFF;
    uint32_t ClassOf(char32_t c) const;
  };
  void BuildDfa();
  bool SearchDfa(std::string_view utf8) const;

  bool Run(uint32_t start, const std::vector<char32_t>& text, size_t from, bool anchored, RegexScratch& s,
           int level) const;
  bool Closure(uint32_t pc, size_t pos, const std::vector<char32_t>& text, int list, RegexScratch& s, int level) const;
  bool Look(const Inst& inst, size_t pos, const std::vector<char32_t>& text, RegexScratch& s, int level) const;

  std::vector<Inst> program_;
  std::vector<Class> classes_;
  uint32_t looks_ = 0;
  int look_depth_ = 0;           ///< lookaheads nested in lookaheads
  bool anchored_start_ = false;  ///< every match must begin at position 0
  std::unique_ptr<Dfa> dfa_;     ///< null when the pattern needs the VM
};

}  // namespace cpk::internal
