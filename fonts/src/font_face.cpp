#include "font_face_impl.hpp"

#include <hb-ot.h>

namespace cpk::fonts::internal {

LoadedFace::LoadedFace(std::string path, unsigned index) : path_(std::move(path)), index_(index) {
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(path_.c_str());
  if (blob == nullptr) return;
  if (index_ >= hb_face_count(blob)) {
    hb_blob_destroy(blob);
    return;
  }
  face_ = hb_face_create(blob, index_);
  hb_blob_destroy(blob);
  upem_ = hb_face_get_upem(face_);
  if (upem_ == 0 || hb_face_get_glyph_count(face_) == 0) return;
  unicodes_ = hb_set_create();
  hb_face_collect_unicodes(face_, unicodes_);
  font_ = hb_font_create(face_);
  hb_ot_font_set_funcs(font_);
  hb_font_set_scale(font_, static_cast<int>(upem_), static_cast<int>(upem_));
  hb_font_extents_t extents{};
  if (hb_font_get_h_extents(font_, &extents)) {
    ascender_ = extents.ascender;
    descender_ = extents.descender;
    line_gap_ = extents.line_gap;
  }
  if (!hb_font_get_nominal_glyph(font_, 0x25CC, &dotted_circle_)) dotted_circle_ = 0;
  if (!hb_font_get_nominal_glyph(font_, 0x20, &space_glyph_)) space_glyph_ = 0;
  char name[256];
  unsigned size = sizeof name;
  // Typographic family (16) first, then the legacy family name (1).
  for (hb_ot_name_id_t id : {HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_OT_NAME_ID_FONT_FAMILY}) {
    size = sizeof name;
    if (hb_ot_name_get_utf8(face_, id, hb_language_from_string("en", -1), &size, name) > 0) {
      family_ = name;
      break;
    }
  }
}

LoadedFace::~LoadedFace() {
  if (font_ != nullptr) hb_font_destroy(font_);
  if (unicodes_ != nullptr) hb_set_destroy(unicodes_);
  if (face_ != nullptr) hb_face_destroy(face_);
}

}  // namespace cpk::fonts::internal
