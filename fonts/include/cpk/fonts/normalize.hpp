#pragma once
/// @file normalize.hpp
/// Unicode normalisation of text the SDK emits: NFC everywhere. NFC composes the Bengali and
/// Odia two-part vowels (ো, ୋ) and keeps ZWJ/ZWNJ; it leaves the nukta letters of
/// U+0958–U+095F (and their Bengali, Gurmukhi and Odia kin) decomposed, since Unicode excludes
/// them from composition.
/// @since 0.1

#include <string>
#include <string_view>

namespace cpk::fonts {

/// `text` in NFC. Invalid UTF-8 becomes U+FFFD.
std::string ToNfc(std::string_view text);

/// True when `text` is valid UTF-8 and already NFC.
bool IsNfc(std::string_view text);

}  // namespace cpk::fonts
