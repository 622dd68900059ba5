#include "sniff.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace cpk::image::internal {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

uint8_t Byte(std::string_view s, size_t at) { return static_cast<uint8_t>(s[at]); }

// Frames of a GIF, counted by walking its blocks; stops at 2.
int GifFrames(std::string_view gif) {
  if (gif.size() < 13) return 0;
  size_t at = 13;
  if (Byte(gif, 10) & 0x80) at += 3u << ((Byte(gif, 10) & 7) + 1);  // global colour table
  int frames = 0;
  auto skip_sub_blocks = [&]() {
    while (at < gif.size()) {
      const size_t n = Byte(gif, at);
      at += 1 + n;
      if (n == 0) return true;
    }
    return false;
  };
  while (at < gif.size() && frames < 2) {
    const uint8_t kind = Byte(gif, at);
    if (kind == 0x3B) break;  // trailer
    if (kind == 0x21) {       // extension: label, then sub-blocks
      at += 2;
      if (!skip_sub_blocks()) break;
    } else if (kind == 0x2C) {  // image descriptor
      if (at + 10 > gif.size()) break;
      const uint8_t flags = Byte(gif, at + 9);
      at += 10;
      if (flags & 0x80) at += 3u << ((flags & 7) + 1);  // local colour table
      at += 1;                                          // LZW minimum code size
      if (!skip_sub_blocks()) break;
      ++frames;
    } else {
      break;
    }
  }
  return frames;
}

}  // namespace

Format Sniff(std::string_view b) {
  if (b.size() >= 3 && Byte(b, 0) == 0xFF && Byte(b, 1) == 0xD8 && Byte(b, 2) == 0xFF) return Format::kJpeg;
  if (StartsWith(b, "\x89PNG\r\n\x1a\n")) return Format::kPng;
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return Format::kGif;
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") return Format::kWebp;
  if (StartsWith(b, "BM") && b.size() >= 14) return Format::kBmp;
  if (b.size() >= 4 && Byte(b, 0) == 0 && Byte(b, 1) == 0 && Byte(b, 2) == 1 && Byte(b, 3) == 0) return Format::kIco;
  if (StartsWith(b, "II*\0") || StartsWith(b, std::string_view("MM\0*", 4))) return Format::kTiff;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    const std::string_view brand = b.substr(8, 4);
    if (brand == "avif" || brand == "avis") return Format::kAvif;
    if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1") return Format::kHeif;
  }
  const std::string_view head = b.substr(0, 4096);
  const size_t text = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (text != std::string_view::npos && head[text] == '<' && head.find("<svg") != std::string_view::npos) {
    return Format::kSvg;
  }
  return Format::kUnknown;
}

Format FormatFromPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return Format::kUnknown;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  if (ext == "jpg" || ext == "jpeg" || ext == "jpe" || ext == "jfif") return Format::kJpeg;
  if (ext == "png") return Format::kPng;
  if (ext == "gif") return Format::kGif;
  if (ext == "webp") return Format::kWebp;
  if (ext == "svg" || ext == "svgz") return Format::kSvg;
  if (ext == "bmp") return Format::kBmp;
  if (ext == "ico") return Format::kIco;
  if (ext == "tif" || ext == "tiff") return Format::kTiff;
  if (ext == "avif") return Format::kAvif;
  if (ext == "heic" || ext == "heif") return Format::kHeif;
  return Format::kUnknown;
}

const char* FormatName(Format format) {
  switch (format) {
    case Format::kJpeg:
      return "jpeg";
    case Format::kPng:
      return "png";
    case Format::kGif:
      return "gif";
    case Format::kWebp:
      return "webp";
    case Format::kSvg:
      return "svg";
    case Format::kBmp:
      return "bmp";
    case Format::kIco:
      return "ico";
    case Format::kTiff:
      return "tiff";
    case Format::kAvif:
      return "avif";
    case Format::kHeif:
      return "heif";
    case Format::kUnknown:
      break;
  }
  return "";
}

bool IsAnimated(Format format, std::string_view bytes) {
  if (format == Format::kGif) return GifFrames(bytes) > 1;
  if (format == Format::kWebp) {
    // RIFF header (12) then the first chunk; VP8X carries the animation flag (bit 1).
    return bytes.size() >= 21 && bytes.substr(12, 4) == "VP8X" && (Byte(bytes, 20) & 0x02) != 0;
  }
  return false;
}

}  // namespace cpk::image::internal
