#pragma once
// Pieces shared inside libcoursepack-media.so: the probe (formats/video/src/media/probe.cpp),
// the ladder transcoder (converters/video/src/media/ladder.cpp) and the entry point.

#include <string>

#include "cpk/formats/video_media_api.hpp"
#include "orientation.hpp"

namespace cpk::formats::video::media {

using video::Orientation;
using video::OrientationOf;

int Probe(const ProbeRequest& request, MediaInfo& out, std::string& error);
int Transcode(const TranscodeRequest& request, TranscodeOutput& out, std::string& error);

}  // namespace cpk::formats::video::media
