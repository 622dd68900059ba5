#include "media/ffmpeg_common.hpp"

#include <cstdarg>
#include <cstdio>

extern "C" {
#include <libavutil/log.h>
}

namespace cpk::formats::video::media {
namespace {

thread_local LogCapture* t_capture = nullptr;

LogCapture* CaptureOf(void* avcl) {
  if (avcl != nullptr) {
    const AVClass* cls = *static_cast<const AVClass**>(avcl);
    if (cls == avformat_get_class()) {
      if (void* o = static_cast<AVFormatContext*>(avcl)->opaque) return static_cast<LogCapture*>(o);
    } else if (cls == avcodec_get_class()) {
      if (void* o = static_cast<AVCodecContext*>(avcl)->opaque) return static_cast<LogCapture*>(o);
    }
  }
  return t_capture;
}

void LogCallback(void* avcl, int level, const char* fmt, va_list vl) {
  if (level > AV_LOG_WARNING) return;
  LogCapture* capture = CaptureOf(avcl);
  if (capture == nullptr) return;
  char buffer[512];
  va_list copy;
  va_copy(copy, vl);
  const int n = std::vsnprintf(buffer, sizeof buffer, fmt, copy);
  va_end(copy);
  if (n <= 0) return;
  std::string line(buffer);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) return;
  if (avcl != nullptr) {
    const AVClass* cls = *static_cast<const AVClass**>(avcl);
    if (cls != nullptr && cls->item_name != nullptr) line = std::string(cls->item_name(avcl)) + ": " + line;
  }
  capture->Add(std::move(line));
}

}  // namespace

std::string AvErrorText(int error) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(error, buffer, sizeof buffer) < 0) return "error " + std::to_string(error);
  return buffer;
}

void LogCapture::Add(std::string line) {
  std::lock_guard lock(mutex_);
  if (!lines_.empty() && lines_.back() == line) {
    ++repeated_;
    return;
  }
  if (lines_.size() < max_lines_) lines_.push_back(std::move(line));
}

std::vector<std::string> LogCapture::Lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

bool LogCapture::Contains(const std::string& text) const {
  std::lock_guard lock(mutex_);
  for (const std::string& l : lines_) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

void InstallLogCallback() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(&LogCallback); });
}

ScopedLogCapture::ScopedLogCapture(LogCapture* capture) : previous_(t_capture) { t_capture = capture; }
ScopedLogCapture::~ScopedLogCapture() { t_capture = previous_; }

}  // namespace cpk::formats::video::media
