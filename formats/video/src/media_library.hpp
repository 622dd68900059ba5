#pragma once
// Loads libcoursepack-media.so (see cpk/formats/video_media_api.hpp for why it is separate).

#include <string>

#include "cpk/formats/video_media_api.hpp"

namespace cpk::formats::video::internal {

/// The module's table, loaded on the first call; nullptr when it cannot be loaded, with the
/// reason in `error`. Thread-safe; the module stays loaded for the life of the process.
const media::MediaApi* MediaLibrary(std::string* error = nullptr);

}  // namespace cpk::formats::video::internal
