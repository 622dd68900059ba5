#pragma once
/// @file text_run.hpp
/// Itemisation: a text split into runs that each have one script, one bidi level and one
/// language, the unit that shaping works on.
/// @since 0.1

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::fonts {

/// Base direction of a paragraph.
enum class BaseDirection : uint8_t {
  kAuto,  ///< from the first strong character (UAX #9 rules P2, P3); left-to-right when there is none
  kLeftToRight,
  kRightToLeft,
};

/// A maximal piece of text with one script, one bidi level and one language. Offsets are UTF-8
/// byte offsets into the text that was itemised.
struct TextRun {
  size_t start = 0;
  size_t end = 0;
  std::string script{};    ///< ISO 15924 code ("Deva", "Arab", "Latn"; "Zyyy" when only common characters)
  uint8_t level = 0;       ///< bidi embedding level: odd is right-to-left
  std::string language{};  ///< BCP 47 tag used to shape the run ("mr", "ur", "en")

  bool right_to_left() const { return (level & 1) != 0; }
  friend bool operator==(const TextRun&, const TextRun&) = default;
};

/// Splits `text` (UTF-8, expected NFC; invalid sequences count as U+FFFD) into runs, in logical
/// order. Scripts come from ICU's script property; common and inherited characters (spaces,
/// punctuation, digits, combining marks, the danda) join the run around them, taking a script
/// extension into account, and a closing bracket takes its opening bracket's script. Levels come
/// from ICU's bidi algorithm. `language` (BCP 47, may be empty) applies to the runs whose script
/// that language is written in (Marathi and Nepali get their own OpenType forms); other runs get
/// the usual language of their script (Deva: hi, Arab: ur, Latn: en, …).
std::vector<TextRun> ItemizeText(std::string_view text, std::string_view language,
                                 BaseDirection direction = BaseDirection::kAuto);

/// True when the paragraph `text` is right-to-left: `direction` when given, else the direction of
/// its first strong character (left-to-right when there is none).
bool IsRightToLeftParagraph(std::string_view text, BaseDirection direction);

/// The language a run of `script` gets when the requested `language` is not written in it.
std::string_view DefaultLanguageOfScript(std::string_view script);

/// True when `language` (BCP 47) is written in `script` (ISO 15924): "mr"/"Deva", "mni"/"Mtei",
/// "mni-Beng"/"Beng", "ur"/"Arab", "sat"/"Olck". An explicit script subtag decides alone.
bool LanguageUsesScript(std::string_view language, std::string_view script);

}  // namespace cpk::fonts
