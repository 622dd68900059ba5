#pragma once
/// @file video.hpp
/// The video converter: one decode of a video or audio file, fanned out to every rung of an
/// HLS ladder for 2G/3G phones (H.264 High in fMP4/CMAF segments, AAC-LC audio in one shared
/// group), with master.m3u8 written from the measured segments, an audio-only rendition and
/// .m4a, offline MP4 downloads, a poster and a thumbnail sprite. See docs/video.md.
///
/// The work runs inside libcoursepack-media.so (loaded on first use; see
/// cpk/formats/video_media_api.hpp), so nothing linking this module links FFmpeg.
/// @since 0.1

#include <cstdint>
#include <string>
#include <vector>

#include "cpk/core/course_model.hpp"
#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/result.hpp"

namespace cpk::converters::video {

/// One rung of the ladder.
struct LadderRung {
  int short_side = 0;         ///< lines of the picture's short side (the "360" of 360p)
  double max_frame_rate = 0;  ///< 0: the source's rate (halved while above 30)
  int64_t maxrate = 0;        ///< bits per second the encoder is capped at (VBV, buffer 2 s)
  bool download = false;      ///< also an offline single-file MP4 of this rung
};

/// The default ladder: 144p@15 (120k), 240p@15 (250k, download), 360p (500k, download),
/// 480p (900k), 720p (1800k). Rungs above the source are skipped.
std::vector<LadderRung> DefaultLadder();

struct VideoOptions {
  std::vector<LadderRung> ladder = DefaultLadder();
  int crf = 23;                        ///< x264 CRF, capped by each rung's maxrate
  std::string preset = "medium";       ///< x264 preset
  std::string audio_codec = "aac-lc";  ///< only "aac-lc": Debian's encoder has no usable HE-AAC
  double keyframe_seconds = 2;         ///< IDR interval, the same instants in every rung
  double segment_seconds = 6;
  bool poster = true;
  bool thumbnails = true;
  CancellationToken cancel{};
  ProgressCallback progress{};  ///< stage "transcode", unit "frames"
};

/// What one rendition measured.
struct RenditionStats {
  std::string name{};  ///< "360p"
  int width = 0;
  int height = 0;
  double frame_rate = 0;
  uint64_t peak_bps = 0;     ///< highest segment bitrate of the video alone
  uint64_t average_bps = 0;  ///< of the video alone
  uint64_t bytes = 0;        ///< init + segments
  size_t segments = 0;
  int64_t frames = 0;
};

/// What ConvertVideo wrote.
struct VideoResult {
  /// Paths relative to the output folder (prefix them for the package).
  VideoDetails details{};
  std::vector<RenditionStats> renditions{};
  uint64_t audio_peak_bps = 0;
  uint64_t audio_average_bps = 0;
  std::vector<std::string> files{};  ///< every file written, relative, sorted
  int64_t frames_decoded = 0;
};

/// Transcodes the local file `input` (named `entry` in findings) into the folder `output`,
/// which must not exist yet: it appears complete (written beside it under a hidden name and
/// renamed) or not at all. The input is probed first; a file that cannot be read gives
/// `video.unreadable` and kMalformed. Fails with kUnsupported for an audio codec other than
/// AAC-LC or when libcoursepack-media.so cannot be loaded, kCancelled within about a frame's
/// work of `options.cancel` (leaving nothing behind), kIo when the folder cannot be written.
Result<VideoResult> ConvertVideo(const std::string& input, const std::string& entry, const std::string& output,
                                 const Limits& limits, const VideoOptions& options, DiagnosticSink& sink);

/// The master playlist for `result` (BANDWIDTH = measured peak of video + audio,
/// AVERAGE-BANDWIDTH = measured averages, RESOLUTION, FRAME-RATE, CODECS, one audio group).
std::string MasterPlaylist(const VideoResult& result);

/// Peak and average bitrates of the media playlist at `path` (segments measured on disk).
struct PlaylistStats {
  uint64_t peak_bps = 0;
  uint64_t average_bps = 0;
  uint64_t bytes = 0;  ///< segments + init
  double duration = 0;
  std::vector<double> segment_durations{};
};
Result<PlaylistStats> MeasurePlaylist(const std::string& path);

}  // namespace cpk::converters::video
