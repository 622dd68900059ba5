#pragma once
/// @file video.hpp
/// Video and audio files: detection (libavformat's probe), probing and validation.
///
/// FFmpeg's libraries are never linked into the caller: the probe runs inside
/// libcoursepack-media.so, which is loaded on first use (see video_media_api.hpp).
/// @since 0.1

#include <string>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/registry.hpp"
#include "cpk/core/result.hpp"
#include "cpk/formats/video_info.hpp"

namespace cpk::formats::video {

/// Registers the detector and reader of video and audio files.
void Register(Registry& registry);

/// How far ProbeMedia looks.
struct ProbeOptions {
  /// Decode every frame to count corrupt ones (`video.decode-error`) and find interlacing and
  /// truncation. Without it only the headers and the first 600 frame timestamps are read.
  bool decode = true;
  /// Wall-clock budget of the decode check; the rest of the file is then not checked.
  double max_decode_seconds = 300;
  CancellationToken cancel{};
};

/// Probes the local media file `path` and reports what is wrong with it to `sink`, located at
/// `entry` (the name to show). Returns the facts even when findings were reported; fails with
/// kMalformed (after reporting `video.unreadable`) when the file holds no usable stream,
/// kUnsupported when libcoursepack-media.so cannot be loaded, kCancelled when cancelled.
/// Thread-safe. The file is only read.
Result<MediaInfo> ProbeMedia(const std::string& path, const std::string& entry, const Limits& limits,
                             const ProbeOptions& options, DiagnosticSink& sink);

/// Reports the findings `info` (a successful probe) calls for: limits, no video / no audio,
/// decode errors, truncation, interlacing, HDR, VFR, odd and low resolutions. Used by
/// ProbeMedia; public so that the rules can be tested on constructed facts.
void DiagnoseMedia(const MediaInfo& info, const std::string& entry, const Limits& limits, DiagnosticSink& sink);

/// "1:02:03" or "2:03.4" for `seconds`, as messages show durations.
std::string FormatDuration(double seconds);

}  // namespace cpk::formats::video
