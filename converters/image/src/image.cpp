#include "cpk/converters/image.hpp"

#include <zlib.h>
#include <new>

#include "codecs.hpp"
#include "cpk/converters/image_codes.hpp"
#include "sniff.hpp"

namespace cpk::image {
namespace {

internal::Settings Resolve(const OptimiseOptions& options) {
  internal::Settings s;
  s.profile = options.profile;
  const bool low = options.profile == Profile::kLowBandwidth;
  s.max_dimension = options.max_dimension != 0 ? options.max_dimension : low ? 1280 : 1920;
  s.min_ssim = options.min_ssim != 0 ? options.min_ssim : low ? 0.95 : 0.98;
  s.max_pixels = options.max_pixels;
  s.cancel = &options.cancel;
  return s;
}

std::string Megapixels(uint64_t pixels) {
  const uint64_t tenths = (pixels + 50'000) / 100'000;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " megapixels";
}

void AddFinding(DiagnosticSink* sink, const internal::Outcome& outcome, std::string_view path, const char* format_label,
                const internal::Settings& settings) {
  if (sink == nullptr) return;
  const std::string name(path);
  if (outcome.problem == internal::Problem::kDecodeError) {
    sink->Add(codes::kImageDecodeError,
              "image '" + name + "' could not be decoded as " + format_label + " (" + outcome.detail +
                  "); it is copied unchanged, without optimisation",
              {name},
              "open the image in an image editor and save it again (or export it again from the original); a "
              "damaged image may show partly or not at all on phones");
  } else if (outcome.problem == internal::Problem::kTooLarge) {
    const uint64_t pixels = uint64_t{outcome.result.width} * outcome.result.height;
    sink->Add(codes::kImageTooLarge,
              "image '" + name + "' declares " + outcome.detail + " pixels (" + Megapixels(pixels) +
                  "), more than the limit of " + Megapixels(settings.max_pixels) +
                  "; it is copied unchanged, without optimisation",
              {name},
              "scale the image down before packaging: phones show at most about " +
                  std::to_string(settings.max_dimension) + " pixels on the longest side");
  }
}

}  // namespace

const char* ProfileName(Profile profile) noexcept {
  return profile == Profile::kLowBandwidth ? "low-bandwidth" : "standard";
}

Result<OptimiseResult> Optimise(std::string_view bytes, std::string_view path, const OptimiseOptions& options,
                                DiagnosticSink* sink) {
  if (!(options.min_ssim >= 0 && options.min_ssim <= 1)) {
    return Fail(Errc::kInvalidArgument, "min_ssim must be in [0, 1]");
  }
  if (options.max_pixels == 0) return Fail(Errc::kInvalidArgument, "max_pixels must not be 0");
  const internal::Settings settings = Resolve(options);
  if (settings.Cancelled()) return Fail(Errc::kCancelled, "cancelled");

  const internal::Format sniffed = internal::Sniff(bytes);
  const internal::Format named = internal::FormatFromPath(path);
  internal::Outcome outcome;
  const char* label = "";
  try {
    if (sniffed == internal::Format::kJpeg) {
      label = "JPEG";
      CPK_ASSIGN_OR_RETURN(outcome, internal::OptimiseJpeg(bytes, settings));
    } else if (sniffed == internal::Format::kPng) {
      label = "PNG";
      CPK_ASSIGN_OR_RETURN(outcome, internal::OptimisePng(bytes, settings));
    } else if (sniffed == internal::Format::kUnknown &&
               (named == internal::Format::kJpeg || named == internal::Format::kPng)) {
      // Named as an image we optimise, but not one at all: empty, cut off or mislabelled.
      label = named == internal::Format::kJpeg ? "JPEG" : "PNG";
      outcome.result.format = internal::FormatName(named);
      outcome.problem = internal::Problem::kDecodeError;
      outcome.detail = bytes.empty() ? "the file is empty" : "it has no JPEG or PNG signature";
      outcome.result.reason = "decode error";
    } else {
      outcome.result.format = internal::FormatName(sniffed);
      outcome.result.reason = internal::IsAnimated(sniffed, bytes) ? "animated image" : "unsupported format";
    }
  } catch (const std::bad_alloc&) {
    return Fail(Errc::kInternal, "out of memory optimising image '" + std::string(path) + "'");
  }
  AddFinding(sink, outcome, path, label, settings);

  OptimiseResult& result = outcome.result;
  if (result.reason.empty()) {
    if (!result.bytes.empty() && result.bytes.size() < bytes.size()) {
      result.replaced = true;
    } else {
      result.reason = "not smaller";
    }
  }
  if (!result.replaced) {
    result.bytes.clear();
    if (result.reason != "not smaller") {
      result.ssim = 0;
      result.quality = 0;
      result.method.clear();
    }
  }
  return std::move(result);
}

std::vector<std::pair<std::string, std::string>> LibraryVersions() {
  return {{"libjpeg-turbo", internal::JpegVersion()}, {"libpng", internal::PngVersion()}, {"zlib", zlibVersion()}};
}

}  // namespace cpk::image
