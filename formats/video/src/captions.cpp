#include "cpk/formats/video_captions.hpp"

#include "cpk/core/text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "cpk/formats/video_codes.hpp"
#include "cpk/io/unicode.hpp"

namespace cpk::formats::video {
namespace {

/// Windows-1252 bytes as UTF-8.
std::string Cp1252ToUtf8(std::string_view bytes) {
  std::string out;
  for (const unsigned char b : bytes) {
    if (b >= 0x80 && b < 0xA0) {
      if (Cp1252HighCharacter(b) != 0) AppendUtf8(out, Cp1252HighCharacter(b));
    } else {
      AppendUtf8(out, b);
    }
  }
  return out;
}

std::string Hex(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

/// Replaces C0/C1 control characters (other than tab and line ends) in valid UTF-8: C1 ones
/// that are Windows-1252 punctuation by that punctuation, the others by nothing. Counts each.
std::string CleanControls(std::string_view text, std::map<char32_t, size_t>& found) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == 0xC2 && i + 1 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 1]);
      if (c >= 0x80 && c < 0xA0) {
        ++found[c];
        if (Cp1252HighCharacter(c) != 0) AppendUtf8(out, Cp1252HighCharacter(c));
        ++i;
        continue;
      }
    }
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
      ++found[b];
      continue;
    }
    out += static_cast<char>(b);
  }
  return out;
}

/// Parses "[hh:]mm:ss[.,]fff"; sets `comma` when a comma separates the fraction and `loose`
/// when hours or fraction digits are missing or short (WebVTT needs mm:ss.ttt at least).
std::optional<int64_t> ParseTime(std::string_view s, bool& comma, bool& loose) {
  std::vector<int64_t> parts;
  size_t i = 0;
  auto digits = [&](int64_t& v) {
    const size_t start = i;
    v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 9) v = v * 10 + (s[i++] - '0');
    return i > start;
  };
  int64_t v = 0;
  if (!digits(v)) return std::nullopt;
  parts.push_back(v);
  while (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(v)) return std::nullopt;
    parts.push_back(v);
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  int64_t ms = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    if (s[i] == ',') comma = true;
    ++i;
    const size_t start = i;
    int64_t frac = 0;
    if (!digits(frac)) return std::nullopt;
    size_t n = i - start;
    if (n != 3) loose = true;
    while (n < 3) {
      frac *= 10;
      ++n;
    }
    while (n > 3) {
      frac /= 10;
      --n;
    }
    ms = frac;
  } else {
    loose = true;
  }
  if (i != s.size()) return std::nullopt;
  if (parts.size() == 2) parts.insert(parts.begin(), 0);
  if (parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + ms;
}

struct Timing {
  int64_t start = 0;
  int64_t end = 0;
  std::string settings;
  bool comma = false;
  bool loose = false;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// "start --> end [settings]", or nullopt when the line is no timing line.
std::optional<Timing> ParseTiming(std::string_view line, bool& is_timing) {
  const size_t arrow = line.find("-->");
  is_timing = arrow != std::string_view::npos;
  if (!is_timing) return std::nullopt;
  Timing t;
  const std::string_view left = Trim(line.substr(0, arrow));
  std::string_view right = Trim(line.substr(arrow + 3));
  const size_t space = right.find_first_of(" \t");
  const std::string_view end = space == std::string_view::npos ? right : right.substr(0, space);
  if (space != std::string_view::npos) t.settings = std::string(Trim(right.substr(space)));
  const auto start_ms = ParseTime(left, t.comma, t.loose);
  const auto end_ms = ParseTime(end, t.comma, t.loose);
  if (!start_ms || !end_ms) return std::nullopt;
  t.start = *start_ms;
  t.end = *end_ms;
  return t;
}

/// WebVTT cue settings are kept; SRT's "X1:.. Y1:.." coordinates are not WebVTT.
std::string KeepVttSettings(const std::string& settings) {
  std::string out;
  size_t i = 0;
  while (i < settings.size()) {
    const size_t j = std::min(settings.find_first_of(" \t", i), settings.size());
    const std::string item = settings.substr(i, j - i);
    for (const char* name : {"vertical:", "line:", "position:", "size:", "align:", "region:"}) {
      if (item.starts_with(name)) out += (out.empty() ? "" : " ") + item;
    }
    i = j + 1;
  }
  return out;
}

bool IsEntity(std::string_view s) {
  // "&amp;", "&#1234;", "&#x1F;"
  const size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi < 2 || semi > 10) return false;
  for (size_t i = 1; i < semi; ++i) {
    const char c = s[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '#') return false;
  }
  return true;
}

/// Cue text as WebVTT: <i>, <b>, <u> (and for WebVTT input the other WebVTT tags) kept, other
/// tags dropped, stray '<' and '&' escaped, "-->" broken up, blank lines removed.
std::string CueText(std::string_view text, bool vtt_input) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      const size_t close = text.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view tag = text.substr(i + 1, close - i - 1);
        std::string_view name = tag;
        if (name.starts_with('/')) name.remove_prefix(1);
        name = name.substr(0, std::min(name.find_first_of(" .\t"), name.size()));
        std::string lower(name);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char x) { return std::tolower(x); });
        const bool basic = lower == "i" || lower == "b" || lower == "u";
        const bool vtt_tag = lower == "c" || lower == "v" || lower == "lang" || lower == "ruby" || lower == "rt" ||
                             (!lower.empty() && std::isdigit(static_cast<unsigned char>(lower[0])));
        if (basic) {
          out += tag.starts_with('/') ? "</" + lower + ">" : "<" + lower + ">";
          i = close;
          continue;
        }
        if (vtt_input && vtt_tag) {
          out.append(text.substr(i, close - i + 1));
          i = close;
          continue;
        }
        if (!lower.empty() && std::isalpha(static_cast<unsigned char>(lower[0]))) {  // <font ...>, <span>...
          i = close;
          continue;
        }
      }
      out += "&lt;";
    } else if (c == '&') {
      out += IsEntity(text.substr(i)) ? "&" : "&amp;";
    } else if (c == '>' && i >= 2 && text[i - 1] == '-' && text[i - 2] == '-') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  // No blank line may remain inside a cue.
  std::string joined;
  size_t start = 0;
  while (start <= out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string::npos) nl = out.size();
    const std::string_view line = Trim(std::string_view(out).substr(start, nl - start));
    if (!line.empty()) joined += (joined.empty() ? "" : "\n") + std::string(line);
    start = nl + 1;
  }
  return joined;
}

/// Counts one kind of repair and remembers the first line it happened at.
struct Tally {
  size_t count = 0;
  size_t first_line = 0;
  std::string example{};
  void Add(size_t line, std::string_view what = {}) {
    if (count++ == 0) {
      first_line = line;
      example = std::string(what);
    }
  }
};

}  // namespace

CaptionSyntax CaptionSyntaxOf(std::string_view bytes, std::string_view name) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (bytes.starts_with("WEBVTT")) return CaptionSyntax::kWebVtt;
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.ends_with(".vtt") ? CaptionSyntax::kWebVtt : CaptionSyntax::kSrt;
}

Captions ReadCaptions(std::string_view bytes, const std::string& entry, DiagnosticSink& sink) {
  const CaptionSyntax syntax = CaptionSyntaxOf(bytes, entry);
  const bool vtt = syntax == CaptionSyntax::kWebVtt;
  const std::string quoted = "'" + entry + "'";
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);

  // Encoding first: the rest works on clean UTF-8.
  std::string text;
  if (io::IsValidUtf8(bytes)) {
    text = std::string(bytes);
  } else {
    text = Cp1252ToUtf8(bytes);
    sink.Add(codes::kCaptionsEncoding, quoted + " is not UTF-8; it was read as Windows-1252", {.file = entry},
             "save the captions as UTF-8");
  }
  std::map<char32_t, size_t> controls;
  text = CleanControls(text, controls);
  if (!controls.empty()) {
    size_t total = 0;
    std::string list;
    for (const auto& [c, n] : controls) {
      total += n;
      list += (list.empty() ? "" : ", ") + std::to_string(n) + " x " + Hex(c);
      if (c >= 0x80 && Cp1252HighCharacter(c) != 0) {
        std::string glyph;
        AppendUtf8(glyph, Cp1252HighCharacter(c));
        list += " (" + glyph + ")";
      }
    }
    sink.Add(codes::kCaptionsEncoding,
             quoted + ": " + std::to_string(total) + " control character" + (total == 1 ? "" : "s") + " in the text: " +
                 list + "; Windows-1252 punctuation stored as control characters was restored, the rest removed",
             {.file = entry}, "save the captions as UTF-8 from the captioning tool and check its punctuation");
  }
  const std::string nfc = io::ToNfc(text);
  if (nfc != text) {
    sink.Add(codes::kCaptionsEncoding, quoted + " has text that is not in Unicode NFC form; it was normalised",
             {.file = entry});
    text = nfc;
  }

  // Lines, with CR LF and CR accepted.
  std::vector<std::string_view> lines;
  {
    std::string_view rest(text);
    while (!rest.empty()) {
      const size_t eol = rest.find_first_of("\r\n");
      if (eol == std::string_view::npos) {
        lines.push_back(rest);
        break;
      }
      lines.push_back(rest.substr(0, eol));
      const size_t skip = rest[eol] == '\r' && eol + 1 < rest.size() && rest[eol + 1] == '\n' ? 2 : 1;
      rest.remove_prefix(eol + skip);
    }
  }

  Tally comma_decimals, loose_times, unreadable_timings, empty_cues, backwards, stray_lines;
  size_t i = 0;
  if (vtt) {
    if (!lines.empty() && lines[0].starts_with("WEBVTT") &&
        (lines[0].size() == 6 || lines[0][6] == ' ' || lines[0][6] == '\t')) {
      // Header block: up to the first blank line.
      while (i < lines.size() && !Trim(lines[i]).empty()) ++i;
    } else {
      sink.Add(codes::kCaptionsMalformed, quoted + " line 1: the WEBVTT header is missing; read as WebVTT anyway",
               {.file = entry, .line = 1}, "start the file with a line that says WEBVTT");
    }
  }
  Captions out;
  while (i < lines.size()) {
    if (Trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    // A block: lines up to the next blank line.
    const size_t block = i;
    size_t end = i;
    while (end < lines.size() && !Trim(lines[end]).empty()) ++end;
    i = end;
    const std::string_view first = Trim(lines[block]);
    if (vtt && (first.starts_with("NOTE") || first == "STYLE" || first == "REGION" || first.starts_with("STYLE ") ||
                first.starts_with("REGION "))) {
      continue;
    }
    // Find the timing line: the first or, after an identifier (SRT number), the second.
    size_t timing_at = block;
    bool is_timing = false;
    std::optional<Timing> timing = ParseTiming(lines[block], is_timing);
    std::string id;
    if (!is_timing && block + 1 < end) {
      timing = ParseTiming(lines[block + 1], is_timing);
      if (is_timing) {
        timing_at = block + 1;
        if (vtt) id = std::string(first);
      }
    }
    if (!is_timing) {
      // SRT's trailing cue number, text without timing: nothing to show it at.
      stray_lines.Add(block + 1, first);
      continue;
    }
    if (!timing) {
      unreadable_timings.Add(timing_at + 1, Trim(lines[timing_at]));
      continue;
    }
    if (vtt && timing->comma) comma_decimals.Add(timing_at + 1, Trim(lines[timing_at]));
    if (vtt && timing->loose) loose_times.Add(timing_at + 1, Trim(lines[timing_at]));
    std::string body;
    for (size_t k = timing_at + 1; k < end; ++k) body += std::string(lines[k]) + "\n";
    Cue cue;
    cue.start_ms = timing->start;
    cue.end_ms = timing->end;
    cue.id = id;
    cue.settings = vtt ? KeepVttSettings(timing->settings) : "";
    cue.text = CueText(body, vtt);
    if (cue.text.empty()) {
      empty_cues.Add(timing_at + 1);
      continue;
    }
    if (cue.end_ms <= cue.start_ms) {
      backwards.Add(timing_at + 1, Trim(lines[timing_at]));
      continue;
    }
    out.cues.push_back(std::move(cue));
  }
  // Players need cues in start order.
  std::stable_sort(out.cues.begin(), out.cues.end(),
                   [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });

  const auto report = [&](const Tally& t, const std::string& what, const std::string& hint) {
    if (t.count == 0) return;
    std::string message = quoted + " line " + std::to_string(t.first_line) + ": " + what;
    if (t.count > 1) message += " (" + std::to_string(t.count) + " times; the first is shown)";
    sink.Add(codes::kCaptionsMalformed, std::move(message),
             {.file = entry, .line = static_cast<uint32_t>(t.first_line)}, hint);
  };
  report(comma_decimals,
         "the timing '" + comma_decimals.example +
             "' uses commas as decimal separators (SRT style), which WebVTT does not allow; read with dots",
         "write WebVTT times as 00:00:05.000");
  report(loose_times, "the timing '" + loose_times.example + "' lacks fraction digits; read as milliseconds",
         "write WebVTT times as 00:00:05.000");
  report(unreadable_timings, "the timing line '" + unreadable_timings.example + "' cannot be read; its cue was dropped",
         "write timings as 00:00:05,000 --> 00:00:07,500 (SRT) or 00:00:05.000 --> 00:00:07.500 (WebVTT)");
  report(empty_cues, "a cue has a timing but no text; it was dropped", "");
  report(backwards, "the cue '" + backwards.example + "' ends before it starts; it was dropped",
         "check the cue's start and end times");
  report(stray_lines, "'" + stray_lines.example + "' is not part of any cue (no timing line); it was ignored",
         "remove the line, or add the timing of the cue it belongs to");
  if (out.cues.empty()) {
    sink.Add(codes::kCaptionsMalformed, quoted + " has no cue that can be shown", {.file = entry},
             "export the captions again from the captioning tool");
  }
  return out;
}

std::string FormatVttTime(int64_t ms) {
  if (ms < 0) ms = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms % 1000));
  return buf;
}

std::string WriteWebVtt(const Captions& captions) {
  std::string out = "WEBVTT\n";
  for (const Cue& c : captions.cues) {
    out += "\n";
    if (!c.id.empty()) out += c.id + "\n";
    out += FormatVttTime(c.start_ms) + " --> " + FormatVttTime(c.end_ms);
    if (!c.settings.empty()) out += " " + c.settings;
    out += "\n" + c.text + "\n";
  }
  return out;
}

std::string CaptionLanguageFromName(std::string_view file_name) {
  static const std::map<std::string, std::string> kNames = {
      {"english", "en"},   {"hindi", "hi"},    {"telugu", "te"},   {"tamil", "ta"},   {"kannada", "kn"},
      {"malayalam", "ml"}, {"bengali", "bn"},  {"bangla", "bn"},   {"marathi", "mr"}, {"gujarati", "gu"},
      {"punjabi", "pa"},   {"odia", "or"},     {"oriya", "or"},    {"urdu", "ur"},    {"assamese", "as"},
      {"nepali", "ne"},    {"sanskrit", "sa"}, {"konkani", "kok"}, {"french", "fr"},  {"spanish", "es"},
      {"german", "de"},    {"arabic", "ar"},   {"chinese", "zh"}};
  static const char* const kCodes[] = {"en", "hi", "te", "ta", "kn", "ml", "bn", "mr", "gu", "pa",  "or",
                                       "ur", "as", "ne", "sa", "fr", "es", "de", "ar", "zh", "eng", "hin"};
  const size_t slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) file_name = file_name.substr(0, dot);
  std::string lower(file_name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start <= lower.size()) {
    size_t end = lower.find_first_of("._- ", start);
    if (end == std::string::npos) end = lower.size();
    if (end > start) tokens.push_back(lower.substr(start, end - start));
    start = end + 1;
  }
  // Later tokens name the language more often ("lecture.hi", "nptel_Telugu").
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
    if (const auto n = kNames.find(*it); n != kNames.end()) return n->second;
    if (it == tokens.rbegin()) {
      for (const char* code : kCodes) {
        if (*it == code) return *it == "eng" ? "en" : *it == "hin" ? "hi" : *it;
      }
    }
  }
  return "und";
}

}  // namespace cpk::formats::video
