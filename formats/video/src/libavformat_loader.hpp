#pragma once
// libavformat, loaded on first use. Linking FFmpeg's libraries pulls ~130 shared libraries into
// every process and costs ~65 ms of dynamic linking at start-up, which every `coursepack
// validate course.zip` would pay for nothing. Detection needs one function, so it is resolved
// from the real library (the one the build was configured against) when a single file first
// needs probing.

extern "C" {
#include <libavformat/avformat.h>
}

namespace cpk::formats::video::internal {

using ProbeInputFormat3Fn = const AVInputFormat* (*)(const AVProbeData*, int, int*);

/// av_probe_input_format3 from libavformat, or nullptr when the library cannot be loaded.
/// Thread-safe; the library stays loaded for the life of the process.
ProbeInputFormat3Fn LoadProbeFunction();

}  // namespace cpk::formats::video::internal
