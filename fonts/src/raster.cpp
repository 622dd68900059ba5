// FreeType rasterisation of laid-out text: anti-aliased coverage, quarter-pixel horizontal
// positioning, "over" blending onto straight-alpha RGBA.

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>
#include <map>
#include <tuple>

#include "cpk/fonts/render.hpp"

namespace cpk::fonts {
namespace {

constexpr int kSubpixelSteps = 4;

struct GlyphImage {
  int left = 0;
  int top = 0;
  int width = 0;
  int rows = 0;
  std::vector<uint8_t> coverage;
};

/// A thread's FreeType state: its own library and faces (never shared with shaping), and the
/// glyphs it has rendered, keyed by font file so that they outlive any one FontCatalog.
class Rasterizer {
 public:
  Rasterizer() {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
  }
  ~Rasterizer() {
    for (auto& [key, face] : faces_) {
      if (face != nullptr) FT_Done_Face(face);
    }
    if (library_ != nullptr) FT_Done_FreeType(library_);
  }
  Rasterizer(const Rasterizer&) = delete;
  Rasterizer& operator=(const Rasterizer&) = delete;

  bool ok() const { return library_ != nullptr; }

  /// The glyph at `size` pixels per em, shifted right by `step`/kSubpixelSteps of a pixel.
  const GlyphImage* Glyph(const FontFace& font, uint32_t id, double size, int step) {
    auto [face_it, added] = face_ids_.try_emplace({font.path(), font.index()}, static_cast<int>(face_ids_.size()));
    const int face_id = face_it->second;
    const auto key = std::make_tuple(face_id, id, size, step);
    if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
    if (cache_.size() >= kMaxCachedGlyphs) cache_.clear();
    FT_Face face = Face(font, face_id, size);
    if (face == nullptr) return nullptr;
    FT_Vector delta{step * 64 / kSubpixelSteps, 0};
    FT_Set_Transform(face, nullptr, &delta);
    GlyphImage image;
    if (FT_Load_Glyph(face, id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) == 0 &&
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0) {
      const FT_Bitmap& bm = face->glyph->bitmap;
      image.left = face->glyph->bitmap_left;
      image.top = face->glyph->bitmap_top;
      image.width = static_cast<int>(bm.width);
      image.rows = static_cast<int>(bm.rows);
      image.coverage.resize(static_cast<size_t>(image.width) * image.rows);
      for (int r = 0; r < image.rows; ++r) {
        const uint8_t* src = bm.buffer + static_cast<ptrdiff_t>(r) * bm.pitch;
        std::copy(src, src + image.width, image.coverage.begin() + static_cast<ptrdiff_t>(r) * image.width);
      }
    }
    return &cache_.emplace(key, std::move(image)).first->second;
  }

 private:
  FT_Face Face(const FontFace& font, int face_id, double size) {
    auto [it, inserted] = faces_.try_emplace(face_id, nullptr);
    if (inserted && FT_New_Face(library_, font.path().c_str(), static_cast<FT_Long>(font.index()), &it->second) != 0) {
      it->second = nullptr;
    }
    FT_Face face = it->second;
    if (face == nullptr) return nullptr;
    const auto size26 = static_cast<FT_F26Dot6>(std::lround(size * 64));
    if (face->size == nullptr || face->size->metrics.x_ppem == 0 || current_size_[face_id] != size26) {
      if (FT_Set_Char_Size(face, 0, size26, 72, 72) != 0) return nullptr;
      current_size_[face_id] = size26;
    }
    return face;
  }

  static constexpr size_t kMaxCachedGlyphs = 20000;
  FT_Library library_ = nullptr;
  std::map<std::pair<std::string, unsigned>, int> face_ids_;
  std::map<int, FT_Face> faces_;
  std::map<int, FT_F26Dot6> current_size_;
  std::map<std::tuple<int, uint32_t, double, int>, GlyphImage> cache_;
};

void Blend(Bitmap& target, int x, int y, uint8_t coverage, Rgba colour) {
  if (x < 0 || y < 0 || static_cast<uint32_t>(x) >= target.width || static_cast<uint32_t>(y) >= target.height) return;
  uint8_t* q = &target.pixels[(static_cast<size_t>(y) * target.width + static_cast<size_t>(x)) * 4];
  if (colour.a == 255 && q[3] == 255) {
    // Opaque on opaque (the common case): integer "over", exact to rounding.
    const unsigned c = coverage;
    const auto mix = [c](unsigned s, unsigned d) { return static_cast<uint8_t>((s * c + d * (255 - c) + 127) / 255); };
    q[0] = mix(colour.r, q[0]);
    q[1] = mix(colour.g, q[1]);
    q[2] = mix(colour.b, q[2]);
    return;
  }
  const double a = coverage / 255.0 * (colour.a / 255.0);
  if (a <= 0) return;
  uint8_t* p = &target.pixels[(static_cast<size_t>(y) * target.width + static_cast<size_t>(x)) * 4];
  const double da = p[3] / 255.0;
  const double out_a = a + da * (1 - a);
  const auto mix = [&](uint8_t s, uint8_t d) {
    return static_cast<uint8_t>(std::lround((s * a + d * da * (1 - a)) / out_a));
  };
  p[0] = mix(colour.r, p[0]);
  p[1] = mix(colour.g, p[1]);
  p[2] = mix(colour.b, p[2]);
  p[3] = static_cast<uint8_t>(std::lround(out_a * 255));
}

}  // namespace

Status DrawOnBitmap(const LaidOutText& layout, Bitmap& target, double x, double y, Rgba colour) {
  thread_local Rasterizer raster;
  if (!raster.ok()) return Fail(Errc::kInternal, "FreeType could not start");
  for (const LaidOutLine& line : layout.lines) {
    const double baseline = std::round(y + line.baseline);
    for (const PlacedRun& placed : line.runs) {
      const ShapedRun& run = placed.shaped;
      if (run.font == nullptr) continue;
      const double scale = layout.font_size / run.font->units_per_em();
      double pen = x + line.x + placed.x;
      double pen_y = 0;
      for (const cpk::fonts::Glyph& g : run.glyphs) {
        const double gx = pen + g.x_offset * scale;
        const double gy = baseline - (pen_y + g.y_offset * scale);
        double whole = std::floor(gx);
        int step = static_cast<int>(std::lround((gx - whole) * kSubpixelSteps));
        if (step == kSubpixelSteps) {
          step = 0;
          whole += 1;
        }
        if (const GlyphImage* image = raster.Glyph(*run.font, g.id, layout.font_size, step)) {
          const int ox = static_cast<int>(whole) + image->left;
          const int oy = static_cast<int>(std::lround(gy)) - image->top;
          for (int r = 0; r < image->rows; ++r) {
            for (int c = 0; c < image->width; ++c) {
              const uint8_t cov = image->coverage[static_cast<size_t>(r) * image->width + c];
              if (cov != 0) Blend(target, ox + c, oy + r, cov, colour);
            }
          }
        }
        pen += g.x_advance * scale;
        pen_y += g.y_advance * scale;
      }
    }
  }
  return Ok();
}

Result<Bitmap> RenderBitmap(const LaidOutText& layout, const DrawOptions& options) {
  constexpr double kMaxSide = 16384;
  // The layout's box, grown to wherever ink reaches beyond it, plus the padding.
  const Box ink = InkBounds(layout);
  const double left = std::min(0.0, std::floor(ink.left));
  const double top = std::min(0.0, std::floor(ink.top));
  const double right = std::max(layout.width, std::ceil(ink.right));
  const double bottom = std::max(layout.height, std::ceil(ink.bottom));
  const double w = std::ceil(right - left + 2 * options.padding);
  const double h = std::ceil(bottom - top + 2 * options.padding);
  if (!(w >= 1 && h >= 1 && w <= kMaxSide && h <= kMaxSide)) {
    return Fail(Errc::kLimitExceeded, "the text would make an image of " + std::to_string(static_cast<long long>(w)) +
                                          " x " + std::to_string(static_cast<long long>(h)) +
                                          " pixels (at most 16384 a side): give a --width or a smaller --size");
  }
  Bitmap bitmap;
  bitmap.width = static_cast<uint32_t>(w);
  bitmap.height = static_cast<uint32_t>(h);
  bitmap.pixels.resize(static_cast<size_t>(bitmap.width) * bitmap.height * 4);
  for (size_t i = 0; i < bitmap.pixels.size(); i += 4) {
    bitmap.pixels[i] = options.background.r;
    bitmap.pixels[i + 1] = options.background.g;
    bitmap.pixels[i + 2] = options.background.b;
    bitmap.pixels[i + 3] = options.background.a;
  }
  CPK_TRY(DrawOnBitmap(layout, bitmap, options.padding - left, options.padding - top, options.colour));
  return bitmap;
}

Result<Rgba> ParseColour(std::string_view text) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (!text.starts_with('#')) return Fail(Errc::kInvalidArgument, "a colour is #rgb, #rrggbb or #rrggbbaa");
  text.remove_prefix(1);
  for (char c : text) {
    if (hex(c) < 0) return Fail(Errc::kInvalidArgument, "a colour is #rgb, #rrggbb or #rrggbbaa");
  }
  Rgba out;
  if (text.size() == 3) {
    out.r = static_cast<uint8_t>(hex(text[0]) * 17);
    out.g = static_cast<uint8_t>(hex(text[1]) * 17);
    out.b = static_cast<uint8_t>(hex(text[2]) * 17);
    return out;
  }
  if (text.size() != 6 && text.size() != 8)
    return Fail(Errc::kInvalidArgument, "a colour is #rgb, #rrggbb or #rrggbbaa");
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(hex(text[i]) * 16 + hex(text[i + 1])); };
  out.r = byte(0);
  out.g = byte(2);
  out.b = byte(4);
  if (text.size() == 8) out.a = byte(6);
  return out;
}

}  // namespace cpk::fonts
