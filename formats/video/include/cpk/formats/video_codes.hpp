#pragma once
/// @file video_codes.hpp
/// Diagnostic codes of video and audio files and of caption files (formats/video). See the
/// `video` and `captions` sections of docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

/// Not a media file, truncated (an interrupted upload), no stream, or no frame decodes.
CPK_DIAGNOSTIC_CODE(kVideoUnreadable, "video.unreadable", kError);
/// Some frames or audio packets are corrupt (how many is in the message).
CPK_DIAGNOSTIC_CODE(kVideoDecodeError, "video.decode-error", kWarning);
/// The file holds audio only: it is published as audio.
CPK_DIAGNOSTIC_CODE(kVideoNoVideo, "video.no-video", kInfo);
/// The video has no sound track.
CPK_DIAGNOSTIC_CODE(kVideoNoAudio, "video.no-audio", kInfo);
/// Longer than Limits::max_media_seconds.
CPK_DIAGNOSTIC_CODE(kVideoTooLong, "video.too-long", kError);
/// Larger than Limits::max_media_bytes, or frames larger than Limits::max_video_pixels.
CPK_DIAGNOSTIC_CODE(kVideoTooLarge, "video.too-large", kError);
/// Interlaced video: deinterlaced on conversion.
CPK_DIAGNOSTIC_CODE(kVideoInterlaced, "video.interlaced", kInfo);
/// HDR (PQ or HLG): tone-mapped to SDR BT.709 on conversion.
CPK_DIAGNOSTIC_CODE(kVideoHdr, "video.hdr", kWarning);
/// Variable frame rate: converted to a constant rate.
CPK_DIAGNOSTIC_CODE(kVideoVfr, "video.vfr", kInfo);
/// Odd width or height, which many phone decoders reject.
CPK_DIAGNOSTIC_CODE(kVideoOddDimensions, "video.odd-dimensions", kWarning);
/// Smaller than the lowest rung of the ladder worth watching (under 240 lines).
CPK_DIAGNOSTIC_CODE(kVideoLowResolution, "video.low-resolution", kInfo);
/// A caption file that breaks the SRT or WebVTT syntax (repaired where the intent is clear).
CPK_DIAGNOSTIC_CODE(kCaptionsMalformed, "captions.malformed", kWarning);
/// A caption file that is not UTF-8, or carries control characters or a non-NFC form.
CPK_DIAGNOSTIC_CODE(kCaptionsEncoding, "captions.encoding", kWarning);

}  // namespace cpk::codes
