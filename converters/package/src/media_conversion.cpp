#include "media_conversion.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "content_copy.hpp"
#include "cpk/converters/package_codes.hpp"
#include "cpk/converters/video.hpp"
#include "cpk/formats/video_captions.hpp"
#include "cpk/formats/video_codes.hpp"
#include "cpk/io/sha256.hpp"

namespace cpk::package {
namespace {

namespace fs = std::filesystem;

/// A private temporary folder beside the output, removed with its content.
class TempFolder {
 public:
  static Result<TempFolder> Create(const std::string& parent) {
    std::string pattern = (fs::path(parent) / ".cpk-media-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return Fail(Errc::kIo, "cannot create a temporary folder in " + parent);
    return TempFolder(pattern);
  }
  TempFolder(TempFolder&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempFolder(const TempFolder&) = delete;
  ~TempFolder() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

/// Streams a file into the spill, hashing it.
Result<std::pair<io::SpillFile::Range, std::string>> AppendFile(io::SpillFile& spill, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, "cannot read " + path);
  io::Sha256 hasher;
  auto range = spill.AppendStream([&](char* buffer, size_t size) -> Result<size_t> {
    const ssize_t n = ::read(fd, buffer, size);
    if (n < 0) return Fail(Errc::kIo, "cannot read " + path);
    hasher.Update(std::string_view(buffer, static_cast<size_t>(n)));
    return static_cast<size_t>(n);
  });
  ::close(fd);
  if (!range) return Fail(range.error());
  return std::pair{*range, hasher.FinishHex()};
}

constexpr uint64_t kMaxCaptionFileBytes = 16ull << 20;

/// Caption files beside an uploaded media file that share its name: for "lecture.mp4",
/// "lecture.srt", "lecture.hi.srt", "lecture.te.vtt" (the convention of media players), sorted.
std::vector<fs::path> CaptionSidecars(const fs::path& media) {
  std::vector<fs::path> out;
  const std::string stem = media.stem().string();
  std::error_code ec;
  for (const fs::directory_entry& e :
       fs::directory_iterator(media.parent_path().empty() ? "." : media.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if ((ext != ".srt" && ext != ".vtt") || !name.starts_with(stem + ".") || !e.is_regular_file(ec)) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Reads the sidecars of `media` (repairing and reporting what is broken), and adds each as
/// `<prefix>captions/<lang>.vtt` to the package and to `details`.
Status AddCaptionSidecars(const fs::path& media, const std::string& prefix, VideoDetails& details, Report& report,
                          io::SpillFile& spill, std::vector<normalised::OutputFile>& outputs,
                          std::map<std::string, File>& files, Resource& resource, uint64_t& added) {
  for (const fs::path& sidecar : CaptionSidecars(media)) {
    const std::string name = sidecar.filename().string();
    std::error_code ec;
    if (fs::file_size(sidecar, ec) > kMaxCaptionFileBytes) {
      report.Add(MakeDiagnostic(cpk::codes::kCaptionsMalformed,
                                "caption file '" + name + "' is larger than 16 MiB; it is left out", Location{name},
                                "a caption file is text: check that this is the right file"));
      continue;
    }
    std::ifstream in(sidecar, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const formats::video::Captions captions = formats::video::ReadCaptions(bytes, name, report);
    if (captions.cues.empty()) continue;  // reported by the reader
    // The part of the name after the media's name gives the language ("lecture.hi.srt" → hi).
    const std::string lang = formats::video::CaptionLanguageFromName(name.substr(media.stem().string().size() + 1));
    std::string path = prefix + "captions/" + lang + ".vtt";
    for (int k = 2; files.count(path) != 0; ++k) path = prefix + "captions/" + lang + "-" + std::to_string(k) + ".vtt";
    const std::string vtt = formats::video::WriteWebVtt(captions);
    CPK_ASSIGN_OR_RETURN(const io::SpillFile::Range range, spill.Append(vtt));
    io::Sha256 hasher;
    hasher.Update(vtt);
    outputs.push_back({path, range});
    files[path] = File{path, range.size, normalised::MimeTypeOf(path), hasher.FinishHex()};
    resource.files.push_back(path);
    resource.bytes += range.size;
    details.captions.push_back({lang, path});
    ++added;
  }
  return Ok();
}

}  // namespace

Status ConvertStandaloneMedia(Source& source, Resource& resource, const ConvertRequest& request,
                              const ReadContext& context, Report& report, io::SpillFile& spill,
                              std::vector<normalised::OutputFile>& outputs, std::map<std::string, File>& files,
                              std::vector<std::pair<std::string, uint64_t>>& statistics) {
  if (source.kind() != SourceKind::kFile || source.entries().empty()) return Ok();
  const EntryInfo& entry = source.entries().front();
  CPK_ASSIGN_OR_RETURN(TempFolder temp, TempFolder::Create(OutputFolder(request.output)));
  converters::video::VideoOptions options;
  options.cancel = context.cancel;
  options.progress = context.progress;
  const std::string out_dir = temp.path() + "/media";
  Result<converters::video::VideoResult> result =
      converters::video::ConvertVideo(source.input_path(), entry.path, out_dir, context.limits, options, report);
  if (!result) {
    // Reported as the source's findings (video.unreadable): the upload stays as it was copied.
    if (result.error().code == Errc::kMalformed) return Ok();
    return Fail(result.error());
  }
  const std::string prefix = "media/" + resource.id + "/";
  // The ladder replaces the upload.
  const std::string original = resource.launch;
  files.erase(original);
  std::erase_if(outputs, [&](const normalised::OutputFile& f) { return f.path == original; });
  resource.files.clear();
  resource.bytes = 0;
  uint64_t media_bytes = 0;
  for (const std::string& relative : result->files) {
    if (context.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    CPK_ASSIGN_OR_RETURN(auto appended, AppendFile(spill, out_dir + "/" + relative));
    const std::string path = prefix + relative;
    outputs.push_back({path, appended.first});
    files[path] = File{path, appended.first.size, normalised::MimeTypeOf(path), appended.second};
    resource.files.push_back(path);
    resource.bytes += appended.first.size;
    media_bytes += appended.first.size;
  }
  VideoDetails details = result->details;
  const auto in_package = [&prefix](std::string& p) {
    if (!p.empty()) p = prefix + p;
  };
  in_package(details.master);
  in_package(details.audio_only_playlist);
  in_package(details.audio_only_download);
  in_package(details.poster);
  in_package(details.thumbnails);
  for (VideoRendition& r : details.renditions) {
    in_package(r.playlist);
    in_package(r.download);
  }
  for (CaptionTrack& c : details.captions) in_package(c.path);
  uint64_t sidecars = 0;
  CPK_TRY(AddCaptionSidecars(source.input_path(), prefix, details, report, spill, outputs, files, resource, sidecars));
  resource.launch = details.master;
  resource.video = std::move(details);
  statistics.emplace_back("media_renditions", result->renditions.size());
  statistics.emplace_back("media_bytes_out", media_bytes);
  statistics.emplace_back("media_frames_decoded", static_cast<uint64_t>(result->frames_decoded));
  statistics.emplace_back("captions_sidecars", sidecars);
  return Ok();
}

Result<std::optional<io::SpillFile::Range>> OfflineVideoDownload(Source& source, const std::string& output,
                                                                 const ReadContext& context, Report& report,
                                                                 io::SpillFile& spill) {
  if (source.kind() != SourceKind::kFile || source.entries().empty()) return std::optional<io::SpillFile::Range>{};
  CPK_ASSIGN_OR_RETURN(TempFolder temp, TempFolder::Create(OutputFolder(output)));
  converters::video::VideoOptions options;
  options.cancel = context.cancel;
  options.progress = context.progress;
  options.poster = false;
  options.thumbnails = false;
  options.ladder.clear();
  for (const converters::video::LadderRung& rung : converters::video::DefaultLadder()) {
    if (rung.download) options.ladder.push_back(rung);  // 240p and 360p
  }
  // The findings of the source are in the report already: the second look stays quiet.
  Report quiet(source.input_path());
  Result<converters::video::VideoResult> result = converters::video::ConvertVideo(
      source.input_path(), source.entries().front().path, temp.path() + "/media", context.limits, options, quiet);
  if (!result) {
    if (result.error().code == Errc::kCancelled || result.error().code == Errc::kIo) return Fail(result.error());
    return std::optional<io::SpillFile::Range>{};
  }
  const VideoRendition* best = nullptr;
  for (const VideoRendition& r : result->details.renditions) {
    if (!r.download.empty() && (best == nullptr || r.height > best->height)) best = &r;
  }
  if (best == nullptr) return std::optional<io::SpillFile::Range>{};
  CPK_ASSIGN_OR_RETURN(auto appended, AppendFile(spill, temp.path() + "/media/" + best->download));
  report.Add(MakeDiagnostic(codes::kConvertVideoOffline, "the ECAR carries a " + std::to_string(best->height) +
                                                             "p copy of the video for offline use (" +
                                                             std::to_string(appended.first.size) + " bytes, from " +
                                                             std::to_string(source.entries().front().size) + ")"));
  return std::optional<io::SpillFile::Range>{appended.first};
}

}  // namespace cpk::package
