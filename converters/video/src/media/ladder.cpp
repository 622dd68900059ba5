// libcoursepack-media.so, part 2: the one-decode HLS ladder.
//
// One thread demuxes, decodes (libavcodec adds its own frame threads) and runs one filter
// graph: [deinterlace] → [tone-map HDR to SDR BT.709] → [orientation] → split into one branch
// per rung (fps → scale to limited-range BT.709 → yuv420p). Each rung's frames go through a
// small bounded queue to the rung's own thread, which encodes with libx264 and muxes HLS
// (fMP4 segments) and, for the download rungs, a single-file MP4. Audio is decoded, resampled
// to 48 kHz and encoded to AAC-LC on the first thread; its packets go to the audio rendition,
// the .m4a and the downloads. IDR frames are forced at the same instants in every rung, so
// keyframes and segment boundaries line up across the ladder.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cpk/formats/video_media_api.hpp"
#include "media/ffmpeg_common.hpp"
#include "media/media_internal.hpp"

namespace cpk::formats::video::media {
namespace {

namespace fs = std::filesystem;
using FilterGraph = CHandle<AVFilterGraph, &ViaPtrPtr<AVFilterGraph, avfilter_graph_free>>;

/// An output file (HLS playlist + segments, or one MP4). Writes may come from several threads.
class Muxer {
 public:
  Muxer() = default;
  Muxer(const Muxer&) = delete;
  Muxer& operator=(const Muxer&) = delete;
  ~Muxer() {
    if (ctx_ == nullptr) return;
    if (ctx_->pb != nullptr && (ctx_->oformat->flags & AVFMT_NOFILE) == 0) avio_closep(&ctx_->pb);
    avformat_free_context(ctx_);
  }

  int Open(const char* format, const std::string& path, const std::vector<const AVCodecContext*>& encoders,
           AVDictionary* options, LogCapture* capture) {
    int rc = avformat_alloc_output_context2(&ctx_, nullptr, format, path.c_str());
    if (rc < 0) return rc;
    ctx_->opaque = capture;
    ctx_->flags |= AVFMT_FLAG_BITEXACT;  // no creation times or library versions: reproducible bytes
    for (const AVCodecContext* enc : encoders) {
      AVStream* st = avformat_new_stream(ctx_, nullptr);
      if (st == nullptr) return AVERROR(ENOMEM);
      if ((rc = avcodec_parameters_from_context(st->codecpar, enc)) < 0) return rc;
      st->time_base = enc->time_base;
      if (enc->codec_type == AVMEDIA_TYPE_VIDEO) st->avg_frame_rate = enc->framerate;
      tbs_.push_back(enc->time_base);
    }
    if ((ctx_->oformat->flags & AVFMT_NOFILE) == 0) {
      if ((rc = avio_open(&ctx_->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0) return rc;
    }
    rc = avformat_write_header(ctx_, &options);
    av_dict_free(&options);
    return rc < 0 ? rc : 0;
  }

  /// Writes a copy of `pkt` (in its encoder's time base) to stream `stream`.
  int Write(const AVPacket* pkt, int stream) {
    AVPacket* copy = av_packet_clone(pkt);
    if (copy == nullptr) return AVERROR(ENOMEM);
    copy->stream_index = stream;
    av_packet_rescale_ts(copy, tbs_[static_cast<size_t>(stream)], ctx_->streams[stream]->time_base);
    std::lock_guard lock(mutex_);
    const int rc = av_interleaved_write_frame(ctx_, copy);
    av_packet_free(&copy);
    return rc;
  }

  int Finish() {
    std::lock_guard lock(mutex_);
    int rc = av_write_trailer(ctx_);
    if (ctx_->pb != nullptr && (ctx_->oformat->flags & AVFMT_NOFILE) == 0) {
      const int close = avio_closep(&ctx_->pb);
      if (rc >= 0) rc = close;
    }
    return rc;
  }

 private:
  AVFormatContext* ctx_ = nullptr;
  std::vector<AVRational> tbs_;
  std::mutex mutex_;
};

/// Frames from the decoding thread to one encoder thread; bounded so memory stays flat.
class FrameQueue {
 public:
  explicit FrameQueue(size_t capacity, const std::atomic<bool>& abort) : capacity_(capacity), abort_(abort) {}
  ~FrameQueue() {
    for (AVFrame* f : frames_) av_frame_free(&f);
  }
  /// Takes ownership; nullptr marks the end. Returns false when aborted.
  bool Push(AVFrame* frame) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return frames_.size() < capacity_ || abort_.load(); });
    if (abort_.load()) {
      av_frame_free(&frame);
      return false;
    }
    frames_.push_back(frame);
    cv_.notify_all();
    return true;
  }
  /// nullptr at the end or when aborted.
  AVFrame* Pop(bool& end) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !frames_.empty() || abort_.load(); });
    end = false;
    if (abort_.load()) {
      end = true;
      return nullptr;
    }
    AVFrame* f = frames_.front();
    frames_.pop_front();
    if (f == nullptr) end = true;
    cv_.notify_all();
    return f;
  }
  /// Wakes the waiting threads so that they see an abort (under the lock: no lost wake-up).
  void Wake() {
    std::lock_guard lock(mutex_);
    cv_.notify_all();
  }

 private:
  size_t capacity_;
  const std::atomic<bool>& abort_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<AVFrame*> frames_;
};

struct Shared {
  std::atomic<bool> abort{false};
  std::mutex error_mutex;
  std::string error;
  int error_code = 0;
  void Fail(int code, const std::string& what) {
    std::lock_guard lock(error_mutex);
    if (error_code == 0) {
      error_code = code;
      error = what + ": " + AvErrorText(code);
    }
    abort = true;
  }
};

struct Rung {
  RungSpec spec;
  std::string name;
  int width = 0;
  int height = 0;
  AVRational fps{25, 1};
  AVFilterContext* sink = nullptr;
  CodecCtx enc;
  std::unique_ptr<Muxer> hls = std::make_unique<Muxer>();
  std::unique_ptr<Muxer> download;
  std::unique_ptr<FrameQueue> queue;
  std::thread thread;
  double next_key = 0;
  int64_t frames = 0;
  std::string codec;
};

int Even(double v) { return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2); }

/// The source's frame rate as an exact rational, snapped to a common rate when close.
AVRational SourceRate(const VideoStreamInfo& v) {
  double fps = v.frame_rate > 0.5 && v.frame_rate < 121 ? v.frame_rate : v.nominal_frame_rate;
  if (!(fps > 0.5 && fps < 241)) fps = 25;
  static const AVRational kCommon[] = {{24000, 1001}, {24, 1}, {25, 1},  {30000, 1001}, {30, 1}, {50, 1},
                                       {60000, 1001}, {60, 1}, {15, 1},  {12, 1},       {10, 1}, {20, 1},
                                       {48, 1},       {90, 1}, {120, 1}, {25, 2},       {8, 1}};
  const AVRational* best = nullptr;
  for (const AVRational& r : kCommon) {
    const double off = std::fabs(av_q2d(r) - fps) / fps;
    if (off < 0.01 && (best == nullptr || off < std::fabs(av_q2d(*best) - fps) / fps)) best = &r;
  }
  return best != nullptr ? *best : av_d2q(fps, 100000);
}

/// The rung's rate: the source's, halved while above 30 (60 → 30, 50 → 25), then capped.
AVRational RungRate(AVRational source, double cap) {
  // Drop whole frames: 60 → 30, 50 → 25, 90 → 30, 120 → 30.
  const int divisor = std::max(1, static_cast<int>(std::ceil(av_q2d(source) / 30.5)));
  AVRational r = av_mul_q(source, AVRational{1, divisor});
  if (cap > 0 && av_q2d(r) > cap + 0.01) r = av_d2q(cap, 1000);
  return r;
}

std::string CodecString(const AVCodecContext* enc) {
  const uint8_t* p = enc->extradata;
  const int n = enc->extradata_size;
  for (int i = 0; i + 6 < n; ++i) {
    if (p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1 && (p[i + 3] & 0x1F) == 7) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "avc1.%02x%02x%02x", p[i + 4], p[i + 5], p[i + 6]);
      return buf;
    }
  }
  if (n >= 4 && p[0] == 1) {  // avcC
    char buf[32];
    std::snprintf(buf, sizeof buf, "avc1.%02x%02x%02x", p[1], p[2], p[3]);
    return buf;
  }
  return "avc1.640028";
}

AVDictionary* HlsOptions(const std::string& dir, double segment_seconds) {
  AVDictionary* o = nullptr;
  av_dict_set(&o, "hls_time", std::to_string(segment_seconds).c_str(), 0);
  av_dict_set(&o, "hls_playlist_type", "vod", 0);
  av_dict_set(&o, "hls_list_size", "0", 0);
  av_dict_set(&o, "hls_segment_type", "fmp4", 0);
  av_dict_set(&o, "hls_fmp4_init_filename", "init.mp4", 0);
  av_dict_set(&o, "hls_segment_filename", (dir + "/seg_%03d.m4s").c_str(), 0);
  av_dict_set(&o, "hls_flags", "independent_segments", 0);
  return o;
}

AVDictionary* FaststartOptions() {
  AVDictionary* o = nullptr;
  av_dict_set(&o, "movflags", "+faststart", 0);
  return o;
}

/// Encodes `frame` as a JPEG file (full-range YUV, as JPEG viewers expect).
int WriteJpeg(const AVFrame* frame, const std::string& path, LogCapture* capture) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return AVERROR_ENCODER_NOT_FOUND;
  Frame full(av_frame_alloc());
  full->format = AV_PIX_FMT_YUVJ420P;
  full->width = frame->width;
  full->height = frame->height;
  int rc = av_frame_get_buffer(full.get(), 0);
  if (rc < 0) return rc;
  SwsContext* sws = sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), full->width,
                                   full->height, AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (sws == nullptr) return AVERROR(EINVAL);
  const int* coeffs = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(sws, coeffs, frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0, coeffs, 1, 0, 1 << 16, 1 << 16);
  sws_scale(sws, frame->data, frame->linesize, 0, frame->height, full->data, full->linesize);
  sws_freeContext(sws);
  CodecCtx enc(avcodec_alloc_context3(codec));
  enc->opaque = capture;
  enc->width = full->width;
  enc->height = full->height;
  enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
  enc->color_range = AVCOL_RANGE_JPEG;
  enc->time_base = {1, 25};
  enc->flags |= AV_CODEC_FLAG_QSCALE | AV_CODEC_FLAG_BITEXACT;
  enc->global_quality = FF_QP2LAMBDA * 4;
  if ((rc = avcodec_open2(enc.get(), codec, nullptr)) < 0) return rc;
  full->quality = enc->global_quality;
  full->pts = 0;
  if ((rc = avcodec_send_frame(enc.get(), full.get())) < 0) return rc;
  avcodec_send_frame(enc.get(), nullptr);
  Packet pkt(av_packet_alloc());
  std::ofstream out(path, std::ios::binary);
  while ((rc = avcodec_receive_packet(enc.get(), pkt.get())) >= 0) {
    out.write(reinterpret_cast<const char*>(pkt->data), pkt->size);
    av_packet_unref(pkt.get());
  }
  out.close();
  return out ? 0 : AVERROR(EIO);
}

std::string VttTime(double seconds) {
  const auto ms = static_cast<long long>(std::llround(std::max(0.0, seconds) * 1000));
  char out[48];
  std::snprintf(out, sizeof out, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
                ms % 1000);
  return out;
}

/// Small pictures taken every few seconds, tiled into JPEG sprites with a WebVTT index.
class ThumbnailSprite {
 public:
  ThumbnailSprite(int width, double interval) : width_(width), interval_(interval) {}
  ~ThumbnailSprite() {
    for (AVFrame* f : tiles_) av_frame_free(&f);
    sws_freeContext(sws_);
  }
  ThumbnailSprite(const ThumbnailSprite&) = delete;
  ThumbnailSprite& operator=(const ThumbnailSprite&) = delete;

  void Offer(const AVFrame* frame, double t) {
    if (t + 1e-6 < next_) return;
    while (next_ <= t + 1e-6) next_ += interval_;
    if (height_ == 0) height_ = Even(static_cast<double>(width_) * frame->height / frame->width);
    sws_ = sws_getCachedContext(sws_, frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), width_,
                                height_, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr);
    if (sws_ == nullptr) return;
    AVFrame* tile = av_frame_alloc();
    tile->format = AV_PIX_FMT_YUV420P;
    tile->width = width_;
    tile->height = height_;
    tile->color_range = AVCOL_RANGE_MPEG;
    if (av_frame_get_buffer(tile, 0) < 0) {
      av_frame_free(&tile);
      return;
    }
    sws_scale(sws_, frame->data, frame->linesize, 0, frame->height, tile->data, tile->linesize);
    tiles_.push_back(tile);
  }

  /// Writes `image` and `index` (WebVTT naming `image_name`#xywh=...) into `dir`.
  /// Writes the sprites (`stem`_000.jpg, ...: 10 x 10 pictures at most each, so that a cheap phone
  /// decodes one in a few hundred KiB of memory) and `index_name`, the WebVTT index naming
  /// `stem`_NNN.jpg#xywh=... for every interval, into `dir`.
  int Write(const std::string& dir, const std::string& stem, const std::string& index_name, double duration,
            LogCapture* capture) const {
    if (tiles_.empty()) return AVERROR(EINVAL);
    constexpr size_t kColumns = 10;
    constexpr size_t kPerSprite = kColumns * 10;
    std::string vtt = "WEBVTT\n";
    for (size_t first = 0; first < tiles_.size(); first += kPerSprite) {
      const size_t count = std::min(kPerSprite, tiles_.size() - first);
      char name[64];
      std::snprintf(name, sizeof name, "%s_%03zu.jpg", stem.c_str(), first / kPerSprite);
      Frame sprite(av_frame_alloc());
      sprite->format = AV_PIX_FMT_YUV420P;
      sprite->width = static_cast<int>(std::min(count, kColumns)) * width_;
      sprite->height = static_cast<int>((count + kColumns - 1) / kColumns) * height_;
      sprite->color_range = AVCOL_RANGE_MPEG;
      int rc = av_frame_get_buffer(sprite.get(), 0);
      if (rc < 0) return rc;
      for (int plane = 0; plane < 3; ++plane) {
        const int ph = plane == 0 ? sprite->height : sprite->height / 2;
        for (int y = 0; y < ph; ++y) {
          std::fill_n(sprite->data[plane] + y * sprite->linesize[plane], sprite->linesize[plane],
                      plane == 0 ? 16 : 128);
        }
      }
      for (size_t k = 0; k < count; ++k) {
        const AVFrame* tile = tiles_[first + k];
        const int x = static_cast<int>(k % kColumns) * width_;
        const int y = static_cast<int>(k / kColumns) * height_;
        for (int plane = 0; plane < 3; ++plane) {
          const int sx = plane == 0 ? x : x / 2;
          const int sy = plane == 0 ? y : y / 2;
          const int w = plane == 0 ? width_ : width_ / 2;
          const int h = plane == 0 ? height_ : height_ / 2;
          for (int row = 0; row < h; ++row) {
            std::copy_n(tile->data[plane] + row * tile->linesize[plane], w,
                        sprite->data[plane] + (sy + row) * sprite->linesize[plane] + sx);
          }
        }
        const double start = static_cast<double>(first + k) * interval_;
        const double end = std::max(std::min(duration, start + interval_), start + 0.001);
        char line[200];
        std::snprintf(line, sizeof line, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n", VttTime(start).c_str(),
                      VttTime(end).c_str(), name, x, y, width_, height_);
        vtt += line;
      }
      if ((rc = WriteJpeg(sprite.get(), dir + "/" + name, capture)) < 0) return rc;
    }
    std::ofstream out(dir + "/" + index_name, std::ios::binary);
    out << vtt;
    out.close();
    return out ? 0 : AVERROR(EIO);
  }

 private:
  int width_;
  int height_ = 0;
  double interval_;
  double next_ = 0;
  SwsContext* sws_ = nullptr;
  std::vector<AVFrame*> tiles_;
};

void EncodeLoop(Rung& r, Shared& shared) {
  Packet pkt(av_packet_alloc());
  bool end = false;
  while (!end) {
    AVFrame* frame = r.queue->Pop(end);
    if (shared.abort) {
      av_frame_free(&frame);
      return;
    }
    int rc = avcodec_send_frame(r.enc.get(), frame);
    av_frame_free(&frame);
    if (rc < 0) return shared.Fail(rc, "encoding " + r.name);
    while ((rc = avcodec_receive_packet(r.enc.get(), pkt.get())) >= 0) {
      pkt->duration = 1;  // one frame in the encoder's 1/fps time base (the hls muxer wants it)
      if ((rc = r.hls->Write(pkt.get(), 0)) < 0) return shared.Fail(rc, "writing the " + r.name + " rendition");
      if (r.download && (rc = r.download->Write(pkt.get(), 0)) < 0) {
        return shared.Fail(rc, "writing the " + r.name + " download");
      }
      av_packet_unref(pkt.get());
    }
    if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) return shared.Fail(rc, "encoding " + r.name);
  }
}

class Ladder {
 public:
  Ladder(const TranscodeRequest& request, TranscodeOutput& out) : req_(request), out_(out) {}
  ~Ladder() {
    av_frame_free(&poster_frame_);
    shared_.abort = true;
    for (Rung& r : rungs_) {
      if (r.queue) r.queue->Wake();
      if (r.thread.joinable()) r.thread.join();
    }
  }
  Ladder(const Ladder&) = delete;
  Ladder& operator=(const Ladder&) = delete;

  int Run(std::string& error);

 private:
  int OpenInput();
  int SetUpVideo();
  int BuildGraph(const AVFrame* first);
  int SetUpAudio();
  int OpenOutputs();
  int HandleVideoFrame(AVFrame* decoded);
  int DrainVideoSinks(bool flushing);
  int HandleAudioFrame(AVFrame* decoded);
  int DrainAudio();
  int WriteAudioPacket(const AVPacket* pkt);
  void AddTextCue(const AVPacket* pkt, TextTrack& track) const;
  bool Cancelled() const { return req_.cancelled && req_.cancelled(); }

  const TranscodeRequest& req_;
  TranscodeOutput& out_;
  LogCapture capture_;
  Shared shared_;
  FormatCtx in_;
  int vi_ = -1;
  int ai_ = -1;
  CodecCtx vdec_;
  CodecCtx adec_;
  FilterGraph vgraph_;
  AVFilterContext* vsrc_ = nullptr;
  std::vector<Rung> rungs_;
  FilterGraph agraph_;
  AVFilterContext* asrc_ = nullptr;
  AVFilterContext* asink_ = nullptr;
  CodecCtx aenc_;
  Muxer audio_hls_;
  Muxer audio_m4a_;
  int64_t audio_samples_ = 0;
  int64_t origin_us_ = 0;  // the container's start: every output starts at 0
  AVFrame* poster_frame_ = nullptr;
  bool poster_done_ = false;
  double poster_time_ = 0;
  std::unique_ptr<ThumbnailSprite> thumbs_;
  int64_t decoded_ = 0;
  int64_t expected_frames_ = 0;
  std::map<int, size_t> text_tracks_;  // stream index → index in out_.text_tracks
};

void Ladder::AddTextCue(const AVPacket* pkt, TextTrack& track) const {
  const AVStream* st = in_->streams[pkt->stream_index];
  if (pkt->pts == AV_NOPTS_VALUE || pkt->size <= 0) return;
  const AVRational ms{1, 1000};
  const int64_t start = av_rescale_q(pkt->pts, st->time_base, ms) - origin_us_ / 1000;
  const int64_t end = start + av_rescale_q(pkt->duration, st->time_base, ms);
  std::string text(reinterpret_cast<const char*>(pkt->data), static_cast<size_t>(pkt->size));
  if (track.codec == "mov_text") {  // 3GPP timed text: a 16-bit length, the text, then styles
    const size_t n = pkt->size >= 2 ? (static_cast<size_t>(pkt->data[0]) << 8 | pkt->data[1]) : 0;
    text = text.size() >= 2 + n ? text.substr(2, n) : std::string();
  }
  while (!text.empty() && (text.back() == '\0' || text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!text.empty()) track.cues.push_back({std::max<int64_t>(0, start), std::max<int64_t>(0, end), std::move(text)});
}

int Ladder::OpenInput() {
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return AVERROR(ENOMEM);
  raw->opaque = &capture_;
  int rc = avformat_open_input(&raw, req_.input.c_str(), nullptr, nullptr);
  if (rc < 0) return rc;
  in_.reset(raw);
  if ((rc = avformat_find_stream_info(in_.get(), nullptr)) < 0) return rc;
  if (in_->start_time != AV_NOPTS_VALUE) origin_us_ = in_->start_time;
  if (req_.info.video) vi_ = req_.info.video->index;
  if (req_.info.audio && req_.audio_rendition) ai_ = req_.info.audio->index;
  for (const SubtitleStreamInfo& s : req_.info.subtitles) {
    if (!s.text || s.index < 0 || s.index >= static_cast<int>(in_->nb_streams)) continue;
    if (s.codec != "subrip" && s.codec != "webvtt" && s.codec != "mov_text" && s.codec != "text") continue;
    text_tracks_[s.index] = out_.text_tracks.size();
    out_.text_tracks.push_back({s.language, s.codec, {}});
  }
  return 0;
}

CodecCtx OpenDecoder(const AVStream* st, LogCapture* capture, int threads) {
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (codec == nullptr) return nullptr;
  CodecCtx ctx(avcodec_alloc_context3(codec));
  if (!ctx || avcodec_parameters_to_context(ctx.get(), st->codecpar) < 0) return nullptr;
  ctx->opaque = capture;
  ctx->pkt_timebase = st->time_base;
  ctx->thread_count = threads;
  if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return nullptr;
  return ctx;
}

int Ladder::SetUpVideo() {
  const AVStream* st = in_->streams[vi_];
  vdec_ = OpenDecoder(st, &capture_, 2);
  if (!vdec_) return AVERROR_DECODER_NOT_FOUND;
  const VideoStreamInfo& v = *req_.info.video;
  const AVRational source_rate = SourceRate(v);
  const bool landscape = v.display_width >= v.display_height;
  for (const RungSpec& spec : req_.rungs) {
    Rung r;
    r.spec = spec;
    r.name = std::to_string(spec.short_side) + "p";
    const double aspect = static_cast<double>(v.display_width) / std::max(1, v.display_height);
    if (landscape) {
      r.height = Even(spec.short_side);
      r.width = Even(spec.short_side * aspect);
    } else {
      r.width = Even(spec.short_side);
      r.height = Even(spec.short_side / aspect);
    }
    r.fps = RungRate(source_rate, spec.max_frame_rate);
    rungs_.push_back(std::move(r));
  }
  if (rungs_.empty()) return AVERROR(EINVAL);

  const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
  if (x264 == nullptr) return AVERROR_ENCODER_NOT_FOUND;
  for (size_t i = 0; i < rungs_.size(); ++i) {
    Rung& r = rungs_[i];
    r.enc.reset(avcodec_alloc_context3(x264));
    AVCodecContext* e = r.enc.get();
    e->opaque = &capture_;
    e->width = r.width;
    e->height = r.height;
    e->sample_aspect_ratio = {1, 1};
    e->pix_fmt = AV_PIX_FMT_YUV420P;
    e->time_base = av_inv_q(r.fps);
    e->framerate = r.fps;
    e->color_range = AVCOL_RANGE_MPEG;
    e->color_primaries = AVCOL_PRI_BT709;
    e->color_trc = AVCOL_TRC_BT709;
    e->colorspace = AVCOL_SPC_BT709;
    e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_CLOSED_GOP;
    const int keyint = std::max(1, static_cast<int>(std::lround(req_.keyframe_seconds * av_q2d(r.fps))));
    e->gop_size = keyint * 2;  // only the forced, time-aligned IDRs are keyframes
    e->keyint_min = keyint;
    e->rc_max_rate = r.spec.maxrate;
    e->rc_buffer_size = static_cast<int>(std::min<int64_t>(r.spec.maxrate * 2, INT32_MAX));
    // One thread per encoder; the rungs run in parallel. (x264 with VBV and more than one
    // thread, frame or slice threads alike, gives different bytes from run to run.)
    e->thread_count = 1;
    AVDictionary* o = nullptr;
    av_dict_set(&o, "preset", req_.preset.c_str(), 0);
    av_dict_set(&o, "crf", std::to_string(req_.crf).c_str(), 0);
    av_dict_set(&o, "profile", "high", 0);
    av_dict_set(&o, "forced-idr", "1", 0);
    av_dict_set(&o, "x264-params", "scenecut=0:open-gop=0", 0);
    const int rc = avcodec_open2(e, x264, &o);
    av_dict_free(&o);
    if (rc < 0) return rc;
    r.codec = CodecString(e);
  }
  const double duration = std::max(0.0, req_.info.duration);
  expected_frames_ = static_cast<int64_t>(duration * av_q2d(source_rate));
  poster_time_ = std::min(5.0, duration / 3);
  if (req_.thumbnails) thumbs_ = std::make_unique<ThumbnailSprite>(req_.thumbnail_width, req_.thumbnail_seconds);
  return 0;
}

/// The filter graph, made for the first decoded frame (a stream's pixel format may be unknown
/// until then).
int Ladder::BuildGraph(const AVFrame* first) {
  const AVStream* st = in_->streams[vi_];
  const VideoStreamInfo& v = *req_.info.video;
  vgraph_.reset(avfilter_graph_alloc());
  if (!vgraph_) return AVERROR(ENOMEM);
  vgraph_->nb_threads = 2;
  char args[512];
  // The probe's aspect ratio (the container's, as players use it), not the bitstream's.
  AVRational sar{v.sar_num, v.sar_den};
  if (sar.num <= 0 || sar.den <= 0) sar = {1, 1};
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d", first->width,
                first->height, first->format, st->time_base.num, st->time_base.den, sar.num, sar.den);
  int rc = avfilter_graph_create_filter(&vsrc_, avfilter_get_by_name("buffer"), "in", args, nullptr, vgraph_.get());
  if (rc < 0) return rc;
  std::string chain;
  const auto add = [&chain](const std::string& f) { chain += (chain.empty() ? "" : ",") + f; };
  if (v.interlaced) add("bwdif=mode=send_frame:parity=auto:deint=all");
  if (v.hdr) {
    add("zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
        "zscale=t=bt709:m=bt709:r=tv,format=yuv420p");
  }
  if (!v.orientation_filter.empty()) add(v.orientation_filter);
  if (chain.empty()) add("null");
  std::string graph = "[in]" + chain + ",split=" + std::to_string(rungs_.size());
  for (size_t i = 0; i < rungs_.size(); ++i) graph += "[s" + std::to_string(i) + "]";
  for (size_t i = 0; i < rungs_.size(); ++i) {
    const Rung& r = rungs_[i];
    graph += ";[s" + std::to_string(i) + "]fps=fps=" + std::to_string(r.fps.num) + "/" + std::to_string(r.fps.den) +
             ",scale=w=" + std::to_string(r.width) + ":h=" + std::to_string(r.height) +
             ":flags=bicubic:out_color_matrix=bt709:out_range=tv,format=yuv420p,setsar=1[o" + std::to_string(i) + "]";
  }
  AVFilterInOut* outputs = avfilter_inout_alloc();
  outputs->name = av_strdup("in");
  outputs->filter_ctx = vsrc_;
  outputs->pad_idx = 0;
  outputs->next = nullptr;
  AVFilterInOut* inputs = nullptr;
  AVFilterInOut** tail = &inputs;
  for (size_t i = 0; i < rungs_.size(); ++i) {
    AVFilterContext* sink = nullptr;
    rc = avfilter_graph_create_filter(&sink, avfilter_get_by_name("buffersink"), ("o" + std::to_string(i)).c_str(),
                                      nullptr, nullptr, vgraph_.get());
    if (rc < 0) return rc;
    rungs_[i].sink = sink;
    AVFilterInOut* io = avfilter_inout_alloc();
    io->name = av_strdup(("o" + std::to_string(i)).c_str());
    io->filter_ctx = sink;
    io->pad_idx = 0;
    io->next = nullptr;
    *tail = io;
    tail = &io->next;
  }
  rc = avfilter_graph_parse_ptr(vgraph_.get(), graph.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (rc < 0) return rc;
  if ((rc = avfilter_graph_config(vgraph_.get(), nullptr)) < 0) return rc;

  return 0;
}

int Ladder::SetUpAudio() {
  const AVStream* st = in_->streams[ai_];
  adec_ = OpenDecoder(st, &capture_, 1);
  if (!adec_) return AVERROR_DECODER_NOT_FOUND;
  const bool mono = adec_->ch_layout.nb_channels == 1;
  const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (aac == nullptr) return AVERROR_ENCODER_NOT_FOUND;
  aenc_.reset(avcodec_alloc_context3(aac));
  AVCodecContext* e = aenc_.get();
  e->opaque = &capture_;
  e->sample_rate = 48000;
  e->sample_fmt = AV_SAMPLE_FMT_FLTP;
  av_channel_layout_default(&e->ch_layout, mono ? 1 : 2);
  e->bit_rate = mono ? 32000 : 48000;
  e->profile = FF_PROFILE_AAC_LOW;
  e->time_base = {1, 48000};
  e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_BITEXACT;
  int rc = avcodec_open2(e, aac, nullptr);
  if (rc < 0) return rc;

  agraph_.reset(avfilter_graph_alloc());
  char layout[64] = "mono";
  av_channel_layout_describe(&adec_->ch_layout, layout, sizeof layout);
  if (adec_->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
    AVChannelLayout def;
    av_channel_layout_default(&def, adec_->ch_layout.nb_channels);
    av_channel_layout_describe(&def, layout, sizeof layout);
  }
  char args[256];
  std::snprintf(args, sizeof args, "time_base=1/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s", adec_->sample_rate,
                adec_->sample_rate, av_get_sample_fmt_name(adec_->sample_fmt), layout);
  if ((rc = avfilter_graph_create_filter(&asrc_, avfilter_get_by_name("abuffer"), "ain", args, nullptr,
                                         agraph_.get())) < 0) {
    return rc;
  }
  if ((rc = avfilter_graph_create_filter(&asink_, avfilter_get_by_name("abuffersink"), "aout", nullptr, nullptr,
                                         agraph_.get())) < 0) {
    return rc;
  }
  const std::string chain = std::string(
                                "aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:sample_rates=48000:"
                                "channel_layouts=") +
                            (mono ? "mono" : "stereo");
  AVFilterInOut* outputs = avfilter_inout_alloc();
  AVFilterInOut* inputs = avfilter_inout_alloc();
  outputs->name = av_strdup("in");
  outputs->filter_ctx = asrc_;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = asink_;
  rc = avfilter_graph_parse_ptr(agraph_.get(), ("[in]" + chain + "[out]").c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (rc < 0) return rc;
  if ((rc = avfilter_graph_config(agraph_.get(), nullptr)) < 0) return rc;
  av_buffersink_set_frame_size(asink_, static_cast<unsigned>(e->frame_size));
  return 0;
}

int Ladder::OpenOutputs() {
  const std::string& dir = req_.output_dir;
  int rc = 0;
  if (aenc_) {
    fs::create_directories(dir + "/audio");
    if ((rc = audio_hls_.Open("hls", dir + "/audio/index.m3u8", {aenc_.get()},
                              HlsOptions(dir + "/audio", req_.segment_seconds), &capture_)) < 0) {
      return rc;
    }
    if ((rc = audio_m4a_.Open("ipod", dir + "/audio/audio.m4a", {aenc_.get()}, FaststartOptions(), &capture_)) < 0) {
      return rc;
    }
    out_.audio_codec = "mp4a.40.2";
    out_.audio_bitrate = static_cast<int>(aenc_->bit_rate);
    out_.audio_channels = aenc_->ch_layout.nb_channels;
    out_.audio_playlist = "audio/index.m3u8";
    out_.audio_download = "audio/audio.m4a";
  }
  for (Rung& r : rungs_) {
    fs::create_directories(dir + "/" + r.name);
    if ((rc = r.hls->Open("hls", dir + "/" + r.name + "/index.m3u8", {r.enc.get()},
                          HlsOptions(dir + "/" + r.name, req_.segment_seconds), &capture_)) < 0) {
      return rc;
    }
    if (r.spec.download) {
      fs::create_directories(dir + "/download");
      r.download = std::make_unique<Muxer>();
      std::vector<const AVCodecContext*> streams{r.enc.get()};
      if (aenc_) streams.push_back(aenc_.get());
      if ((rc = r.download->Open("mp4", dir + "/download/" + r.name + ".mp4", streams, FaststartOptions(), &capture_)) <
          0) {
        return rc;
      }
    }
  }
  return 0;
}

int Ladder::WriteAudioPacket(const AVPacket* pkt) {
  int rc = audio_hls_.Write(pkt, 0);
  if (rc >= 0) rc = audio_m4a_.Write(pkt, 0);
  for (Rung& r : rungs_) {
    if (rc >= 0 && r.download) rc = r.download->Write(pkt, 1);
  }
  return rc;
}

int Ladder::DrainAudio() {
  Frame f(av_frame_alloc());
  Packet pkt(av_packet_alloc());
  int rc = 0;
  while ((rc = av_buffersink_get_frame(asink_, f.get())) >= 0) {
    f->pts = audio_samples_;
    audio_samples_ += f->nb_samples;
    rc = avcodec_send_frame(aenc_.get(), f.get());
    av_frame_unref(f.get());
    if (rc < 0) return rc;
    while ((rc = avcodec_receive_packet(aenc_.get(), pkt.get())) >= 0) {
      if ((rc = WriteAudioPacket(pkt.get())) < 0) return rc;
      av_packet_unref(pkt.get());
    }
    if (rc != AVERROR(EAGAIN)) return rc;
  }
  if (rc == AVERROR_EOF) {
    avcodec_send_frame(aenc_.get(), nullptr);
    while ((rc = avcodec_receive_packet(aenc_.get(), pkt.get())) >= 0) {
      if ((rc = WriteAudioPacket(pkt.get())) < 0) return rc;
      av_packet_unref(pkt.get());
    }
    return rc == AVERROR_EOF ? 0 : rc;
  }
  return rc == AVERROR(EAGAIN) ? 0 : rc;
}

int Ladder::HandleAudioFrame(AVFrame* decoded) {
  if (decoded != nullptr) {
    const AVStream* st = in_->streams[ai_];
    int64_t ts = decoded->best_effort_timestamp;
    if (ts == AV_NOPTS_VALUE) ts = decoded->pts;
    if (ts != AV_NOPTS_VALUE) {
      const int64_t shifted = ts - av_rescale_q(origin_us_, AV_TIME_BASE_Q, st->time_base);
      decoded->pts = av_rescale_q(shifted, st->time_base, AVRational{1, adec_->sample_rate});
    }
  }
  const int rc = av_buffersrc_add_frame_flags(asrc_, decoded, AV_BUFFERSRC_FLAG_KEEP_REF);
  if (rc < 0) return rc;
  return DrainAudio();
}

int Ladder::HandleVideoFrame(AVFrame* decoded) {
  if (decoded != nullptr) {
    const AVStream* st = in_->streams[vi_];
    int64_t ts = decoded->best_effort_timestamp;
    if (ts == AV_NOPTS_VALUE) ts = decoded->pts;
    decoded->pts = ts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : ts - av_rescale_q(origin_us_, AV_TIME_BASE_Q, st->time_base);
    decoded->pict_type = AV_PICTURE_TYPE_NONE;
    ++decoded_;
    if (req_.progress && (decoded_ % 8 == 0)) req_.progress(decoded_, expected_frames_);
    if (vsrc_ == nullptr) {
      if (const int rc = BuildGraph(decoded); rc < 0) return rc;
    }
  }
  if (vsrc_ == nullptr) return 0;  // nothing decoded at all
  const int rc = av_buffersrc_add_frame_flags(vsrc_, decoded, AV_BUFFERSRC_FLAG_KEEP_REF);
  if (rc < 0) return rc;
  return DrainVideoSinks(decoded == nullptr);
}

int Ladder::DrainVideoSinks(bool flushing) {
  for (size_t i = 0; i < rungs_.size(); ++i) {
    Rung& r = rungs_[i];
    while (true) {
      AVFrame* f = av_frame_alloc();
      if (f == nullptr) return AVERROR(ENOMEM);
      const int rc = av_buffersink_get_frame(r.sink, f);
      if (rc < 0) {
        av_frame_free(&f);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) break;
        return rc;
      }
      const double t = static_cast<double>(f->pts) * av_q2d(av_buffersink_get_time_base(r.sink));
      // IDR at the same instants in every rung: the first frame at or after each multiple of
      // keyframe_seconds.
      f->pict_type = AV_PICTURE_TYPE_NONE;
      if (t + 1e-6 >= r.next_key) {
        f->pict_type = AV_PICTURE_TYPE_I;
        while (r.next_key <= t + 1e-6) r.next_key += req_.keyframe_seconds;
      }
      f->pts = av_rescale_q(f->pts, av_buffersink_get_time_base(r.sink), r.enc->time_base);
      ++r.frames;
      const bool top = i + 1 == rungs_.size();
      if (top && req_.poster && !poster_done_) {
        av_frame_free(&poster_frame_);
        poster_frame_ = av_frame_clone(f);
        if (t + 1e-6 >= poster_time_) {
          const int prc = WriteJpeg(poster_frame_, req_.output_dir + "/poster.jpg", &capture_);
          if (prc < 0) return prc;
          poster_done_ = true;
          out_.poster = "poster.jpg";
        }
      }
      if (i == 0 && thumbs_) thumbs_->Offer(f, t);
      if (!r.queue->Push(f)) return AVERROR_EXIT;
    }
  }
  (void)flushing;
  return 0;
}

int Ladder::Run(std::string& error) {
  InstallLogCallback();
  ScopedLogCapture thread_capture(&capture_);
  const auto fail = [&](int rc, const std::string& what) {
    if (shared_.error_code != 0) {
      error = shared_.error;
      return shared_.error_code;
    }
    error = what + ": " + AvErrorText(rc);
    const std::vector<std::string> lines = capture_.Lines();
    if (!lines.empty()) error += " (" + lines.back() + ")";
    return rc;
  };
  int rc = OpenInput();
  if (rc < 0) return fail(rc, "cannot open the input");
  if (ai_ >= 0 && (rc = SetUpAudio()) < 0) return fail(rc, "cannot set up the audio");
  if (vi_ >= 0 && (rc = SetUpVideo()) < 0) return fail(rc, "cannot set up the video ladder");
  if ((rc = OpenOutputs()) < 0) return fail(rc, "cannot open the outputs");
  for (Rung& r : rungs_) r.queue = std::make_unique<FrameQueue>(4, shared_.abort);
  for (Rung& r : rungs_) {
    r.thread = std::thread([&r, this] {
      EncodeLoop(r, shared_);
      // A failed encoder stops consuming: wake the decoding thread waiting on any queue.
      if (shared_.abort) {
        for (Rung& other : rungs_) other.queue->Wake();
      }
    });
  }

  Packet pkt(av_packet_alloc());
  Frame frame(av_frame_alloc());
  while (true) {
    if (Cancelled()) {
      shared_.abort = true;
      error = "cancelled";
      return AVERROR_EXIT;
    }
    if (shared_.abort) return fail(AVERROR_EXTERNAL, "encoding");
    rc = av_read_frame(in_.get(), pkt.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) break;  // a damaged or cut-off file: keep what was read (the probe reported it)
    if (const auto track = text_tracks_.find(pkt->stream_index); track != text_tracks_.end()) {
      AddTextCue(pkt.get(), out_.text_tracks[track->second]);
    }
    AVCodecContext* dec = pkt->stream_index == vi_ ? vdec_.get() : pkt->stream_index == ai_ ? adec_.get() : nullptr;
    if (dec != nullptr) {
      if (avcodec_send_packet(dec, pkt.get()) >= 0) {
        while (avcodec_receive_frame(dec, frame.get()) >= 0) {
          rc = dec == vdec_.get() ? HandleVideoFrame(frame.get()) : HandleAudioFrame(frame.get());
          av_frame_unref(frame.get());
          if (rc < 0) return fail(rc, "processing frames");
        }
      }
    }
    av_packet_unref(pkt.get());
  }
  // Flush the decoders, the filters and the encoders.
  for (AVCodecContext* dec : {vdec_.get(), adec_.get()}) {
    if (dec == nullptr) continue;
    avcodec_send_packet(dec, nullptr);
    while (avcodec_receive_frame(dec, frame.get()) >= 0) {
      rc = dec == vdec_.get() ? HandleVideoFrame(frame.get()) : HandleAudioFrame(frame.get());
      av_frame_unref(frame.get());
      if (rc < 0) return fail(rc, "processing frames");
    }
  }
  if (vdec_ && (rc = HandleVideoFrame(nullptr)) < 0) return fail(rc, "flushing the video filters");
  if (adec_ && (rc = HandleAudioFrame(nullptr)) < 0) return fail(rc, "flushing the audio");
  for (Rung& r : rungs_) r.queue->Push(nullptr);
  for (Rung& r : rungs_) r.thread.join();
  if (shared_.error_code != 0) return fail(shared_.error_code, "encoding");
  if (Cancelled()) {
    error = "cancelled";
    return AVERROR_EXIT;
  }
  for (Rung& r : rungs_) {
    if (r.frames == 0) return fail(AVERROR_INVALIDDATA, "no frame could be decoded for " + r.name);
    if ((rc = r.hls->Finish()) < 0) return fail(rc, "finishing " + r.name);
    if (r.download && (rc = r.download->Finish()) < 0) return fail(rc, "finishing the " + r.name + " download");
  }
  if (aenc_ && audio_samples_ == 0) return fail(AVERROR_INVALIDDATA, "no audio frame could be decoded");
  if (aenc_) {
    if ((rc = audio_hls_.Finish()) < 0) return fail(rc, "finishing the audio rendition");
    if ((rc = audio_m4a_.Finish()) < 0) return fail(rc, "finishing the audio download");
  }
  if (req_.poster && !poster_done_ && poster_frame_ != nullptr) {
    if ((rc = WriteJpeg(poster_frame_, req_.output_dir + "/poster.jpg", &capture_)) < 0) return fail(rc, "poster");
    out_.poster = "poster.jpg";
  }
  av_frame_free(&poster_frame_);
  if (thumbs_) {
    fs::create_directories(req_.output_dir + "/thumbs");
    const double duration = static_cast<double>(rungs_.front().frames) / av_q2d(rungs_.front().fps);
    if ((rc = thumbs_->Write(req_.output_dir + "/thumbs", "sprite", "thumbs.vtt", duration, &capture_)) < 0) {
      return fail(rc, "thumbnails");
    }
    out_.thumbnails = "thumbs/thumbs.vtt";
  }
  for (const Rung& r : rungs_) {
    RungOutput o;
    o.name = r.name;
    o.width = r.width;
    o.height = r.height;
    o.frame_rate_num = r.fps.num;
    o.frame_rate_den = r.fps.den;
    o.codec = r.codec;
    o.playlist = r.name + "/index.m3u8";
    if (r.download) o.download = "download/" + r.name + ".mp4";
    o.frames = r.frames;
    out_.rungs.push_back(std::move(o));
  }
  out_.frames_decoded = decoded_;
  if (req_.progress) req_.progress(decoded_, decoded_);
  return 0;
}

}  // namespace

int Transcode(const TranscodeRequest& request, TranscodeOutput& out, std::string& error) {
  out = TranscodeOutput{};
  if (!request.info.video && !request.info.audio) {
    error = "no audio or video stream";
    return AVERROR(EINVAL);
  }
  Ladder ladder(request, out);
  return ladder.Run(error);
}

}  // namespace cpk::formats::video::media
