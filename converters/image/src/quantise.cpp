#include "quantise.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace cpk::image::internal {
namespace {

constexpr int kBits = 5;
constexpr int kLevels = 1 << kBits;
constexpr int kBins = kLevels * kLevels * kLevels;

struct Bin {
  uint64_t count = 0;
  uint64_t sum[3] = {0, 0, 0};
};

int BinOf(const uint8_t* p) { return ((p[0] >> 3) << 10) | ((p[1] >> 3) << 5) | (p[2] >> 3); }

struct Box {
  std::vector<int> bins;  // indices of non-empty bins
  uint64_t count = 0;
  double error = 0;  // sum of squared distances of its pixels' bin means to the box mean
  std::array<double, 3> mean{};
};

// Channel weights for distances: green matters most to the eye, blue least.
constexpr double kWeight[3] = {0.299, 0.587, 0.114};

std::array<double, 3> BinMean(const Bin& b) {
  return {double(b.sum[0]) / b.count, double(b.sum[1]) / b.count, double(b.sum[2]) / b.count};
}

void Measure(Box& box, const std::vector<Bin>& bins) {
  box.count = 0;
  std::array<double, 3> sum{};
  for (int i : box.bins) {
    box.count += bins[i].count;
    for (int c = 0; c < 3; ++c) sum[c] += double(bins[i].sum[c]);
  }
  for (int c = 0; c < 3; ++c) box.mean[c] = box.count ? sum[c] / box.count : 0;
  box.error = 0;
  for (int i : box.bins) {
    const auto m = BinMean(bins[i]);
    double d = 0;
    for (int c = 0; c < 3; ++c) d += kWeight[c] * (m[c] - box.mean[c]) * (m[c] - box.mean[c]);
    box.error += d * double(bins[i].count);
  }
}

}  // namespace

Quantised MedianCut(const Raster& raster, uint32_t max_colours) {
  std::vector<Bin> bins(kBins);
  const size_t n = size_t{raster.width} * raster.height;
  const uint32_t ch = raster.channels;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = &raster.pixels[i * ch];
    Bin& b = bins[BinOf(p)];
    ++b.count;
    for (int c = 0; c < 3; ++c) b.sum[c] += p[c];
  }
  std::vector<Box> boxes(1);
  for (int i = 0; i < kBins; ++i) {
    if (bins[i].count) boxes[0].bins.push_back(i);
  }
  Measure(boxes[0], bins);
  // Split the box with the largest error along its widest (weighted) channel at the median pixel.
  while (boxes.size() < max_colours) {
    size_t worst = boxes.size();
    for (size_t i = 0; i < boxes.size(); ++i) {
      if (boxes[i].bins.size() > 1 && (worst == boxes.size() || boxes[i].error > boxes[worst].error)) worst = i;
    }
    if (worst == boxes.size() || boxes[worst].error <= 0) break;
    Box& box = boxes[worst];
    int channel = 0;
    double widest = -1;
    for (int c = 0; c < 3; ++c) {
      double lo = 255, hi = 0;
      for (int i : box.bins) {
        const double v = BinMean(bins[i])[c];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      if ((hi - lo) * kWeight[c] > widest) {
        widest = (hi - lo) * kWeight[c];
        channel = c;
      }
    }
    std::stable_sort(box.bins.begin(), box.bins.end(),
                     [&](int a, int b) { return BinMean(bins[a])[channel] < BinMean(bins[b])[channel]; });
    uint64_t seen = 0;
    size_t cut = 1;
    for (size_t i = 0; i + 1 < box.bins.size(); ++i) {
      seen += bins[box.bins[i]].count;
      cut = i + 1;
      if (seen * 2 >= box.count) break;
    }
    Box upper;
    upper.bins.assign(box.bins.begin() + static_cast<std::ptrdiff_t>(cut), box.bins.end());
    box.bins.resize(cut);
    Measure(box, bins);
    Measure(upper, bins);
    boxes.push_back(std::move(upper));
  }
  std::vector<std::array<double, 3>> centres;
  for (const Box& b : boxes) centres.push_back(b.mean);

  // k-means refinement over the bins (weighted by their pixel counts).
  std::vector<int> nearest(kBins, 0);
  auto assign = [&]() {
    for (int i = 0; i < kBins; ++i) {
      if (!bins[i].count) continue;
      const auto m = BinMean(bins[i]);
      double best = std::numeric_limits<double>::max();
      for (size_t k = 0; k < centres.size(); ++k) {
        double d = 0;
        for (int c = 0; c < 3; ++c) d += kWeight[c] * (m[c] - centres[k][c]) * (m[c] - centres[k][c]);
        if (d < best) {
          best = d;
          nearest[i] = static_cast<int>(k);
        }
      }
    }
  };
  for (int pass = 0; pass < 3; ++pass) {
    assign();
    std::vector<std::array<double, 4>> acc(centres.size(), {0, 0, 0, 0});
    for (int i = 0; i < kBins; ++i) {
      if (!bins[i].count) continue;
      auto& a = acc[nearest[i]];
      for (int c = 0; c < 3; ++c) a[c] += double(bins[i].sum[c]);
      a[3] += double(bins[i].count);
    }
    for (size_t k = 0; k < centres.size(); ++k) {
      if (acc[k][3] > 0) {
        for (int c = 0; c < 3; ++c) centres[k][c] = acc[k][c] / acc[k][3];
      }
    }
  }
  assign();

  Quantised q;
  for (const auto& c : centres) {
    auto v = [](double x) { return static_cast<uint32_t>(std::clamp(x + 0.5, 0.0, 255.0)); };
    q.palette.push_back((v(c[0]) << 16) | (v(c[1]) << 8) | v(c[2]));
  }
  // Each pixel takes the palette entry nearest to its own colour (the bins only guided the
  // palette). Distinct colours are looked up once.
  std::vector<std::array<int, 3>> entries;
  for (uint32_t c : q.palette) entries.push_back({int(c >> 16), int((c >> 8) & 0xff), int(c & 0xff)});
  std::unordered_map<uint32_t, uint8_t> cache;
  q.indices.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = &raster.pixels[i * ch];
    const uint32_t key = (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
    auto [it, inserted] = cache.try_emplace(key, uint8_t{0});
    if (inserted) {
      int best = INT32_MAX;
      for (size_t k = 0; k < entries.size(); ++k) {
        const int dr = p[0] - entries[k][0], dg = p[1] - entries[k][1], db = p[2] - entries[k][2];
        const int d = 299 * dr * dr + 587 * dg * dg + 114 * db * db;
        if (d < best) {
          best = d;
          it->second = static_cast<uint8_t>(k);
        }
      }
    }
    q.indices[i] = it->second;
  }
  return q;
}

Raster Dequantise(const Quantised& q, uint32_t width, uint32_t height) {
  Raster out;
  out.width = width;
  out.height = height;
  out.channels = 3;
  out.pixels.resize(out.stride() * height);
  for (size_t i = 0; i < q.indices.size(); ++i) {
    const uint32_t c = q.palette[q.indices[i]];
    out.pixels[i * 3] = static_cast<uint8_t>(c >> 16);
    out.pixels[i * 3 + 1] = static_cast<uint8_t>(c >> 8);
    out.pixels[i * 3 + 2] = static_cast<uint8_t>(c);
  }
  return out;
}

}  // namespace cpk::image::internal
