#include "ssim.hpp"

#include <algorithm>
#include <vector>

namespace cpk::image::internal {
namespace {

struct Sums {
  uint64_t a = 0, b = 0, aa_bb = 0, ab = 0;
  Sums& operator+=(const Sums& o) {
    a += o.a;
    b += o.b;
    aa_bb += o.aa_bb;
    ab += o.ab;
    return *this;
  }
};

// SSIM of one window of n pixels from its sums, exactly as x264's ssim_end1 (and so ffmpeg's
// `ssim` filter) computes it for n = 64, in double precision: the constants are scaled with
// the sums, C1 by n and C2 by n·(n − 1).
double WindowSsim(const Sums& s, double n) {
  const double c1 = 0.01 * 0.01 * 255 * 255 * n;
  const double c2 = 0.03 * 0.03 * 255 * 255 * n * (n - 1);
  const double s1 = double(s.a);
  const double s2 = double(s.b);
  const double vars = double(s.aa_bb) * n - s1 * s1 - s2 * s2;
  const double covar = double(s.ab) * n - s1 * s2;
  return (2 * s1 * s2 + c1) * (2 * covar + c2) / ((s1 * s1 + s2 * s2 + c1) * (vars + c2));
}

Sums Block(const uint8_t* a, const uint8_t* b, uint32_t stride, uint32_t w, uint32_t h) {
  Sums s;
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const uint32_t pa = a[size_t{y} * stride + x];
      const uint32_t pb = b[size_t{y} * stride + x];
      s.a += pa;
      s.b += pb;
      s.aa_bb += pa * pa + pb * pb;
      s.ab += pa * pb;
    }
  }
  return s;
}

}  // namespace

double Ssim(const uint8_t* a, const uint8_t* b, uint32_t width, uint32_t height) {
  if (width == 0 || height == 0) return 1;
  if (width < 8 || height < 8) return WindowSsim(Block(a, b, width, width, height), double(width) * height);
  // Sums of 4×4 blocks; each window is 2×2 blocks.
  const uint32_t bw = width / 4;
  const uint32_t bh = height / 4;
  std::vector<Sums> blocks(size_t{bw} * bh);
  for (uint32_t y = 0; y < bh; ++y) {
    for (uint32_t x = 0; x < bw; ++x) {
      const size_t off = size_t{y} * 4 * width + size_t{x} * 4;
      blocks[size_t{y} * bw + x] = Block(a + off, b + off, width, 4, 4);
    }
  }
  double total = 0;
  for (uint32_t y = 0; y + 1 < bh; ++y) {
    for (uint32_t x = 0; x + 1 < bw; ++x) {
      Sums s = blocks[size_t{y} * bw + x];
      s += blocks[size_t{y} * bw + x + 1];
      s += blocks[size_t{y + 1} * bw + x];
      s += blocks[size_t{y + 1} * bw + x + 1];
      total += WindowSsim(s, 64);
    }
  }
  return total / (double(bw - 1) * (bh - 1));
}

}  // namespace cpk::image::internal
