#pragma once
/// @file legacy.hpp
/// Pre-Unicode ("legacy") Hindi font encodings: detection and conversion to Unicode.
///
/// Much government material is typed in fonts such as Kruti Dev 010, DevLys 010 or Chanakya.
/// Their text is plain ASCII/Latin-1: the font draws Devanagari glyph shapes on the Latin
/// code points (`d` is drawn as क, `k` as the ा sign, `f` as the ि sign typed *before* its
/// consonant). Such text is unsearchable, cannot be read aloud, and turns into gibberish as
/// soon as the font is missing. This header finds it (from the font name and from character
/// statistics) and converts Kruti Dev 010 and DevLys 010 text to Unicode Devanagari.
/// See docs/legacy-fonts.md for the mapping rules and their limits.
/// @since 0.1

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/location.hpp"
#include "cpk/core/result.hpp"

namespace cpk::codes {

/// Text is typed in a pre-Unicode Hindi font encoding (Kruti Dev, DevLys, Chanakya).
CPK_DIAGNOSTIC_CODE(kTextLegacyEncoding, "text.legacy-encoding", kWarning);

}  // namespace cpk::codes

namespace cpk::fonts {

/// A legacy Hindi font encoding.
/// @since 0.1
enum class LegacyEncoding : uint8_t {
  kKrutiDev,  ///< Kruti Dev 010 (and the 0xx family that shares its Remington layout)
  kDevLys,    ///< DevLys 010 (the same glyph layout as Kruti Dev 010)
  kChanakya,  ///< Chanakya: detected by font name only; conversion is not supported
};

/// The stable lower-case name of an encoding, as the command line spells it: "krutidev",
/// "devlys" or "chanakya". The returned view points to static storage.
/// @since 0.1
std::string_view LegacyEncodingName(LegacyEncoding encoding) noexcept;

/// The encoding named `name` ("krutidev", "devlys", "chanakya"; case, spaces, '-' and '_' are
/// ignored, and the font names accepted by LegacyEncodingOfFont work too), or nullopt.
/// @since 0.1
std::optional<LegacyEncoding> LegacyEncodingFromName(std::string_view name) noexcept;

/// The legacy encoding a font family implies, or nullopt for any other font.
/// Matching ignores case and everything but letters and digits, and finds the family name
/// anywhere in the font name: "Kruti Dev 010", "KRUTI DEV 010", "Kruti_Dev_010", "KrutiDev010",
/// "Kruti Dev 011", "Kruti Dev 010 Bold" → kKrutiDev; "DevLys 010", "Devlys_010" → kDevLys;
/// "Chanakya", "Walkman-Chanakya 905" → kChanakya. A CSS font stack ("'Kruti Dev 010', serif")
/// is read family by family; the first legacy family found wins. Thread-safe.
/// @since 0.1
std::optional<LegacyEncoding> LegacyEncodingOfFont(std::string_view font_family) noexcept;

/// What DetectLegacyEncoding found.
/// @since 0.1
struct LegacyDetection {
  /// The encoding the text is typed in, or nullopt when it does not look legacy-encoded.
  std::optional<LegacyEncoding> encoding{};
  /// Confidence in [0, 1]: 1 when the font name decides, otherwise the statistical score
  /// (0.5 and above means "legacy").
  double score = 0.0;
  /// Why, in plain words (for logs and the diagnostic message): the font name, or the
  /// statistics that decided (for example `12 of 40 words are common Hindi words in Kruti Dev`).
  std::string evidence{};
};

/// Decides whether `text` is typed in a legacy Hindi font encoding.
///
/// `font_family` (optional) is the font the text is styled with; a legacy font name decides
/// on its own, as long as the text holds at least one Latin letter or legacy glyph code.
/// Without it, the text's character statistics decide: Hindi typed in the Kruti Dev layout
/// has tell-tale words (`dk` का, `gS` है, `vkSj` और), a high share of `k` (the ा sign), `f`
/// (the ि sign) before consonant keys, reph `Z` and danda `A` after lower-case letters.
/// English prose, source code, URLs, numbers, Hindi romanised in Latin letters ("aap kaise
/// ho") and Unicode Devanagari are not flagged. A single word is never flagged on statistics
/// alone; two words need to be unmistakable (`Hkkjr ljdkj` भारत सरकार is). Kruti Dev and DevLys 010 share one layout,
/// so statistics alone report kKrutiDev; Chanakya is recognised by font name only.
///
/// Accepts any bytes (invalid UTF-8 is read as Windows-1252). Linear in the input size.
/// Thread-safe.
/// @since 0.1
LegacyDetection DetectLegacyEncoding(std::string_view text, std::string_view font_family = {});

/// Converts legacy-encoded text to Unicode Devanagari (UTF-8, NFC).
///
/// The input is UTF-8 (as text extracted from a .docx or HTML is); input that is not valid
/// UTF-8 is read, as a whole, as Windows-1252 bytes, so raw 8-bit files work too. Symbol-font private-use code
/// points U+F020–U+F0FF (what some PDF extractors produce) are read as their low byte.
/// Characters outside the legacy range (Devanagari already in Unicode, other scripts) pass
/// through unchanged. The pre-base ि sign is moved after its consonant cluster, the reph
/// (र्, typed after its syllable) before it; half forms, conjunct glyphs, nukta, signs,
/// digits and punctuation follow the font's published character map. Output is NFC, which
/// decomposes the precomposed nukta letters (क़ = क + ़).
///
/// Errors: kUnsupported for kChanakya (no verified layout). Never fails for the others; glyph
/// codes with no mapping are kept as they are. Linear in the input size. Thread-safe.
/// @since 0.1
Result<std::string> ConvertLegacyToUnicode(std::string_view text, LegacyEncoding encoding);

/// The `text.legacy-encoding` warning for a positive detection: the message names the
/// encoding and the evidence, the hint says how to fix it (re-type in Unicode, or convert with
/// `coursepack text convert-legacy --font <name>`). Call it only when `detection.encoding` is
/// set; otherwise the message says "unknown legacy encoding".
/// @since 0.1
Diagnostic LegacyEncodingDiagnostic(const LegacyDetection& detection, Location location = {});

}  // namespace cpk::fonts
