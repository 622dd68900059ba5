#pragma once
/// @file video_info.hpp
/// What probing a media file found: plain facts, no judgement (the diagnostics are made from
/// them by ProbeMedia in video.hpp). Plain data, freely copyable.
/// @since 0.1

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cpk::formats::video {

/// The video stream the converter would use (the "best" one; cover art is never chosen).
struct VideoStreamInfo {
  int index = -1;         ///< stream index in the container
  std::string codec{};    ///< libavcodec name: "h264", "hevc", "vp9", "av1", "h263"...
  std::string profile{};  ///< e.g. "High", "Main 10"; empty when unknown
  int width = 0;          ///< coded frame size in pixels
  int height = 0;
  int sar_num = 1;  ///< sample (pixel) aspect ratio; 1:1 when square or unknown
  int sar_den = 1;
  double frame_rate = 0;             ///< average frames per second (0 when unknown)
  double nominal_frame_rate = 0;     ///< the container's r_frame_rate
  bool variable_frame_rate = false;  ///< frame durations differ by more than the time base explains
  std::string pixel_format{};        ///< e.g. "yuv420p", "yuvj420p", "yuv420p10le"
  int bit_depth = 8;                 ///< bits per luma sample
  bool full_range = false;           ///< JPEG (0-255) range rather than limited (16-235)
  std::string color_transfer{};      ///< e.g. "bt709", "smpte2084" (PQ), "arib-std-b67" (HLG)
  std::string color_primaries{};     ///< e.g. "bt709", "bt2020"
  std::string color_space{};         ///< matrix coefficients, e.g. "bt709", "bt2020nc"
  bool hdr = false;                  ///< PQ or HLG transfer
  std::string field_order{};         ///< "progressive", "tt", "bb", "tb", "bt" or "" (unknown)
  bool interlaced = false;           ///< declared interlaced, or decoded frames are
  /// Display orientation from the full display matrix: clockwise rotation to apply (0, 90, 180,
  /// 270) and whether the picture is mirrored (negative determinant) besides.
  int rotation = 0;
  bool mirrored = false;
  /// libavfilter chain that puts the picture upright ("transpose=clock", "hflip,vflip", ...),
  /// empty when none is needed.
  std::string orientation_filter{};
  int display_width = 0;  ///< after the SAR and the orientation are applied
  int display_height = 0;
  double start_time = 0;  ///< seconds of the first frame's timestamp
};

/// The audio stream the converter would use.
struct AudioStreamInfo {
  int index = -1;
  std::string codec{};  ///< "aac", "amr_nb", "pcm_s16le", "ac3"...
  std::string profile{};
  int sample_rate = 0;
  int channels = 0;
  double start_time = 0;
  std::string language{};  ///< ISO 639 from the container, when tagged
};

/// A subtitle track inside the container.
struct SubtitleStreamInfo {
  int index = -1;
  std::string codec{};     ///< "subrip", "webvtt", "mov_text", "ass", "dvd_subtitle"...
  std::string language{};  ///< ISO 639 from the container, "" when untagged
  bool text = false;       ///< text-based (convertible to WebVTT), not bitmaps
};

/// Everything a probe found.
struct MediaInfo {
  std::string container{};  ///< libavformat's name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  double duration = 0;      ///< seconds, as declared (0 when unknown)
  double start_time = 0;    ///< seconds of the earliest stream's first timestamp
  int64_t bit_rate = 0;     ///< bits per second, as declared or computed by libavformat
  uint64_t file_bytes = 0;
  std::optional<VideoStreamInfo> video{};
  std::optional<AudioStreamInfo> audio{};
  std::vector<SubtitleStreamInfo> subtitles{};
  bool has_location_metadata = false;  ///< GPS or place tags (stripped on conversion)
  bool has_device_metadata = false;    ///< camera make/model/software tags

  // The decode check (when asked for).
  bool decode_checked = false;
  bool decode_complete = true;       ///< false when the time budget ran out before the end
  int64_t video_frames = 0;          ///< frames decoded
  int64_t video_frames_corrupt = 0;  ///< packets or frames the decoder rejected or flagged
  int64_t audio_frames = 0;
  int64_t audio_frames_corrupt = 0;
  int64_t interlaced_frames = 0;
  double decoded_until = 0;        ///< seconds (from the start) of the last packet read
  std::string read_error{};        ///< why reading stopped before the end ("" at a clean end)
  bool truncated = false;          ///< the data ends before what the container declares
  std::vector<std::string> log{};  ///< the first warnings and errors of the libraries, for messages
};

}  // namespace cpk::formats::video
