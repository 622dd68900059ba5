// Itemisation: script runs (ICU script property and extensions, brackets paired), bidi levels
// (ICU BiDi) and the language of each run.

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "cpk/fonts/text_run.hpp"
#include "utf.hpp"

namespace cpk::fonts {
namespace {

struct LanguageScripts {
  const char* language;
  std::array<const char*, 5> scripts;  // first is the usual one
};

// The languages the platform serves, and a few neighbours, with the scripts they are written in.
constexpr LanguageScripts kLanguageScripts[] = {
    {"as", {"Beng"}},
    {"bn", {"Beng"}},
    {"brx", {"Deva"}},
    {"doi", {"Deva"}},
    {"en", {"Latn"}},
    {"gu", {"Gujr"}},
    {"hi", {"Deva"}},
    {"kn", {"Knda"}},
    {"kok", {"Deva", "Knda", "Latn"}},
    {"ks", {"Arab", "Deva"}},
    {"mai", {"Deva"}},
    {"ml", {"Mlym"}},
    {"mni", {"Mtei", "Beng"}},
    {"mr", {"Deva"}},
    {"ne", {"Deva"}},
    {"or", {"Orya"}},
    {"pa", {"Guru", "Arab"}},
    {"sa", {"Deva"}},
    {"sat", {"Olck", "Deva", "Beng", "Orya", "Latn"}},
    {"sd", {"Arab", "Deva"}},
    {"ta", {"Taml"}},
    {"te", {"Telu"}},
    {"ur", {"Arab"}},
};

struct ScriptLanguage {
  const char* script;
  const char* language;
};
constexpr ScriptLanguage kDefaultLanguage[] = {
    {"Arab", "ur"}, {"Beng", "bn"},  {"Deva", "hi"},  {"Gujr", "gu"}, {"Guru", "pa"}, {"Knda", "kn"}, {"Latn", "en"},
    {"Mlym", "ml"}, {"Mtei", "mni"}, {"Olck", "sat"}, {"Orya", "or"}, {"Taml", "ta"}, {"Telu", "te"},
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// The subtags of a BCP 47 tag ('-' or '_' separated).
std::vector<std::string_view> Subtags(std::string_view tag) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= tag.size()) {
    size_t end = tag.find_first_of("-_", start);
    if (end == std::string_view::npos) end = tag.size();
    out.push_back(tag.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string ScriptCode(UScriptCode script) {
  const char* name = uscript_getShortName(script);
  return name != nullptr ? name : "Zyyy";
}

/// The script each UTF-16 unit belongs to once common and inherited characters are resolved.
std::vector<UScriptCode> ResolveScripts(const std::u16string& units) {
  std::vector<UScriptCode> out(units.size(), USCRIPT_COMMON);
  struct OpenBracket {
    UChar32 closing;
    UScriptCode script;
  };
  std::vector<OpenBracket> brackets;
  constexpr size_t kMaxBrackets = 63;  // UAX #9's limit for paired brackets
  UScriptCode current = USCRIPT_COMMON;
  size_t run_start = 0;  // first unit of the current script run
  const int32_t length = static_cast<int32_t>(units.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(units.data(), i, length, c);
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) script = USCRIPT_COMMON;
    if (script == USCRIPT_INHERITED) {
      script = current;
    } else if (script == USCRIPT_COMMON) {
      const auto bracket =
          static_cast<UBidiPairedBracketType>(u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE));
      script = current;
      if (bracket == U_BPT_OPEN) {
        if (brackets.size() < kMaxBrackets) brackets.push_back({u_getBidiPairedBracket(c), current});
      } else if (bracket == U_BPT_CLOSE) {
        const UChar32 canonical = c;
        for (size_t k = brackets.size(); k-- > 0;) {
          if (brackets[k].closing == canonical) {
            if (brackets[k].script != USCRIPT_COMMON) script = brackets[k].script;
            brackets.resize(k);
            break;
          }
        }
      } else {
        // A character shared by a few scripts (the danda, Arabic comma) keeps the run's script
        // when the run's is one of them, and takes the only one it has otherwise.
        UScriptCode extensions[64];
        UErrorCode ext_status = U_ZERO_ERROR;
        const int32_t n = uscript_getScriptExtensions(c, extensions, 64, &ext_status);
        if (U_SUCCESS(ext_status) && n > 0 && std::find(extensions, extensions + n, current) == extensions + n &&
            n == 1 && extensions[0] != USCRIPT_COMMON && extensions[0] != USCRIPT_INHERITED) {
          script = extensions[0];
        }
      }
    }
    if (script != current) {
      if (current == USCRIPT_COMMON) {
        // Leading common characters belong to the first real script that follows them.
        std::fill(out.begin() + static_cast<ptrdiff_t>(run_start), out.begin() + at, script);
        for (OpenBracket& b : brackets) {
          if (b.script == USCRIPT_COMMON) b.script = script;
        }
      } else {
        run_start = static_cast<size_t>(at);
      }
      current = script;
    }
    std::fill(out.begin() + at, out.begin() + i, current);
  }
  return out;
}

/// Bidi level of every UTF-16 unit.
std::vector<uint8_t> ResolveLevels(const std::u16string& units, BaseDirection direction) {
  std::vector<uint8_t> levels(units.size(), direction == BaseDirection::kRightToLeft ? 1 : 0);
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UBiDi, decltype(&ubidi_close)> bidi(
      ubidi_openSized(static_cast<int32_t>(units.size()), 0, &status), &ubidi_close);
  if (U_FAILURE(status)) return levels;
  const UBiDiLevel para = direction == BaseDirection::kAuto          ? UBIDI_DEFAULT_LTR
                          : direction == BaseDirection::kRightToLeft ? 1
                                                                     : 0;
  ubidi_setPara(bidi.get(), units.data(), static_cast<int32_t>(units.size()), para, nullptr, &status);
  if (U_FAILURE(status)) return levels;
  const UBiDiLevel* resolved = ubidi_getLevels(bidi.get(), &status);
  if (U_FAILURE(status) || resolved == nullptr) return levels;
  std::copy(resolved, resolved + units.size(), levels.begin());
  return levels;
}

}  // namespace

bool IsRightToLeftParagraph(std::string_view text, BaseDirection direction) {
  if (direction != BaseDirection::kAuto) return direction == BaseDirection::kRightToLeft;
  const internal::Utf16Text u = internal::ToUtf16(text);
  return ubidi_getBaseDirection(u.units.data(), static_cast<int32_t>(u.units.size())) == UBIDI_RTL;
}

std::string_view DefaultLanguageOfScript(std::string_view script) {
  for (const ScriptLanguage& s : kDefaultLanguage) {
    if (script == s.script) return s.language;
  }
  return {};
}

bool LanguageUsesScript(std::string_view language, std::string_view script) {
  const std::vector<std::string_view> subtags = Subtags(language);
  if (subtags.empty() || subtags[0].empty()) return false;
  if (subtags.size() > 1 && subtags[1].size() == 4) return EqualsIgnoreCase(subtags[1], script);
  for (const LanguageScripts& l : kLanguageScripts) {
    if (!EqualsIgnoreCase(subtags[0], l.language)) continue;
    for (const char* s : l.scripts) {
      if (s != nullptr && script == s) return true;
    }
    return false;
  }
  // Other languages: ICU's likely script (e.g. "ar" → Arab, "fr" → Latn).
  UErrorCode status = U_ZERO_ERROR;
  char likely[ULOC_FULLNAME_CAPACITY] = {};
  const std::string tag(language);
  uloc_addLikelySubtags(tag.c_str(), likely, sizeof likely, &status);
  char found[16] = {};
  if (U_SUCCESS(status)) uloc_getScript(likely, found, sizeof found, &status);
  return U_SUCCESS(status) && EqualsIgnoreCase(found, script);
}

std::vector<TextRun> ItemizeText(std::string_view text, std::string_view language, BaseDirection direction) {
  std::vector<TextRun> runs;
  if (text.empty()) return runs;
  const internal::Utf16Text u = internal::ToUtf16(text);
  const std::vector<UScriptCode> scripts = ResolveScripts(u.units);
  const std::vector<uint8_t> levels = ResolveLevels(u.units, direction);
  size_t start = 0;
  for (size_t k = 1; k <= u.units.size(); ++k) {
    const bool boundary = k == u.units.size() || scripts[k] != scripts[start] || levels[k] != levels[start];
    // Never split between the two halves of a surrogate pair (both carry the same offset).
    if (!boundary || (k < u.units.size() && u.utf8_offset[k] == u.utf8_offset[k - 1])) continue;
    TextRun run;
    run.start = u.utf8_offset[start];
    run.end = u.utf8_offset[k];
    run.script = ScriptCode(scripts[start]);
    run.level = levels[start];
    if (!language.empty() && (run.script == "Zyyy" || LanguageUsesScript(language, run.script))) {
      run.language = std::string(language);
    } else {
      run.language = std::string(DefaultLanguageOfScript(run.script));
      if (run.language.empty()) run.language = language.empty() ? "und" : std::string(language);
    }
    runs.push_back(std::move(run));
    start = k;
  }
  return runs;
}

}  // namespace cpk::fonts
