#pragma once
// Pixels in memory and what is done to them between decoding and encoding: downscaling by
// area averaging in linear light (streamed row by row, so a large image never has to be held
// whole), EXIF orientation, and luma for SSIM.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cpk::image::internal {

/// 8-bit interleaved pixels: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels.
struct Raster {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t channels = 0;
  std::vector<uint8_t> pixels{};

  size_t stride() const { return size_t{width} * channels; }
  uint8_t* Row(uint32_t y) { return pixels.data() + y * stride(); }
  const uint8_t* Row(uint32_t y) const { return pixels.data() + y * stride(); }
};

/// Where a decoder delivers its rows, top to bottom, each `width × channels` bytes.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void PushRow(const uint8_t* row) = 0;
};

/// Keeps every row: the image at its decoded size. Allocates it all up front.
class Collector final : public RowSink {
 public:
  Collector(uint32_t width, uint32_t height, uint32_t channels);
  void PushRow(const uint8_t* row) override;
  /// The image; rows never pushed stay black.
  Raster Take() { return std::move(raster_); }

 private:
  Raster raster_;
  uint32_t next_ = 0;
};

/// Downscales while the rows arrive: each output pixel is the average of the input area it
/// covers (exact fractional coverage), computed in linear light with alpha premultiplied, so
/// neither dark edges nor colour fringes appear. Memory: two float rows plus the output.
/// Only shrinks (out ≤ in on both axes).
class Downscaler final : public RowSink {
 public:
  Downscaler(uint32_t in_width, uint32_t in_height, uint32_t out_width, uint32_t out_height, uint32_t channels);
  void PushRow(const uint8_t* row) override;
  /// The output; call after all input rows were pushed (missing rows count as black).
  Raster Take();

 private:
  struct Tap {
    uint32_t first = 0;   // first input pixel
    uint32_t count = 0;   // input pixels covered
    uint32_t weight = 0;  // index of the first weight in weights_
  };
  void Emit();
  void AddRow(const std::vector<float>& row, std::vector<float>& into, float weight) const;

  uint32_t in_w_, in_h_, out_w_, out_h_, channels_;
  bool alpha_;
  std::vector<Tap> taps_;
  std::vector<float> weights_;
  std::vector<float> linear_;   // one input row, linear light, premultiplied
  std::vector<float> row_;      // that row resampled horizontally
  std::vector<float> current_;  // accumulating output row out_y_
  std::vector<float> next_;     // accumulating output row out_y_ + 1
  uint32_t in_y_ = 0;
  uint32_t out_y_ = 0;
  Raster out_;
};

/// The size that fits `width × height` within `max_dimension` on its longest side, keeping
/// the aspect ratio (rounded; at least 1). The input's size when it already fits.
std::pair<uint32_t, uint32_t> FitWithin(uint32_t width, uint32_t height, uint32_t max_dimension);

/// True for EXIF orientations that swap width and height (5 to 8).
inline bool SwapsAxes(int orientation) { return orientation >= 5 && orientation <= 8; }

/// The image as displayed under EXIF `orientation` (1 to 8; anything else is 1).
Raster Orient(Raster in, int orientation);

/// Luma (JFIF: 0.299 R + 0.587 G + 0.114 B) of every pixel, alpha ignored.
std::vector<uint8_t> Luma(const Raster& raster);

/// Drops the alpha channel (4 → 3, 2 → 1 channels).
Raster DropAlpha(const Raster& in);

}  // namespace cpk::image::internal
