#include "orientation.hpp"

#include <cmath>

namespace cpk::formats::video {

Orientation OrientationOf(const int32_t m[9]) {
  // As av_display_rotation_get() followed by the rounding of FFmpeg's own autorotation
  // (fftools, 6.1, which also handles the mirrored cases that 5.1 gets wrong).
  const auto fp = [](int32_t v) { return static_cast<double>(v) / 65536.0; };
  const double scale0 = std::hypot(fp(m[0]), fp(m[3]));
  const double scale1 = std::hypot(fp(m[1]), fp(m[4]));
  Orientation o;
  if (scale0 == 0.0 || scale1 == 0.0) return o;
  const double displayed = -std::atan2(fp(m[1]) / scale1, fp(m[0]) / scale0) * 180.0 / M_PI;
  double theta = -std::round(displayed);
  theta -= 360.0 * std::floor(theta / 360.0 + 0.9 / 360.0);
  o.mirrored = static_cast<int64_t>(m[0]) * m[4] - static_cast<int64_t>(m[1]) * m[3] < 0;
  if (std::fabs(theta - 90.0) < 1.0) {
    o.rotation = 90;
    o.filter = m[3] > 0 ? "transpose=cclock_flip" : "transpose=clock";
  } else if (std::fabs(theta - 180.0) < 1.0) {
    o.rotation = o.mirrored ? 0 : 180;
    if (m[0] < 0) o.filter = "hflip";
    if (m[4] < 0) o.filter += o.filter.empty() ? "vflip" : ",vflip";
  } else if (std::fabs(theta - 270.0) < 1.0) {
    o.rotation = 270;
    o.filter = m[3] < 0 ? "transpose=clock_flip" : "transpose=cclock";
  } else if (std::fabs(theta) < 1.0) {
    if (m[4] < 0) o.filter = "vflip";
  }
  return o;
}

}  // namespace cpk::formats::video
