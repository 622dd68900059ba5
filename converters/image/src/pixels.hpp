#pragma once
// Pixels in memory and what is done to them: resampling, orientation, SSIM.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cpk::image::internal {

/// 8-bit pixels, `channels` per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA), rows packed.
struct Pixels {
  uint32_t width = 0;
  uint32_t height = 0;
  int channels = 0;
  std::vector<uint8_t> data{};

  uint8_t* Row(uint32_t y) { return data.data() + static_cast<size_t>(y) * width * channels; }
  const uint8_t* Row(uint32_t y) const { return data.data() + static_cast<size_t>(y) * width * channels; }
};

/// Scales to `width`×`height` (a downscale) with a tent filter as wide as the scale factor, so
/// every source pixel contributes (no aliasing). Colour is weighted by alpha when there is one.
Pixels Resample(const Pixels& in, uint32_t width, uint32_t height);

/// The size that fits `width`×`height` into `max_side` on its longest side, aspect kept.
void FitWithin(uint32_t width, uint32_t height, uint32_t max_side, uint32_t& out_width, uint32_t& out_height);

/// Applies an EXIF orientation (1..8) to the pixels.
Pixels Orient(const Pixels& in, int orientation);

/// Luma (BT.601 weights; transparent pixels composited on white, as a page shows them).
struct Luma {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<float> values{};
};
/// Fills `out` (its buffer is reused when the size is the same).
void ToLuma(const Pixels& in, Luma& out);

/// Mean SSIM of two luma planes of the same size (8×8 windows, step 4; constants of Wang et al.
/// 2004 for 8-bit data). 1 means identical.
double Ssim(const Luma& a, const Luma& b);
/// The same for two images.
double Ssim(const Pixels& a, const Pixels& b);

}  // namespace cpk::image::internal
