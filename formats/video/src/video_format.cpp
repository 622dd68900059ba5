#include "cpk/formats/video.hpp"

#include <cstring>
#include <string>

#include "cpk/formats/video_captions.hpp"
#include "cpk/formats/video_codes.hpp"
#include "cpk/io/junk.hpp"
#include "cpk/io/sniff.hpp"
#include "libavformat_loader.hpp"

namespace cpk::formats::video {
namespace {

constexpr size_t kProbeBytes = 64 * 1024;

/// Containers that only ever hold audio.
bool IsAudioContainer(std::string_view names) {
  for (const char* audio : {"mp3", "wav", "aac", "flac", "ogg", "amr", "amrnb", "amrwb", "ac3", "eac3", "au", "aiff"}) {
    size_t start = 0;
    while (start <= names.size()) {
      size_t end = names.find(',', start);
      if (end == std::string_view::npos) end = names.size();
      if (names.substr(start, end - start) == audio) return true;
      start = end + 1;
    }
  }
  return false;
}

/// XML, HTML, JSON and PDF files are never media; skipping them avoids loading libavformat.
bool LooksLikeTextOrPdf(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() &&
         (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' || head.front() == '\n')) {
    head.remove_prefix(1);
  }
  return head.starts_with("<") || head.starts_with("{") || head.starts_with("%PDF-");
}

/// libavformat's name for the container, or nullptr when the bytes are not media.
const AVInputFormat* Probe(const std::string& head, int& score) {
  // av_probe_input_format3 needs AVPROBE_PADDING_SIZE zero bytes after the data.
  std::string padded = head;
  padded.append(AVPROBE_PADDING_SIZE, '\0');
  AVProbeData pd{};
  pd.filename = "";
  pd.buf = reinterpret_cast<unsigned char*>(padded.data());
  pd.buf_size = static_cast<int>(head.size());
  score = 0;
  const internal::ProbeInputFormat3Fn probe = internal::LoadProbeFunction();
  return probe != nullptr ? probe(&pd, 1, &score) : nullptr;
}

/// A standalone video or audio upload: probed and checked, then described as a course with one
/// item and one resource (the shape `coursepack convert` turns into media/<rid>/).
Status ReadMedia(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  if (source.kind() != SourceKind::kFile || source.entries().empty()) return Ok();
  const EntryInfo& entry = source.entries().front();
  ProbeOptions options;
  options.cancel = context.cancel;
  Result<MediaInfo> info = ProbeMedia(source.input_path(), entry.path, context.limits, options, report);
  if (!info) {
    // kMalformed has been reported as video.unreadable; the rest cannot be findings.
    if (info.error().code == Errc::kMalformed) return Ok();
    if (info.error().code == Errc::kUnsupported || info.error().code == Errc::kIo) {
      report.Add(codes::kVideoUnreadable, "'" + entry.path + "' could not be examined: " + info.error().message,
                 {.file = entry.path}, "check the installation of coursepack (libcoursepack-media.so)");
      return Ok();
    }
    return Fail(info.error());
  }
  Resource r;
  r.type = info->video ? "video" : "audio";
  r.id = r.type.substr(0, 1) + "1";
  r.launch = entry.path;
  r.files = {entry.path};
  r.bytes = entry.size;
  r.video = VideoDetails{};
  r.video->duration = info->duration;
  MakeSingleResourceCourse(model, std::move(r));
  if (info->audio && !info->audio->language.empty() && info->audio->language != "und") {
    model.resources.front().languages = {info->audio->language};
  }
  return Ok();
}

/// Caption files inside a package (.srt, .vtt): the same lenient reader the converter uses, so
/// the uploader sees the captions.* findings before converting.
void CheckCaptionFiles(Source& source, const ReadContext& context, Report& report) {
  constexpr uint64_t kMaxCaptionBytes = 16ull << 20;
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || io::IsJunkPath(e.path)) continue;
    const std::string name = FoldCaseAscii(e.path);
    if (!name.ends_with(".srt") && !name.ends_with(".vtt")) continue;
    if (context.cancel.IsCancelled()) return;
    Result<std::string> bytes = source.ReadAll(e, std::min(kMaxCaptionBytes, context.limits.max_entry_bytes));
    if (!bytes) continue;  // too large or unreadable: the archive checks say so
    ReadCaptions(*bytes, e.path, report);
  }
}

}  // namespace

void Register(Registry& registry) {
  registry.AddRuleSet({"captions", [](Source& source, const ReadContext& context, const CourseModel&, Report& report) {
                         CheckCaptionFiles(source, context, report);
                       }});
  for (const bool audio : {false, true}) {
    FormatHandler h;
    h.kind = audio ? "audio" : "video";
    h.description = audio ? "audio file" : "video file";
    h.detect = [audio](Source& source) {
      if (source.kind() != SourceKind::kFile || source.entries().empty()) return Confidence::kNone;
      const std::string head = io::ReadHead(source, source.entries().front(), kProbeBytes);
      if (head.empty() || LooksLikeTextOrPdf(head)) return Confidence::kNone;
      int score = 0;
      const AVInputFormat* format = Probe(head, score);
      // Text-like formats (subtitles, playlists, images) are not uploads of media.
      if (format == nullptr || score < AVPROBE_SCORE_EXTENSION / 2) return Confidence::kNone;
      const std::string_view names = format->name;
      for (const char* not_media : {"srt", "webvtt", "ass", "hls", "image2", "png_pipe", "jpeg_pipe", "svg_pipe", "tty",
                                    "txt", "mpl2", "subviewer", "lrc", "jacosub", "microdvd"}) {
        if (names.find(not_media) != std::string_view::npos) return Confidence::kNone;
      }
      return IsAudioContainer(names) == audio ? Confidence::kLikely : Confidence::kNone;
    };
    h.read = &ReadMedia;
    registry.AddFormat(std::move(h));
  }
}

}  // namespace cpk::formats::video
