#pragma once
// The one EXIF field that changes how an image displays: orientation (tag 0x0112 of IFD0).

#include <string_view>

namespace cpk::image::internal {

/// Orientation (1 to 8) from a TIFF structure ("II*\0" or "MM\0*" and what follows: the
/// payload of a JPEG APP1 "Exif\0\0" segment after those six bytes, or a PNG eXIf chunk).
/// 1 when the tag is missing, out of range or the structure is damaged. Reads only inside
/// `tiff`.
int ExifOrientation(std::string_view tiff);

}  // namespace cpk::image::internal
