// converters/video: the ladder checked from outside with the ffmpeg and ffprobe commands
// (tests only): every rung decodes cleanly at the right size and orientation, keyframes line
// up across rungs, segments last about 6 s, master.m3u8 quotes the measured bitrates, SSIM
// against the scaled source is at least 0.95. Clips are made by the ffmpeg command in the test.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "cpk/converters/video.hpp"
#include "cpk/core/report.hpp"
#include "zip_builder.hpp"

namespace cpk::converters::video {
namespace {

namespace fs = std::filesystem;

/// Runs a shell command; its standard output (and error with `merge`).
std::string Shell(const std::string& cmd, bool merge = false) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((cmd + (merge ? " 2>&1" : "")).c_str(), "r"), pclose);
  std::string out;
  if (!pipe) return out;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  return out;
}

void Ffmpeg(const std::string& args) {
  const std::string cmd = "ffmpeg -hide_banner -loglevel error -y " + args;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Keyframe times of the first video stream, relative to its first packet.
std::vector<double> KeyframeTimes(const std::string& file) {
  std::vector<double> out;
  double first = -1;
  std::vector<std::pair<double, bool>> packets;
  for (const std::string& l : Lines(Shell("ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,flags "
                                          "-of csv=p=0 '" +
                                          file + "'"))) {
    const size_t comma = l.find(',');
    if (comma == std::string::npos) continue;
    packets.emplace_back(std::stod(l.substr(0, comma)), l.find('K', comma) != std::string::npos);
  }
  for (const auto& [t, key] : packets) first = first < 0 ? t : std::min(first, t);
  for (const auto& [t, key] : packets) {
    if (key) out.push_back(t - first);
  }
  return out;
}

struct Variant {
  std::map<std::string, std::string> attrs;
  std::string uri;
};

std::vector<Variant> ParseMaster(const std::string& text, std::string& audio_uri) {
  std::vector<Variant> out;
  const std::vector<std::string> lines = Lines(text);
  const std::regex attr(R"(([A-Z-]+)=("[^"]*"|[^,]*))");
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("#EXT-X-MEDIA:")) {
      std::smatch m;
      const std::regex uri(R"(URI="([^"]*)\")");
      if (std::regex_search(lines[i], m, uri)) audio_uri = m[1];
    }
    if (!lines[i].starts_with("#EXT-X-STREAM-INF:") || i + 1 >= lines.size()) continue;
    Variant v;
    const std::string a = lines[i].substr(18);
    for (auto it = std::sregex_iterator(a.begin(), a.end(), attr); it != std::sregex_iterator(); ++it) {
      std::string value = (*it)[2];
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      v.attrs[(*it)[1]] = value;
    }
    v.uri = lines[i + 1];
    out.push_back(v);
  }
  return out;
}

/// Peak and average bitrate of a media playlist, computed here from the files on disk.
std::pair<uint64_t, uint64_t> Bitrates(const fs::path& playlist, std::vector<double>* durations = nullptr) {
  uint64_t peak = 0;
  uint64_t bytes = 0;
  double total = 0;
  double pending = -1;
  for (const std::string& l : Lines(ReadText(playlist))) {
    if (l.starts_with("#EXTINF:")) {
      pending = std::stod(l.substr(8));
    } else if (l[0] != '#' && pending >= 0) {
      const uint64_t b = fs::file_size(playlist.parent_path() / l);
      peak = std::max<uint64_t>(peak, static_cast<uint64_t>(std::ceil(b * 8.0 / pending)));
      bytes += b;
      total += pending;
      if (durations != nullptr) durations->push_back(pending);
      pending = -1;
    }
  }
  return {peak, static_cast<uint64_t>(std::ceil(bytes * 8.0 / total))};
}

/// Decodes a file completely; the decoder's complaints (empty when clean).
std::string DecodeErrors(const std::string& file) {
  return Shell("ffmpeg -hide_banner -nostats -v error -i '" + file + "' -f null - ", true);
}

struct Size {
  int width = 0;
  int height = 0;
};

Size VideoSize(const std::string& file) {
  const std::vector<std::string> l =
      Lines(Shell("ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 '" + file + "'"));
  Size s;
  if (!l.empty()) std::sscanf(l[0].c_str(), "%d,%d", &s.width, &s.height);
  return s;
}

/// Every check that holds for any ladder, against the files on disk.
void CheckLadder(const fs::path& out, const VideoResult& result, double duration) {
  SCOPED_TRACE(out.string());
  const std::string master = ReadText(out / "master.m3u8");
  std::string audio_uri;
  const std::vector<Variant> variants = ParseMaster(master, audio_uri);
  ASSERT_EQ(master.rfind("#EXTM3U\n", 0), 0u);
  EXPECT_NE(master.find("#EXT-X-INDEPENDENT-SEGMENTS"), std::string::npos);
  uint64_t audio_peak = 0;
  uint64_t audio_average = 0;
  if (!result.details.audio_only_playlist.empty()) {
    const fs::path audio = out / result.details.audio_only_playlist;
    std::tie(audio_peak, audio_average) = Bitrates(audio);
    EXPECT_NE(ReadText(audio).find("#EXT-X-INDEPENDENT-SEGMENTS"), std::string::npos);
    EXPECT_EQ(DecodeErrors(audio.string()), "");
    EXPECT_EQ(DecodeErrors((out / result.details.audio_only_download).string()), "");
  }
  if (result.renditions.empty()) {
    ASSERT_EQ(variants.size(), 1u);
    EXPECT_EQ(variants[0].attrs.at("BANDWIDTH"), std::to_string(audio_peak));
    EXPECT_EQ(variants[0].attrs.at("CODECS"), "mp4a.40.2");
    return;
  }
  ASSERT_EQ(variants.size(), result.renditions.size());
  EXPECT_EQ(audio_uri, result.details.audio_only_playlist);
  std::vector<std::vector<double>> keys;
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    SCOPED_TRACE(v.uri);
    const fs::path playlist = out / v.uri;
    const std::string media = ReadText(playlist);
    EXPECT_NE(media.find("#EXT-X-PLAYLIST-TYPE:VOD"), std::string::npos);
    EXPECT_NE(media.find("#EXT-X-INDEPENDENT-SEGMENTS"), std::string::npos);
    EXPECT_NE(media.find("#EXT-X-ENDLIST"), std::string::npos);
    // The master quotes what the segments measure.
    std::vector<double> durations;
    const auto [peak, average] = Bitrates(playlist, &durations);
    EXPECT_EQ(v.attrs.at("BANDWIDTH"), std::to_string(peak + audio_peak));
    EXPECT_EQ(v.attrs.at("AVERAGE-BANDWIDTH"), std::to_string(average + audio_average));
    for (size_t s = 0; s + 1 < durations.size(); ++s) EXPECT_NEAR(durations[s], 6.0, 0.1) << "segment " << s;
    double total = 0;
    for (const double d : durations) total += d;
    EXPECT_NEAR(total, duration, 0.15);
    // Size, decodes cleanly, no rotation left to apply.
    const Size size = VideoSize(playlist.string());
    EXPECT_EQ(v.attrs.at("RESOLUTION"), std::to_string(size.width) + "x" + std::to_string(size.height));
    EXPECT_EQ(size.width, result.renditions[i].width);
    EXPECT_EQ(size.height, result.renditions[i].height);
    EXPECT_EQ(size.width % 2, 0);
    EXPECT_EQ(size.height % 2, 0);
    EXPECT_EQ(DecodeErrors(playlist.string()), "");
    // 8-bit 4:2:0, limited range, BT.709 SDR, square pixels, progressive, whatever the source.
    std::vector<std::string> props =
        Lines(Shell("ffprobe -v error -select_streams v:0 -show_entries "
                    "stream=pix_fmt,color_range,color_transfer,color_primaries,sample_aspect_ratio -of default=nw=1 '" +
                    playlist.string() + "'"));
    props.resize(std::min<size_t>(props.size(), 5));  // the HLS demuxer lists the stream twice
    EXPECT_EQ(props, (std::vector<std::string>{"sample_aspect_ratio=1:1", "pix_fmt=yuv420p", "color_range=tv",
                                               "color_transfer=bt709", "color_primaries=bt709"}));
    EXPECT_EQ(Shell("ffprobe -v error -select_streams v:0 -read_intervals %+#10 -show_entries frame=interlaced_frame "
                    "-of csv=p=0 '" +
                    playlist.string() + "'")
                  .find('1'),
              std::string::npos);
    EXPECT_EQ(Shell("ffprobe -v error -select_streams v:0 -show_entries stream_side_data=rotation -of csv=p=0 '" +
                    playlist.string() + "'")
                  .find_first_of("0123456789"),
              std::string::npos);
    const std::regex codecs(audio_uri.empty() ? R"(avc1\.64[0-9a-f]{4})" : R"(avc1\.64[0-9a-f]{4},mp4a\.40\.2)");
    EXPECT_TRUE(std::regex_match(v.attrs.at("CODECS"), codecs)) << v.attrs.at("CODECS");
    EXPECT_EQ(v.attrs.count("FRAME-RATE"), 1u);
    if (!audio_uri.empty()) {
      EXPECT_EQ(v.attrs.at("AUDIO"), "audio");
    }
    keys.push_back(KeyframeTimes(playlist.string()));
    // Constant frame rate (VFR sources too), starting at 0 (start offsets removed; a few
    // frames of B-frame delay at most).
    std::vector<double> pts;
    for (const std::string& l : Lines(Shell("ffprobe -v error -select_streams v:0 -show_entries packet=pts_time "
                                            "-of csv=p=0 '" +
                                            playlist.string() + "'"))) {
      pts.push_back(std::stod(l));
    }
    std::sort(pts.begin(), pts.end());
    ASSERT_FALSE(pts.empty());
    const double frame = 1.0 / result.renditions[i].frame_rate;
    EXPECT_LT(pts.front(), 3 * frame + 1e-3);
    for (size_t k = 1; k < pts.size(); ++k) EXPECT_NEAR(pts[k] - pts[k - 1], frame, 1e-3) << "frame " << k;
  }
  // IDR every 2 s at the same instants in every rung (within a frame of the rung's rate).
  for (size_t i = 0; i < keys.size(); ++i) {
    const double frame = 1.0 / result.renditions[i].frame_rate;
    ASSERT_EQ(keys[i].size(), keys[0].size()) << result.renditions[i].name;
    for (size_t k = 0; k < keys[i].size(); ++k) {
      EXPECT_NEAR(keys[i][k], 2.0 * static_cast<double>(k), frame + 1e-3) << result.renditions[i].name << " key " << k;
    }
  }
  for (const VideoRendition& r : result.details.renditions) {
    if (r.download.empty()) continue;
    const std::string bytes = ReadText(out / r.download);
    EXPECT_LT(bytes.find("moov"), bytes.find("mdat")) << r.download << " is not faststart";
    EXPECT_EQ(DecodeErrors((out / r.download).string()), "");
  }
  if (!result.details.poster.empty()) {
    EXPECT_EQ(ReadText(out / result.details.poster).substr(0, 3), "\xFF\xD8\xFF");
  }
  if (!result.details.thumbnails.empty()) {
    const std::string vtt = ReadText(out / result.details.thumbnails);
    EXPECT_EQ(vtt.rfind("WEBVTT\n", 0), 0u);
    EXPECT_NE(vtt.find("sprite_000.jpg#xywh=0,0,"), std::string::npos);
    EXPECT_TRUE(fs::exists(out / "thumbs" / "sprite_000.jpg"));
  }
  // Every file listed, nothing else, no staging folder left beside the output.
  std::vector<std::string> on_disk;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (e.is_regular_file()) on_disk.push_back(fs::relative(e.path(), out).generic_string());
  }
  std::sort(on_disk.begin(), on_disk.end());
  EXPECT_EQ(on_disk, result.files);
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
  }
}

/// SSIM (All) of a rendition against the source scaled to its size at its rate.
double Ssim(const std::string& rendition, const std::string& source, int width, int height, double fps) {
  const std::string graph = "[0:v]setpts=PTS-STARTPTS[a];[1:v]fps=" + std::to_string(fps) +
                            ",scale=" + std::to_string(width) + ":" + std::to_string(height) +
                            ":flags=bicubic,setpts=PTS-STARTPTS[b];[a][b]ssim";
  const std::string out = Shell(
      "ffmpeg -hide_banner -nostats -i '" + rendition + "' -i '" + source + "' -lavfi '" + graph + "' -f null -", true);
  const size_t at = out.rfind("All:");
  return at == std::string::npos ? 0 : std::stod(out.substr(at + 4));
}

class Ladder : public ::testing::Test {
 protected:
  test::TempDir dir;
};

TEST_F(Ladder, LandscapeClipWithStereoAudio) {
  const std::string src = dir.File("lesson.mp4");
  Ffmpeg(
      "-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 8 "
      "-c:v libx264 -preset ultrafast -crf 18 -c:a aac -ac 2 -metadata location=+12.9716+077.5946/ "
      "-metadata make=PhoneMaker -metadata model=Phone1 -metadata title=Secret " +
      src);
  ASSERT_NE(Shell("ffprobe -v error -show_entries format_tags -of csv=p=0 '" + src + "'").find("12.9716"),
            std::string::npos);
  Report report;
  VideoOptions options;
  std::vector<uint64_t> progress;
  options.progress = [&](const Progress& p) {
    EXPECT_EQ(p.unit, "frames");
    progress.push_back(p.done);
  };
  const auto result = ConvertVideo(src, "lesson.mp4", dir.File("out"), Limits{}, options, report);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->renditions.size(), 3u);  // 480p and 720p would be upscaled
  EXPECT_EQ(result->renditions[0].name, "144p");
  EXPECT_EQ(result->renditions[0].width, 256);
  EXPECT_EQ(result->renditions[0].frame_rate, 15);
  EXPECT_EQ(result->renditions[1].width, 426);
  EXPECT_EQ(result->renditions[2].width, 640);
  EXPECT_EQ(result->renditions[2].frame_rate, 30);
  EXPECT_EQ(result->details.renditions[1].download, "download/240p.mp4");
  EXPECT_EQ(result->details.renditions[2].download, "download/360p.mp4");
  EXPECT_EQ(result->details.audio_only_playlist, "audio/index.m3u8");
  EXPECT_EQ(result->details.audio_only_download, "audio/audio.m4a");
  EXPECT_NEAR(result->details.duration, 8, 0.1);
  CheckLadder(dir.File("out"), *result, 8.0);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 240u);
  // Audio: AAC-LC, 48 kHz stereo at 48 kb/s.
  EXPECT_EQ(Lines(Shell("ffprobe -v error -show_entries stream=codec_name,profile,sample_rate,channels -of csv=p=0 '" +
                        dir.File("out/audio/audio.m4a") + "'")),
            std::vector<std::string>{"aac,LC,48000,2"});
  EXPECT_NEAR(static_cast<double>(result->audio_average_bps), 48000, 6000);
  // GPS, device and other tags of the source are not copied anywhere.
  for (const std::string f : {"360p/index.m3u8", "download/360p.mp4", "audio/audio.m4a"}) {
    const std::string tags =
        Shell("ffprobe -v error -show_entries format_tags:stream_tags -of csv=p=0 '" + dir.File("out/" + f) + "'");
    for (const char* secret : {"12.9716", "PhoneMaker", "Phone1", "Secret"}) {
      EXPECT_EQ(tags.find(secret), std::string::npos) << f << ": " << tags;
    }
  }
  for (const RenditionStats& r : result->renditions) {
    const double ssim = Ssim(dir.File("out/" + r.name + "/index.m3u8"), src, r.width, r.height, r.frame_rate);
    EXPECT_GE(ssim, 0.95) << r.name;
  }
}

TEST_F(Ladder, RotatedPhoneVideoIsUprightAndNeverUpscaled) {
  // A white box in the top-left corner of the stored picture; the display matrix turns it 90°
  // clockwise, so people see it top-right.
  const std::string stored = dir.File("stored.mp4");
  Ffmpeg(
      "-f lavfi -i color=black:size=320x240:rate=25 -t 3 -vf drawbox=x=0:y=0:w=100:h=80:color=white:t=fill "
      "-c:v libx264 -preset ultrafast " +
      stored);
  const std::string src = dir.File("phone.mp4");
  Ffmpeg("-i " + stored + " -c copy -metadata:s:v:0 rotate=-90 " + src);
  Report report;
  const auto result = ConvertVideo(src, "phone.mp4", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->renditions.size(), 2u);  // short side 240: 144p and 240p
  EXPECT_EQ(result->renditions[1].width, 240);
  EXPECT_EQ(result->renditions[1].height, 320);
  EXPECT_EQ(result->renditions[0].width, 144);
  EXPECT_EQ(result->renditions[0].height, 192);
  CheckLadder(dir.File("out"), *result, 3.0);
  // Where the box is: our rendition and the ffmpeg command's own autorotation agree.
  const auto corners = [](const std::string& gray, int w, int h) {
    double tl = 0;
    double tr = 0;
    for (int y = 0; y < h / 4; ++y) {
      for (int x = 0; x < w / 4; ++x) {
        tl += static_cast<unsigned char>(gray[static_cast<size_t>(y * w + x)]);
        tr += static_cast<unsigned char>(gray[static_cast<size_t>(y * w + w - 1 - x)]);
      }
    }
    return std::pair{tl > tr, tr > tl};
  };
  const std::string ours =
      Shell("ffmpeg -v error -i '" + dir.File("out/240p/index.m3u8") + "' -frames:v 1 -f rawvideo -pix_fmt gray -");
  const std::string reference =
      Shell("ffmpeg -v error -i '" + src + "' -frames:v 1 -vf scale=240:320 -f rawvideo -pix_fmt gray -");
  ASSERT_EQ(ours.size(), 240u * 320u);
  ASSERT_EQ(reference.size(), ours.size());
  EXPECT_EQ(corners(ours, 240, 320), corners(reference, 240, 320));
  EXPECT_TRUE(corners(ours, 240, 320).second) << "the box should be top-right";
}

/// Replaces the display matrix of the first track of an MP4 (the tkhd box) by `matrix`.
void SetDisplayMatrix(const std::string& path, const std::array<int32_t, 9>& matrix) {
  std::string bytes = ReadText(path);
  const size_t tkhd = bytes.find("tkhd");
  ASSERT_NE(tkhd, std::string::npos);
  ASSERT_EQ(bytes[tkhd + 4], 0) << "version 0 tkhd expected";
  size_t at = tkhd + 44;  // after type, version/flags, times, track id, duration, layer...
  for (const int32_t v : matrix) {
    const auto u = static_cast<uint32_t>(v);
    for (int shift = 24; shift >= 0; shift -= 8) bytes[at++] = static_cast<char>((u >> shift) & 0xFF);
  }
  test::WriteFile(path, bytes);
}

TEST_F(Ladder, MirroredVideoIsFlippedBack) {
  // The box is top-left as stored; a matrix with a negative determinant mirrors it to the right.
  const std::string src = dir.File("mirror.mp4");
  Ffmpeg(
      "-f lavfi -i color=black:size=320x240:rate=25 -t 2 -vf drawbox=x=0:y=0:w=100:h=80:color=white:t=fill "
      "-c:v libx264 -preset ultrafast " +
      src);
  SetDisplayMatrix(src, {-65536, 0, 0, 0, 65536, 0, 0, 0, 1 << 30});
  Report report;
  const auto result = ConvertVideo(src, "mirror.mp4", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  CheckLadder(dir.File("out"), *result, 2.0);
  const std::string gray =
      Shell("ffmpeg -v error -i '" + dir.File("out/240p/index.m3u8") + "' -frames:v 1 -f rawvideo -pix_fmt gray -");
  ASSERT_EQ(gray.size(), 320u * 240u);
  const auto at = [&](int x, int y) { return static_cast<unsigned char>(gray[static_cast<size_t>(y * 320 + x)]); };
  EXPECT_GT(at(300, 20), 200) << "the box should be top-right";
  EXPECT_LT(at(20, 20), 50);
}

/// ffmpeg's idet filter over a file: {interlaced frames (TFF + BFF), progressive frames}.
std::pair<int, int> FieldDetection(const std::string& file) {
  const std::string out = Shell("ffmpeg -hide_banner -nostats -i '" + file + "' -vf idet -f null -", true);
  const size_t at = out.rfind("Multi frame detection:");
  if (at == std::string::npos) return {-1, -1};
  int tff = 0;
  int bff = 0;
  int progressive = 0;
  std::sscanf(out.c_str() + at, "Multi frame detection: TFF: %d BFF: %d Progressive: %d", &tff, &bff, &progressive);
  return {tff + bff, progressive};
}

TEST_F(Ladder, InterlacedVideoIsDeinterlaced) {
  // Real fields: two moments of a 50p picture woven into each 25i frame.
  const std::string src = dir.File("tv.mpg");
  Ffmpeg(
      "-f lavfi -i testsrc2=size=720x576:rate=50 -t 3 -vf tinterlace=interleave_top,setfield=tff "
      "-c:v mpeg2video -flags +ilme+ildct -top 1 -b:v 8M " +
      src);
  const auto [source_interlaced, source_progressive] = FieldDetection(src);
  ASSERT_GT(source_interlaced, 50) << "the source should look interlaced to idet";
  Report report;
  const auto result = ConvertVideo(src, "tv.mpg", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(report.Has("video.interlaced"));
  CheckLadder(dir.File("out"), *result, 3.0);
  const auto [interlaced, progressive] =
      FieldDetection(dir.File("out/" + result->renditions.back().name + "/index.m3u8"));
  EXPECT_EQ(interlaced, 0);
  EXPECT_GT(progressive, 50);
}

TEST_F(Ladder, CancellationStopsQuicklyAndLeavesNothing) {
  const std::string src = dir.File("long.mp4");
  Ffmpeg("-f lavfi -i testsrc2=size=1280x720:rate=30 -t 20 -c:v libx264 -preset ultrafast " + src);
  VideoOptions options;
  std::chrono::steady_clock::time_point cancelled_at{};
  options.progress = [&](const Progress& p) {
    if (p.done >= 30 && cancelled_at == std::chrono::steady_clock::time_point{}) {
      cancelled_at = std::chrono::steady_clock::now();
      options.cancel.Cancel();
    }
  };
  Report report;
  const auto result = ConvertVideo(src, "long.mp4", dir.File("out"), Limits{}, options, report);
  const auto stopped = std::chrono::steady_clock::now();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kCancelled);
  EXPECT_LT(std::chrono::duration<double>(stopped - cancelled_at).count(), 1.0);
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"long.mp4"});
}

TEST_F(Ladder, AWriteFailureStopsEveryThreadAndLeavesNothing) {
  const std::string src = dir.File("a.mp4");
  Ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine -t 14 -c:v libx264 -preset ultrafast -c:a aac " +
         src);
  VideoOptions options;
  bool removed = false;
  options.progress = [&](const Progress& p) {
    if (removed || p.done < 60) return;
    // The 360p rendition's folder disappears under the muxer: its next segment cannot be opened.
    for (const auto& e : fs::directory_iterator(dir.path())) {
      if (e.path().filename().string().find(".partial-") != std::string::npos) {
        fs::remove_all(e.path() / "360p");
        removed = true;
      }
    }
  };
  Report report;
  const auto result = ConvertVideo(src, "a.mp4", dir.File("out"), Limits{}, options, report);
  ASSERT_TRUE(removed);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("360p"), std::string::npos) << result.error().message;
  EXPECT_EQ(test::ListFolder(dir.path()), std::vector<std::string>{"a.mp4"});
}

TEST_F(Ladder, LongVideosGetSeveralSmallSprites) {
  // 18 min 20 s at one frame per second and a tiny size: 110 thumbnails, 100 per sprite.
  const std::string src = dir.File("long.mp4");
  Ffmpeg("-f lavfi -i testsrc2=size=64x36:rate=1 -t 1100 -c:v libx264 -preset ultrafast " + src);
  Report report;
  const auto result = ConvertVideo(src, "long.mp4", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  const std::string vtt = ReadText(dir.File("out/thumbs/thumbs.vtt"));
  size_t cues = 0;
  for (size_t at = vtt.find(" --> "); at != std::string::npos; at = vtt.find(" --> ", at + 1)) ++cues;
  EXPECT_EQ(cues, 110u);
  EXPECT_NE(vtt.find("00:16:30.000 --> 00:16:40.000\nsprite_000.jpg#xywh=1440,810,160,90"), std::string::npos);
  EXPECT_NE(vtt.find("00:16:40.000 --> 00:16:50.000\nsprite_001.jpg#xywh=0,0,160,90"), std::string::npos);
  // The last one ends with the video (the 1 fps filter may end it a frame early).
  EXPECT_NE(vtt.find("\n00:18:10.000 --> 00:18:"), std::string::npos);
  EXPECT_TRUE(vtt.ends_with("sprite_001.jpg#xywh=1440,0,160,90\n")) << vtt.substr(vtt.size() - 80);
  EXPECT_EQ(VideoSize(dir.File("out/thumbs/sprite_000.jpg")).width, 1600);
  EXPECT_EQ(VideoSize(dir.File("out/thumbs/sprite_000.jpg")).height, 900);
  EXPECT_EQ(VideoSize(dir.File("out/thumbs/sprite_001.jpg")).height, 90);
}

TEST_F(Ladder, OddSizedSourceGetsEvenRungs) {
  const std::string src = dir.File("odd.mkv");
  // testsrc2 rounds odd sizes down; testsrc in 4:4:4 keeps them.
  Ffmpeg("-f lavfi -i testsrc=size=321x241:rate=25 -t 2 -pix_fmt yuv444p -c:v ffv1 " + src);
  ASSERT_EQ(VideoSize(src).width, 321);
  Report report;
  const auto result = ConvertVideo(src, "odd.mkv", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(report.Has("video.odd-dimensions"));
  ASSERT_EQ(result->renditions.size(), 2u);
  EXPECT_EQ(result->renditions[1].width, 320);
  EXPECT_EQ(result->renditions[1].height, 240);
  CheckLadder(dir.File("out"), *result, 2.0);  // even sizes, decodable
}

TEST_F(Ladder, RefusalsLeaveNothing) {
  const std::string src = dir.File("a.mp4");
  Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -t 1 -c:v libx264 -preset ultrafast " + src);
  Report report;
  VideoOptions he;
  he.audio_codec = "he-aac";
  const auto refused = ConvertVideo(src, "a.mp4", dir.File("out"), Limits{}, he, report);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kUnsupported);
  fs::create_directory(dir.File("exists"));
  EXPECT_EQ(ConvertVideo(src, "a.mp4", dir.File("exists"), Limits{}, {}, report).error().code, Errc::kIo);
  test::WriteFile(dir.File("junk.mp4"), std::string(5000, 'x'));
  const auto junk = ConvertVideo(dir.File("junk.mp4"), "junk.mp4", dir.File("out"), Limits{}, {}, report);
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code, Errc::kMalformed);
  EXPECT_TRUE(report.Has("video.unreadable"));
  EXPECT_EQ(test::ListFolder(dir.path()), (std::vector<std::string>{"a.mp4", "exists", "junk.mp4"}));
}

TEST_F(Ladder, OutputIsByteIdenticalRunToRun) {
  const std::string src = dir.File("a.mp4");
  Ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine -t 3 -c:v libx264 -preset ultrafast -c:a aac " +
         src);
  Report report;
  const auto a = ConvertVideo(src, "a.mp4", dir.File("one"), Limits{}, {}, report);
  const auto b = ConvertVideo(src, "a.mp4", dir.File("two"), Limits{}, {}, report);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->files, b->files);
  for (const std::string& f : a->files) {
    EXPECT_TRUE(ReadText(dir.File("one/" + f)) == ReadText(dir.File("two/" + f))) << f << " differs";
  }
}

TEST_F(Ladder, EmbeddedSubtitlesBecomeWebVtt) {
  const std::string src = test::CorpusDir() + "/video/sample_with_srt.mkv";
  Report report;
  const auto result = ConvertVideo(src, "sample_with_srt.mkv", dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->details.captions.size(), 1u);
  EXPECT_EQ(result->details.captions[0].lang, "en");
  EXPECT_EQ(result->details.captions[0].path, "captions/en.vtt");
  const std::string vtt = ReadText(dir.File("out/captions/en.vtt"));
  EXPECT_EQ(vtt.rfind("WEBVTT\n", 0), 0u);
  const auto count = [](const std::string& file, const std::string& stream) {
    return Shell("ffprobe -v error -select_streams " + stream +
                 " -count_packets -show_entries stream=nb_read_packets -of csv=p=0 '" + file + "'");
  };
  EXPECT_EQ(count(dir.File("out/captions/en.vtt"), "s:0"), count(src, "s:0"));
  EXPECT_NE(count(src, "s:0"), "");
  EXPECT_TRUE(report.diagnostics().empty());
}

struct CorpusCase {
  std::string file;
  std::vector<std::string> rungs;  // names, low to high; empty for audio only
  Size top;                        // size of the highest rung
  bool audio = true;
};

class CorpusLadder : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(CorpusLadder, ConvertsAndChecksOut) {
  const CorpusCase& c = GetParam();
  test::TempDir dir;
  const std::string src = test::CorpusDir() + "/video/" + c.file;
  Report report;
  const auto result = ConvertVideo(src, c.file, dir.File("out"), Limits{}, {}, report);
  ASSERT_TRUE(result) << result.error().message;
  std::vector<std::string> names;
  for (const RenditionStats& r : result->renditions) names.push_back(r.name);
  EXPECT_EQ(names, c.rungs);
  if (!c.rungs.empty()) {
    EXPECT_EQ(result->renditions.back().width, c.top.width);
    EXPECT_EQ(result->renditions.back().height, c.top.height);
  }
  EXPECT_EQ(!result->details.audio_only_playlist.empty(), c.audio);
  const std::string durations =
      Shell("ffprobe -v error -show_entries format=duration -of csv=p=0 '" +
            dir.File("out/" + (c.rungs.empty() ? std::string("audio") : c.rungs.back()) + "/index.m3u8") + "'");
  CheckLadder(dir.File("out"), *result, std::stod(durations.empty() ? "0" : durations));
}

INSTANTIATE_TEST_SUITE_P(
    Video, CorpusLadder,
    ::testing::Values(
        CorpusCase{"bbb_176x144_128kbps_15fps_h263.3gp", {"144p"}, {176, 144}, false},
        CorpusCase{"bbb_800x640_768kbps_30fps_avc_2b_firstpts_10_sec.mp4",
                   {"144p", "240p", "360p", "480p"},
                   {852, 480},
                   false},  // SAR 1137:800
        CorpusCase{"bbb_mono_8kHz_12.2kbps_amrnb.3gp", {}, {}, true},
        CorpusCase{"hlg10-color-test.mp4", {"144p", "240p", "360p", "480p", "720p"}, {1280, 720}, true},
        CorpusCase{"long_180p_av1.mp4", {"144p"}, {256, 144}, true},
        CorpusCase{"pixel7_videoOnly_cleaned.mp4", {"144p", "240p", "360p", "480p", "720p"}, {1280, 720}, false},
        CorpusCase{"portrait_4k60.mp4", {"144p", "240p", "360p", "480p", "720p"}, {720, 1280}, true},
        CorpusCase{"roadtrip-vp92-10bit.webm", {"144p", "240p"}, {426, 240}, false},
        CorpusCase{"sample_audio_only.mp4", {}, {}, true},
        CorpusCase{"sample_sef_slow_motion.mp4", {"144p", "240p"}, {320, 240}, true},
        CorpusCase{"sample_video_only.mp4", {"144p", "240p", "360p", "480p", "720p"}, {1080, 720}, false},
        CorpusCase{"sample_with_srt.mkv", {"144p", "240p", "360p", "480p", "720p"}, {1080, 720}, true},
        CorpusCase{"sowt-with-video.mov", {"144p", "240p", "360p", "480p", "720p"}, {1280, 720}, true},
        CorpusCase{"water_180_mvhevc_5frames.mov", {"144p", "240p", "360p", "480p", "720p"}, {720, 804}, false}),
    [](const auto& p) {
      std::string name = p.param.file;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(CorpusLadderRefusals, BrokenCorpusFilesGiveAnErrorAndNoOutput) {
  for (const char* file : {"invalid-bitstream.webm", "large_stbl_truncated_after_moov.m4b"}) {
    SCOPED_TRACE(file);
    test::TempDir dir;
    Report report;
    const auto result = ConvertVideo(test::CorpusDir() + "/video/" + file, file, dir.File("out"), Limits{}, {}, report);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kMalformed) << result.error().message;
    EXPECT_TRUE(test::ListFolder(dir.path()).empty());
  }
}

TEST(MasterPlaylist, AudioOnlyAndMeasuredNumbers) {
  VideoResult r;
  r.details.audio_only_playlist = "audio/index.m3u8";
  r.audio_peak_bps = 50000;
  r.audio_average_bps = 48000;
  EXPECT_EQ(MasterPlaylist(r),
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=50000,"
            "AVERAGE-BANDWIDTH=48000,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n");
}

}  // namespace
}  // namespace cpk::converters::video
