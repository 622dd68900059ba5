#pragma once
/// @file render.hpp
/// Drawing laid-out text: an anti-aliased RGBA bitmap (FreeType, subpixel positioning) saved
/// as PNG, or vector PDF (cairo) with subset fonts whose text extracts exactly (ToUnicode map
/// and ActualText for every cluster).
/// @since 0.1

#include <cstdint>
#include <string>
#include <vector>

#include "cpk/core/result.hpp"
#include "cpk/fonts/layout.hpp"

namespace cpk::fonts {

/// 8-bit sRGB colour with alpha.
struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

/// "#rgb", "#rrggbb" or "#rrggbbaa".
Result<Rgba> ParseColour(std::string_view text);

/// Straight-alpha RGBA pixels, row after row.
struct Bitmap {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> pixels{};  ///< width * height * 4
};

struct DrawOptions {
  Rgba colour{0, 0, 0, 255};
  Rgba background{255, 255, 255, 255};
  double padding = 8;  ///< around the text block
};

/// Draws `layout` on a new bitmap sized to it (plus padding).
Result<Bitmap> RenderBitmap(const LaidOutText& layout, const DrawOptions& options = {});

/// Draws `layout` onto `target` with the text block's top-left corner at (x, y), blending.
Status DrawOnBitmap(const LaidOutText& layout, Bitmap& target, double x, double y, Rgba colour);

/// PNG bytes of a bitmap (RGBA, 8 bits per channel).
Result<std::string> EncodePng(const Bitmap& bitmap);

/// Decodes a PNG or JPEG file into RGBA.
Result<Bitmap> DecodeImage(const std::string& path);

/// A one-page PDF of `layout`, sized to it (plus padding), in points (1 px = 1 pt).
Result<std::string> RenderPdf(const LaidOutText& layout, const DrawOptions& options = {});

/// Writes `bytes` to `path` through a temporary file beside it, renamed only when complete.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace cpk::fonts
