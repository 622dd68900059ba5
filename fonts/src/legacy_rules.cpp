// The legacy-fonts rule set: pages and style sheets of a package that set text in a pre-Unicode
// Hindi font (Kruti Dev, DevLys, Chanakya). Such text is Latin letters that only the font turns
// into Devanagari: on a phone without the font the learner sees gibberish.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/registry.hpp"
#include "cpk/fonts/legacy.hpp"
#include "legacy_rules.hpp"

namespace cpk::fonts::internal {
namespace {

constexpr uint64_t kMaxFileBytes = 4u << 20;  // larger pages and style sheets are not scanned
constexpr size_t kMaxReports = 50;

bool EndsWithFolded(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

bool IsStyledText(std::string_view path) {
  for (const char* ext : {".html", ".htm", ".xhtml", ".css", ".svg"}) {
    if (EndsWithFolded(path, ext)) return true;
  }
  return false;
}

/// Position of `word` in `text` from `from`, ignoring ASCII case; npos when absent.
size_t FindFolded(std::string_view text, std::string_view word, size_t from) {
  for (size_t i = from; i + word.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < word.size() && std::tolower(static_cast<unsigned char>(text[i + k])) == word[k]) ++k;
    if (k == word.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<FontUse> FindFontFamilies(std::string_view raw) {
  std::vector<FontUse> out;
  // Quotes written as entities inside attributes (style="font-family:&quot;Kruti Dev 010&quot;",
  // as Word exports them) are read as quotes; no entity spans a line, so lines stay right.
  std::string decoded(raw);
  for (const auto& [entity, quote] :
       {std::pair<std::string_view, char>{"&quot;", '"'}, {"&#34;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}}) {
    for (size_t q; (q = decoded.find(entity)) != std::string::npos;) decoded.replace(q, entity.size(), 1, quote);
  }
  const std::string_view text = decoded;
  // CSS declarations (`font-family: 'Kruti Dev 010', serif`, also inside style attributes) and
  // the face attribute of <font> (`<font face="Kruti Dev 010">`, common in old Word exports).
  for (const auto& [word, separator] : {std::pair<std::string_view, char>{"font-family", ':'}, {"face", '='}}) {
    for (size_t at = FindFolded(text, word, 0); at != std::string_view::npos;
         at = FindFolded(text, word, at + word.size())) {
      size_t i = at + word.size();
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i >= text.size() || text[i] != separator) continue;
      ++i;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      // The value: a quoted attribute value, or a CSS value up to the end of its declaration,
      // taking quoted family names whole ('Kruti Dev 010') but stopping at the quote that
      // closes a style attribute.
      char quote = 0;
      if (separator == '=' && i < text.size() && (text[i] == '"' || text[i] == '\'')) quote = text[i++];
      size_t end = i;
      while (end < text.size() && end - i < 256) {
        const char c = text[end];
        if (c == '\n' || c == '<' || c == '>' || c == '}' || c == ';' || (quote != 0 && c == quote)) break;
        if (quote == 0 && (c == '"' || c == '\'')) {
          const size_t close = text.find(c, end + 1);
          const size_t stop = text.find_first_of("<>\n", end + 1);
          if (close == std::string_view::npos || (stop != std::string_view::npos && stop < close)) break;
          end = close + 1;
          continue;
        }
        ++end;
      }
      std::string value(text.substr(i, end - i));
      const size_t line =
          1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
      out.push_back({std::move(value), line});
    }
  }
  std::sort(out.begin(), out.end(), [](const FontUse& a, const FontUse& b) { return a.line < b.line; });
  return out;
}

void CheckLegacyFonts(Source& source, const ReadContext& context, const CourseModel& model, Report& report) {
  size_t reported = 0;
  size_t more = 0;
  for (const File& file : model.files) {
    if (!IsStyledText(file.path) || source.Find(file.path) == nullptr) continue;
    auto text = source.ReadAll(file.path, std::min<uint64_t>(kMaxFileBytes, context.limits.max_entry_bytes));
    if (!text) continue;
    std::optional<LegacyEncoding> encoding;
    FontUse first;
    size_t uses = 0;
    for (FontUse& use : FindFontFamilies(*text)) {
      const std::optional<LegacyEncoding> e = LegacyEncodingOfFont(use.family);
      if (!e) continue;
      if (uses++ == 0) {
        encoding = e;
        first = std::move(use);
      }
    }
    if (!encoding) continue;
    if (reported == kMaxReports) {
      ++more;
      continue;
    }
    ++reported;
    // The legacy family of the stack, without its quotes.
    std::string family = first.family;
    size_t start = 0;
    while (start <= first.family.size()) {
      size_t comma = first.family.find(',', start);
      if (comma == std::string::npos) comma = first.family.size();
      std::string candidate = first.family.substr(start, comma - start);
      std::erase_if(candidate, [](char c) { return c == '\'' || c == '"'; });
      candidate.erase(0, candidate.find_first_not_of(" \t"));
      candidate.erase(candidate.find_last_not_of(" \t") + 1);
      if (LegacyEncodingOfFont(candidate)) {
        family = candidate;
        break;
      }
      start = comma + 1;
    }
    LegacyDetection detection;
    detection.encoding = encoding;
    detection.score = 1;
    detection.evidence = "'" + file.path + "' sets text in the font '" + family + "'" +
                         (uses > 1 ? " in " + std::to_string(uses) + " places" : std::string());
    report.Add(LegacyEncodingDiagnostic(detection, Location{file.path, static_cast<uint32_t>(first.line), 0}));
  }
  if (more > 0) {
    LegacyDetection detection;
    detection.evidence = std::to_string(more) + " more pages or style sheets use legacy Hindi fonts";
    report.Add(LegacyEncodingDiagnostic(detection, Location{}));
  }
}

}  // namespace cpk::fonts::internal
