#pragma once
/// @file video_media_api.hpp
/// The function table of `libcoursepack-media.so`, the one part of coursepack that links
/// FFmpeg's libraries (libavformat, libavcodec, libavfilter, libswscale, libswresample).
///
/// Why a separate shared module: linking FFmpeg pulls ~130 shared libraries into a process and
/// costs ~65 ms of dynamic linking at every start, which every `coursepack validate course.zip`
/// would pay for nothing. The small in-process code of formats/video and converters/video loads
/// the module with dlopen the first time a media file must be probed or transcoded, and calls
/// it only through this table.
///
/// The table passes C++ types (std::string, the structs of video_info.hpp), so both sides must
/// come from the same build: the loader checks `version` and `size` and refuses anything else.
/// Callers use ProbeMedia() (video.hpp) and the converter's API rather than this table.
/// @since 0.1

#include <cstdint>
#include <functional>
#include <string>

#include "cpk/formats/video_info.hpp"

namespace cpk::formats::video::media {

/// Bumped whenever the table or a struct it passes changes.
inline constexpr uint32_t kMediaApiVersion = 1;

/// What to probe and how far.
struct ProbeRequest {
  std::string path{};                 ///< a local file; read only
  bool decode = true;                 ///< decode every frame to count corrupt ones
  double max_decode_seconds = 300;    ///< wall-clock budget of the decode check
  int64_t max_pixels = 0;             ///< frames larger than this are not decoded (0: no limit)
  std::function<bool()> cancelled{};  ///< stops the probe (AVERROR_EXIT) when it returns true
};

/// The table. Thread-safe: every function may be called from several threads at once.
struct MediaApi {
  uint32_t version = 0;
  uint32_t size = 0;  ///< sizeof(MediaApi) of the build that made it
  /// Probes `request.path` into `out`. Returns 0, or a negative AVERROR with `error` set to
  /// the reason in words (the library's own messages, e.g. "moov atom not found", are in
  /// out.log). Never throws.
  int (*probe)(const ProbeRequest& request, MediaInfo& out, std::string& error) = nullptr;
};

}  // namespace cpk::formats::video::media

/// The entry point of libcoursepack-media.so: the table for `version`, or nullptr when the
/// module was built with another version.
extern "C" const cpk::formats::video::media::MediaApi* cpk_media_api(uint32_t version);
