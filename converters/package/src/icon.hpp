#pragma once
// A plain square PNG icon for outputs that need one (an ECAR item's appIcon) when the course
// brings none.

#include <cstdint>
#include <string>

namespace cpk::package {

/// A `size`×`size` PNG filled with the colour 0xRRGGBB, with a lighter band across the middle.
std::string PlainIconPng(uint32_t size, uint32_t rgb);

}  // namespace cpk::package
