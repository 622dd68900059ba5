#pragma once
// The format-specific optimisers behind Optimise(): what they are told and what they return.

#include <cstdint>
#include <string>
#include <string_view>

#include "cpk/converters/image.hpp"

namespace cpk::image::internal {

/// Options with the profile's values filled in.
struct Settings {
  Profile profile = Profile::kStandard;
  uint32_t max_dimension = 1920;
  double min_ssim = 0.98;
  uint64_t max_pixels = 0;
  const CancellationToken* cancel = nullptr;

  bool Cancelled() const { return cancel != nullptr && cancel->IsCancelled(); }
};

/// What was wrong with the input, for Optimise() to report.
enum class Problem { kNone, kDecodeError, kTooLarge };

struct Outcome {
  /// Filled as far as known. `bytes` holds the best candidate even when it is not smaller;
  /// Optimise() decides whether it replaces the input.
  OptimiseResult result{};
  Problem problem = Problem::kNone;
  std::string detail{};  ///< the decoder's message (kDecodeError) or the declared size (kTooLarge)
};

/// The lowest JPEG quality the search may choose.
inline constexpr int kMinJpegQuality = 30;
/// Added to the JPEG SSIM floor in the quality search. SSIM is measured on libjpeg-turbo's
/// decoding (what Chrome, Firefox and Android use); decoders with another IDCT (ffmpeg's)
/// round some pixels differently and measure up to about 0.0001 lower. The margin keeps them
/// above the floor too.
inline constexpr double kJpegSsimMargin = 0.0005;
/// SSIM floor for the low-bandwidth palette quantisation of PNG photos.
inline constexpr double kPngQuantiseMinSsim = 0.97;
/// Scans allowed in one progressive JPEG (libjpeg-turbo's own tools default to 500): a file
/// with thousands of tiny scans costs minutes of CPU.
inline constexpr int kMaxJpegScans = 500;

/// Errc::kCancelled only; everything about the input is in the Outcome.
Result<Outcome> OptimiseJpeg(std::string_view bytes, const Settings& settings);
Result<Outcome> OptimisePng(std::string_view bytes, const Settings& settings);

/// Library versions, for LibraryVersions().
std::string JpegVersion();
std::string PngVersion();

}  // namespace cpk::image::internal
