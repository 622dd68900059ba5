#pragma once
/// @file limits.hpp
/// Limits: every bound that keeps hostile input from costing unbounded time, memory or disk.
/// Every parser takes Limits; hitting one gives a diagnostic (or Errc::kLimitExceeded when the
/// call cannot go on). The defaults are documented in docs/limits.md; keep both in step.
/// @since 0.1

#include <cstdint>

namespace cpk {

struct Limits {
  /// Entries in one archive (counted from the end-of-central-directory record before the
  /// archive is opened: opening costs memory per entry). Beyond: `zip.too-many-entries`.
  uint64_t max_entries = 20000;
  /// Uncompressed bytes of one entry, counted on the real inflated bytes. Beyond: `zip.too-large`.
  uint64_t max_entry_bytes = 4ull << 30;  // 4 GiB
  /// Uncompressed bytes of all entries together. Beyond: `zip.too-large`.
  uint64_t max_total_bytes = 16ull << 30;  // 16 GiB
  /// Largest uncompressed/compressed ratio of one entry. Beyond: `zip.bomb`.
  uint32_t max_compression_ratio = 200;
  /// Entries smaller than this are never called bombs (tiny text files compress well).
  uint64_t bomb_min_bytes = 1ull << 20;  // 1 MiB
  /// Largest XML document parsed (manifests, descriptors). Beyond: `xml.too-large`.
  uint64_t max_xml_bytes = 32ull << 20;  // 32 MiB
  /// Deepest element nesting in XML. Beyond: `xml.too-deep`. (libxml2 itself stops at 256.)
  uint32_t max_xml_depth = 128;
  /// Most diagnostics kept in one report; the rest are counted (`report.truncated`).
  uint32_t max_diagnostics = 10000;
  /// Longest audio or video accepted, in seconds (as declared by its container). Beyond:
  /// `video.too-long`.
  uint64_t max_media_seconds = 4 * 3600;
  /// Largest audio or video file accepted, in bytes. Beyond: `video.too-large`.
  uint64_t max_media_bytes = 4ull << 30;  // 4 GiB
  /// Largest video frame accepted (width × height, coded). Beyond: `video.too-large`, and the
  /// frames are not decoded.
  uint64_t max_video_pixels = 8192ull * 4320;
  /// Worker threads for parallel work; 0 means one per core.
  uint32_t threads = 0;
};

}  // namespace cpk
