#pragma once
/// @file font_catalog.hpp
/// Which font draws which text: a curated preference table per script (the Noto families that
/// scripts/setup installs) resolved to files through fontconfig, plus fonts from folders the
/// caller adds. A run never goes to a font that lacks its glyphs when another font has them.
/// @since 0.1

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/result.hpp"

namespace cpk::fonts {

class FontFace;

/// Sans (the default) or serif families first.
enum class FontStyle : uint8_t { kSans, kSerif };

/// Family names in preference order for a script (ISO 15924) and language (BCP 47): for
/// example Urdu gets Noto Nastaliq Urdu, then Noto Naskh Arabic as the fallback.
std::vector<std::string> PreferredFamilies(std::string_view script, std::string_view language, FontStyle style);

/// The fonts of a process. Thread-safe: faces are loaded on first use and then shared read-only.
class FontCatalog {
 public:
  /// Uses the system's fontconfig set-up (no fonts are opened yet).
  FontCatalog();
  ~FontCatalog();
  FontCatalog(const FontCatalog&) = delete;
  FontCatalog& operator=(const FontCatalog&) = delete;

  /// Adds every font file (TrueType, OpenType, collections) of `folder`. Added fonts are tried
  /// before the table's for every run whose characters they have. Fails (kNotFound) when the
  /// folder does not exist, (kUnsupported) when it holds no font fontconfig can read.
  Status AddFolder(const std::string& folder);

  /// The first font, in preference order (added fonts, then the table for `script` and
  /// `language`, then any installed font fontconfig finds for the characters), that has a glyph
  /// for every code point of `codepoints` (default-ignorable and control characters excepted).
  /// When none has them all, the preferred font for the script (so the caller reports tofu),
  /// or nullptr when no font at all is installed.
  const FontFace* FontFor(std::string_view script, std::string_view language, FontStyle style,
                          const std::vector<char32_t>& codepoints) const;

  /// The preferred installed font of a script, whatever it covers; nullptr when none is installed.
  const FontFace* PrimaryFont(std::string_view script, std::string_view language, FontStyle style) const;

  /// A font by file path (loads it once); nullptr when it cannot be read.
  const FontFace* FontFromFile(const std::string& path, unsigned index = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One loaded font file (face index within a collection). Immutable once loaded.
class FontFace {
 public:
  virtual ~FontFace() = default;
  virtual const std::string& path() const = 0;
  virtual unsigned index() const = 0;
  virtual const std::string& family() const = 0;
  virtual unsigned units_per_em() const = 0;
  /// Typographic ascender and descender (descender negative) and line gap, in font units.
  virtual int ascender() const = 0;
  virtual int descender() const = 0;
  virtual int line_gap() const = 0;
  /// True when the font maps `c` to a glyph.
  virtual bool Covers(char32_t c) const = 0;
};

}  // namespace cpk::fonts
