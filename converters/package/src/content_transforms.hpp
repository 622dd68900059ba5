#pragma once
// What happens to each content file on its way into the package: copied as it is, or handed
// to an optimiser that makes it smaller for phones (images always; MP4/MOV videos in the
// low-bandwidth profile, re-encoded in place by the video converter). Optimisation runs on a thread pool
// while the source, which is read by one thread only, streams the other files.

#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cpk/core/registry.hpp"
#include "cpk/core/thread_pool.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::package {

/// A content file as it went into the spill file.
struct TransformedFile {
  std::string source_path{};
  std::string package_path{};
  io::SpillFile::Range range{};
  std::string sha256{};         ///< of the bytes written
  std::string source_sha256{};  ///< of the source's bytes
  uint64_t source_bytes = 0;
};

enum class AssetKind { kOther, kImage, kMedia, kCaptions };

/// What kind of asset a path names, by extension.
AssetKind ClassifyAsset(std::string_view path);

/// Makes one file smaller. Returns the new bytes, or an empty string to keep the original.
/// Findings go to `sink`. Called on pool threads: it must be thread-safe.
using AssetOptimiser = std::function<Result<std::string>(std::string_view bytes, std::string_view path,
                                                         const ConvertRequest& request, DiagnosticSink& sink)>;

/// The optimiser for images (converters/image), or an empty function when there is none.
AssetOptimiser ImageOptimiser();

/// The optimiser for videos inside web content (low-bandwidth profile): the file is re-encoded
/// in place as a 360p (or smaller, never upscaled) faststart MP4 with AAC-LC audio, by the video
/// converter. `context` (limits, cancellation) must outlive the optimiser.
AssetOptimiser MediaOptimiser(const ReadContext& context);

/// WebVTT files: repaired in place (comma decimals, encodings, control characters, NFC; see
/// cpk/formats/video_captions.hpp). Returns the repaired text, or an empty string when the file
/// is fine as it is or has no cue left.
Result<std::string> RepairWebVtt(std::string_view bytes, std::string_view path, DiagnosticSink& sink);

class ContentTransforms {
 public:
  ContentTransforms(const ConvertRequest& request, const ReadContext& context, Report& report);
  ~ContentTransforms();

  /// Copies `entry` into `spill` as `package_path`. A file an optimiser may shrink is read
  /// whole and queued; its result comes from Finish(). Others stream through and are returned.
  Result<std::optional<TransformedFile>> Copy(Source& source, const EntryInfo& entry, const std::string& package_path,
                                              io::SpillFile& spill);

  /// Waits for the queued files and returns them, in the order they were queued. Their
  /// findings join the report in that order, so the report is the same run to run.
  Result<std::vector<TransformedFile>> Finish(io::SpillFile& spill);

  /// Named counts for report.json ("images", "images_optimised", "image_bytes_saved", ...).
  std::vector<std::pair<std::string, uint64_t>> statistics() const;

 private:
  struct Pending;
  Status Drain(io::SpillFile& spill, size_t keep_bytes, std::vector<TransformedFile>& done);

  const ConvertRequest& request_;
  const ReadContext& context_;
  Report& report_;
  AssetOptimiser image_optimiser_;
  AssetOptimiser media_optimiser_;
  AssetOptimiser captions_optimiser_;
  std::unique_ptr<ThreadPool> pool_;
  std::deque<std::unique_ptr<Pending>> pending_;
  std::vector<TransformedFile> finished_;
  uint64_t pending_bytes_ = 0;
  uint64_t images_seen_ = 0;
  uint64_t images_optimised_ = 0;
  uint64_t image_bytes_saved_ = 0;
  uint64_t media_files_ = 0;
  uint64_t media_transcoded_ = 0;
  uint64_t captions_repaired_ = 0;
  uint64_t media_bytes_saved_ = 0;
};

/// Versions of the libraries the transforms use.
std::vector<std::pair<std::string, std::string>> ContentTransformLibraryVersions();

}  // namespace cpk::package
