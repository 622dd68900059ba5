// formats/video: probing and validating every media file of ../shared/corpus/video (what each
// file is and what is expected is in its SOURCES.tsv and PROBE.txt), constructed oddities made
// with the ffmpeg command in the test, and hostile inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "cpk/engine/engine.hpp"
#include "cpk/formats/video.hpp"
#include "cpk/formats/video_codes.hpp"
#include "orientation.hpp"
#include "zip_builder.hpp"

namespace cpk::formats::video {
namespace {

namespace fs = std::filesystem;
using test::CorpusDir;
using test::TempDir;

std::string VideoCorpus() { return CorpusDir() + "/video"; }

std::vector<std::string> Codes(const Report& report) {
  std::vector<std::string> out;
  for (const Diagnostic& d : report.diagnostics()) out.push_back(d.code);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Dump(const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) out += d.code + ": " + d.message + "\n";
  return out;
}

/// Runs the ffmpeg command line (tests only: the library never does) quietly.
void Ffmpeg(const std::string& args) {
  const std::string cmd = "ffmpeg -hide_banner -loglevel error -y " + args;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

struct Expected {
  std::string file;
  std::vector<std::string> codes;  // sorted
};

// What each corpus file must give (see SOURCES.tsv "what_is_odd").
const std::vector<Expected> kCorpus = {
    {"bbb_176x144_128kbps_15fps_h263.3gp", {"video.low-resolution", "video.no-audio"}},
    {"bbb_800x640_768kbps_30fps_avc_2b_firstpts_10_sec.mp4", {"video.no-audio"}},
    {"bbb_mono_8kHz_12.2kbps_amrnb.3gp", {"video.no-video"}},
    {"hlg10-color-test.mp4", {"video.hdr"}},
    {"invalid-bitstream.webm", {"video.decode-error", "video.no-audio", "video.unreadable"}},
    {"large_stbl_truncated_after_moov.m4b", {"video.no-video", "video.unreadable"}},
    {"long_180p_av1.mp4", {"video.low-resolution"}},
    {"pixel7_videoOnly_cleaned.mp4", {"video.no-audio", "video.vfr"}},
    {"portrait_4k60.mp4", {"video.vfr"}},
    {"roadtrip-vp92-10bit.webm", {"video.no-audio"}},
    {"sample_audio_only.mp4", {"video.no-video"}},
    {"sample_sef_slow_motion.mp4", {}},
    {"sample_video_only.mp4", {"video.no-audio"}},
    {"sample_with_srt.mkv", {}},
    {"sowt-with-video.mov", {}},
    {"water_180_mvhevc_5frames.mov", {"video.no-audio"}},
};

class CorpusProbe : public ::testing::TestWithParam<Expected> {};

TEST_P(CorpusProbe, GivesTheExpectedDiagnostics) {
  const Expected& e = GetParam();
  Report report;
  const Result<MediaInfo> info = ProbeMedia(VideoCorpus() + "/" + e.file, e.file, Limits{}, {}, report);
  EXPECT_EQ(Codes(report), e.codes) << Dump(report);
  for (const Diagnostic& d : report.diagnostics()) {
    EXPECT_EQ(d.location.file, e.file);
    EXPECT_NE(d.message.find(e.file), std::string::npos) << d.message;
  }
  if (info) {
    EXPECT_TRUE(info->video || info->audio);
    EXPECT_GT(info->duration, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Video, CorpusProbe, ::testing::ValuesIn(kCorpus), [](const auto& p) {
  std::string name = p.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
});

TEST(CorpusProbe, EveryMediaFileOfTheCorpusHasAnExpectation) {
  std::set<std::string> listed;
  for (const Expected& e : kCorpus) listed.insert(e.file);
  std::ifstream sources(VideoCorpus() + "/SOURCES.tsv");
  ASSERT_TRUE(sources) << "missing " << VideoCorpus() << "/SOURCES.tsv";
  std::string line;
  std::getline(sources, line);  // header
  size_t media = 0;
  while (std::getline(sources, line)) {
    const std::string file = line.substr(0, line.find('\t'));
    if (file.ends_with(".srt") || file.ends_with(".vtt") || file.empty()) continue;
    ++media;
    EXPECT_TRUE(listed.contains(file)) << file << " is in SOURCES.tsv but has no expectation here";
    EXPECT_TRUE(fs::exists(VideoCorpus() + "/" + file)) << file;
  }
  EXPECT_EQ(media, kCorpus.size());
}

MediaInfo MustProbe(const std::string& file, Report& report, const Limits& limits = {}) {
  Result<MediaInfo> info = ProbeMedia(VideoCorpus() + "/" + file, file, limits, {}, report);
  EXPECT_TRUE(info) << (info ? "" : info.error().message);
  return info ? *info : MediaInfo{};
}

TEST(Probe, PortraitPhoneVideoIsRotatedNinetyDegrees) {
  Report report;
  const MediaInfo info = MustProbe("portrait_4k60.mp4", report);
  ASSERT_TRUE(info.video);
  EXPECT_EQ(info.video->width, 3840);
  EXPECT_EQ(info.video->height, 2160);
  EXPECT_EQ(info.video->rotation, 90);
  EXPECT_FALSE(info.video->mirrored);
  EXPECT_EQ(info.video->orientation_filter, "transpose=clock");
  EXPECT_EQ(info.video->display_width, 2160);
  EXPECT_EQ(info.video->display_height, 3840);
  EXPECT_TRUE(info.video->full_range);
  EXPECT_TRUE(info.video->variable_frame_rate);
  ASSERT_TRUE(info.audio);
  EXPECT_EQ(info.audio->codec, "aac");
}

TEST(Probe, UpsideDownPhoneVideoIsRotatedHalfATurn) {
  Report report;
  const MediaInfo info = MustProbe("pixel7_videoOnly_cleaned.mp4", report);
  ASSERT_TRUE(info.video);
  EXPECT_EQ(info.video->rotation, 180);
  EXPECT_EQ(info.video->orientation_filter, "hflip,vflip");
  EXPECT_EQ(info.video->display_width, 1920);
  EXPECT_TRUE(info.video->full_range);
  EXPECT_EQ(info.video->pixel_format, "yuvj420p");
  EXPECT_FALSE(info.audio);
}

TEST(Probe, NonSquarePixelsAndAStartOffset) {
  Report report;
  const MediaInfo info = MustProbe("bbb_800x640_768kbps_30fps_avc_2b_firstpts_10_sec.mp4", report);
  ASSERT_TRUE(info.video);
  EXPECT_EQ(info.video->sar_num, 1137);
  EXPECT_EQ(info.video->sar_den, 800);
  EXPECT_EQ(info.video->display_width, 1137);
  EXPECT_EQ(info.video->display_height, 640);
  EXPECT_NEAR(info.start_time, 10.0, 0.1);
  // The container says 14 s including the offset; the frames span 4 s.
  EXPECT_NEAR(info.duration, 4.0, 0.1);
  EXPECT_EQ(info.video_frames_corrupt, 0);
  EXPECT_GT(info.video_frames, 100);
}

TEST(Probe, HdrTenBitHevc) {
  Report report;
  const MediaInfo info = MustProbe("hlg10-color-test.mp4", report);
  ASSERT_TRUE(info.video);
  EXPECT_EQ(info.video->codec, "hevc");
  EXPECT_EQ(info.video->bit_depth, 10);
  EXPECT_TRUE(info.video->hdr);
  EXPECT_EQ(info.video->color_transfer, "arib-std-b67");
  EXPECT_EQ(info.video->color_primaries, "bt2020");
  ASSERT_TRUE(info.audio);  // listed first in the file, still found
  EXPECT_EQ(info.audio->sample_rate, 48000);
}

TEST(Probe, TenBitSdrIsNotHdr) {
  Report report;
  const MediaInfo info = MustProbe("roadtrip-vp92-10bit.webm", report);
  ASSERT_TRUE(info.video);
  EXPECT_EQ(info.video->bit_depth, 10);
  EXPECT_FALSE(info.video->hdr);
  EXPECT_FALSE(info.video->variable_frame_rate);  // hidden VP9 frames are not frame durations
}

TEST(Probe, EmbeddedSubtitlesAndOddAudio) {
  Report report;
  const MediaInfo info = MustProbe("sample_with_srt.mkv", report);
  ASSERT_EQ(info.subtitles.size(), 1u);
  EXPECT_EQ(info.subtitles[0].codec, "subrip");
  EXPECT_EQ(info.subtitles[0].language, "eng");
  EXPECT_TRUE(info.subtitles[0].text);
  ASSERT_TRUE(info.audio);
  EXPECT_EQ(info.audio->codec, "ac3");
  EXPECT_FALSE(info.video->variable_frame_rate);  // 1 ms Matroska rounding is not VFR
  Report pcm;
  EXPECT_EQ(MustProbe("sowt-with-video.mov", pcm).audio->codec, "pcm_s16le");
  Report amr;
  EXPECT_EQ(MustProbe("bbb_mono_8kHz_12.2kbps_amrnb.3gp", amr).audio->codec, "amr_nb");
}

TEST(Probe, TruncatedFileSaysWhereItEnds) {
  Report report;
  ProbeMedia(VideoCorpus() + "/large_stbl_truncated_after_moov.m4b", "book.m4b", Limits{}, {}, report);
  ASSERT_TRUE(report.Has("video.unreadable")) << Dump(report);
  const Diagnostic& d = report.diagnostics().front();
  EXPECT_NE(d.message.find("cut off"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("1:47:02"), std::string::npos) << d.message;
}

TEST(Probe, CorruptFramesAreCounted) {
  Report report;
  ProbeMedia(VideoCorpus() + "/invalid-bitstream.webm", "x.webm", Limits{}, {}, report);
  bool counted = false;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code == "video.decode-error") counted = d.message.find("51 of 51 video frames") != std::string::npos;
  }
  EXPECT_TRUE(counted) << Dump(report);
}

TEST(Probe, LimitsGiveTooLongAndTooLarge) {
  Limits limits;
  limits.max_media_seconds = 2;
  limits.max_media_bytes = 100000;
  limits.max_video_pixels = 1000000;
  Report report;
  const Result<MediaInfo> info = ProbeMedia(VideoCorpus() + "/long_180p_av1.mp4", "long.mp4", limits, {}, report);
  ASSERT_TRUE(info);
  EXPECT_TRUE(report.Has("video.too-long")) << Dump(report);
  EXPECT_TRUE(report.Has("video.too-large")) << Dump(report);
  EXPECT_FALSE(info->decode_checked);  // too large to decode at all
  Report pixels;
  ProbeMedia(VideoCorpus() + "/sowt-with-video.mov", "big.mov", limits, {}, pixels);
  EXPECT_TRUE(pixels.Has("video.too-large")) << Dump(pixels);
}

TEST(Probe, ZeroByteFile) {
  TempDir dir;
  test::WriteFile(dir.File("empty.mp4"), "");
  Report report;
  const auto info = ProbeMedia(dir.File("empty.mp4"), "empty.mp4", Limits{}, {}, report);
  EXPECT_FALSE(info);
  EXPECT_EQ(Codes(report), std::vector<std::string>{"video.unreadable"});
  EXPECT_NE(report.diagnostics().front().message.find("empty"), std::string::npos);
}

TEST(Probe, RandomBytes) {
  TempDir dir;
  std::mt19937 rng(42);
  std::string bytes(200000, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  test::WriteFile(dir.File("noise.mp4"), bytes);
  Report report;
  const auto info = ProbeMedia(dir.File("noise.mp4"), "noise.mp4", Limits{}, {}, report);
  EXPECT_FALSE(info);
  EXPECT_EQ(Codes(report), std::vector<std::string>{"video.unreadable"}) << Dump(report);
}

TEST(Probe, MissingIndexIsAnInterruptedUpload) {
  TempDir dir;
  // The ffmpeg command writes the index (moov) at the end; cut the file before it.
  Ffmpeg("-i " + VideoCorpus() + "/sample_video_only.mp4 -c copy " + dir.File("full.mp4"));
  const std::string full = test::ReadFile(dir.File("full.mp4"));
  test::WriteFile(dir.File("cut.mp4"), full.substr(0, full.size() / 2));
  Report report;
  const auto info = ProbeMedia(dir.File("cut.mp4"), "lesson.mp4", Limits{}, {}, report);
  EXPECT_FALSE(info);
  ASSERT_EQ(Codes(report), std::vector<std::string>{"video.unreadable"}) << Dump(report);
  EXPECT_NE(report.diagnostics().front().message.find("interrupted"), std::string::npos) << Dump(report);
}

TEST(Probe, DamagedFramesInTheMiddle) {
  TempDir dir;
  Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=25:duration=4 -c:v mpeg4 -g 250 -f avi " + dir.File("ok.avi"));
  std::string bytes = test::ReadFile(dir.File("ok.avi"));
  std::mt19937 rng(7);
  for (size_t i = bytes.size() / 3; i < bytes.size() * 2 / 3; i += 97) bytes[i] = static_cast<char>(rng());
  test::WriteFile(dir.File("bad.avi"), bytes);
  Report report;
  const auto info = ProbeMedia(dir.File("bad.avi"), "bad.avi", Limits{}, {}, report);
  ASSERT_TRUE(info);
  EXPECT_TRUE(report.Has("video.decode-error")) << Dump(report);
  EXPECT_FALSE(report.Has("video.unreadable")) << Dump(report);
  EXPECT_GT(info->video_frames, 0);
}

TEST(Probe, OddDimensionsAndInterlacing) {
  TempDir dir;
  Ffmpeg("-f lavfi -i testsrc=size=321x241:rate=25:duration=1 -c:v ffv1 " + dir.File("odd.mkv"));
  Report odd;
  ASSERT_TRUE(ProbeMedia(dir.File("odd.mkv"), "odd.mkv", Limits{}, {}, odd));
  EXPECT_TRUE(odd.Has("video.odd-dimensions")) << Dump(odd);
  EXPECT_FALSE(odd.Has("video.interlaced"));

  Ffmpeg(
      "-f lavfi -i testsrc=size=720x576:rate=25:duration=1 -vf setfield=tff -c:v mpeg2video -flags +ilme+ildct "
      "-top 1 " +
      dir.File("tv.mpg"));
  Report tv;
  const auto info = ProbeMedia(dir.File("tv.mpg"), "tv.mpg", Limits{}, {}, tv);
  ASSERT_TRUE(info);
  EXPECT_TRUE(tv.Has("video.interlaced")) << Dump(tv);
  EXPECT_GT(info->interlaced_frames, 0);
}

TEST(Probe, CancelledBeforeStart) {
  ProbeOptions options;
  options.cancel.Cancel();
  Report report;
  const auto info = ProbeMedia(VideoCorpus() + "/sowt-with-video.mov", "a.mov", Limits{}, options, report);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, Errc::kCancelled);
}

TEST(Probe, DecodeBudgetStopsEarly) {
  ProbeOptions options;
  options.max_decode_seconds = 0;
  Report report;
  const auto info = ProbeMedia(VideoCorpus() + "/long_180p_av1.mp4", "long.mp4", Limits{}, options, report);
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->decode_complete);
  EXPECT_FALSE(report.Has("video.unreadable")) << Dump(report);
}

// Display matrices as av_display_rotation_set() and av_display_matrix_flip() write them.
TEST(Orientation, FromTheFullDisplayMatrix) {
  constexpr int32_t kOne = 1 << 16;
  const int32_t identity[9] = {kOne, 0, 0, 0, kOne, 0, 0, 0, 1 << 30};
  EXPECT_EQ(OrientationOf(identity).filter, "");
  // What phones write for portrait video (ffprobe: "rotation of -90.00 degrees").
  const int32_t portrait[9] = {0, kOne, 0, -kOne, 0, 0, 0, 0, 1 << 30};
  EXPECT_EQ(OrientationOf(portrait).rotation, 90);
  EXPECT_EQ(OrientationOf(portrait).filter, "transpose=clock");
  EXPECT_FALSE(OrientationOf(portrait).mirrored);
  const int32_t ccw[9] = {0, -kOne, 0, kOne, 0, 0, 0, 0, 1 << 30};
  EXPECT_EQ(OrientationOf(ccw).rotation, 270);
  EXPECT_EQ(OrientationOf(ccw).filter, "transpose=cclock");
  const int32_t upside_down[9] = {-kOne, 0, 0, 0, -kOne, 0, 0, 0, 1 << 30};
  EXPECT_EQ(OrientationOf(upside_down).rotation, 180);
  EXPECT_EQ(OrientationOf(upside_down).filter, "hflip,vflip");
  // Mirrors: negative determinant. A rotation angle alone would call these 180° and 0°/90°.
  const int32_t mirror[9] = {-kOne, 0, 0, 0, kOne, 0, 0, 0, 1 << 30};
  EXPECT_TRUE(OrientationOf(mirror).mirrored);
  EXPECT_EQ(OrientationOf(mirror).filter, "hflip");
  const int32_t vmirror[9] = {kOne, 0, 0, 0, -kOne, 0, 0, 0, 1 << 30};
  EXPECT_TRUE(OrientationOf(vmirror).mirrored);
  EXPECT_EQ(OrientationOf(vmirror).filter, "vflip");
  const int32_t transpose[9] = {0, kOne, 0, kOne, 0, 0, 0, 0, 1 << 30};  // portrait, mirrored
  EXPECT_TRUE(OrientationOf(transpose).mirrored);
  EXPECT_EQ(OrientationOf(transpose).filter, "transpose=cclock_flip");
  const int32_t anti_transpose[9] = {0, -kOne, 0, -kOne, 0, 0, 0, 0, 1 << 30};
  EXPECT_TRUE(OrientationOf(anti_transpose).mirrored);
  EXPECT_EQ(OrientationOf(anti_transpose).filter, "transpose=clock_flip");
  const int32_t degenerate[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(OrientationOf(degenerate).filter, "");
}

TEST(Diagnose, FactsToFindings) {
  MediaInfo info;
  info.duration = 10;
  info.video.emplace();
  info.video->width = 1919;
  info.video->height = 1080;
  info.video->display_width = 1919;
  info.video->display_height = 1080;
  info.video->hdr = true;
  info.video->color_transfer = "smpte2084";
  info.video->interlaced = true;
  info.video->field_order = "tt";
  info.audio.emplace();
  Report report;
  DiagnoseMedia(info, "a.mp4", Limits{}, report);
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"video.hdr", "video.interlaced", "video.odd-dimensions"}));
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code == "video.hdr") {
      EXPECT_NE(d.message.find("PQ"), std::string::npos) << d.message;
    }
  }
}

TEST(Diagnose, DurationsInMessages) {
  EXPECT_EQ(FormatDuration(0), "0:00.0");
  EXPECT_EQ(FormatDuration(75.25), "1:15.2");
  EXPECT_EQ(FormatDuration(6422), "1:47:02");
}

// Through the engine: a standalone upload becomes a one-item course with its duration.
TEST(VideoReader, FillsTheCourseModel) {
  const Engine engine;
  const auto result = engine.Validate(VideoCorpus() + "/sample_sef_slow_motion.mp4");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->report.format().kind, "video");
  const CourseModel& model = result->model;
  ASSERT_EQ(model.resources.size(), 1u);
  EXPECT_EQ(model.resources[0].type, "video");
  EXPECT_EQ(model.resources[0].launch, "sample_sef_slow_motion.mp4");
  ASSERT_TRUE(model.resources[0].video);
  EXPECT_NEAR(model.resources[0].video->duration, 2.15, 0.1);
  ASSERT_EQ(model.organizations.size(), 1u);
  EXPECT_EQ(model.organizations[0].items[0].resource, model.resources[0].id);

  const auto audio = engine.Validate(VideoCorpus() + "/sample_audio_only.mp4");
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->model.resources.size(), 1u);
  EXPECT_EQ(audio->model.resources[0].type, "audio");
  EXPECT_TRUE(audio->report.Has("video.no-video"));
}

// Caption files inside a package are checked when the package is validated.
TEST(CaptionRules, BrokenCaptionFilesInAPackageAreReported) {
  TempDir dir;
  test::WriteFile(dir.File("course.zip"),
                  test::BuildZip({{"index.html",
                                   "<!DOCTYPE html><html lang=\"hi\"><head><title>t</title></head>"
                                   "<body><video src=\"v.mp4\"><track src=\"hi.vtt\"></video></body></html>"},
                                  {"hi.vtt", "WEBVTT\r\n\r\n00:00:01,000 --> 00:00:02,000\r\ntext\r\n"},
                                  {"en.srt", test::ReadFile(VideoCorpus() + "/nptel_ai_lecture2_Hindi.srt")},
                                  {"ok.vtt", test::ReadFile(VideoCorpus() + "/english_subs.vtt")}}));
  const Engine engine;
  const auto result = engine.Validate(dir.File("course.zip"));
  ASSERT_TRUE(result);
  std::vector<std::string> found;
  for (const Diagnostic& d : result->report.diagnostics()) {
    if (d.code.starts_with("captions.")) found.push_back(d.code + "@" + d.location.file);
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"captions.encoding@en.srt", "captions.malformed@en.srt",
                                             "captions.malformed@hi.vtt"}))
      << Dump(result->report);
}

}  // namespace
}  // namespace cpk::formats::video
