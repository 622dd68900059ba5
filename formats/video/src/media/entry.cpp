// The entry point of libcoursepack-media.so: the function table of video_media_api.hpp.

#include <exception>

#include "cpk/formats/video_media_api.hpp"
#include "media/media_internal.hpp"

extern "C" {
#include <libavutil/error.h>
}

namespace cpk::formats::video::media {
namespace {

constexpr MediaApi kApi = [] {
  MediaApi api;
  api.version = kMediaApiVersion;
  api.size = sizeof(MediaApi);
  for (int i = 0; i < 5; ++i) api.struct_sizes[i] = kStructSizes[i];
  api.probe = [](const ProbeRequest& request, MediaInfo& out, std::string& error) -> int {
    try {
      return Probe(request, out, error);
    } catch (const std::exception& e) {
      error = e.what();
      return AVERROR_BUG;
    }
  };
  api.transcode = [](const TranscodeRequest& request, TranscodeOutput& out, std::string& error) -> int {
    try {
      return Transcode(request, out, error);
    } catch (const std::exception& e) {
      error = e.what();
      return AVERROR_BUG;
    }
  };
  return api;
}();

}  // namespace
}  // namespace cpk::formats::video::media

extern "C" __attribute__((visibility("default"))) const cpk::formats::video::media::MediaApi* cpk_media_api(
    uint32_t version) {
  return version == cpk::formats::video::media::kMediaApiVersion ? &cpk::formats::video::media::kApi : nullptr;
}
