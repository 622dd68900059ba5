#pragma once
// What happens to each content file on its way into the package: copied as it is, or handed
// to a converter that makes it smaller for phones (images now; video and audio are the video
// converter's, which plugs in at ClassifyAsset's kMedia).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cpk/core/registry.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::package {

/// A content file as it went into the spill file.
struct TransformedFile {
  io::SpillFile::Range range{};
  std::string sha256{};         ///< of the bytes written
  std::string source_sha256{};  ///< of the source's bytes
  uint64_t source_bytes = 0;
};

enum class AssetKind { kOther, kImage, kMedia };

/// What kind of asset a path names, by extension.
AssetKind ClassifyAsset(std::string_view path);

class ContentTransforms {
 public:
  ContentTransforms(const ConvertRequest& request, const ReadContext& context, Report& report);
  ~ContentTransforms();

  /// Copies `entry` into `spill`. Files a converter may shrink are read whole and optimised;
  /// others stream through.
  Result<TransformedFile> Copy(Source& source, const EntryInfo& entry, io::SpillFile& spill);

  /// Waits for work still running (none today: optimisation happens in Copy).
  Status Finish(std::vector<normalised::OutputFile>& outputs, std::map<std::string, File>& files, io::SpillFile& spill);

  /// Named counts for report.json ("images_optimised", "image_bytes_saved", ...).
  std::vector<std::pair<std::string, uint64_t>> statistics() const;

 private:
  const ConvertRequest& request_;
  const ReadContext& context_;
  Report& report_;
  uint64_t images_seen_ = 0;
  uint64_t images_optimised_ = 0;
  uint64_t image_bytes_saved_ = 0;
  uint64_t media_files_ = 0;
};

/// Versions of the libraries the transforms use.
std::vector<std::pair<std::string, std::string>> ContentTransformLibraryVersions();

}  // namespace cpk::package
