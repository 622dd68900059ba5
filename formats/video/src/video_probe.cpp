// ProbeMedia: runs the probe of libcoursepack-media.so and turns its facts into diagnostics.

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cpk/formats/video.hpp"
#include "cpk/formats/video_codes.hpp"
#include "media_library.hpp"

namespace cpk::formats::video {
namespace {

bool LogHas(const MediaInfo& info, std::string_view text) {
  for (const std::string& line : info.log) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Quote(const std::string& entry) { return "'" + entry + "'"; }

std::string FirstLogLine(const MediaInfo& info) {
  for (const std::string& line : info.log) {
    if (!line.empty()) return line;
  }
  return {};
}

constexpr std::string_view kUploadAgain = "upload the complete file again (check that the upload or copy finished)";

/// Why libavformat could not open the file, in words an uploader understands.
void ReportOpenFailure(const std::string& entry, uint64_t bytes, const std::string& error, const MediaInfo& info,
                       DiagnosticSink& sink) {
  std::string message;
  std::string hint;
  if (bytes == 0) {
    message = Quote(entry) + " is empty (0 bytes)";
    hint = std::string(kUploadAgain);
  } else if (LogHas(info, "moov atom not found")) {
    message = Quote(entry) +
              " is incomplete: its index (the MP4 'moov' box) is missing, which happens when an upload, a copy or "
              "a recording was interrupted";
    hint =
        "upload the complete file again; if the recording itself was interrupted, export it again from the "
        "camera or editor";
  } else {
    message = Quote(entry) + " is not a video or audio file that can be read (" + error + ")";
    if (const std::string line = FirstLogLine(info); !line.empty()) message += ": " + line;
    hint = "export the video again as MP4 (H.264 video, AAC audio) and upload that file";
  }
  sink.Add(codes::kVideoUnreadable, std::move(message), {.file = entry}, std::move(hint));
}

}  // namespace

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) seconds = 0;
  const auto total = static_cast<int64_t>(std::floor(seconds));
  const int64_t h = total / 3600;
  const int64_t m = (total / 60) % 60;
  const double s = seconds - static_cast<double>(h * 3600 + m * 60);
  char buf[48];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02d", static_cast<long long>(h), static_cast<long long>(m),
                  static_cast<int>(std::floor(s)));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%04.1f", static_cast<long long>(m), std::floor(s * 10) / 10);
  }
  return buf;
}

void DiagnoseMedia(const MediaInfo& info, const std::string& entry, const Limits& limits, DiagnosticSink& sink) {
  const Location where{.file = entry};
  if (info.duration > static_cast<double>(limits.max_media_seconds)) {
    sink.Add(codes::kVideoTooLong,
             Quote(entry) + " lasts " + FormatDuration(info.duration) + ", longer than the limit of " +
                 FormatDuration(static_cast<double>(limits.max_media_seconds)),
             where, "split the recording into shorter lessons");
  }
  if (info.file_bytes > limits.max_media_bytes) {
    sink.Add(codes::kVideoTooLarge,
             Quote(entry) + " has " + std::to_string(info.file_bytes) + " bytes, more than the limit of " +
                 std::to_string(limits.max_media_bytes),
             where, "export the video at a lower bitrate or split it into shorter lessons");
  }
  if (info.video &&
      static_cast<uint64_t>(info.video->width) * static_cast<uint64_t>(info.video->height) > limits.max_video_pixels) {
    sink.Add(codes::kVideoTooLarge,
             Quote(entry) + " has frames of " + std::to_string(info.video->width) + "x" +
                 std::to_string(info.video->height) + " pixels, more than the limit of " +
                 std::to_string(limits.max_video_pixels),
             where, "export the video at 1920x1080 or smaller");
  }
  if (info.truncated) {
    std::string message = Quote(entry) + " is cut off: its data ends at " + FormatDuration(info.decoded_until) +
                          " of the " + FormatDuration(info.duration) + " it declares";
    message += info.read_error.empty() ? "" : " (" + info.read_error + ")";
    message += ", which happens when an upload or a copy was interrupted";
    sink.Add(codes::kVideoUnreadable, std::move(message), where, std::string(kUploadAgain));
  }
  if (info.video && info.decode_checked && info.video_frames == 0 && info.video_frames_corrupt > 0) {
    sink.Add(codes::kVideoUnreadable, Quote(entry) + ": none of its video frames can be decoded", where,
             "export the video again from the original recording or editor");
  }
  if (info.video_frames_corrupt > 0 || info.audio_frames_corrupt > 0) {
    std::string message = Quote(entry) + " has damaged data:";
    if (info.video_frames_corrupt > 0) {
      message += " " + std::to_string(info.video_frames_corrupt) + " of " +
                 std::to_string(info.video_frames + info.video_frames_corrupt) + " video frames";
    }
    if (info.audio_frames_corrupt > 0) {
      message += std::string(info.video_frames_corrupt > 0 ? " and" : "") + " " +
                 std::to_string(info.audio_frames_corrupt) + " of " +
                 std::to_string(info.audio_frames + info.audio_frames_corrupt) + " audio frames";
    }
    message += " could not be decoded; they show as glitches or silence";
    if (const std::string line = FirstLogLine(info); !line.empty()) message += " (" + line + ")";
    sink.Add(codes::kVideoDecodeError, std::move(message), where,
             "export the video again from the original recording or editor");
  }
  if (!info.video && info.audio) {
    sink.Add(codes::kVideoNoVideo,
             Quote(entry) + " holds only audio (" + info.audio->codec + "); it is published as audio", where);
  }
  if (!info.video) return;
  const VideoStreamInfo& v = *info.video;
  if (!info.audio) sink.Add(codes::kVideoNoAudio, Quote(entry) + " has no sound track", where);
  if (v.interlaced) {
    sink.Add(codes::kVideoInterlaced,
             Quote(entry) + " is interlaced" + (v.field_order.empty() ? "" : " (field order " + v.field_order + ")") +
                 "; it is deinterlaced on conversion",
             where, "export progressive video (for example 25p or 30p) to avoid the conversion");
  }
  if (v.hdr) {
    sink.Add(codes::kVideoHdr,
             Quote(entry) + " is HDR (" + (v.color_transfer == "arib-std-b67" ? "HLG" : "PQ") + ", " +
                 std::to_string(v.bit_depth) + "-bit " + v.color_primaries +
                 "); it is tone-mapped to SDR (BT.709, 8-bit) on conversion and colours may look different",
             where, "turn off HDR in the camera, or export SDR (Rec. 709) from the editor");
  }
  if (v.variable_frame_rate) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f", v.frame_rate);
    sink.Add(codes::kVideoVfr,
             Quote(entry) + " has a variable frame rate (about " + rate +
                 " frames per second on average); it is converted to a constant rate",
             where);
  }
  if (v.width % 2 != 0 || v.height % 2 != 0) {
    sink.Add(codes::kVideoOddDimensions,
             Quote(entry) + " has an odd frame size (" + std::to_string(v.width) + "x" + std::to_string(v.height) +
                 "), which many phone decoders refuse; the conversion makes it even",
             where, "export the video with an even width and height");
  }
  const int short_side = std::min(v.display_width, v.display_height);
  if (short_side > 0 && short_side < 240) {
    sink.Add(codes::kVideoLowResolution,
             Quote(entry) + " is only " + std::to_string(v.display_width) + "x" + std::to_string(v.display_height) +
                 "; text and slides may be hard to read on a phone and it is never scaled up",
             where, "export the video at 640x360 or more if the original has it");
  }
}

Result<MediaInfo> ProbeMedia(const std::string& path, const std::string& entry, const Limits& limits,
                             const ProbeOptions& options, DiagnosticSink& sink) {
  std::string load_error;
  const media::MediaApi* api = internal::MediaLibrary(&load_error);
  if (api == nullptr) return Fail(Errc::kUnsupported, "cannot load the media module: " + load_error);
  std::error_code ec;
  const uint64_t bytes = std::filesystem::file_size(path, ec);
  if (ec) return Fail(Errc::kIo, "cannot read '" + entry + "': " + ec.message());

  media::ProbeRequest request;
  request.path = path;
  // A file over the size limit is only described, never decoded.
  request.decode = options.decode && bytes <= limits.max_media_bytes;
  request.max_decode_seconds = options.max_decode_seconds;
  request.max_pixels = static_cast<int64_t>(std::min<uint64_t>(limits.max_video_pixels, INT64_MAX));
  request.cancelled = [token = options.cancel] { return token.IsCancelled(); };
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");

  MediaInfo info;
  std::string error;
  const int rc = api->probe(request, info, error);
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
  if (rc < 0) {
    ReportOpenFailure(entry, bytes, error, info, sink);
    return Fail(Errc::kMalformed, "'" + entry + "' cannot be read as media: " + error);
  }
  if (!info.video && !info.audio) {
    sink.Add(codes::kVideoUnreadable, Quote(entry) + " holds no video or audio stream (" + info.container + ")",
             {.file = entry}, "upload the video file itself");
    return Fail(Errc::kMalformed, "'" + entry + "' holds no video or audio stream");
  }
  DiagnoseMedia(info, entry, limits, sink);
  return info;
}

}  // namespace cpk::formats::video
