#include "pixels.hpp"

#include <algorithm>
#include <cmath>

namespace cpk::image::internal {
namespace {

/// Weights of one output coordinate: source index range and the tent weights over it.
struct Taps {
  int first = 0;
  std::vector<float> weights;
};

std::vector<Taps> TentTaps(uint32_t in_size, uint32_t out_size) {
  std::vector<Taps> taps(out_size);
  const double scale = static_cast<double>(in_size) / out_size;
  const double support = std::max(1.0, scale);  // half-width of the tent, in source pixels
  for (uint32_t o = 0; o < out_size; ++o) {
    const double centre = (o + 0.5) * scale;
    const int first = std::max(0, static_cast<int>(std::floor(centre - support)));
    const int last = std::min(static_cast<int>(in_size) - 1, static_cast<int>(std::ceil(centre + support)));
    Taps& t = taps[o];
    t.first = first;
    double sum = 0;
    for (int i = first; i <= last; ++i) {
      const double w = std::max(0.0, 1.0 - std::fabs((i + 0.5 - centre) / support));
      t.weights.push_back(static_cast<float>(w));
      sum += w;
    }
    if (sum <= 0) {
      t.weights.assign(1, 1.0f);
      t.first = std::min(static_cast<int>(in_size) - 1, static_cast<int>(centre));
      sum = 1;
    }
    for (float& w : t.weights) w = static_cast<float>(w / sum);
  }
  return taps;
}

}  // namespace

void FitWithin(uint32_t width, uint32_t height, uint32_t max_side, uint32_t& out_width, uint32_t& out_height) {
  out_width = width;
  out_height = height;
  const uint32_t longest = std::max(width, height);
  if (max_side == 0 || longest <= max_side) return;
  const double scale = static_cast<double>(max_side) / longest;
  out_width = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(width * scale)));
  out_height = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(height * scale)));
  if (width >= height) out_width = max_side;
  if (height >= width) out_height = max_side;
}

Pixels Resample(const Pixels& in, uint32_t width, uint32_t height) {
  const int c = in.channels;
  const bool alpha = c == 2 || c == 4;
  const int colour = alpha ? c - 1 : c;
  const std::vector<Taps> xs = TentTaps(in.width, width);
  const std::vector<Taps> ys = TentTaps(in.height, height);
  // Horizontal pass into floats (colour premultiplied by alpha), then vertical.
  std::vector<float> mid(static_cast<size_t>(width) * in.height * c);
  for (uint32_t y = 0; y < in.height; ++y) {
    const uint8_t* row = in.Row(y);
    float* out = mid.data() + static_cast<size_t>(y) * width * c;
    for (uint32_t x = 0; x < width; ++x) {
      const Taps& t = xs[x];
      float acc[4] = {0, 0, 0, 0};
      for (size_t k = 0; k < t.weights.size(); ++k) {
        const uint8_t* p = row + static_cast<size_t>(t.first + k) * c;
        const float w = t.weights[k];
        const float a = alpha ? p[c - 1] / 255.0f : 1.0f;
        for (int ch = 0; ch < colour; ++ch) acc[ch] += w * p[ch] * a;
        if (alpha) acc[c - 1] += w * p[c - 1];
      }
      for (int ch = 0; ch < c; ++ch) out[static_cast<size_t>(x) * c + ch] = acc[ch];
    }
  }
  Pixels out;
  out.width = width;
  out.height = height;
  out.channels = c;
  out.data.resize(static_cast<size_t>(width) * height * c);
  for (uint32_t y = 0; y < height; ++y) {
    const Taps& t = ys[y];
    uint8_t* row = out.Row(y);
    for (uint32_t x = 0; x < width; ++x) {
      float acc[4] = {0, 0, 0, 0};
      for (size_t k = 0; k < t.weights.size(); ++k) {
        const float* p = mid.data() + (static_cast<size_t>(t.first + k) * width + x) * c;
        for (int ch = 0; ch < c; ++ch) acc[ch] += t.weights[k] * p[ch];
      }
      const float a = alpha ? acc[c - 1] / 255.0f : 1.0f;
      for (int ch = 0; ch < colour; ++ch) {
        const float v = alpha ? (a > 0 ? acc[ch] / a : 0.0f) : acc[ch];
        row[static_cast<size_t>(x) * c + ch] = static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
      }
      if (alpha)
        row[static_cast<size_t>(x) * c + c - 1] = static_cast<uint8_t>(std::clamp(std::lround(acc[c - 1]), 0L, 255L));
    }
  }
  return out;
}

Pixels Orient(const Pixels& in, int orientation) {
  if (orientation < 2 || orientation > 8) return in;
  const bool swap = orientation >= 5;
  Pixels out;
  out.width = swap ? in.height : in.width;
  out.height = swap ? in.width : in.height;
  out.channels = in.channels;
  out.data.resize(in.data.size());
  const int c = in.channels;
  for (uint32_t y = 0; y < in.height; ++y) {
    for (uint32_t x = 0; x < in.width; ++x) {
      uint32_t ox = x, oy = y;
      const uint32_t w = in.width, h = in.height;
      switch (orientation) {
        case 2:
          ox = w - 1 - x;
          break;  // mirrored
        case 3:
          ox = w - 1 - x;
          oy = h - 1 - y;
          break;  // 180°
        case 4:
          oy = h - 1 - y;
          break;  // mirrored vertically
        case 5:
          ox = y;
          oy = x;
          break;  // transposed
        case 6:
          ox = h - 1 - y;
          oy = x;
          break;  // 90° clockwise
        case 7:
          ox = h - 1 - y;
          oy = w - 1 - x;
          break;  // transversed
        case 8:
          ox = y;
          oy = w - 1 - x;
          break;  // 90° counter-clockwise
        default:
          break;
      }
      std::copy_n(in.Row(y) + static_cast<size_t>(x) * c, c, out.Row(oy) + static_cast<size_t>(ox) * c);
    }
  }
  return out;
}

void ToLuma(const Pixels& p, Luma& out) {
  out.width = p.width;
  out.height = p.height;
  out.values.resize(static_cast<size_t>(p.width) * p.height);
  for (uint32_t r = 0; r < p.height; ++r) {
    const uint8_t* row = p.Row(r);
    float* dst = out.values.data() + static_cast<size_t>(r) * p.width;
    for (uint32_t x = 0; x < p.width; ++x) {
      const uint8_t* px = row + static_cast<size_t>(x) * p.channels;
      float v = p.channels >= 3 ? 0.299f * px[0] + 0.587f * px[1] + 0.114f * px[2] : px[0];
      if (p.channels == 2 || p.channels == 4) {
        const float alpha = px[p.channels - 1] / 255.0f;
        v = v * alpha + 255.0f * (1 - alpha);
      }
      dst[x] = v;
    }
  }
}

double Ssim(const Luma& a, const Luma& b) {
  if (a.width != b.width || a.height != b.height || a.width == 0 || a.height == 0) return 0;
  constexpr double kC1 = (0.01 * 255) * (0.01 * 255), kC2 = (0.03 * 255) * (0.03 * 255);
  const uint32_t win = std::min<uint32_t>(8, std::min(a.width, a.height));
  const double n = static_cast<double>(win) * win;
  double total = 0;
  uint64_t windows = 0;
  for (uint32_t y0 = 0; y0 + win <= a.height; y0 += 4) {
    for (uint32_t x0 = 0; x0 + win <= a.width; x0 += 4) {
      double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (uint32_t y = y0; y < y0 + win; ++y) {
        const float* ra = a.values.data() + static_cast<size_t>(y) * a.width + x0;
        const float* rb = b.values.data() + static_cast<size_t>(y) * b.width + x0;
        for (uint32_t x = 0; x < win; ++x) {
          const double va = ra[x], vb = rb[x];
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const double ma = sa / n, mb = sb / n;
      const double va = saa / n - ma * ma, vb = sbb / n - mb * mb, cov = sab / n - ma * mb;
      total += ((2 * ma * mb + kC1) * (2 * cov + kC2)) / ((ma * ma + mb * mb + kC1) * (va + vb + kC2));
      ++windows;
    }
  }
  return windows == 0 ? 1.0 : total / windows;
}

double Ssim(const Pixels& a, const Pixels& b) {
  Luma la, lb;
  ToLuma(a, la);
  ToLuma(b, lb);
  return Ssim(la, lb);
}

}  // namespace cpk::image::internal
