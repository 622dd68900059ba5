#pragma once
/// @file image.hpp
/// Web-asset images made smaller for phones on 2G/3G links (docs/images.md).
///
/// JPEG and PNG files are decoded, downscaled when their longest side is larger than a phone
/// needs, and encoded again in the same format:
///
/// - **JPEG**: progressive, with optimised Huffman tables, at the lowest quality whose SSIM
///   (luma, 8×8 windows) against the original stays at or above a floor. A lossless
///   transcode (progressive, optimised, metadata dropped: what `jpegtran -copy none
///   -progressive -optimize` does) competes with it and the smaller wins. EXIF, XMP, comments
///   and every other APPn segment are dropped; the ICC profile is kept and EXIF orientation is
///   applied to the pixels, so the image still displays the right way up.
/// - **PNG**: lossless. Ancillary chunks are dropped except those that change how the image
///   renders (`cHRM`, `gAMA`, `iCCP`, `sRGB`, `pHYs`; a standard sRGB profile becomes an
///   `sRGB` chunk); pixels are stored in the smallest exact form (palette when there are at
///   most 256 distinct colours, grey, fewer bits, no alpha when all opaque, a `tRNS` colour
///   key), never interlaced, compressed with zlib level 9 under several row-filter
///   strategies. The decoded pixels are identical.
/// - Everything else (GIF, WebP, SVG, BMP, AVIF, ...) and every animated image is kept as it is.
///
/// A result is only offered when it is smaller than the input, and it keeps the input's
/// format, so the pages that reference the file keep working under the same name.
///
/// Hostile input never crashes and never costs more memory than the pixel limit allows:
/// damaged images (`image.decode-error`) and images over `max_pixels` (`image.too-large`,
/// checked on the declared size before anything is allocated) are kept and reported.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/result.hpp"

namespace cpk::image {

/// How far optimisation may go. The numbers are measured and explained in docs/images.md.
enum class Profile : uint8_t {
  /// Longest side at most 1920 px; JPEG at SSIM ≥ 0.98 (4:2:0 chroma, or 4:4:4 when a 4:4:4
  /// source has fine colour detail); PNG lossless.
  kStandard,
  /// For 2G links. Longest side at most 1280 px; JPEG at SSIM ≥ 0.95 and always 4:2:0 chroma;
  /// an opaque PNG with more than 256 colours (a photo or screenshot saved as PNG) becomes a
  /// 256-colour palette image when that keeps SSIM ≥ 0.97 and is smaller; other PNGs lossless.
  kLowBandwidth,
};

/// "standard" or "low-bandwidth" (the names the package converter's request uses).
const char* ProfileName(Profile profile) noexcept;

/// What Optimise() may do. Zero means "the profile's value" for the first two numbers.
struct OptimiseOptions {
  Profile profile = Profile::kStandard;
  /// Longest side of the output, in pixels: larger images are downscaled (aspect ratio kept,
  /// area averaging in linear light). 0: the profile's (1920 standard, 1280 low-bandwidth).
  uint32_t max_dimension = 0;
  /// SSIM floor of a re-encoded JPEG against the original (downscaled first when the output
  /// is). In (0, 1]. 0: the profile's (0.98 standard, 0.95 low-bandwidth).
  double min_ssim = 0;
  /// Images that declare more pixels than this are not decoded (decompression bombs): they are
  /// kept with `image.too-large`. Peak memory of one call is a small multiple of this (about
  /// 8 bytes per pixel at most; see docs/images.md).
  uint64_t max_pixels = 64'000'000;
  /// Checked between the steps of the work; a cancelled call returns Errc::kCancelled.
  CancellationToken cancel{};
};

/// What Optimise() did with one image.
struct OptimiseResult {
  bool replaced = false;    ///< true only when `bytes` is smaller than the input
  std::string bytes{};      ///< the new file when `replaced`, else empty
  std::string format{};     ///< "jpeg", "png", "gif", "webp", "svg", "bmp", ... or "" when not recognised
  uint32_t width = 0;       ///< of the input as displayed (after EXIF orientation); 0 when not decoded
  uint32_t height = 0;      ///<
  uint32_t out_width = 0;   ///< of the output as displayed (the input's when not downscaled)
  uint32_t out_height = 0;  ///<
  /// SSIM (luma, 8×8 windows, as ffmpeg's `ssim` filter computes it) of the output's pixels
  /// against the original's, compared at the output's size (the original downscaled the same
  /// way when the output is). 1 when the output's pixels are exactly those (lossless PNG, JPEG
  /// lossless transcode). With reason "not smaller", `ssim`, `quality` and `method` describe
  /// the best output made (and not used); for the other reasons they are 0 and empty.
  double ssim = 0;
  /// JPEG quality (30–100) of a re-encoded JPEG; 0 for a lossless transcode, a PNG, or no output.
  int quality = 0;
  /// How the output was made, for reports and benchmarks: e.g. "progressive q=78 4:2:0",
  /// "lossless transcode", "palette 12 colours 4-bit, filter none", "grey 8-bit, filter paeth",
  /// "quantised palette 256 colours 8-bit, filter none".
  std::string method{};
  /// Why the input was kept, when not `replaced`: "not smaller", "unsupported format",
  /// "animated image", "CMYK JPEG", "decode error", "too large". Empty when replaced.
  std::string reason{};
};

/// Optimises one image file.
///
/// `bytes` is the whole file. `path` (a package path, a file name or just an extension such as
/// ".png") names the image in findings; the format is sniffed from the bytes, and the
/// extension only decides whether bytes that are no image at all are reported: a `.jpg` or
/// `.png` that is neither gives `image.decode-error`, anything else is kept quietly.
///
/// Findings about the input go to `sink` (may be null): `image.decode-error` and
/// `image.too-large` (warnings), each with `path` as location. Such images are kept: the call
/// still succeeds, with `replaced` false and a `reason`.
///
/// Deterministic: the same bytes and options give byte-identical output on every run and
/// thread. Thread-safe: no global state; concurrent calls share nothing (each caller passes
/// its own sink).
///
/// Errors: Errc::kCancelled when `options.cancel` fires; Errc::kInvalidArgument for options
/// out of range (`min_ssim` outside [0, 1], `max_pixels` 0); Errc::kInternal when a library
/// runs out of memory.
Result<OptimiseResult> Optimise(std::string_view bytes, std::string_view path, const OptimiseOptions& options,
                                DiagnosticSink* sink);

/// Names and versions of the libraries that do the work, for reports:
/// {"libjpeg-turbo", "2.1.5"}, {"libpng", "1.6.39"}, {"zlib", "1.2.13"}.
std::vector<std::pair<std::string, std::string>> LibraryVersions();

}  // namespace cpk::image
