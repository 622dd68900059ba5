#pragma once
// Colour quantisation for the low-bandwidth profile: an opaque photograph saved as PNG becomes
// a palette image of at most 256 colours. Median cut over a 5-bit-per-channel histogram,
// refined by a few k-means passes, no dithering (dithering costs compression and SSIM).
// Deterministic: no randomness, fixed orders, ties broken by index.

#include <cstdint>
#include <vector>

#include "raster.hpp"

namespace cpk::image::internal {

struct Quantised {
  std::vector<uint32_t> palette{};  ///< 0x00RRGGBB, at most 256
  std::vector<uint8_t> indices{};   ///< one per pixel
};

/// Quantises an RGB or RGBA raster (alpha ignored: callers pass opaque images) to at most
/// `max_colours` colours.
Quantised MedianCut(const Raster& raster, uint32_t max_colours);

/// The quantised image as RGB pixels.
Raster Dequantise(const Quantised& q, uint32_t width, uint32_t height);

}  // namespace cpk::image::internal
