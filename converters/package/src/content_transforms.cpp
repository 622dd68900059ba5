#include "content_transforms.hpp"

#include <algorithm>

#include "cpk/converters/image.hpp"
#include "cpk/io/sha256.hpp"

namespace cpk::package {
namespace {

/// Images larger than this are copied as they are (and are far larger than a page needs).
constexpr uint64_t kMaxImageBytes = 64ull << 20;
/// Bytes of queued files held in memory at most; the reader waits beyond it.
constexpr uint64_t kMaxPendingBytes = 256ull << 20;

std::string Extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return FoldCaseAscii(path.substr(dot + 1));
}

/// Findings of one optimisation, kept until they join the report in queue order.
class CollectingSink final : public DiagnosticSink {
 public:
  void Add(Diagnostic diagnostic) override { found.push_back(std::move(diagnostic)); }
  using DiagnosticSink::Add;
  std::vector<Diagnostic> found;
};

}  // namespace

AssetKind ClassifyAsset(std::string_view path) {
  const std::string ext = Extension(path);
  if (ext == "jpg" || ext == "jpeg" || ext == "png") return AssetKind::kImage;
  static const char* kMedia[] = {"mp4", "m4v", "mov", "webm", "mkv", "avi", "wmv",  "flv", "3gp",
                                 "mp3", "m4a", "aac", "wav",  "ogg", "oga", "opus", "wma", "amr"};
  if (std::find(std::begin(kMedia), std::end(kMedia), ext) != std::end(kMedia)) return AssetKind::kMedia;
  return AssetKind::kOther;
}

struct ContentTransforms::Pending {
  TransformedFile file;
  std::string original;
  std::future<Result<std::string>> optimised;
  CollectingSink sink;
};

ContentTransforms::ContentTransforms(const ConvertRequest& request, const ReadContext& context, Report& report)
    : request_(request), context_(context), report_(report), image_optimiser_(ImageOptimiser()) {}

ContentTransforms::~ContentTransforms() {
  // Queued work refers to this object's members: let it end before they go.
  for (auto& p : pending_) {
    if (p->optimised.valid()) p->optimised.wait();
  }
}

Result<std::optional<TransformedFile>> ContentTransforms::Copy(Source& source, const EntryInfo& entry,
                                                               const std::string& package_path, io::SpillFile& spill) {
  const AssetKind kind = ClassifyAsset(entry.path);
  if (kind == AssetKind::kMedia) ++media_files_;  // copied as they are until the video converter takes them
  if (kind == AssetKind::kImage) ++images_seen_;
  const CancellationToken& cancel = context_.cancel;

  if (kind == AssetKind::kImage && image_optimiser_ && entry.size <= kMaxImageBytes) {
    auto pending = std::make_unique<Pending>();
    CPK_ASSIGN_OR_RETURN(pending->original, source.ReadAll(entry, kMaxImageBytes));
    pending->file.source_path = entry.path;
    pending->file.package_path = package_path;
    pending->file.source_sha256 = io::Sha256Hex(pending->original);
    pending->file.source_bytes = pending->original.size();
    if (!pool_) pool_ = std::make_unique<ThreadPool>(context_.limits.threads);
    Pending* p = pending.get();
    p->optimised = pool_->Submit([this, p, path = entry.path]() -> Result<std::string> {
      if (context_.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
      return image_optimiser_(p->original, path, request_, p->sink);
    });
    pending_bytes_ += p->original.size();
    pending_.push_back(std::move(pending));
    CPK_TRY(Drain(spill, kMaxPendingBytes, finished_));
    return std::optional<TransformedFile>();
  }

  TransformedFile out;
  out.source_path = entry.path;
  out.package_path = package_path;
  CPK_ASSIGN_OR_RETURN(auto reader, source.Open(entry));
  io::Sha256 hasher;
  CPK_ASSIGN_OR_RETURN(out.range, spill.AppendStream([&](char* buffer, size_t size) -> Result<size_t> {
    if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    CPK_ASSIGN_OR_RETURN(const size_t n, reader->Read(buffer, size));
    hasher.Update(std::string_view(buffer, n));
    return n;
  }));
  out.source_sha256 = hasher.FinishHex();
  out.sha256 = out.source_sha256;
  out.source_bytes = out.range.size;
  return std::optional<TransformedFile>(std::move(out));
}

Status ContentTransforms::Drain(io::SpillFile& spill, size_t keep_bytes, std::vector<TransformedFile>& done) {
  while (!pending_.empty() && pending_bytes_ > keep_bytes) {
    std::unique_ptr<Pending> p = std::move(pending_.front());
    pending_.pop_front();
    pending_bytes_ -= p->original.size();
    Result<std::string> optimised = p->optimised.get();
    if (!optimised) {
      if (optimised.error().code == Errc::kCancelled) return Fail(optimised.error());
      optimised = std::string();  // an optimiser that fails keeps the original (its findings say why)
    }
    for (Diagnostic& d : p->sink.found) report_.Add(std::move(d));
    const bool replace = !optimised->empty() && optimised->size() < p->original.size();
    const std::string& bytes = replace ? *optimised : p->original;
    CPK_ASSIGN_OR_RETURN(p->file.range, spill.Append(bytes));
    p->file.sha256 = replace ? io::Sha256Hex(bytes) : p->file.source_sha256;
    if (replace) {
      ++images_optimised_;
      image_bytes_saved_ += p->original.size() - bytes.size();
    }
    done.push_back(std::move(p->file));
  }
  return Ok();
}

Result<std::vector<TransformedFile>> ContentTransforms::Finish(io::SpillFile& spill) {
  CPK_TRY(Drain(spill, 0, finished_));
  return std::move(finished_);
}

std::vector<std::pair<std::string, uint64_t>> ContentTransforms::statistics() const {
  return {{"images", images_seen_},
          {"images_optimised", images_optimised_},
          {"image_bytes_saved", image_bytes_saved_},
          {"media_files_copied", media_files_}};
}

AssetOptimiser ImageOptimiser() {
  return [](std::string_view bytes, std::string_view path, const ConvertRequest& request,
            DiagnosticSink& sink) -> Result<std::string> {
    image::OptimiseOptions options;
    options.profile = request.profile == "low-bandwidth" ? image::Profile::kLowBandwidth : image::Profile::kStandard;
    CPK_ASSIGN_OR_RETURN(image::OptimiseResult outcome, image::Optimise(bytes, path, options, &sink));
    return outcome.replaced ? std::move(outcome.bytes) : std::string();
  };
}

std::vector<std::pair<std::string, std::string>> ContentTransformLibraryVersions() { return image::LibraryVersions(); }

}  // namespace cpk::package
