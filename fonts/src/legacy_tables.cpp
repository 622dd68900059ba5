// Glyph tables of the legacy Hindi fonts.
//
// Source: the published character maps (keyboard/glyph charts) of Kruti Dev 010 and DevLys 010,
// the "Remington" typewriter layout used by Indian government offices. Each entry says which
// glyph the font draws at a code point, written as the Windows-1252 character that the text
// holds (what Word shows when the font is missing) and the Unicode it stands for.
//
// How to read the table:
// - Half forms (a consonant without its vertical stem, e.g. `D` क्) are written with a virama.
//   The stem is the ा glyph `k`, so `Dk` is क् + ा; the converter turns "् ा" back into the
//   full consonant. Consonants whose full form has its own key (`d` क) never need this.
// - `f` is the ि sign, drawn before the consonant cluster it follows in Unicode (written U+E000 below).
// - `Z` is the reph (र् drawn above the syllable), typed after the syllable's vowel signs (written U+E001).
// - `+` is the nukta, typed after the consonant (or its half form).
// - Digits 0-9 are Latin digits in these fonts; the Devanagari digits sit in the upper half.
// - Several glyphs exist twice (two shapes of क्र, द्द, ट्ट …); both code points are listed.
//
// The converter matches the longest key first, so multi-character entries win over their parts.

#include "legacy_internal.hpp"

namespace cpk::internal::legacy {
namespace {

constexpr GlyphMapping kKrutiDev010[] = {
    // Independent vowels. अ + ा stroke makes आ, with े/ै strokes ओ/औ, with ॉ ऑ.
    {"v", "अ"},
    {"vk", "आ"},
    {"vks", "ओ"},
    {"vkS", "औ"},
    {"v‚", "ऑ"},
    {"b", "इ"},
    {"bZ", "ई"},  // इ with the reph-shaped hook
    {"Ã", "ई"},
    {"b±", "ईं"},
    {"m", "उ"},
    {"Å", "ऊ"},
    {"_", "ऋ"},
    {",", "ए"},
    {",s", "ऐ"},

    // Consonants with a full form on one key.
    {"d", "क"},
    {"x", "ग"},
    {"Ä", "घ"},
    {"³", "ङ"},
    {"p", "च"},
    {"N", "छ"},
    {"t", "ज"},
    {">", "झ"},
    {"¥", "ञ"},
    {"V", "ट"},
    {"B", "ठ"},
    {"M", "ड"},
    {"<", "ढ"},
    {"r", "त"},
    {"n", "द"},
    {"u", "न"},
    {"i", "प"},
    {"Q", "फ"},
    {"c", "ब"},
    {"Ò", "भ"},
    {"e", "म"},
    {";", "य"},
    {"j", "र"},
    {"y", "ल"},
    {"G", "ळ"},
    {"o", "व"},
    {"l", "स"},
    {"g", "ह"},

    // Half forms. Those without a full-form key (ख घ ण थ ध भ श ष) are written half + `k`.
    {"D", "क्"},
    {"[", "ख्"},
    {"X", "ग्"},
    {"?", "घ्"},
    {"P", "च्"},
    {"T", "ज्"},
    {"÷", "झ्"},
    {"Ö", "झ्"},
    {".", "ण्"},
    {"R", "त्"},
    {"F", "थ्"},
    {"/", "ध्"},
    {"è", "ध्"},
    {"Ë", "ध्"},
    {"U", "न्"},
    {"I", "प्"},
    {"¶", "फ्"},
    {"C", "ब्"},
    {"H", "भ्"},
    {"E", "म्"},
    {"¸", "य्"},
    {"Y", "ल्"},
    {"O", "व्"},
    {"'", "श्"},
    {"Ü", "श्"},
    {"\"", "ष्"},
    {"L", "स्"},
    {"º", "ह्"},

    // Conjunct glyphs.
    {"ô", "क्क"},
    {"ä", "क्त"},
    {"{", "क्ष्"},  // {k = क्ष
    {"Ø", "क्र"},
    {"—", "कृ"},
    {"Ñ", "कृ"},
    {"K", "ज्ञ"},
    {"ê", "ट्ट"},
    {"Í", "ट्ट"},
    {"ë", "ट्ठ"},
    {"Î", "ट्ठ"},
    {"ì", "ड्ड"},
    {"Ï", "ड्ड"},
    {"ï", "ड्ढ"},
    {"Ô", "ड्ढ"},
    {"Ù", "त्त्"},  // Ùk = त्त
    {"=", "त्र"},
    {"=kk", "त्रा"},       // a doubled stem, common in typed text
    {"f=k", "\uE000त्र"},  // ि + त्र with a stray stem
    {"«", "त्र्"},
    {"–", "दृ"},
    {"í", "द्द"},
    {"Ì", "द्द"},
    {")", "द्ध"},
    {"|", "द्य"},
    {"}", "द्व"},
    {"æ", "द्र"},
    {"é", "न्न"},
    {"™", "न्न्"},
    {"ç", "प्र"},
    {"Á", "प्र"},
    {"Ý", "फ्र"},
    {"J", "श्र"},
    {"à", "ह्न"},
    {"á", "ह्य"},
    {"â", "हृ"},
    {"ã", "ह्म"},
    {"ºz", "ह्र"},
    {"#", "रु"},
    {":", "रू"},

    // Subscript forms written after their consonant.
    {"z", "्र"},  // ्र under a stemmed consonant (iz प्र, xz ग्र)
    {"ª", "्र"},  // ्र under ट ठ ड ढ छ (Vª ट्र)
    {"ªª", "्र"},
    {"î", "्य"},  // ्य after ट ठ ड ढ छ (Vî ट्य)
    {"Ó", "्य"},

    // Vowel signs and other signs.
    {"k", "ा"},
    {"f", "\uE000"},  // ि, typed before its consonant cluster
    {"h", "ी"},
    {"q", "ु"},
    {"w", "ू"},
    {"`", "ृ"},
    {"s", "े"},
    {"S", "ै"},
    {"ks", "ो"},
    {"kS", "ौ"},
    {"‚", "ॉ"},
    {"W", "ॅ"},
    {"a", "ं"},
    {"¡", "ँ"},
    {"%", "ः"},
    {"+", "़"},
    {"~", "्"},
    {"Z", "\uE001"},   // reph, typed after its syllable
    {"ZZ", "\uE001"},  // a doubled reph or anusvara draws as one: a typing slip
    {"aa", "ं"},
    {"±", "\uE001ं"},   // reph with anusvara
    {"Ê", "ी\uE001"},  // ी with reph
    {"È", "ीं"},
    {"Æ", "र्\uE000"},  // ि with reph, typed before the consonant
    {"•", "ऽ"},
    {"·", "ऽ"},

    // Punctuation: the font draws Devanagari punctuation on some ASCII keys and moves the
    // ASCII marks it displaces to others.
    {"A", "।"},
    {"-", "."},
    {"&", "-"},
    {"]", ","},
    {"\\", "?"},
    {"(", ";"},
    {"¼", "("},
    {"½", ")"},
    {"¿", "{"},
    {"À", "}"},
    {"¾", "="},
    {"@", "/"},
    {"^", "‘"},
    {"*", "’"},
    {"Þ", "“"},
    {"ß", "”"},
    {"Œ", "॰"},
    {"ñ", "॰"},

    // Devanagari digits (the digit keys themselves draw Latin digits).
    {"å", "०"},
    {"ƒ", "१"},
    {"„", "२"},
    {"…", "३"},
    {"†", "४"},
    {"‡", "५"},
    {"ˆ", "६"},
    {"‰", "७"},
    {"Š", "८"},
    {"‹", "९"},
};

// DevLys 010 was made as a drop-in replacement for Kruti Dev 010: its character map places the
// same glyph on every code point listed above, so documents move between the two fonts by
// changing the font only. No difference could be confirmed from its published chart, so it has
// no overrides; one found later goes here (DevLys010Overrides).

}  // namespace

std::span<const GlyphMapping> KrutiDev010Glyphs() { return kKrutiDev010; }
std::span<const GlyphMapping> DevLys010Overrides() { return {}; }

}  // namespace cpk::internal::legacy
