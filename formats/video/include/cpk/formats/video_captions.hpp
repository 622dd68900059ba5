#pragma once
/// @file video_captions.hpp
/// Caption files: SRT and WebVTT read leniently (broken files repaired where the intent is
/// clear, with `captions.malformed` / `captions.encoding` findings), written as UTF-8 NFC
/// WebVTT, the one caption format the package carries.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"

namespace cpk::formats::video {

/// One caption cue. Times are milliseconds from the start of the media.
struct Cue {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string id{};        ///< WebVTT cue identifier (SRT numbers are not kept)
  std::string settings{};  ///< WebVTT cue settings ("align:start line:90%"), kept from WebVTT input
  std::string text{};      ///< WebVTT cue text: UTF-8 NFC, lines joined by '\n', markup escaped

  friend bool operator==(const Cue&, const Cue&) = default;
};

/// A caption track.
struct Captions {
  std::vector<Cue> cues{};
};

/// The syntax a caption file is read as.
enum class CaptionSyntax { kSrt, kWebVtt };

/// Which syntax `bytes` are in: WebVTT when they start with "WEBVTT" (after a BOM), or when
/// the name ends in .vtt; SRT otherwise.
CaptionSyntax CaptionSyntaxOf(std::string_view bytes, std::string_view name);

/// Reads SRT or WebVTT. Never fails: what cannot be understood is dropped and reported.
/// Repairs, each reported once per file with the first line it happened at (`entry` is the
/// location): text that is not UTF-8 (read as Windows-1252), C1 control characters that are
/// Windows-1252 punctuation stored wrongly (U+0085 → …, U+0092 → ’; other controls removed),
/// non-NFC text (`captions.encoding`); comma decimals in WebVTT, a missing WEBVTT header,
/// timings without hours or with short fractions, cues without text, end before start, stray
/// lines (`captions.malformed`). CR LF and CR line ends are accepted silently. SRT markup
/// (<i>, <b>, <u>) is kept, <font> and unknown tags are dropped, and `&`, `<`, `-->` escaped.
Captions ReadCaptions(std::string_view bytes, const std::string& entry, DiagnosticSink& sink);

/// The WebVTT text of `captions` ("WEBVTT", a blank line, then the cues in order).
std::string WriteWebVtt(const Captions& captions);

/// "00:01:02.345".
std::string FormatVttTime(int64_t ms);

/// The language a caption file's name gives, as a BCP 47 tag: "lecture.hi.srt", "Hindi.srt",
/// "english_subs.vtt", "nptel_Telugu.vtt" → "hi", "hi", "en", "te"; "und" when none.
std::string CaptionLanguageFromName(std::string_view file_name);

}  // namespace cpk::formats::video
