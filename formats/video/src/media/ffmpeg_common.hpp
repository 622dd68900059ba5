#pragma once
// Shared by the probe and the transcoder inside libcoursepack-media.so: owning handles for
// FFmpeg objects, error text, and the capture of libav* log messages.
//
// FFmpeg logs through one process-wide callback. Messages are routed to the LogCapture of the
// job that caused them: through AVFormatContext::opaque / AVCodecContext::opaque (libavcodec
// copies `opaque` into its frame-thread workers, which is where most decoder messages come
// from), else through the capture the calling thread installed with ScopedLogCapture. Nothing
// is ever written to stderr.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cpk::formats::video::media {

template <class T, auto Free>
struct CDeleter {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};
template <class T, auto Free>
using CHandle = std::unique_ptr<T, CDeleter<T, Free>>;
template <class T, void (*F)(T**)>
void ViaPtrPtr(T* p) noexcept {
  F(&p);
}

using FormatCtx = CHandle<AVFormatContext, &ViaPtrPtr<AVFormatContext, avformat_close_input>>;
using CodecCtx = CHandle<AVCodecContext, &ViaPtrPtr<AVCodecContext, avcodec_free_context>>;
using Frame = CHandle<AVFrame, &ViaPtrPtr<AVFrame, av_frame_free>>;
using Packet = CHandle<AVPacket, &ViaPtrPtr<AVPacket, av_packet_free>>;

/// av_strerror as a string (av_err2str does not compile in C++).
std::string AvErrorText(int error);

/// Messages of one job, kept up to a bound (a corrupt stream can log one line per packet).
class LogCapture {
 public:
  explicit LogCapture(size_t max_lines = 40) : max_lines_(max_lines) {}
  void Add(std::string line);
  std::vector<std::string> Lines() const;
  /// True when some captured line contains `text`.
  bool Contains(const std::string& text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  size_t max_lines_;
  size_t repeated_ = 0;
};

/// Installs the process-wide log callback (once; idempotent, thread-safe).
void InstallLogCallback();

/// Routes messages logged on this thread without a context of ours to `capture`.
class ScopedLogCapture {
 public:
  explicit ScopedLogCapture(LogCapture* capture);
  ~ScopedLogCapture();
  ScopedLogCapture(const ScopedLogCapture&) = delete;
  ScopedLogCapture& operator=(const ScopedLogCapture&) = delete;

 private:
  LogCapture* previous_;
};

}  // namespace cpk::formats::video::media
