#include "media_conversion.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>

#include "content_copy.hpp"
#include "cpk/converters/video.hpp"
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
  resource.launch = details.master;
  resource.video = std::move(details);
  statistics.emplace_back("media_renditions", result->renditions.size());
  statistics.emplace_back("media_bytes_out", media_bytes);
  statistics.emplace_back("media_frames_decoded", static_cast<uint64_t>(result->frames_decoded));
  return Ok();
}

}  // namespace cpk::package
