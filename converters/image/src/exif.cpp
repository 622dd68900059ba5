#include "exif.hpp"

#include <cstdint>

namespace cpk::image::internal {

int ExifOrientation(std::string_view tiff) {
  if (tiff.size() < 8) return 1;
  const bool little = tiff[0] == 'I' && tiff[1] == 'I';
  const bool big = tiff[0] == 'M' && tiff[1] == 'M';
  if (!little && !big) return 1;
  auto u16 = [&](size_t at) -> uint32_t {
    const auto b0 = static_cast<uint8_t>(tiff[at]);
    const auto b1 = static_cast<uint8_t>(tiff[at + 1]);
    return little ? (b0 | (b1 << 8)) : ((b0 << 8) | b1);
  };
  auto u32 = [&](size_t at) -> uint32_t {
    return little ? (u16(at) | (u16(at + 2) << 16)) : ((u16(at) << 16) | u16(at + 2));
  };
  if (u16(2) != 42) return 1;
  const uint64_t ifd = u32(4);
  if (ifd + 2 > tiff.size()) return 1;
  const uint32_t entries = u16(ifd);
  for (uint32_t i = 0; i < entries; ++i) {
    const uint64_t at = ifd + 2 + uint64_t{i} * 12;
    if (at + 12 > tiff.size()) return 1;
    if (u16(at) != 0x0112) continue;
    const uint32_t type = u16(at + 2);
    const uint32_t count = u32(at + 4);
    if (count < 1) return 1;
    uint32_t value = 0;
    if (type == 3) {
      value = u16(at + 8);  // SHORT, the type the standard requires
    } else if (type == 4) {
      value = u32(at + 8);  // LONG, written by a few tools
    } else {
      return 1;
    }
    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
  }
  return 1;
}

}  // namespace cpk::image::internal
