#pragma once
// JPEG (libjpeg-turbo) and PNG (libpng) decoding and encoding from and to memory. Errors never
// abort or exit: libjpeg and libpng report through longjmp, caught here.

#include <cstdint>
#include <string>
#include <string_view>

#include "pixels.hpp"

namespace cpk::image::internal {

/// Why decoding stopped.
enum class DecodeStatus { kOk, kTooLarge, kUnsupported, kDamaged };

struct JpegImage {
  Pixels pixels{};            ///< 3 channels (RGB) or 1 (grey), as stored (orientation not applied)
  std::string icc{};          ///< the embedded ICC profile, if any
  int orientation = 1;        ///< EXIF orientation (1..8)
  bool subsampled = true;     ///< chroma stored at half resolution (4:2:0 or 4:2:2)
  int estimated_quality = 0;  ///< the IJG quality its luma table matches best (0 when unknown)
};

/// Reads the size of a JPEG without decoding it.
DecodeStatus JpegSize(std::string_view bytes, uint32_t& width, uint32_t& height, std::string& error);
DecodeStatus DecodeJpeg(std::string_view bytes, uint64_t max_pixels, JpegImage& out, std::string& error);
/// Progressive, optimised Huffman tables, 4:2:0 chroma when `subsample`, `icc` embedded.
std::string EncodeJpeg(const Pixels& pixels, int quality, bool subsample, const std::string& icc);

/// Chunks of a PNG that change how it is displayed; everything else is dropped.
struct PngColourInfo {
  bool has_gamma = false;
  int32_t gamma = 0;  ///< PNG fixed point (×100000)
  bool has_srgb = false;
  int srgb_intent = 0;
  bool has_chrm = false;
  int32_t chrm[8] = {};
  std::string icc_name{};
  std::string icc{};
  bool has_phys = false;
  uint32_t phys_x = 0, phys_y = 0;
  int phys_unit = 0;
};

struct PngImage {
  Pixels pixels{};  ///< always 4 channels (RGBA)
  PngColourInfo colour{};
  bool palette = false;  ///< stored with a palette
};

DecodeStatus PngSize(std::string_view bytes, uint32_t& width, uint32_t& height, std::string& error);
/// 16-bit and animated PNGs are kUnsupported (kept as they are).
DecodeStatus DecodePng(std::string_view bytes, uint64_t max_pixels, PngImage& out, std::string& error);
/// The smallest lossless encoding of RGBA `pixels` among palette, grey and true colour, with
/// and without filters, zlib level 9, the chunks of `colour` kept.
std::string EncodePngSmallest(const Pixels& pixels, const PngColourInfo& colour);

}  // namespace cpk::image::internal
