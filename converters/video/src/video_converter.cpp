// ConvertVideo: picks the rungs, runs the ladder in libcoursepack-media.so into a hidden folder
// beside the target, measures the segments, writes master.m3u8 and renames the folder into
// place.

#include "cpk/converters/video.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cpk/formats/video.hpp"
#include "cpk/formats/video_captions.hpp"
#include "cpk/formats/video_media_api.hpp"

namespace cpk::converters::video {
namespace {

namespace fs = std::filesystem;
namespace fv = formats::video;

/// A folder removed with its content unless released.
class ScratchFolder {
 public:
  explicit ScratchFolder(fs::path path) : path_(std::move(path)) {}
  ~ScratchFolder() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  fs::path path_;
};

std::string FrameRateText(double fps) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", fps);
  return buf;
}

std::vector<std::string> ListFiles(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// FFmpeg's hls muxer writes EXT-X-INDEPENDENT-SEGMENTS for video playlists only; every AAC
/// segment is independent too.
Status MarkIndependentSegments(const fs::path& playlist) {
  std::ifstream in(playlist, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Fail(Errc::kIo, "cannot read " + playlist.string());
  if (text.find("#EXT-X-INDEPENDENT-SEGMENTS") != std::string::npos) return Ok();
  const size_t at = text.find("#EXT-X-MAP:");
  if (at == std::string::npos) return Fail(Errc::kMalformed, playlist.string() + " has no EXT-X-MAP");
  text.insert(at, "#EXT-X-INDEPENDENT-SEGMENTS\n");
  std::ofstream out(playlist, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out ? Ok() : Fail(Errc::kIo, "cannot write " + playlist.string());
}

/// BCP 47 for the ISO 639-2 codes containers use ("eng" → "en"); "und" when unknown.
std::string Bcp47(const std::string& iso639) {
  static const std::pair<const char*, const char*> kCodes[] = {
      {"eng", "en"}, {"hin", "hi"}, {"tel", "te"}, {"tam", "ta"}, {"kan", "kn"}, {"mal", "ml"}, {"ben", "bn"},
      {"mar", "mr"}, {"guj", "gu"}, {"pan", "pa"}, {"ori", "or"}, {"urd", "ur"}, {"asm", "as"}, {"nep", "ne"},
      {"san", "sa"}, {"fre", "fr"}, {"fra", "fr"}, {"spa", "es"}, {"ger", "de"}, {"deu", "de"}, {"ara", "ar"},
      {"chi", "zh"}, {"zho", "zh"}, {"por", "pt"}, {"rus", "ru"}, {"jpn", "ja"}};
  for (const auto& [three, two] : kCodes) {
    if (iso639 == three) return two;
  }
  const bool letters = !iso639.empty() && iso639.size() <= 3 &&
                       std::all_of(iso639.begin(), iso639.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return letters && iso639 != "und" ? iso639 : "und";
}

/// Embedded text tracks as WebVTT files in captions/, through the same lenient reader as
/// sidecar files (so broken tracks are repaired and reported the same way).
Status WriteCaptionTracks(const std::vector<fv::media::TextTrack>& tracks, const fs::path& dir,
                          const std::string& entry, DiagnosticSink& sink, VideoDetails& details) {
  for (const fv::media::TextTrack& track : tracks) {
    std::string srt;
    int n = 0;
    for (const fv::media::TextCue& c : track.cues) {
      srt += std::to_string(++n) + "\n" + fv::FormatVttTime(c.start_ms) + " --> " + fv::FormatVttTime(c.end_ms) + "\n" +
             c.text + "\n\n";
    }
    const fv::Captions captions = fv::ReadCaptions(srt, entry, sink);
    if (captions.cues.empty()) continue;
    std::string lang = Bcp47(track.language);
    std::string name = lang;
    for (int k = 2; std::any_of(details.captions.begin(), details.captions.end(),
                                [&](const CaptionTrack& c) { return c.path == "captions/" + name + ".vtt"; });
         ++k) {
      name = lang + "-" + std::to_string(k);
    }
    std::error_code ec;
    fs::create_directories(dir / "captions", ec);
    std::ofstream out(dir / "captions" / (name + ".vtt"), std::ios::binary);
    out << fv::WriteWebVtt(captions);
    out.close();
    if (!out) return Fail(Errc::kIo, "cannot write captions/" + name + ".vtt");
    details.captions.push_back({lang, "captions/" + name + ".vtt"});
  }
  return Ok();
}

}  // namespace

std::vector<LadderRung> DefaultLadder() {
  return {{144, 15, 120000, false},
          {240, 15, 250000, true},
          {360, 0, 500000, true},
          {480, 0, 900000, false},
          {720, 0, 1800000, false}};
}

Result<PlaylistStats> MeasurePlaylist(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(Errc::kIo, "cannot read " + path);
  const fs::path dir = fs::path(path).parent_path();
  PlaylistStats stats;
  std::string line;
  double pending = -1;
  uint64_t segment_bytes = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("#EXTINF:")) {
      pending = std::strtod(line.c_str() + 8, nullptr);
    } else if (line.starts_with("#EXT-X-MAP:URI=\"")) {
      const std::string uri = line.substr(16, line.find('"', 16) - 16);
      std::error_code ec;
      stats.bytes += fs::file_size(dir / uri, ec);
      if (ec) return Fail(Errc::kIo, "missing " + uri);
    } else if (!line.empty() && line[0] != '#' && pending >= 0) {
      std::error_code ec;
      const uint64_t bytes = fs::file_size(dir / line, ec);
      if (ec) return Fail(Errc::kIo, "missing segment " + line);
      stats.segment_durations.push_back(pending);
      stats.duration += pending;
      stats.bytes += bytes;
      segment_bytes += bytes;
      if (pending > 0) {
        stats.peak_bps = std::max<uint64_t>(stats.peak_bps, static_cast<uint64_t>(std::ceil(bytes * 8.0 / pending)));
      }
      pending = -1;
    }
  }
  if (stats.segment_durations.empty() || !(stats.duration > 0)) {
    return Fail(Errc::kMalformed, path + " lists no segment with media");
  }
  if (stats.duration > 0) stats.average_bps = static_cast<uint64_t>(std::ceil(segment_bytes * 8.0 / stats.duration));
  return stats;
}

std::string MasterPlaylist(const VideoResult& result) {
  const VideoDetails& d = result.details;
  std::ostringstream m;
  m << "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  const bool audio = !d.audio_only_playlist.empty();
  if (result.renditions.empty()) {
    // Audio only: one variant, the audio rendition itself.
    m << "#EXT-X-STREAM-INF:BANDWIDTH=" << result.audio_peak_bps << ",AVERAGE-BANDWIDTH=" << result.audio_average_bps
      << ",CODECS=\"mp4a.40.2\"\n"
      << d.audio_only_playlist << "\n";
    return m.str();
  }
  if (audio) {
    m << "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,URI=\""
      << d.audio_only_playlist << "\"\n";
  }
  for (size_t i = 0; i < result.renditions.size(); ++i) {
    const RenditionStats& r = result.renditions[i];
    const VideoRendition& v = d.renditions[i];
    m << "#EXT-X-STREAM-INF:BANDWIDTH=" << v.bandwidth << ",AVERAGE-BANDWIDTH=" << v.average_bandwidth
      << ",RESOLUTION=" << r.width << "x" << r.height << ",FRAME-RATE=" << FrameRateText(r.frame_rate) << ",CODECS=\""
      << v.codecs << "\"" << (audio ? ",AUDIO=\"audio\"" : "") << "\n"
      << v.playlist << "\n";
  }
  return m.str();
}

Result<VideoResult> ConvertVideo(const std::string& input, const std::string& entry, const std::string& output,
                                 const Limits& limits, const VideoOptions& options, DiagnosticSink& sink) {
  if (options.audio_codec != "aac-lc") {
    return Fail(Errc::kUnsupported, "audio codec '" + options.audio_codec +
                                        "' is not available: only AAC-LC (Debian's FFmpeg has no HE-AAC encoder "
                                        "that writes decodable files)");
  }
  std::string load_error;
  const fv::media::MediaApi* api = fv::LoadMediaModule(&load_error);
  if (api == nullptr || api->transcode == nullptr) {
    return Fail(Errc::kUnsupported, "cannot load the media module: " + load_error);
  }
  std::error_code ec;
  if (fs::exists(output, ec)) return Fail(Errc::kIo, "'" + output + "' exists already");
  const fs::path target = fs::absolute(output, ec);
  if (!fs::is_directory(target.parent_path(), ec)) {
    return Fail(Errc::kIo, "the folder " + target.parent_path().string() + " does not exist");
  }

  fv::ProbeOptions probe_options;
  probe_options.decode = false;  // the transcode decodes everything anyway
  probe_options.cancel = options.cancel;
  CPK_ASSIGN_OR_RETURN(fv::MediaInfo info, fv::ProbeMedia(input, entry, limits, probe_options, sink));

  fv::media::TranscodeRequest request;
  request.input = input;
  request.info = info;
  request.crf = options.crf;
  request.preset = options.preset;
  request.keyframe_seconds = options.keyframe_seconds;
  request.segment_seconds = options.segment_seconds;
  request.poster = options.poster && info.video.has_value();
  request.thumbnails = options.thumbnails && info.video.has_value();
  if (info.video) {
    const int short_side = std::min(info.video->display_width, info.video->display_height);
    for (const LadderRung& r : options.ladder) {
      if (r.short_side <= short_side) request.rungs.push_back({r.short_side, r.max_frame_rate, r.maxrate, r.download});
    }
    if (request.rungs.empty() && !options.ladder.empty()) {
      // Smaller than the lowest rung: one rung at the source's own size, never scaled up.
      const LadderRung& low = options.ladder.front();
      request.rungs.push_back({std::max(2, short_side / 2 * 2), low.max_frame_rate, low.maxrate, true});
    }
    const bool any_download = std::any_of(request.rungs.begin(), request.rungs.end(),
                                          [](const fv::media::RungSpec& r) { return r.download; });
    if (!any_download && !request.rungs.empty()) request.rungs.back().download = true;
  }
  request.cancelled = [token = options.cancel] { return token.IsCancelled(); };
  if (options.progress) {
    request.progress = [cb = options.progress](int64_t done, int64_t total) {
      cb(Progress{"transcode", "frames", static_cast<uint64_t>(std::max<int64_t>(done, 0)),
                  static_cast<uint64_t>(std::max<int64_t>(total, 0))});
    };
  }

  // Work beside the target, so that the final rename stays on one file system.
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
  ScratchFolder scratch(target.parent_path() / ("." + target.filename().string() + ".partial-" + suffix));
  if (!fs::create_directory(scratch.path(), ec)) return Fail(Errc::kIo, "cannot create " + scratch.path().string());
  request.output_dir = scratch.path().string();

  fv::media::TranscodeOutput out;
  std::string error;
  const int rc = api->transcode(request, out, error);
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
  if (rc < 0) return Fail(Errc::kMalformed, "'" + entry + "' could not be transcoded: " + error);

  VideoResult result;
  result.frames_decoded = out.frames_decoded;
  VideoDetails& d = result.details;
  d.duration = info.duration;
  d.master = "master.m3u8";
  if (!out.audio_playlist.empty()) {
    CPK_TRY(MarkIndependentSegments(scratch.path() / out.audio_playlist));
    CPK_ASSIGN_OR_RETURN(PlaylistStats audio, MeasurePlaylist((scratch.path() / out.audio_playlist).string()));
    result.audio_peak_bps = audio.peak_bps;
    result.audio_average_bps = audio.average_bps;
    d.audio_only_bandwidth = audio.peak_bps;
    d.audio_only_playlist = out.audio_playlist;
    d.audio_only_download = out.audio_download;
  }
  for (const fv::media::RungOutput& r : out.rungs) {
    CPK_ASSIGN_OR_RETURN(PlaylistStats stats, MeasurePlaylist((scratch.path() / r.playlist).string()));
    RenditionStats s;
    s.name = r.name;
    s.width = r.width;
    s.height = r.height;
    s.frame_rate = static_cast<double>(r.frame_rate_num) / r.frame_rate_den;
    s.peak_bps = stats.peak_bps;
    s.average_bps = stats.average_bps;
    s.bytes = stats.bytes;
    s.segments = stats.segment_durations.size();
    s.frames = r.frames;
    result.renditions.push_back(s);
    VideoRendition v;
    v.width = r.width;
    v.height = r.height;
    v.bandwidth = stats.peak_bps + result.audio_peak_bps;
    v.average_bandwidth = stats.average_bps + result.audio_average_bps;
    v.frame_rate = std::round(s.frame_rate * 1000) / 1000;
    v.codecs = r.codec + (out.audio_codec.empty() ? "" : "," + out.audio_codec);
    v.playlist = r.playlist;
    v.download = r.download;
    d.renditions.push_back(std::move(v));
  }
  d.poster = out.poster;
  d.thumbnails = out.thumbnails;
  CPK_TRY(WriteCaptionTracks(out.text_tracks, scratch.path(), entry, sink, d));
  {
    std::ofstream master(scratch.path() / "master.m3u8", std::ios::binary);
    master << MasterPlaylist(result);
    master.close();
    if (!master) return Fail(Errc::kIo, "cannot write master.m3u8");
  }
  result.files = ListFiles(scratch.path());
  if (options.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
  fs::rename(scratch.path(), target, ec);
  if (ec) return Fail(Errc::kIo, "cannot move the output into place: " + ec.message());
  scratch.Release();
  return result;
}

}  // namespace cpk::converters::video
