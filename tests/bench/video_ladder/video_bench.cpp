// Driver of tests/bench/video_ladder: one ConvertVideo() with the default ladder, as the library
// runs it inside `coursepack convert`, without the validation and packaging around it.
//   video_bench INPUT OUTPUT_FOLDER
// Prints one line per rendition: name width height frame_rate bytes peak_bps average_bps.

#include <cstdio>

#include "cpk/converters/video.hpp"
#include "cpk/core/report.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: video_bench INPUT OUTPUT_FOLDER\n");
    return 2;
  }
  cpk::Report report;
  const auto result = cpk::converters::video::ConvertVideo(argv[1], argv[1], argv[2], cpk::Limits{}, {}, report);
  for (const cpk::Diagnostic& d : report.diagnostics())
    std::fprintf(stderr, "%s: %s\n", d.code.c_str(), d.message.c_str());
  if (!result) {
    std::fprintf(stderr, "video_bench: %s\n", result.error().message.c_str());
    return 1;
  }
  for (const auto& r : result->renditions) {
    std::printf("%s %d %d %.3f %llu %llu %llu\n", r.name.c_str(), r.width, r.height, r.frame_rate,
                static_cast<unsigned long long>(r.bytes), static_cast<unsigned long long>(r.peak_bps),
                static_cast<unsigned long long>(r.average_bps));
  }
  return 0;
}
