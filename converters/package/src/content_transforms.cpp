#include "content_transforms.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "content_copy.hpp"
#include "cpk/converters/image.hpp"
#include "cpk/converters/video.hpp"
#include "cpk/formats/video_captions.hpp"
#include "cpk/io/sha256.hpp"

namespace cpk::package {
namespace {

/// Images larger than this are copied as they are (and are far larger than a page needs).
constexpr uint64_t kMaxImageBytes = 64ull << 20;
/// Videos larger than this are copied as they are even in the low-bandwidth profile (a queued
/// file is held in memory).
constexpr uint64_t kMaxInPlaceVideoBytes = 512ull << 20;
/// Caption files larger than this are copied as they are.
constexpr uint64_t kMaxCaptionBytes = 16ull << 20;
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
  if (ext == "vtt") return AssetKind::kCaptions;
  return AssetKind::kOther;
}

/// Videos a page plays by file name: re-encoded in place as MP4 (the name stays, so the pages'
/// references still work).
bool IsInPlaceVideo(std::string_view path) {
  const std::string ext = Extension(path);
  return ext == "mp4" || ext == "m4v" || ext == "mov";
}

struct ContentTransforms::Pending {
  AssetKind kind = AssetKind::kOther;
  TransformedFile file;
  std::string original;
  std::future<Result<std::string>> optimised;
  CollectingSink sink;
};

ContentTransforms::ContentTransforms(const ConvertRequest& request, const ReadContext& context, Report& report)
    : request_(request),
      context_(context),
      report_(report),
      image_optimiser_(ImageOptimiser()),
      media_optimiser_(MediaOptimiser(context)),
      captions_optimiser_([](std::string_view bytes, std::string_view path, const ConvertRequest&,
                             DiagnosticSink& sink) { return RepairWebVtt(bytes, path, sink); }) {}

ContentTransforms::~ContentTransforms() {
  // Queued work refers to this object's members: let it end before they go.
  for (auto& p : pending_) {
    if (p->optimised.valid()) p->optimised.wait();
  }
}

Result<std::optional<TransformedFile>> ContentTransforms::Copy(Source& source, const EntryInfo& entry,
                                                               const std::string& package_path, io::SpillFile& spill) {
  const AssetKind kind = ClassifyAsset(entry.path);
  if (kind == AssetKind::kMedia) ++media_files_;
  if (kind == AssetKind::kImage) ++images_seen_;
  const CancellationToken& cancel = context_.cancel;

  const bool image = kind == AssetKind::kImage && image_optimiser_ && entry.size <= kMaxImageBytes;
  // In the low-bandwidth profile, videos inside web content are transcoded in place.
  const uint64_t max_video = std::min(kMaxInPlaceVideoBytes, context_.limits.max_media_bytes);
  // (A standalone upload gets its whole ladder instead: see media_conversion.hpp.)
  const bool video = kind == AssetKind::kMedia && request_.profile == "low-bandwidth" && media_optimiser_ &&
                     source.kind() != SourceKind::kFile && IsInPlaceVideo(entry.path) && entry.size <= max_video;
  // WebVTT files players would reject are repaired in place (any profile).
  const bool captions = kind == AssetKind::kCaptions && entry.size <= kMaxCaptionBytes;
  if (image || video || captions) {
    const AssetOptimiser& optimiser = image ? image_optimiser_ : video ? media_optimiser_ : captions_optimiser_;
    auto pending = std::make_unique<Pending>();
    pending->kind = kind;
    CPK_ASSIGN_OR_RETURN(pending->original, source.ReadAll(entry, image   ? kMaxImageBytes
                                                                  : video ? max_video
                                                                          : kMaxCaptionBytes));
    pending->file.source_path = entry.path;
    pending->file.package_path = package_path;
    pending->file.source_sha256 = io::Sha256Hex(pending->original);
    pending->file.source_bytes = pending->original.size();
    if (!pool_) pool_ = std::make_unique<ThreadPool>(context_.limits.threads);
    Pending* p = pending.get();
    p->optimised = pool_->Submit([this, p, &optimiser, path = entry.path]() -> Result<std::string> {
      if (context_.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
      return optimiser(p->original, path, request_, p->sink);
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
    // Optimisers must save bytes; a caption repair may add some (escaped markup).
    const bool replace =
        !optimised->empty() &&
        (p->kind == AssetKind::kCaptions ? *optimised != p->original : optimised->size() < p->original.size());
    const std::string& bytes = replace ? *optimised : p->original;
    CPK_ASSIGN_OR_RETURN(p->file.range, spill.Append(bytes));
    p->file.sha256 = replace ? io::Sha256Hex(bytes) : p->file.source_sha256;
    if (replace && p->kind == AssetKind::kCaptions) {
      ++captions_repaired_;
    } else if (replace && p->kind == AssetKind::kImage) {
      ++images_optimised_;
      image_bytes_saved_ += p->original.size() - bytes.size();
    } else if (replace) {
      ++media_transcoded_;
      media_bytes_saved_ += p->original.size() - bytes.size();
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
          {"media_files_copied", media_files_ - media_transcoded_},
          {"media_files_transcoded", media_transcoded_},
          {"media_bytes_saved", media_bytes_saved_},
          {"captions_repaired", captions_repaired_}};
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

AssetOptimiser MediaOptimiser(const ReadContext& context) {
  return [&context](std::string_view bytes, std::string_view path, const ConvertRequest& request,
                    DiagnosticSink& sink) -> Result<std::string> {
    namespace fs = std::filesystem;
    std::string folder = (fs::path(OutputFolder(request.output)) / ".cpk-media-XXXXXX").string();
    if (mkdtemp(folder.data()) == nullptr) return Fail(Errc::kIo, "cannot create a temporary folder");
    struct Remove {
      std::string path;
      ~Remove() {
        std::error_code ec;
        fs::remove_all(path, ec);
      }
    } remove{folder};
    const std::string input = folder + "/input." + Extension(path);
    {
      std::ofstream out(input, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.close();
      if (!out) return Fail(Errc::kIo, "cannot write " + input);
    }
    converters::video::VideoOptions options;
    options.ladder = {{360, 0, 500000, true}};  // never upscaled: smaller sources keep their size
    options.poster = false;
    options.thumbnails = false;
    options.cancel = context.cancel;
    Result<converters::video::VideoResult> result =
        converters::video::ConvertVideo(input, std::string(path), folder + "/out", context.limits, options, sink);
    if (!result) {
      if (result.error().code == Errc::kCancelled) return Fail(result.error());
      return std::string();  // unreadable or unsupported: the file is kept (the findings say why)
    }
    if (result->details.renditions.empty() || result->details.renditions.back().download.empty()) {
      return std::string();  // audio in an .mp4: kept
    }
    std::ifstream in(folder + "/out/" + result->details.renditions.back().download, std::ios::binary);
    std::string mp4((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return Fail(Errc::kIo, "cannot read the transcoded video");
    return mp4;
  };
}

Result<std::string> RepairWebVtt(std::string_view bytes, std::string_view path, DiagnosticSink& sink) {
  CollectingSink found;
  const formats::video::Captions captions = formats::video::ReadCaptions(bytes, std::string(path), found);
  const bool broken = !found.found.empty();
  for (Diagnostic& d : found.found) sink.Add(std::move(d));
  // A valid file is kept byte for byte; one with no cue left is kept too (reported).
  if (!broken || captions.cues.empty()) return std::string();
  return formats::video::WriteWebVtt(captions);
}

std::vector<std::pair<std::string, std::string>> ContentTransformLibraryVersions() { return image::LibraryVersions(); }

}  // namespace cpk::package
