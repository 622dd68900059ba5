// libcoursepack-media.so, part 1: probing a media file with libavformat and libavcodec, and
// the module's entry point (cpk_media_api).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string_view>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include "cpk/formats/video_media_api.hpp"
#include "media/ffmpeg_common.hpp"
#include "media/media_internal.hpp"

namespace cpk::formats::video::media {
namespace {

using Clock = std::chrono::steady_clock;

std::string Str(const char* s) { return s != nullptr ? s : ""; }

double Seconds(int64_t ts, AVRational tb) { return ts == AV_NOPTS_VALUE ? 0.0 : static_cast<double>(ts) * av_q2d(tb); }

std::string FieldOrderName(AVFieldOrder f) {
  switch (f) {
    case AV_FIELD_PROGRESSIVE:
      return "progressive";
    case AV_FIELD_TT:
      return "tt";
    case AV_FIELD_BB:
      return "bb";
    case AV_FIELD_TB:
      return "tb";
    case AV_FIELD_BT:
      return "bt";
    default:
      return "";
  }
}

bool IsTextSubtitle(AVCodecID id) {
  const AVCodecDescriptor* d = avcodec_descriptor_get(id);
  return d != nullptr && (d->props & AV_CODEC_PROP_TEXT_SUB) != 0;
}

/// Picks the main video stream: the largest one that is not cover art.
int BestVideoStream(const AVFormatContext* ctx) {
  int best = -1;
  int64_t best_pixels = -1;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) continue;
    if ((st->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0) continue;
    const int64_t pixels = static_cast<int64_t>(st->codecpar->width) * st->codecpar->height;
    if (pixels > best_pixels) {
      best = static_cast<int>(i);
      best_pixels = pixels;
    }
  }
  return best;
}

void ScanMetadata(const AVDictionary* dict, MediaInfo& out) {
  const AVDictionaryEntry* e = nullptr;
  while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    std::string key = e->key;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    if (key.find("location") != std::string::npos || key.find("gps") != std::string::npos ||
        key.find("iso6709") != std::string::npos) {
      out.has_location_metadata = true;
    }
    if (key == "make" || key == "model" || key.find(".make") != std::string::npos ||
        key.find(".model") != std::string::npos || key.find("manufacturer") != std::string::npos ||
        key.find("quicktime.software") != std::string::npos) {
      out.has_device_metadata = true;
    }
  }
}

void FillVideo(const AVStream* st, VideoStreamInfo& v) {
  const AVCodecParameters* par = st->codecpar;
  v.index = st->index;
  v.codec = Str(avcodec_get_name(par->codec_id));
  v.profile = Str(avcodec_profile_name(par->codec_id, par->profile));
  v.width = par->width;
  v.height = par->height;
  // As players do (av_guess_sample_aspect_ratio): the container's aspect ratio wins over the
  // bitstream's.
  AVRational sar = st->sample_aspect_ratio.num > 0 ? st->sample_aspect_ratio : par->sample_aspect_ratio;
  if (sar.num > 0 && sar.den > 0) {
    av_reduce(&v.sar_num, &v.sar_den, sar.num, sar.den, 1 << 20);
  }
  if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0) v.frame_rate = av_q2d(st->avg_frame_rate);
  if (st->r_frame_rate.num > 0 && st->r_frame_rate.den > 0) v.nominal_frame_rate = av_q2d(st->r_frame_rate);
  const auto fmt = static_cast<AVPixelFormat>(par->format);
  if (const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(fmt)) {
    v.pixel_format = d->name;
    v.bit_depth = d->comp[0].depth;
  }
  v.full_range = par->color_range == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P ||
                 fmt == AV_PIX_FMT_YUVJ444P;
  v.color_transfer = Str(av_color_transfer_name(par->color_trc));
  v.color_primaries = Str(av_color_primaries_name(par->color_primaries));
  v.color_space = Str(av_color_space_name(par->color_space));
  v.hdr = par->color_trc == AVCOL_TRC_SMPTE2084 || par->color_trc == AVCOL_TRC_ARIB_STD_B67;
  v.field_order = FieldOrderName(par->field_order);
  v.interlaced = par->field_order != AV_FIELD_UNKNOWN && par->field_order != AV_FIELD_PROGRESSIVE;
  v.start_time = Seconds(st->start_time, st->time_base);

  size_t size = 0;
  const uint8_t* sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (sd != nullptr && size >= 9 * sizeof(int32_t)) {
    int32_t m[9];
    std::memcpy(m, sd, sizeof m);
    const Orientation o = OrientationOf(m);
    v.rotation = o.rotation;
    v.mirrored = o.mirrored;
    v.orientation_filter = o.filter;
  }
  int w = v.width;
  int h = v.height;
  if (v.sar_num != v.sar_den && v.sar_num > 0 && v.sar_den > 0) {
    if (v.sar_num > v.sar_den) {
      w = static_cast<int>(std::lround(static_cast<double>(w) * v.sar_num / v.sar_den));
    } else {
      h = static_cast<int>(std::lround(static_cast<double>(h) * v.sar_den / v.sar_num));
    }
  }
  if (v.rotation == 90 || v.rotation == 270) std::swap(w, h);
  v.display_width = w;
  v.display_height = h;
}

void FillAudio(const AVStream* st, AudioStreamInfo& a) {
  const AVCodecParameters* par = st->codecpar;
  a.index = st->index;
  a.codec = Str(avcodec_get_name(par->codec_id));
  a.profile = Str(avcodec_profile_name(par->codec_id, par->profile));
  a.sample_rate = par->sample_rate;
  a.channels = par->ch_layout.nb_channels;
  a.start_time = Seconds(st->start_time, st->time_base);
  if (const AVDictionaryEntry* lang = av_dict_get(st->metadata, "language", nullptr, 0)) a.language = lang->value;
}

/// Frame durations that differ by more than timestamp rounding explains: variable frame rate.
bool IsVariableFrameRate(std::vector<int64_t> pts) {
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.size() < 4) return false;
  std::vector<int64_t> deltas;
  for (size_t i = 1; i < pts.size(); ++i) deltas.push_back(pts[i] - pts[i - 1]);
  std::vector<int64_t> sorted = deltas;
  std::sort(sorted.begin(), sorted.end());
  const double median = static_cast<double>(sorted[sorted.size() / 2]);
  // Packets a few ticks apart are frames that are never shown (VP9 alt-ref, split superframes).
  std::erase_if(sorted, [median](int64_t d) { return static_cast<double>(d) < median / 2; });
  if (sorted.size() < 3) return false;
  // Durations rounded to the time base differ by one tick (Matroska's 1 ms); 0.1 % covers
  // the rounding of rational rates such as 30000/1001 in coarse time bases.
  const double tolerance = std::max(1.5, median * 0.001);
  return static_cast<double>(sorted.back() - sorted.front()) > tolerance;
}

struct Interrupt {
  const std::function<bool()>* is_cancelled = nullptr;
  Clock::time_point deadline = Clock::time_point::max();
  bool timed_out = false;
  bool cancelled = false;
};

int InterruptCallback(void* opaque) {
  auto* i = static_cast<Interrupt*>(opaque);
  if (*i->is_cancelled && (*i->is_cancelled)()) {
    i->cancelled = true;
    return 1;
  }
  if (Clock::now() > i->deadline) {
    i->timed_out = true;
    return 1;
  }
  return 0;
}

CodecCtx OpenDecoder(const AVStream* st, LogCapture* capture) {
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (codec == nullptr) return nullptr;
  CodecCtx ctx(avcodec_alloc_context3(codec));
  if (!ctx) return nullptr;
  if (avcodec_parameters_to_context(ctx.get(), st->codecpar) < 0) return nullptr;
  ctx->opaque = capture;
  ctx->pkt_timebase = st->time_base;
  ctx->thread_count = 0;
  if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return nullptr;
  return ctx;
}

/// Sends one packet (nullptr: flush) and drains the frames, counting good and corrupt ones.
void Decode(AVCodecContext* ctx, const AVPacket* pkt, AVFrame* frame, int64_t& good, int64_t& corrupt,
            int64_t* interlaced) {
  int rc = avcodec_send_packet(ctx, pkt);
  if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) ++corrupt;
  while (true) {
    rc = avcodec_receive_frame(ctx, frame);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) break;
    if (rc < 0) {
      ++corrupt;
      if (pkt == nullptr) break;  // a decoder that keeps failing while flushing
      continue;
    }
    if (frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0) {
      ++corrupt;
    } else {
      ++good;
    }
    if (interlaced != nullptr && frame->interlaced_frame) ++*interlaced;
    av_frame_unref(frame);
  }
}

}  // namespace

int Probe(const ProbeRequest& request, MediaInfo& out, std::string& error) {
  InstallLogCallback();
  out = MediaInfo{};
  LogCapture capture;
  ScopedLogCapture thread_capture(&capture);
  std::error_code ec;
  out.file_bytes = std::filesystem::file_size(request.path, ec);
  if (ec) out.file_bytes = 0;

  Interrupt interrupt;
  interrupt.is_cancelled = &request.cancelled;
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) {
    error = "out of memory";
    return AVERROR(ENOMEM);
  }
  raw->opaque = &capture;
  raw->interrupt_callback = {&InterruptCallback, &interrupt};
  int rc = avformat_open_input(&raw, request.path.c_str(), nullptr, nullptr);
  if (rc < 0) {  // avformat_open_input freed the context
    error = AvErrorText(rc);
    out.log = capture.Lines();
    return interrupt.cancelled ? AVERROR_EXIT : rc;
  }
  FormatCtx ctx(raw);
  rc = avformat_find_stream_info(ctx.get(), nullptr);
  if (rc < 0) {
    error = AvErrorText(rc);
    out.log = capture.Lines();
    return interrupt.cancelled ? AVERROR_EXIT : rc;
  }
  out.container = Str(ctx->iformat->name);
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0)
    out.duration = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  if (ctx->start_time != AV_NOPTS_VALUE) out.start_time = static_cast<double>(ctx->start_time) / AV_TIME_BASE;
  out.bit_rate = ctx->bit_rate;
  ScanMetadata(ctx->metadata, out);

  const int vi = BestVideoStream(ctx.get());
  if (vi >= 0) {
    out.video.emplace();
    FillVideo(ctx->streams[vi], *out.video);
  }
  const int ai = av_find_best_stream(ctx.get(), AVMEDIA_TYPE_AUDIO, -1, vi, nullptr, 0);
  if (ai >= 0) {
    out.audio.emplace();
    FillAudio(ctx->streams[ai], *out.audio);
  }
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    ScanMetadata(st->metadata, out);
    if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE) continue;
    SubtitleStreamInfo s;
    s.index = st->index;
    s.codec = Str(avcodec_get_name(st->codecpar->codec_id));
    if (const AVDictionaryEntry* lang = av_dict_get(st->metadata, "language", nullptr, 0)) s.language = lang->value;
    s.text = IsTextSubtitle(st->codecpar->codec_id);
    out.subtitles.push_back(std::move(s));
  }
  if (out.duration <= 0) {
    for (const int index : {vi, ai}) {
      if (index < 0) continue;
      const AVStream* st = ctx->streams[index];
      out.duration = std::max(out.duration, Seconds(st->duration, st->time_base));
    }
  }

  // One pass over the packets: frame timestamps for the VFR check and, when asked, a decode of
  // the chosen video and audio streams.
  CodecCtx vdec;
  CodecCtx adec;
  if (request.decode) {
    out.decode_checked = true;
    const bool too_big = request.max_pixels > 0 && out.video &&
                         static_cast<int64_t>(out.video->width) * out.video->height > request.max_pixels;
    if (vi >= 0 && !too_big) vdec = OpenDecoder(ctx->streams[vi], &capture);
    if (ai >= 0) adec = OpenDecoder(ctx->streams[ai], &capture);
  }
  interrupt.deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(request.max_decode_seconds * 1000));
  constexpr size_t kVfrSamples = 600;
  std::vector<int64_t> video_pts;
  Packet pkt(av_packet_alloc());
  Frame frame(av_frame_alloc());
  if (!pkt || !frame) {
    error = "out of memory";
    return AVERROR(ENOMEM);
  }
  const double origin = out.start_time;
  while (true) {
    if (!request.decode && (vi < 0 || video_pts.size() >= kVfrSamples)) break;
    rc = av_read_frame(ctx.get(), pkt.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) {
      if (interrupt.cancelled) return AVERROR_EXIT;
      if (interrupt.timed_out) {
        out.decode_complete = false;
      } else {
        out.read_error = AvErrorText(rc);
      }
      break;
    }
    const AVStream* st = ctx->streams[pkt->stream_index];
    const int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
    if (ts != AV_NOPTS_VALUE && (pkt->stream_index == vi || pkt->stream_index == ai)) {
      const double t = Seconds(ts, st->time_base) + Seconds(pkt->duration, st->time_base) - origin;
      out.decoded_until = std::max(out.decoded_until, t);
    }
    if (pkt->stream_index == vi) {
      if (video_pts.size() < kVfrSamples && pkt->pts != AV_NOPTS_VALUE) video_pts.push_back(pkt->pts);
      if (vdec)
        Decode(vdec.get(), pkt.get(), frame.get(), out.video_frames, out.video_frames_corrupt, &out.interlaced_frames);
    } else if (pkt->stream_index == ai && adec) {
      Decode(adec.get(), pkt.get(), frame.get(), out.audio_frames, out.audio_frames_corrupt, nullptr);
    }
    av_packet_unref(pkt.get());
    if (Clock::now() > interrupt.deadline) {
      out.decode_complete = false;
      break;
    }
    if (request.cancelled && request.cancelled()) return AVERROR_EXIT;
  }
  if (vdec)
    Decode(vdec.get(), nullptr, frame.get(), out.video_frames, out.video_frames_corrupt, &out.interlaced_frames);
  if (adec) Decode(adec.get(), nullptr, frame.get(), out.audio_frames, out.audio_frames_corrupt, nullptr);
  if (out.video) {
    out.video->variable_frame_rate = IsVariableFrameRate(video_pts);
    if (out.interlaced_frames > 0) out.video->interlaced = true;
  }
  // The data stops short of what the index declares: an upload or a copy that was cut off.
  out.truncated = capture.Contains("partial file") || !out.read_error.empty();
  // A complete read measures the real span (the container's figure may include a start offset).
  if (out.decode_checked && out.decode_complete && !out.truncated && out.decoded_until > 0) {
    out.duration = out.decoded_until;
  }
  out.log = capture.Lines();
  return 0;
}

}  // namespace cpk::formats::video::media
