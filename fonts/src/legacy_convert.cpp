// Conversion of Kruti Dev / DevLys text to Unicode Devanagari.
//
// The legacy text is a sequence of *glyphs* in visual order; Unicode is in logical order. The
// conversion runs in linear passes:
//   1. decode the input to glyph codes (Windows-1252 byte values);
//   2. map glyphs to Unicode, longest key first (legacy_tables.cpp), leaving two markers for the
//      glyphs that sit elsewhere in Unicode: the pre-base ि and the reph;
//   3. rebuild full consonants from half form + stem (क् + ा → क) and put the nukta before the
//      virama (ख् + ़ → ख़्);
//   4. move each ि after the consonant cluster that follows it (ि स् थ → स्थि);
//   5. move each reph before the cluster of the syllable that precedes it (क ा र् → र्का);
//   6. compose independent vowels drawn from parts (अ + ा → आ, ए + े → ऐ);
//   7. normalise to NFC (ICU), in the stream-safe form of UAX #15 so that hostile runs of
//      combining marks stay linear.
// Every backward or forward search is bounded by a syllable's length, so the whole conversion is
// linear in the input size.

#include "cpk/fonts/legacy.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <vector>

#include "legacy_internal.hpp"

namespace cpk::internal::legacy {

namespace {

// The Windows-1252 byte of a Unicode character, or -1.
int Cp1252ByteOf(char32_t cp) noexcept {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<int>(cp);
  if (cp >= 0x80 && cp <= 0x9F) return static_cast<int>(cp);             // C1 control: a byte read as Latin-1
  if (cp >= 0xF020 && cp <= 0xF0FF) return static_cast<int>(cp & 0xFF);  // symbol-font PUA
  for (unsigned byte = 0x80; byte <= 0x9F; ++byte) {
    if (Cp1252HighCharacter(static_cast<unsigned char>(byte)) == cp) return static_cast<int>(byte);
  }
  return -1;
}

// Strict UTF-8 decoding (no overlongs, no surrogates, nothing above U+10FFFF). Returns false on
// the first invalid sequence.
bool DecodeUtf8(std::string_view text, std::u32string& out) {
  out.clear();
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b & 0xE0) == 0xC0) {
      len = 2, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    out.push_back(cp);
    i += len;
  }
  return true;
}

}  // namespace

char32_t Cp1252ToUnicode(uint8_t byte) noexcept {
  if (byte >= 0x80 && byte <= 0x9F) {
    const char32_t cp = Cp1252HighCharacter(byte);
    return cp != 0 ? cp : byte;
  }
  return byte;
}

std::u32string DecodeLegacyInput(std::string_view text) {
  std::u32string codes;
  if (DecodeUtf8(text, codes)) {
    for (char32_t& cp : codes) {
      const int byte = Cp1252ByteOf(cp);
      if (byte >= 0) cp = static_cast<char32_t>(byte);
    }
    return codes;
  }
  codes.clear();
  for (const char c : text) codes.push_back(static_cast<unsigned char>(c));
  return codes;
}

}  // namespace cpk::internal::legacy

namespace cpk::fonts {
namespace {

using internal::legacy::kPreBaseI;
using internal::legacy::kReph;

constexpr char32_t kVirama = 0x094D;
constexpr char32_t kNukta = 0x093C;
constexpr char32_t kAaSign = 0x093E;
constexpr char32_t kISign = 0x093F;
constexpr char32_t kESign = 0x0947;
constexpr char32_t kAiSign = 0x0948;
constexpr char32_t kOSign = 0x094B;
constexpr char32_t kAuSign = 0x094C;
constexpr char32_t kRa = 0x0930;

// Longest syllable part the reordering passes look across (consonants of one cluster, signs of
// one syllable). Real clusters have at most four consonants; the bound keeps hostile input linear.
constexpr size_t kMaxClusterConsonants = 6;
constexpr size_t kMaxSigns = 6;

bool IsConsonant(char32_t c) noexcept { return (c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F); }

// Signs that follow a consonant inside its syllable: dependent vowels, anusvara, candrabindu,
// visarga.
bool IsSyllableSign(char32_t c) noexcept {
  return (c >= 0x093E && c <= 0x094C) || c == 0x0901 || c == 0x0902 || c == 0x0903 || c == 0x0962 || c == 0x0963 ||
         c == 0x0945 || c == 0x0949;
}

// One legacy font's glyph table, indexed by the first glyph code of each key; entries of one
// first code are sorted longest key first.
class GlyphTable {
 public:
  struct Entry {
    std::u32string key;
    std::u32string value;
  };

  GlyphTable(std::span<const internal::legacy::GlyphMapping> base,
             std::span<const internal::legacy::GlyphMapping> overrides) {
    Add(base);
    Add(overrides);
    for (auto& list : by_first_) {
      std::stable_sort(list.begin(), list.end(),
                       [](const Entry& a, const Entry& b) { return a.key.size() > b.key.size(); });
    }
  }

  // The longest entry whose key starts at `codes[pos]`, or nullptr.
  const Entry* Match(const std::u32string& codes, size_t pos) const {
    const char32_t first = codes[pos];
    if (first >= by_first_.size()) return nullptr;
    for (const Entry& e : by_first_[first]) {
      if (codes.compare(pos, e.key.size(), e.key) == 0) return &e;
    }
    return nullptr;
  }

 private:
  void Add(std::span<const internal::legacy::GlyphMapping> mappings) {
    for (const auto& m : mappings) {
      Entry e{internal::legacy::DecodeLegacyInput(m.legacy), {}};
      std::u32string value;
      internal::legacy::DecodeUtf8(m.unicode, value);  // table literals are valid UTF-8
      for (char32_t& c : value) {
        if (c == internal::legacy::kTablePreBaseI) c = kPreBaseI;
        if (c == internal::legacy::kTableReph) c = kReph;
      }
      e.value = std::move(value);
      if (e.key.empty() || e.key[0] >= by_first_.size()) continue;
      auto& list = by_first_[e.key[0]];
      auto same = std::find_if(list.begin(), list.end(), [&](const Entry& x) { return x.key == e.key; });
      if (same != list.end()) {
        same->value = std::move(e.value);  // an override replaces the base glyph
      } else {
        list.push_back(std::move(e));
      }
    }
  }

  std::array<std::vector<Entry>, 256> by_first_{};
};

const GlyphTable& TableFor(LegacyEncoding encoding) {
  static const GlyphTable kruti(internal::legacy::KrutiDev010Glyphs(), {});
  static const GlyphTable devlys(internal::legacy::KrutiDev010Glyphs(), internal::legacy::DevLys010Overrides());
  return encoding == LegacyEncoding::kDevLys ? devlys : kruti;
}

// Pass 2: glyph codes → Unicode (with markers). Codes without a mapping keep their
// Windows-1252 meaning.
std::u32string MapGlyphs(const std::u32string& codes, const GlyphTable& table) {
  std::u32string out;
  out.reserve(codes.size() * 2);
  size_t i = 0;
  while (i < codes.size()) {
    if (const GlyphTable::Entry* e = table.Match(codes, i)) {
      out += e->value;
      i += e->key.size();
    } else {
      const char32_t c = codes[i];
      out.push_back(c < 0x100 ? internal::legacy::Cp1252ToUnicode(static_cast<uint8_t>(c)) : c);
      ++i;
    }
  }
  return out;
}

// Pass 3: half form + stem. The stem glyph (ा) after a half form completes the consonant, so
// "् ा" disappears; when the stem was read together with a following े/ै stroke as ो/ौ, the
// stroke stays ("थ् ो" → थे). A nukta typed after a half form goes before the virama.
void RebuildFullForms(std::u32string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == kVirama && s[i + 1] == kNukta) std::swap(s[i], s[i + 1]);
  }
  size_t w = 0;
  for (size_t r = 0; r < s.size(); ++r) {
    if (s[r] == kVirama && r + 1 < s.size()) {
      const char32_t next = s[r + 1];
      if (next == kAaSign) {
        ++r;  // drop both
        continue;
      }
      if (next == kOSign || next == kAuSign) {
        s[w++] = next == kOSign ? kESign : kAiSign;
        ++r;
        continue;
      }
    }
    s[w++] = s[r];
  }
  s.resize(w);
}

// Pass 4: the ि marker goes after the cluster that follows it: any half forms (consonant,
// optional nukta, virama) and then one full consonant with its optional nukta. With no
// consonant after it, the sign stays where it was typed.
std::u32string PlacePreBaseI(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != kPreBaseI) {
      out.push_back(s[i++]);
      continue;
    }
    size_t k = i + 1;
    size_t end = 0;
    for (size_t consonants = 0; k < s.size() && IsConsonant(s[k]) && consonants < kMaxClusterConsonants; ++consonants) {
      size_t m = k + 1;
      if (m < s.size() && s[m] == kNukta) ++m;
      if (m < s.size() && s[m] == kVirama) {
        k = m + 1;
        continue;
      }
      end = m;
      break;
    }
    if (end == 0) {
      out.push_back(kISign);
      ++i;
      continue;
    }
    out.append(s, i + 1, end - (i + 1));
    out.push_back(kISign);
    i = end;
  }
  return out;
}

// Pass 5: each reph marker goes before the cluster of the syllable typed before it: back over
// the syllable's signs, its consonant (and nukta), then any half forms. Without a consonant
// before it, it stays in place as र्.
std::u32string PlaceReph(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char32_t c : s) {
    if (c != kReph) {
      out.push_back(c);
      continue;
    }
    size_t p = out.size();
    for (size_t n = 0; p > 0 && IsSyllableSign(out[p - 1]) && n < kMaxSigns; ++n) --p;
    if (p > 0 && out[p - 1] == kNukta) --p;
    if (p > 0 && IsConsonant(out[p - 1])) {
      --p;
      for (size_t n = 0; n < kMaxClusterConsonants; ++n) {
        if (p >= 2 && out[p - 1] == kVirama && IsConsonant(out[p - 2])) {
          p -= 2;
        } else if (p >= 3 && out[p - 1] == kVirama && out[p - 2] == kNukta && IsConsonant(out[p - 3])) {
          p -= 3;
        } else {
          break;
        }
      }
      const char32_t reph[] = {kRa, kVirama};
      out.insert(p, reph, 2);
    } else {
      out.push_back(kRa);
      out.push_back(kVirama);
    }
  }
  return out;
}

// Pass 6: letters the fonts draw from parts, and signs typed in an order the font draws the same.
struct Composition {
  char32_t first;
  char32_t second;
  char32_t result;
};
constexpr Composition kCompositions[] = {
    {0x0905, 0x093E, 0x0906},  // अ ा → आ
    {0x0905, 0x094B, 0x0913},  // अ ो → ओ
    {0x0905, 0x094C, 0x0914},  // अ ौ → औ
    {0x0906, 0x0947, 0x0913},  // आ े → ओ
    {0x0906, 0x0948, 0x0914},  // आ ै → औ
    {0x0905, 0x0949, 0x0911},  // अ ॉ → ऑ
    {0x0906, 0x0945, 0x0911},  // आ ॅ → ऑ  (vkW)
    {0x090F, 0x0947, 0x0910},  // ए े → ऐ
    {0x093E, 0x0947, 0x094B},  // ा े → ो  (a reph typed between the stem and the stroke)
    {0x093E, 0x0948, 0x094C},  // ा ै → ौ
    {0x093E, 0x0945, 0x0949},  // ा ॅ → ॉ  (dkWyst कॉलेज)
};

bool IsDependentVowel(char32_t c) noexcept { return c >= 0x093E && c <= 0x094C; }

void ComposeVowels(std::u32string& s) {
  size_t w = 0;
  for (size_t r = 0; r < s.size(); ++r) {
    char32_t c = s[r];
    // ं/ँ typed before the vowel sign of its syllable (the font draws both orders alike): the
    // vowel sign goes first.
    if (w > 0 && (s[w - 1] == 0x0902 || s[w - 1] == 0x0901) && IsDependentVowel(c)) {
      std::swap(c, s[w - 1]);
    }
    if (w > 0) {
      const char32_t prev = s[w - 1];
      const auto* it = std::find_if(std::begin(kCompositions), std::end(kCompositions),
                                    [&](const Composition& k) { return k.first == prev && k.second == c; });
      if (it != std::end(kCompositions)) {
        s[w - 1] = it->result;
        continue;
      }
    }
    s[w++] = c;
  }
  s.resize(w);
}

// UAX #15 stream-safe form: after 30 marks in a row that canonical ordering may move, a
// COMBINING GRAPHEME JOINER (U+034F) starts a new sequence. Only hostile input has such runs
// (real syllables carry a handful of marks), and without it NFC's reordering is quadratic.
std::u32string StreamSafe(std::u32string s) {
  constexpr size_t kMaxNonStarters = 30;
  size_t run = 0;
  bool needed = false;
  for (const char32_t c : s) {
    run = u_getCombiningClass(static_cast<UChar32>(c)) != 0 ? run + 1 : 0;
    if (run > kMaxNonStarters) {
      needed = true;
      break;
    }
  }
  if (!needed) return s;
  std::u32string out;
  out.reserve(s.size() + s.size() / kMaxNonStarters + 1);
  run = 0;
  for (const char32_t c : s) {
    if (u_getCombiningClass(static_cast<UChar32>(c)) != 0) {
      if (run == kMaxNonStarters) {
        out.push_back(0x034F);
        run = 0;
      }
      ++run;
    } else {
      run = 0;
    }
    out.push_back(c);
  }
  return out;
}

Result<std::string> ToNfcUtf8(const std::u32string& text) {
  const std::u32string s = StreamSafe(text);
  if (s.size() > static_cast<size_t>(INT32_MAX)) return Fail(Errc::kLimitExceeded, "text too long to normalise");
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(s.data()), static_cast<int32_t>(s.size()));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return Fail(Errc::kInternal, std::string("ICU NFC is unavailable: ") + u_errorName(status));
  icu::UnicodeString normalised = nfc->normalize(u, status);
  if (U_FAILURE(status)) return Fail(Errc::kInternal, std::string("NFC normalisation failed: ") + u_errorName(status));
  std::string out;
  normalised.toUTF8String(out);
  return out;
}

}  // namespace

Result<std::string> ConvertLegacyToUnicode(std::string_view text, LegacyEncoding encoding) {
  if (encoding == LegacyEncoding::kChanakya) {
    return Fail(Errc::kUnsupported,
                "converting Chanakya text is not supported (no verified character map); re-type it in Unicode");
  }
  if (encoding != LegacyEncoding::kKrutiDev && encoding != LegacyEncoding::kDevLys) {
    return Fail(Errc::kInvalidArgument, "unknown legacy encoding");
  }
  try {
    const std::u32string codes = internal::legacy::DecodeLegacyInput(text);
    std::u32string units = MapGlyphs(codes, TableFor(encoding));
    RebuildFullForms(units);
    std::u32string ordered = PlaceReph(PlacePreBaseI(units));
    ComposeVowels(ordered);
    return ToNfcUtf8(ordered);
  } catch (const std::bad_alloc&) {
    return Fail(Errc::kLimitExceeded, "out of memory converting " + std::to_string(text.size()) + " bytes");
  }
}

}  // namespace cpk::fonts
