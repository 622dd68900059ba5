#include <cstddef>
#include <cstdio>

#include <jpeglib.h>
#include <png.h>

#include <algorithm>

#include "codecs.hpp"
#include "cpk/converters/image.hpp"
#include "cpk/converters/image_codes.hpp"

namespace cpk::image {
namespace {

using internal::DecodeStatus;
using internal::Pixels;

constexpr int kMinQuality = 30;
constexpr int kMaxQuality = 95;

struct Settings {
  uint32_t max_dimension;
  double min_ssim;
  bool force_subsampling;
};

Settings SettingsFor(const Options& options) {
  const bool low = options.profile == Profile::kLowBandwidth;
  return {options.max_dimension != 0 ? options.max_dimension : (low ? 1280u : 1920u),
          options.min_ssim > 0 ? options.min_ssim : (low ? 0.95 : 0.98), low};
}

std::string Pixel(uint32_t w, uint32_t h) { return std::to_string(w) + "×" + std::to_string(h); }

/// Reports a damaged or oversized image; it is kept as it is.
void ReportKept(DecodeStatus status, const std::string& error, std::string_view path, uint32_t w, uint32_t h,
                uint64_t max_pixels, DiagnosticSink& sink, Outcome& out) {
  if (status == DecodeStatus::kTooLarge) {
    out.reason = "too large to decode";
    sink.Add(codes::kImageTooLarge,
             "image '" + std::string(path) + "' is " + Pixel(w, h) + " pixels, more than the " +
                 std::to_string(max_pixels / 1'000'000) + " million that are decoded; it is copied as it is",
             {std::string(path), 0, 0},
             "a page never needs an image this large: scale it down to at most 1920 pixels on its longest side");
  } else if (status == DecodeStatus::kDamaged) {
    out.reason = "damaged";
    sink.Add(codes::kImageDecodeError,
             "image '" + std::string(path) + "' cannot be decoded (" + (error.empty() ? "damaged data" : error) +
                 "); it is copied as it is",
             {std::string(path), 0, 0}, "export the image again from the original; browsers may show it broken");
  } else {
    out.reason = "unsupported variant";
  }
}

/// The reference the encodings are compared with: the original at the output size.
Pixels Target(const Pixels& original, uint32_t max_dimension, Outcome& out) {
  internal::FitWithin(original.width, original.height, max_dimension, out.out_width, out.out_height);
  if (out.out_width == original.width && out.out_height == original.height) return original;
  return internal::Resample(original, out.out_width, out.out_height);
}

Result<Outcome> OptimiseJpeg(std::string_view bytes, std::string_view path, const Options& options,
                             DiagnosticSink& sink, const CancellationToken& cancel) {
  Outcome out;
  out.format = "jpeg";
  const Settings settings = SettingsFor(options);
  uint32_t w = 0, h = 0;
  std::string error;
  DecodeStatus status = internal::JpegSize(bytes, w, h, error);
  internal::JpegImage image;
  if (status == DecodeStatus::kOk) status = internal::DecodeJpeg(bytes, options.max_pixels, image, error);
  if (status != DecodeStatus::kOk) {
    ReportKept(status, error, path, w, h, options.max_pixels, sink, out);
    return out;
  }
  const Pixels oriented = internal::Orient(image.pixels, image.orientation);
  out.width = oriented.width;
  out.height = oriented.height;
  const Pixels target = Target(oriented, settings.max_dimension, out);
  const bool resized = out.out_width != oriented.width || out.out_height != oriented.height;
  const bool subsample = settings.force_subsampling || image.subsampled;
  // The lowest quality whose SSIM stays above the floor; never above the source's own quality
  // unless the image was resized (re-encoding at a higher quality only adds bytes).
  int lo = kMinQuality;
  int hi = kMaxQuality;
  if (!resized && image.estimated_quality > 0) hi = std::clamp(image.estimated_quality, kMinQuality, kMaxQuality);
  std::string best;
  double best_ssim = 0;
  int best_quality = 0;
  // Buffers reused by every trial: the reference's luma, the decoded trial and its luma.
  internal::Luma target_luma, trial_luma;
  internal::ToLuma(target, target_luma);
  internal::JpegImage back;
  std::string ignored;
  while (lo <= hi) {
    if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    const int q = (lo + hi) / 2;
    std::string encoded = internal::EncodeJpeg(target, q, subsample, image.icc);
    double ssim = 0;
    back.icc.clear();
    if (!encoded.empty() && internal::DecodeJpeg(encoded, options.max_pixels, back, ignored) == DecodeStatus::kOk) {
      internal::ToLuma(back.pixels, trial_luma);
      ssim = internal::Ssim(target_luma, trial_luma);
    }
    if (ssim >= settings.min_ssim) {
      best = std::move(encoded);
      best_ssim = ssim;
      best_quality = q;
      hi = q - 1;
    } else {
      lo = q + 1;
    }
  }
  if (best.empty() || best.size() >= bytes.size()) {
    out.reason = best.empty() ? "no quality keeps the SSIM floor" : "not smaller";
    out.out_width = out.width;
    out.out_height = out.height;
    return out;
  }
  out.replaced = true;
  out.bytes = std::move(best);
  out.quality = best_quality;
  out.ssim = best_ssim;
  return out;
}

Result<Outcome> OptimisePng(std::string_view bytes, std::string_view path, const Options& options, DiagnosticSink& sink,
                            const CancellationToken& cancel) {
  Outcome out;
  out.format = "png";
  const Settings settings = SettingsFor(options);
  uint32_t w = 0, h = 0;
  std::string error;
  DecodeStatus status = internal::PngSize(bytes, w, h, error);
  internal::PngImage image;
  if (status == DecodeStatus::kOk) status = internal::DecodePng(bytes, options.max_pixels, image, error);
  if (status != DecodeStatus::kOk) {
    ReportKept(status, error, path, w, h, options.max_pixels, sink, out);
    if (status == DecodeStatus::kUnsupported) out.reason = "16-bit or animated PNG";
    return out;
  }
  if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
  out.width = image.pixels.width;
  out.height = image.pixels.height;
  const Pixels target = Target(image.pixels, settings.max_dimension, out);
  std::string encoded = internal::EncodePngSmallest(target, image.colour);
  if (encoded.empty() || encoded.size() >= bytes.size()) {
    out.reason = encoded.empty() ? "cannot be encoded" : "not smaller";
    out.out_width = out.width;
    out.out_height = out.height;
    return out;
  }
  out.replaced = true;
  out.bytes = std::move(encoded);
  out.ssim = 1;
  return out;
}

}  // namespace

Result<Outcome> Optimise(std::string_view bytes, std::string_view path, const Options& options, DiagnosticSink& sink,
                         const CancellationToken& cancel) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) {
    return OptimiseJpeg(bytes, path, options, sink, cancel);
  }
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    return OptimisePng(bytes, path, options, sink, cancel);
  }
  Outcome out;
  out.reason = "unsupported format";
  return out;
}

std::string JpegLibraryVersion() {
#ifdef LIBJPEG_TURBO_VERSION
#define CPK_STRINGIFY_INNER(x) #x
#define CPK_STRINGIFY(x) CPK_STRINGIFY_INNER(x)
  return "libjpeg-turbo " CPK_STRINGIFY(LIBJPEG_TURBO_VERSION);
#else
  return "libjpeg " + std::to_string(JPEG_LIB_VERSION);
#endif
}

std::string PngLibraryVersion() { return std::string("libpng ") + png_get_libpng_ver(nullptr); }

}  // namespace cpk::image
