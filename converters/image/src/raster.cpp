#include "raster.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace cpk::image::internal {
namespace {

// sRGB transfer function, both ways. The tables are built once (thread-safe static
// initialisation) and never change: no mutable global state.
double ToLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
double ToSrgb(double v) { return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1 / 2.4) - 0.055; }

const std::array<float, 256>& LinearTable() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) t[i] = static_cast<float>(ToLinear(i / 255.0));
    return t;
  }();
  return table;
}

constexpr int kEncodeSteps = 65535;
// Linear light quantised to 16 bits → sRGB byte (65536 entries keep the darkest steps apart).
const std::vector<uint8_t>& EncodeTable() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(kEncodeSteps + 1);
    for (int i = 0; i <= kEncodeSteps; ++i) {
      t[i] = static_cast<uint8_t>(std::lround(std::clamp(ToSrgb(double(i) / kEncodeSteps), 0.0, 1.0) * 255));
    }
    return t;
  }();
  return table;
}

uint8_t EncodeSrgb(float linear) {
  const float c = std::clamp(linear, 0.0f, 1.0f);
  return EncodeTable()[static_cast<size_t>(std::lround(c * kEncodeSteps))];
}

uint8_t EncodeUnit(float v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); }

}  // namespace

Collector::Collector(uint32_t width, uint32_t height, uint32_t channels) {
  raster_.width = width;
  raster_.height = height;
  raster_.channels = channels;
  raster_.pixels.assign(raster_.stride() * height, 0);
}

void Collector::PushRow(const uint8_t* row) {
  if (next_ >= raster_.height) return;
  std::memcpy(raster_.Row(next_++), row, raster_.stride());
}

Downscaler::Downscaler(uint32_t in_width, uint32_t in_height, uint32_t out_width, uint32_t out_height,
                       uint32_t channels)
    : in_w_(in_width),
      in_h_(in_height),
      out_w_(out_width),
      out_h_(out_height),
      channels_(channels),
      alpha_(channels == 2 || channels == 4) {
  // Output pixel x covers [x·in_w, (x+1)·in_w) and input pixel i covers [i·out_w, (i+1)·out_w)
  // in units of 1/(in_w·out_w) of the row: overlaps are exact integers.
  taps_.resize(out_w_);
  for (uint32_t x = 0; x < out_w_; ++x) {
    const uint64_t lo = uint64_t{x} * in_w_;
    const uint64_t hi = lo + in_w_;
    Tap& tap = taps_[x];
    tap.first = static_cast<uint32_t>(lo / out_w_);
    tap.weight = static_cast<uint32_t>(weights_.size());
    for (uint64_t i = tap.first; i < in_w_ && i * out_w_ < hi; ++i) {
      const uint64_t a = std::max(lo, i * out_w_);
      const uint64_t b = std::min(hi, (i + 1) * out_w_);
      weights_.push_back(static_cast<float>(double(b - a) / double(in_w_)));
      ++tap.count;
    }
  }
  linear_.resize(size_t{in_w_} * channels_);
  row_.resize(size_t{out_w_} * channels_);
  current_.assign(row_.size(), 0.0f);
  next_.assign(row_.size(), 0.0f);
  out_.width = out_w_;
  out_.height = out_h_;
  out_.channels = channels_;
  out_.pixels.assign(out_.stride() * out_h_, 0);
}

void Downscaler::AddRow(const std::vector<float>& row, std::vector<float>& into, float weight) const {
  for (size_t i = 0; i < row.size(); ++i) into[i] += row[i] * weight;
}

void Downscaler::PushRow(const uint8_t* row) {
  if (in_y_ >= in_h_) return;
  const auto& lin = LinearTable();
  const uint32_t colours = alpha_ ? channels_ - 1 : channels_;
  for (uint32_t i = 0; i < in_w_; ++i) {
    const uint8_t* p = row + size_t{i} * channels_;
    float* q = linear_.data() + size_t{i} * channels_;
    const float a = alpha_ ? p[colours] / 255.0f : 1.0f;
    for (uint32_t c = 0; c < colours; ++c) q[c] = lin[p[c]] * a;
    if (alpha_) q[colours] = a;
  }
  for (uint32_t x = 0; x < out_w_; ++x) {
    const Tap& tap = taps_[x];
    float* q = row_.data() + size_t{x} * channels_;
    for (uint32_t c = 0; c < channels_; ++c) q[c] = 0;
    for (uint32_t k = 0; k < tap.count; ++k) {
      const float w = weights_[tap.weight + k];
      const float* p = linear_.data() + size_t{tap.first + k} * channels_;
      for (uint32_t c = 0; c < channels_; ++c) q[c] += p[c] * w;
    }
  }
  // Input row y covers [y·out_h, (y+1)·out_h); output row oy covers [oy·in_h, (oy+1)·in_h).
  // Shrinking, an input row touches at most two output rows.
  const uint64_t lo = uint64_t{in_y_} * out_h_;
  const uint64_t hi = lo + out_h_;
  const uint64_t end = (uint64_t{out_y_} + 1) * in_h_;
  if (hi <= end) {
    AddRow(row_, current_, static_cast<float>(double(out_h_) / in_h_));
    if (hi == end) Emit();
  } else {
    AddRow(row_, current_, static_cast<float>(double(end - lo) / in_h_));
    AddRow(row_, next_, static_cast<float>(double(hi - end) / in_h_));
    Emit();
  }
  ++in_y_;
}

void Downscaler::Emit() {
  if (out_y_ < out_h_) {
    uint8_t* out = out_.Row(out_y_);
    const uint32_t colours = alpha_ ? channels_ - 1 : channels_;
    for (uint32_t x = 0; x < out_w_; ++x) {
      const float* p = current_.data() + size_t{x} * channels_;
      uint8_t* q = out + size_t{x} * channels_;
      const float a = alpha_ ? p[colours] : 1.0f;
      const uint8_t a8 = EncodeUnit(a);
      if (alpha_) q[colours] = a8;
      for (uint32_t c = 0; c < colours; ++c) q[c] = a8 == 0 ? 0 : EncodeSrgb(p[c] / a);
    }
  }
  ++out_y_;
  current_.swap(next_);
  std::fill(next_.begin(), next_.end(), 0.0f);
}

Raster Downscaler::Take() { return std::move(out_); }

std::pair<uint32_t, uint32_t> FitWithin(uint32_t width, uint32_t height, uint32_t max_dimension) {
  const uint32_t longest = std::max(width, height);
  if (max_dimension == 0 || longest <= max_dimension) return {width, height};
  const double scale = double(max_dimension) / longest;
  auto fit = [&](uint32_t v) {
    if (v == longest) return max_dimension;
    return std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(v * scale)));
  };
  return {fit(width), fit(height)};
}

Raster Orient(Raster in, int orientation) {
  if (orientation < 2 || orientation > 8) return in;
  const uint32_t w = in.width;
  const uint32_t h = in.height;
  const uint32_t ch = in.channels;
  Raster out;
  out.channels = ch;
  out.width = SwapsAxes(orientation) ? h : w;
  out.height = SwapsAxes(orientation) ? w : h;
  out.pixels.resize(in.pixels.size());
  for (uint32_t oy = 0; oy < out.height; ++oy) {
    uint8_t* q = out.Row(oy);
    for (uint32_t ox = 0; ox < out.width; ++ox, q += ch) {
      uint32_t sx = ox;
      uint32_t sy = oy;
      switch (orientation) {
        case 2:  // mirrored
          sx = w - 1 - ox;
          break;
        case 3:  // rotated 180°
          sx = w - 1 - ox;
          sy = h - 1 - oy;
          break;
        case 4:  // mirrored vertically
          sy = h - 1 - oy;
          break;
        case 5:  // transposed
          sx = oy;
          sy = ox;
          break;
        case 6:  // rotate 90° clockwise to display
          sx = oy;
          sy = h - 1 - ox;
          break;
        case 7:  // transversed
          sx = w - 1 - oy;
          sy = h - 1 - ox;
          break;
        case 8:  // rotate 90° anticlockwise to display
          sx = w - 1 - oy;
          sy = ox;
          break;
        default:
          break;
      }
      std::memcpy(q, in.Row(sy) + size_t{sx} * ch, ch);
    }
  }
  return out;
}

std::vector<uint8_t> Luma(const Raster& raster) {
  std::vector<uint8_t> y(size_t{raster.width} * raster.height);
  const uint32_t ch = raster.channels;
  const uint8_t* p = raster.pixels.data();
  for (size_t i = 0; i < y.size(); ++i, p += ch) {
    if (ch >= 3) {
      y[i] = static_cast<uint8_t>((19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16);
    } else {
      y[i] = p[0];
    }
  }
  return y;
}

Raster DropAlpha(const Raster& in) {
  if (in.channels != 2 && in.channels != 4) return in;
  Raster out;
  out.width = in.width;
  out.height = in.height;
  out.channels = in.channels - 1;
  out.pixels.resize(out.stride() * out.height);
  const size_t n = size_t{in.width} * in.height;
  for (size_t i = 0; i < n; ++i) std::memcpy(&out.pixels[i * out.channels], &in.pixels[i * in.channels], out.channels);
  return out;
}

}  // namespace cpk::image::internal
