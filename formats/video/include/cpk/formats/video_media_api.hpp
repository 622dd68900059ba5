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
#include <vector>

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

/// One rung of a ladder to make.
struct RungSpec {
  int short_side = 0;         ///< lines of the picture's short side: 144, 240, 360, 480, 720
  double max_frame_rate = 0;  ///< cap on frames per second (0: the source's rate, at most 30)
  int64_t maxrate = 0;        ///< bits per second the encoder's VBV caps the rung at
  bool download = false;      ///< also write download/<name>.mp4 (faststart, with the audio)
};

/// What to transcode and how. Paths are local; `output_dir` exists and is empty.
struct TranscodeRequest {
  std::string input{};
  std::string output_dir{};
  MediaInfo info{};  ///< the probe of `input`
  std::vector<RungSpec> rungs{};
  int crf = 23;
  std::string preset = "medium";
  double keyframe_seconds = 2;
  double segment_seconds = 6;
  bool audio_rendition = true;  ///< audio/ HLS rendition and audio/audio.m4a
  bool poster = true;
  bool thumbnails = true;
  double thumbnail_seconds = 10;
  int thumbnail_width = 160;
  std::function<bool()> cancelled{};
  /// Frames decoded so far and the expected total (0 when unknown); from the decoding thread.
  std::function<void(int64_t done, int64_t total)> progress{};
};

/// A rung as written.
struct RungOutput {
  std::string name{};  ///< "360p": the folder of its playlist
  int width = 0;
  int height = 0;
  int frame_rate_num = 0;
  int frame_rate_den = 1;
  std::string codec{};     ///< RFC 6381, e.g. "avc1.64001e"
  std::string playlist{};  ///< relative to output_dir
  std::string download{};  ///< relative, or empty
  int64_t frames = 0;
};

/// One cue of a text subtitle track inside the input (times from the start of the output).
struct TextCue {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string text{};  ///< as stored (SubRip markup for subrip tracks)
};

/// A text subtitle track inside the input (subrip, webvtt, mov_text, text).
struct TextTrack {
  std::string language{};  ///< ISO 639-2 from the container, "" when untagged
  std::string codec{};
  std::vector<TextCue> cues{};
};

/// What a transcode wrote (paths relative to output_dir).
struct TranscodeOutput {
  std::vector<RungOutput> rungs{};
  std::string audio_codec{};  ///< "mp4a.40.2"; empty without audio
  int audio_bitrate = 0;
  int audio_channels = 0;
  std::string audio_playlist{};
  std::string audio_download{};
  std::string poster{};
  std::string thumbnails{};  ///< the WebVTT index of the sprite
  int64_t frames_decoded = 0;
  std::vector<TextTrack> text_tracks{};  ///< embedded text subtitles, read in the same pass
};

/// The table. Thread-safe: every function may be called from several threads at once.
struct MediaApi {
  uint32_t version = 0;
  uint32_t size = 0;  ///< sizeof(MediaApi) of the build that made it
  /// Sizes of the structs passed, as the module was built: the loader refuses a module whose
  /// sizes differ from its own (a module from another build).
  uint32_t struct_sizes[5] = {};
  /// Probes `request.path` into `out`. Returns 0, or a negative AVERROR with `error` set to
  /// the reason in words (the library's own messages, e.g. "moov atom not found", are in
  /// out.log). Never throws.
  int (*probe)(const ProbeRequest& request, MediaInfo& out, std::string& error) = nullptr;
  /// Decodes `request.input` once and writes every rung, the audio rendition, the downloads,
  /// the poster and the thumbnails into `request.output_dir` (but not master.m3u8). Returns 0,
  /// AVERROR_EXIT when cancelled, or another negative AVERROR with `error` set. On failure
  /// the folder may hold partial files: the caller removes it.
  int (*transcode)(const TranscodeRequest& request, TranscodeOutput& out, std::string& error) = nullptr;
};

}  // namespace cpk::formats::video::media

namespace cpk::formats::video::media {

/// What MediaApi::struct_sizes holds in this build.
inline constexpr uint32_t kStructSizes[5] = {
    static_cast<uint32_t>(sizeof(ProbeRequest)), static_cast<uint32_t>(sizeof(MediaInfo)),
    static_cast<uint32_t>(sizeof(TranscodeRequest)), static_cast<uint32_t>(sizeof(TranscodeOutput)),
    static_cast<uint32_t>(sizeof(RungOutput) + sizeof(TextTrack) + sizeof(TextCue) + sizeof(RungSpec))};

}  // namespace cpk::formats::video::media

namespace cpk::formats::video {

/// The table of libcoursepack-media.so, loaded on the first call; nullptr when the module
/// cannot be loaded, with the reason in `error`. Thread-safe; the module stays loaded.
const media::MediaApi* LoadMediaModule(std::string* error = nullptr);

}  // namespace cpk::formats::video

/// The entry point of libcoursepack-media.so: the table for `version`, or nullptr when the
/// module was built with another version.
extern "C" const cpk::formats::video::media::MediaApi* cpk_media_api(uint32_t version);
