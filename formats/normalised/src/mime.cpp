#include <algorithm>
#include <array>
#include <utility>

#include "cpk/formats/normalised.hpp"

namespace cpk::normalised {
namespace {

// Extension (lower case) → MIME type, sorted by extension for binary search.
constexpr std::array<std::pair<std::string_view, std::string_view>, 58> kTypes{{
    {"aac", "audio/aac"},
    {"avif", "image/avif"},
    {"bmp", "image/bmp"},
    {"css", "text/css"},
    {"csv", "text/csv"},
    {"dtd", "application/xml-dtd"},
    {"eot", "application/vnd.ms-fontobject"},
    {"flac", "audio/flac"},
    {"gif", "image/gif"},
    {"gz", "application/gzip"},
    {"htm", "text/html"},
    {"html", "text/html"},
    {"ico", "image/vnd.microsoft.icon"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"js", "text/javascript"},
    {"json", "application/json"},
    {"m3u8", "application/vnd.apple.mpegurl"},
    {"m4a", "audio/mp4"},
    {"m4s", "video/iso.segment"},
    {"m4v", "video/mp4"},
    {"md", "text/markdown"},
    {"mjs", "text/javascript"},
    {"mkv", "video/x-matroska"},
    {"mov", "video/quicktime"},
    {"mp3", "audio/mpeg"},
    {"mp4", "video/mp4"},
    {"mpd", "application/dash+xml"},
    {"oga", "audio/ogg"},
    {"ogg", "audio/ogg"},
    {"ogv", "video/ogg"},
    {"opus", "audio/opus"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"ppt", "application/vnd.ms-powerpoint"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"srt", "application/x-subrip"},
    {"svg", "image/svg+xml"},
    {"swf", "application/x-shockwave-flash"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"ts", "video/mp2t"},
    {"ttf", "font/ttf"},
    {"txt", "text/plain"},
    {"vtt", "text/vtt"},
    {"wav", "audio/wav"},
    {"weba", "audio/webm"},
    {"webm", "video/webm"},
    {"webp", "image/webp"},
    {"wmv", "video/x-ms-wmv"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"xht", "application/xhtml+xml"},
    {"xhtml", "application/xhtml+xml"},
    {"xml", "application/xml"},
    {"xsd", "application/xml"},
    {"zip", "application/zip"},
}};

}  // namespace

std::string MimeTypeOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "application/octet-stream";
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto it = std::lower_bound(kTypes.begin(), kTypes.end(), ext,
                                   [](const auto& entry, const std::string& key) { return entry.first < key; });
  if (it != kTypes.end() && it->first == ext) return std::string(it->second);
  return "application/octet-stream";
}

bool IsStoredUncompressed(std::string_view mime) {
  if (mime == "image/svg+xml" || mime == "image/bmp" || mime == "image/tiff") return false;  // text or raw pixels
  return mime.starts_with("image/") || mime.starts_with("audio/") || mime.starts_with("video/") ||
         mime.starts_with("font/") || mime == "application/pdf" || mime == "application/zip" ||
         mime == "application/gzip" || mime == "application/vnd.ms-fontobject" ||
         mime == "application/x-shockwave-flash" || mime.starts_with("application/vnd.openxmlformats");
}

}  // namespace cpk::normalised
