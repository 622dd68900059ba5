#pragma once
// Pieces shared by the probe and the transcoder inside libcoursepack-media.so.

#include "orientation.hpp"

namespace cpk::formats::video::media {

using video::Orientation;
using video::OrientationOf;

}  // namespace cpk::formats::video::media
