#pragma once
// What kind of image a file is, from its first bytes (and, failing that, its name).

#include <string_view>

namespace cpk::image::internal {

enum class Format { kUnknown, kJpeg, kPng, kGif, kWebp, kSvg, kBmp, kIco, kTiff, kAvif, kHeif };

/// The format of `bytes` by signature; kSvg for XML text with an <svg> element near the start.
Format Sniff(std::string_view bytes);

/// The format an extension names ("img/a.JPG" → kJpeg); kUnknown when it names none.
Format FormatFromPath(std::string_view path);

/// "jpeg", "png", "gif", "webp", "svg", "bmp", "ico", "tiff", "avif", "heif"; "" for kUnknown.
const char* FormatName(Format format);

/// True for a GIF with more than one frame or a WebP with the animation flag. Damaged files
/// count as not animated.
bool IsAnimated(Format format, std::string_view bytes);

}  // namespace cpk::image::internal
