#include "content_transforms.hpp"

#include <algorithm>

#include "cpk/io/sha256.hpp"

namespace cpk::package {
namespace {

std::string Extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return FoldCaseAscii(path.substr(dot + 1));
}

}  // namespace

AssetKind ClassifyAsset(std::string_view path) {
  const std::string ext = Extension(path);
  if (ext == "jpg" || ext == "jpeg" || ext == "png") return AssetKind::kImage;
  static const char* kMedia[] = {"mp4", "m4v", "mov", "webm", "mkv", "avi", "wmv",  "flv", "3gp",
                                 "mp3", "m4a", "aac", "wav",  "ogg", "oga", "opus", "wma", "amr"};
  if (std::find(std::begin(kMedia), std::end(kMedia), ext) != std::end(kMedia)) return AssetKind::kMedia;
  return AssetKind::kOther;
}

ContentTransforms::ContentTransforms(const ConvertRequest& request, const ReadContext& context, Report& report)
    : request_(request), context_(context), report_(report) {}

ContentTransforms::~ContentTransforms() = default;

Result<TransformedFile> ContentTransforms::Copy(Source& source, const EntryInfo& entry, io::SpillFile& spill) {
  TransformedFile out;
  const AssetKind kind = ClassifyAsset(entry.path);
  if (kind == AssetKind::kMedia) ++media_files_;  // copied as they are until the video converter takes them
  if (kind == AssetKind::kImage) ++images_seen_;
  CPK_ASSIGN_OR_RETURN(auto reader, source.Open(entry));
  io::Sha256 hasher;
  const CancellationToken& cancel = context_.cancel;
  CPK_ASSIGN_OR_RETURN(out.range, spill.AppendStream([&](char* buffer, size_t size) -> Result<size_t> {
    if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    CPK_ASSIGN_OR_RETURN(const size_t n, reader->Read(buffer, size));
    hasher.Update(std::string_view(buffer, n));
    return n;
  }));
  out.source_sha256 = hasher.FinishHex();
  out.sha256 = out.source_sha256;
  out.source_bytes = out.range.size;
  return out;
}

Status ContentTransforms::Finish(std::vector<normalised::OutputFile>&, std::map<std::string, File>&, io::SpillFile&) {
  return Ok();
}

std::vector<std::pair<std::string, uint64_t>> ContentTransforms::statistics() const {
  return {{"images", images_seen_},
          {"images_optimised", images_optimised_},
          {"image_bytes_saved", image_bytes_saved_},
          {"media_files_copied", media_files_}};
}

std::vector<std::pair<std::string, std::string>> ContentTransformLibraryVersions() { return {}; }

}  // namespace cpk::package
