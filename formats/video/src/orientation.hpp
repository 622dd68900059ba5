#pragma once
// Display orientation from a video's display matrix (the ISO BMFF `tkhd` matrix that libavformat
// exports as AV_PKT_DATA_DISPLAYMATRIX: nine 32-bit values, the first six 16.16 fixed point).
// A plain rotation is not enough: a matrix with a negative determinant also mirrors the
// picture, which av_display_rotation_get alone does not tell. Used by the probe inside
// libcoursepack-media.so and tested without FFmpeg.

#include <cstdint>
#include <string>

namespace cpk::formats::video {

struct Orientation {
  int rotation = 0;       ///< clockwise degrees applied to put the picture upright: 0, 90, 180, 270
  bool mirrored = false;  ///< the matrix also flips the picture (negative determinant)
  std::string filter{};   ///< libavfilter chain that applies both ("transpose=clock", "hflip"...)
};

/// The orientation the matrix asks for. Angles other than multiples of 90° are ignored
/// (rotation 0, no filter), as players do.
Orientation OrientationOf(const int32_t matrix[9]);

}  // namespace cpk::formats::video
