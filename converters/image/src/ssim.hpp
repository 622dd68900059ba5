#pragma once
// SSIM (Wang et al. 2004) on 8-bit luma planes, exactly as x264 and ffmpeg's `ssim` filter compute it:
// 8×8 windows stepped by 4 pixels, uniform weights, K1 = 0.01, K2 = 0.03 (scaled as x264 does).

#include <cstdint>

namespace cpk::image::internal {

/// Mean SSIM of two `width × height` planes. Planes smaller than 8×8 are one window. 1 means
/// identical.
double Ssim(const uint8_t* a, const uint8_t* b, uint32_t width, uint32_t height);

}  // namespace cpk::image::internal
