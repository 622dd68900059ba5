#pragma once
/// @file video.hpp
/// Video and audio files (detected by libavformat's probe).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::video {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::video
