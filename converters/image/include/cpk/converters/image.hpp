#pragma once
/// @file image.hpp
/// Web-asset images made smaller for phones (docs/images.md). JPEG and PNG files are decoded,
/// downscaled when they are larger than a phone needs, and encoded again: JPEG progressive at
/// the lowest quality whose SSIM against the original stays above a floor, PNG losslessly
/// (palette where exact). Metadata (EXIF, GPS, comments, text chunks) is dropped; the colour
/// profile and EXIF orientation are kept (orientation is applied to the pixels). A result is
/// only offered when it is smaller, and it keeps its format, so the pages that reference the
/// file still work. Thread-safe: no global state.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/result.hpp"

namespace cpk::image {

/// How far to go.
enum class Profile {
  /// Longest side 1920 px, JPEG SSIM ≥ 0.98, PNG lossless.
  kStandard,
  /// For 2G links: longest side 1280 px, JPEG SSIM ≥ 0.95 and 4:2:0 chroma, PNG lossless.
  kLowBandwidth,
};

struct Options {
  Profile profile = Profile::kStandard;
  uint32_t max_dimension = 0;         ///< longest side after downscaling; 0 = the profile's (1920 or 1280)
  double min_ssim = 0;                ///< JPEG quality floor; 0 = the profile's (0.98 or 0.95)
  uint64_t max_pixels = 100'000'000;  ///< larger images are not decoded (decompression bombs)
};

struct Outcome {
  bool replaced = false;  ///< `bytes` holds a smaller file of the same format
  std::string bytes{};    ///< the new file when replaced, else empty
  std::string format{};   ///< "jpeg", "png", or "" when not an image we handle
  uint32_t width = 0;     ///< of the input as displayed (after EXIF orientation)
  uint32_t height = 0;
  uint32_t out_width = 0;  ///< of the output (equal to the input's when not downscaled)
  uint32_t out_height = 0;
  int quality = 0;       ///< JPEG quality chosen (0 for PNG)
  double ssim = 1;       ///< of the output against the original at the output's size (1 = lossless)
  std::string reason{};  ///< why it was kept, when not replaced
};

/// Optimises one image. `path` names it in findings and gives the format by extension when
/// the bytes do not (they are sniffed first). Unsupported formats, animated images and
/// 16-bit PNGs are kept with a reason. Damaged images are kept and reported
/// (`image.decode-error`), oversized ones too (`image.too-large`). Fails only on cancellation.
Result<Outcome> Optimise(std::string_view bytes, std::string_view path, const Options& options, DiagnosticSink& sink,
                         const CancellationToken& cancel = {});

/// "libjpeg-turbo 2.1.5", "libpng 1.6.39": what did the work, for reports.
std::string JpegLibraryVersion();
std::string PngLibraryVersion();

}  // namespace cpk::image
