#pragma once
// The loaded form of a FontFace: the HarfBuzz face and font (OpenType functions, scale = units
// per em, so shaping results are in font units and never depend on a rasteriser's state) and the
// set of code points the font maps. Drawing code opens its own FreeType faces from path/index.

#include <hb.h>

#include <string>

#include "cpk/fonts/font_catalog.hpp"

namespace cpk::fonts::internal {

class LoadedFace final : public FontFace {
 public:
  /// Loads `path` (face `index`); check valid() afterwards.
  LoadedFace(std::string path, unsigned index);
  ~LoadedFace() override;
  LoadedFace(const LoadedFace&) = delete;
  LoadedFace& operator=(const LoadedFace&) = delete;

  bool valid() const { return font_ != nullptr; }
  const std::string& path() const override { return path_; }
  unsigned index() const override { return index_; }
  const std::string& family() const override { return family_; }
  unsigned units_per_em() const override { return upem_; }
  int ascender() const override { return ascender_; }
  int descender() const override { return descender_; }
  int line_gap() const override { return line_gap_; }
  bool Covers(char32_t c) const override { return hb_set_has(unicodes_, c) != 0; }

  hb_font_t* hb_font() const { return font_; }
  /// The glyph of U+25CC DOTTED CIRCLE, which the shaper inserts before a mark with no base; 0 when none.
  hb_codepoint_t dotted_circle() const { return dotted_circle_; }
  /// The glyph of U+0020 SPACE (draws nothing); 0 when none.
  hb_codepoint_t space_glyph() const { return space_glyph_; }
  /// Its advance, in font units.
  int space_advance() const { return space_glyph_ != 0 ? hb_font_get_glyph_h_advance(font_, space_glyph_) : 0; }

 private:
  std::string path_;
  unsigned index_ = 0;
  std::string family_;
  unsigned upem_ = 1000;
  int ascender_ = 800;
  int descender_ = -200;
  int line_gap_ = 0;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  hb_set_t* unicodes_ = nullptr;
  hb_codepoint_t dotted_circle_ = 0;
  hb_codepoint_t space_glyph_ = 0;
};

inline const LoadedFace& Loaded(const FontFace& face) { return static_cast<const LoadedFace&>(face); }

}  // namespace cpk::fonts::internal
