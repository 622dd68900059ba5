// Detection of legacy Hindi font encodings: by font name, and by the character statistics of
// Hindi typed in the Kruti Dev / DevLys (Remington) layout.
//
// Statistics work word by word. A word counts as Kruti-typed when it is one of the most common
// Hindi words as the layout types them (dk का, gS है, vkSj और …), or when it holds letter pairs
// that the layout produces all the time and English almost never does (a consonant key followed
// by the stem `k`, `f` before a consonant key, reph `Z` or danda `A` after a lower-case letter,
// lower/upper case mixed inside a word) together with too few vowel letters for English, or a
// glyph code of the upper half that Latin text does not use. A word counts as Latin-language when
// it is an English or romanised-Hindi function word, or has the vowel share of a natural word.
// URLs, e-mail addresses, paths and words without letters are ignored. The text is legacy when
// Kruti-typed words clearly outnumber Latin-language ones and there are enough of them.

#include "cpk/fonts/legacy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <new>
#include <string>

#include "legacy_internal.hpp"

namespace cpk::fonts {
namespace {

// Lower-case letters of the font name without spaces, '-', '_', quotes and dots.
std::string FoldFontName(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

// Font families are named with vendor prefixes and style suffixes ("Walkman-Chanakya 905",
// "Kruti Dev 010 Bold"), so the family names are searched anywhere in the folded name.
std::optional<LegacyEncoding> EncodingOfFoldedName(std::string_view folded) {
  if (folded.find("krutidev") != std::string_view::npos || folded == "kruti") return LegacyEncoding::kKrutiDev;
  if (folded.find("devlys") != std::string_view::npos) return LegacyEncoding::kDevLys;
  if (folded.find("chanakya") != std::string_view::npos) return LegacyEncoding::kChanakya;
  return std::nullopt;
}

// The most frequent Hindi words as Kruti Dev / DevLys 010 type them. Words that are also common
// in English or code ("os", "ml", "us") are left out.
// clang-format off
constexpr std::string_view kKrutiWords[] = {
    "dk", "dh", "ds", "gS", "gSa", "esa", "vkSj", "ls", "dks", "ij", "Hkh", ";g", "fd", "rks", "gh",
    "Fkk", "Fks", "Fkh", "x;k", "xbZ", "x;s", "ugha", "bl", "bu", "mu", ",d", "tks", ";fn", "vFkok",
    "rFkk", "}kjk", "fy,", "fy;s", "djus", "djsa", "fd;k", "fd,", "gksxk", "gksrk", "gksrh", "gksus",
    ";k", "vius", "viuh", "viuk", "dqN", "lHkh", "rd", "lkFk", "ckn", "igys", "fdlh", "dbZ", "og",
    ";s", "vki", "ljdkj", "Hkkjr", "foHkkx", "ftyk", "jkT;", ";kstuk", "gsrq", "lwpuk", "vkns'k",
    "fnukad", "dk;Z", "vf/kdkjh", "deZpkjh", "izf'k{k.k", "dsUnz", "ekuuh;", "Jh",
};

// English and romanised-Hindi (Hinglish) function words: a word in this list speaks against Kruti.
constexpr std::string_view kLatinWords[] = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is",
    "are", "was", "were", "be", "been", "this", "that", "these", "those", "it", "its", "as", "not",
    "no", "but", "if", "then", "than", "so", "we", "you", "he", "she", "they", "i", "my", "your",
    "our", "their", "his", "her", "will", "can", "may", "should", "must", "have", "has", "had", "do",
    "does", "did", "all", "any", "each", "which", "who", "what", "when", "where", "how", "there",
    "here", "about", "into", "more", "other", "some", "only", "also", "new", "one", "two", "us",
    // romanised Hindi
    "aap", "hai", "hain", "ho", "hoon", "main", "mein", "ka", "ki", "ke", "ko", "se", "kya", "kaise",
    "nahi", "nahin", "hum", "tum", "yeh", "ye", "woh", "wo", "aur", "bhi", "par", "tha", "thi", "raha",
    "rahe", "rahi", "kar", "karo", "karna", "accha", "theek", "kyun", "kab", "kahan", "jo", "ek",
    "bahut", "sab", "apna", "apne", "mera", "meri", "ji", "haan",
};
// clang-format on

bool InList(std::string_view word, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool IsLower(char32_t c) noexcept { return c >= 'a' && c <= 'z'; }
bool IsUpper(char32_t c) noexcept { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char32_t c) noexcept { return IsLower(c) || IsUpper(c); }
bool IsSpace(char32_t c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0;
}
bool IsDevanagari(char32_t c) noexcept { return c >= 0x0900 && c <= 0x097F; }
bool OneOf(std::u32string_view set, char32_t c) noexcept { return set.find(c) != std::u32string_view::npos; }

constexpr std::u32string_view kVowelLetters = U"aeiouAEIOU";

// Glyph codes of the upper half that the legacy fonts use and Western text (accented letters,
// typographic quotes and dashes) does not: ‚ ॉ, ¡ ँ, ¥ ञ, ª ्र, « त्र्, ± reph+ं, ³ ङ, ¶ फ्, ¸ य्,
// º ह्, ¼ ½ ( ), Æ È Ê Ë Ì Í Î Ï Ò Ó Ô Ø Ù Ü ÷.
constexpr std::u32string_view kKrutiOnlyCodes =
    U"\u0082\u00A1\u00A5\u00AA\u00AB\u00B1\u00B3\u00B6\u00B8\u00BA\u00BC\u00BD\u00C6\u00C8\u00CA\u00CB"
    U"\u00CC\u00CD\u00CE\u00CF\u00D2\u00D3\u00D4\u00D8\u00D9\u00DC\u00F7";

// Consonant keys (full or half forms) that the stem `k` follows in the layout and that English
// does not put before a 'k' (back, work, walk, think, ask, look are left out).
constexpr std::u32string_view kStemmedKeys = U"dDXpPtTFUIHEjYOLgxvRCQ";

// Consonant keys the pre-base `f` is typed before (fd कि, fg हि, fH भि, fL स्...).
constexpr std::u32string_view kAfterPreBaseI = U"dgHpjcnVQMLFuk";

struct WordFeatures {
  size_t letters = 0;
  size_t vowels = 0;
  size_t k = 0;
  size_t pairs = 0;  // Kruti-typical letter pairs
  bool kruti_only_code = false;
  bool devanagari = false;
};

WordFeatures Analyse(std::u32string_view w) {
  WordFeatures f;
  for (size_t i = 0; i < w.size(); ++i) {
    const char32_t c = w[i];
    if (IsDevanagari(c)) f.devanagari = true;
    if (OneOf(kKrutiOnlyCodes, c)) f.kruti_only_code = true;
    if (!IsLetter(c)) {
      // Stem after a punctuation key that draws a consonant: [k ख, ?k घ, .k ण, /k ध, 'k श, "k ष, ;k या.
      // Word-initially only the keys English never puts before a letter count ([kkuk खाना, /keZ धर्म);
      // a quote or a full stop before 'k' can open an English word.
      const bool key = c == '[' || c == '?' || c == '/' || (i > 0 && (c == '.' || c == '\'' || c == '"' || c == ';'));
      if (key && i + 1 < w.size() && w[i + 1] == 'k') ++f.pairs;
      continue;
    }
    ++f.letters;
    if (OneOf(kVowelLetters, c)) ++f.vowels;
    if (c == 'k') ++f.k;
    if (i == 0) continue;
    const char32_t p = w[i - 1];
    if (c == 'k' && OneOf(kStemmedKeys, p)) ++f.pairs;    // dk का, Hk भ, Fk थ
    if (p == 'k' && OneOf(U"kjSZA", c)) ++f.pairs;        // kk ाा, kj ार, kS ौ, kZ ार्, kA ा।
    if (p == 'f' && OneOf(kAfterPreBaseI, c)) ++f.pairs;  // ि before a consonant key
    if (c == 'S' && OneOf(U"gjp", p)) ++f.pairs;          // gS है, jS रै, pS चै
    // The reph after a lower-case key or य (dk;Z कार्य, iwoZ पूर्व) and the danda closing a word
    // (gSA है।) are the layout's signatures: English has neither.
    if (c == 'Z' && (IsLower(p) || p == ';')) f.pairs += 2;
    if (c == 'A' && i + 1 == w.size() && IsLower(p)) ++f.pairs;
    // A half form or a sign in upper case inside a lower-case word (vkSj और, fgUnh हिन्दी).
    if (IsUpper(c) && c != 'Z' && IsLower(p) && i + 1 < w.size() && IsLower(w[i + 1])) ++f.pairs;
  }
  return f;
}

// URLs, e-mail addresses, paths and code operators carry letters that mean nothing here.
bool LooksLikeUrlOrPath(std::u32string_view w) {
  const std::u32string_view markers[] = {U"://", U"www.", U"@", U":\\", U"==", U"->", U"::", U"&&", U"||"};
  for (auto m : markers) {
    if (w.find(m) != std::u32string_view::npos) return true;
  }
  return std::count(w.begin(), w.end(), U'/') >= 2;  // a path (Kruti types ध् as '/', but rarely twice)
}

// The word as plain ASCII (for list lookups); empty when it holds anything else.
std::string AsciiOf(std::u32string_view w) {
  std::string s;
  for (const char32_t c : w) {
    if (c >= 0x80) return {};
    s.push_back(static_cast<char>(c));
  }
  return s;
}

std::string_view StripKrutiPunctuation(std::string_view s) {
  // Kruti sentence and clause marks that end a word: A । , ] (comma), - (full stop), \ (?), ( (;)
  while (!s.empty() && (s.back() == 'A' || s.back() == ']' || s.back() == '-' || s.back() == '\\' || s.back() == '(' ||
                        s.back() == '*' || s.back() == '!')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == '^' || s.front() == '"')) s.remove_prefix(1);
  return s;
}

std::string LowerLatinWord(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u))
      out.push_back(static_cast<char>(std::tolower(u)));
    else if (!out.empty() && c != '\'' && c != '-')
      break;  // "word," "word." "don't"
  }
  return out;
}

}  // namespace

std::string_view LegacyEncodingName(LegacyEncoding encoding) noexcept {
  switch (encoding) {
    case LegacyEncoding::kKrutiDev:
      return "krutidev";
    case LegacyEncoding::kDevLys:
      return "devlys";
    case LegacyEncoding::kChanakya:
      return "chanakya";
  }
  return "unknown";
}

std::optional<LegacyEncoding> LegacyEncodingFromName(std::string_view name) noexcept {
  try {
    return EncodingOfFoldedName(FoldFontName(name));
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<LegacyEncoding> LegacyEncodingOfFont(std::string_view font_family) noexcept {
  try {
    while (!font_family.empty()) {
      const size_t comma = font_family.find(',');
      const std::string folded = FoldFontName(font_family.substr(0, comma));
      if (auto e = EncodingOfFoldedName(folded); e && folded != "kruti") return e;
      if (comma == std::string_view::npos) break;
      font_family.remove_prefix(comma + 1);
    }
  } catch (...) {
  }
  return std::nullopt;
}

namespace {

LegacyDetection Detect(std::string_view text, std::string_view font_family) {
  const std::u32string codes = internal::legacy::DecodeLegacyInput(text);

  size_t latin_glyphs = 0;  // letters and legacy glyph codes: what a legacy font would redraw
  size_t devanagari = 0;
  size_t kruti_words = 0;
  size_t lexicon_words = 0;
  size_t latin_words = 0;
  size_t letters = 0;
  size_t k_letters = 0;

  size_t i = 0;
  while (i < codes.size()) {
    while (i < codes.size() && IsSpace(codes[i])) ++i;
    const size_t start = i;
    while (i < codes.size() && !IsSpace(codes[i])) ++i;
    if (i == start) continue;
    const std::u32string_view word(codes.data() + start, i - start);
    const WordFeatures f = Analyse(word);
    for (const char32_t c : word) {
      if (IsDevanagari(c)) ++devanagari;
      if (IsLetter(c) || (c >= 0x80 && c < 0x100)) ++latin_glyphs;
    }
    // No Hindi word typed in the layout is that long; base64, hashes and minified code are.
    constexpr size_t kMaxWordCodes = 30;
    if (f.devanagari || word.size() > kMaxWordCodes || LooksLikeUrlOrPath(word)) continue;
    if (f.letters == 0 && !f.kruti_only_code) continue;
    letters += f.letters;
    k_letters += f.k;

    const std::string ascii = AsciiOf(word);
    const std::string_view stripped = StripKrutiPunctuation(ascii);
    const bool in_lexicon = !ascii.empty() && InList(stripped, kKrutiWords);
    const bool latin_word = !ascii.empty() && InList(LowerLatinWord(ascii), kLatinWords);
    const double vowel_share = f.letters ? static_cast<double>(f.vowels) / static_cast<double>(f.letters) : 0.0;

    if (in_lexicon) {
      ++kruti_words;
      ++lexicon_words;
    } else if (latin_word) {
      ++latin_words;
    } else if (f.kruti_only_code || f.pairs >= 2 || (f.pairs == 1 && vowel_share < 0.3)) {
      ++kruti_words;
    } else if (f.letters >= 2 && vowel_share >= 0.2) {
      ++latin_words;
    }
  }

  LegacyDetection d;
  const std::optional<LegacyEncoding> by_font = LegacyEncodingOfFont(font_family);
  if (by_font) {
    if (latin_glyphs > 0) {
      d.encoding = by_font;
      d.score = 1.0;
      d.evidence = "styled with the legacy font '" + std::string(font_family) + "'";
      return d;
    }
    d.evidence = "the font '" + std::string(font_family) + "' is a legacy font, but the text holds no glyph it redraws";
    return d;
  }
  if (devanagari > 0 && devanagari >= latin_glyphs) {
    d.evidence = "the text is Unicode Devanagari";
    return d;
  }

  const size_t considered = kruti_words + latin_words;
  if (considered == 0) {
    d.evidence = "no words to judge";
    return d;
  }
  // Share of Kruti-typed words, smoothed so that one or two words cannot reach certainty.
  double score = static_cast<double>(kruti_words) / static_cast<double>(considered + 1);
  // The stem glyph `k` (ा) is the most frequent code of Hindi in this layout; English uses 'k'
  // for under 1% of its letters.
  const double k_share = letters ? static_cast<double>(k_letters) / static_cast<double>(letters) : 0.0;
  // Kruti sentences run at 15-35 %; code and camelCase identifiers, whose mixed case and missing
  // vowels can look Kruti-typed word by word, stay near 1-3 %.
  if (letters >= 20 && k_share < 0.06) {
    score *= 0.3;
  } else if (k_share < 0.04) {
    score *= 0.6;
  }
  d.score = std::clamp(score, 0.0, 1.0);

  const bool enough =
      kruti_words >= 3 || (kruti_words >= 2 && lexicon_words >= 1) || (kruti_words >= 2 && latin_words == 0);
  if (d.score >= 0.5 && enough) {
    d.encoding = LegacyEncoding::kKrutiDev;
    d.evidence = std::to_string(kruti_words) + " of " + std::to_string(considered) +
                 " words read as Hindi typed in the Kruti Dev / DevLys layout";
    if (lexicon_words > 0) {
      d.evidence += ", " + std::to_string(lexicon_words) + " of them frequent words such as dk, gS, vkSj";
    }
  } else {
    d.evidence = "only " + std::to_string(kruti_words) + " of " + std::to_string(considered) +
                 " words read as legacy-typed Hindi";
  }
  return d;
}

}  // namespace

LegacyDetection DetectLegacyEncoding(std::string_view text, std::string_view font_family) {
  try {
    return Detect(text, font_family);
  } catch (const std::bad_alloc&) {
    return LegacyDetection{std::nullopt, 0.0, "out of memory"};
  }
}

Diagnostic LegacyEncodingDiagnostic(const LegacyDetection& detection, Location location) {
  std::string message;
  std::string hint;
  if (detection.encoding) {
    const std::string name(LegacyEncodingName(*detection.encoding));
    const char* font = *detection.encoding == LegacyEncoding::kKrutiDev ? "Kruti Dev"
                       : *detection.encoding == LegacyEncoding::kDevLys ? "DevLys"
                                                                        : "Chanakya";
    message = std::string("text is typed in the pre-Unicode ") + font + " font encoding";
    if (*detection.encoding == LegacyEncoding::kChanakya) {
      hint = "re-type the text in Unicode (with a Unicode Hindi font such as Noto Sans Devanagari or Mangal)";
    } else {
      hint = "re-type the text in Unicode, or convert it with `coursepack text convert-legacy --font " + name + "`";
    }
  } else {
    message = "text is typed in a pre-Unicode Hindi font encoding";
    hint = "re-type the text in Unicode (with a Unicode Hindi font such as Noto Sans Devanagari or Mangal)";
  }
  message += ": it cannot be searched or read aloud, and shows as Latin letters where the font is missing";
  if (!detection.evidence.empty()) message += " (" + detection.evidence + ")";
  return MakeDiagnostic(codes::kTextLegacyEncoding, std::move(message), std::move(location), std::move(hint));
}

}  // namespace cpk::fonts
