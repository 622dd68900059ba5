// Captions: the corpus caption files and constructed broken ones, read and written as WebVTT;
// the written files are checked with FFmpeg's WebVTT demuxer (the ffmpeg command, tests only).

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "cpk/core/report.hpp"
#include "cpk/formats/video_captions.hpp"
#include "zip_builder.hpp"

namespace cpk::formats::video {
namespace {

std::string Corpus(const std::string& name) { return test::ReadFile(test::CorpusDir() + "/video/" + name); }

std::vector<std::string> Codes(const Report& report) {
  std::vector<std::string> out;
  for (const Diagnostic& d : report.diagnostics()) out.push_back(d.code);
  return out;
}

std::string Dump(const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) {
    out += d.code + " line " + std::to_string(d.location.line) + ": " + d.message + "\n";
  }
  return out;
}

/// Cues FFmpeg's WebVTT demuxer reads from `vtt` (-1 when it fails).
int FfmpegCueCount(const std::string& vtt) {
  test::TempDir dir;
  test::WriteFile(dir.File("c.vtt"), vtt);
  const std::string cmd =
      "ffprobe -v error -select_streams s:0 -count_packets -show_entries stream=nb_read_packets "
      "-of csv=p=0 " +
      dir.File("c.vtt");
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return -1;
  char buf[64] = {};
  if (fgets(buf, sizeof buf, pipe.get()) == nullptr) return -1;
  return std::atoi(buf);
}

TEST(Captions, CleanWebVttIsKept) {
  Report report;
  const Captions c = ReadCaptions(Corpus("english_subs.vtt"), "english_subs.vtt", report);
  EXPECT_TRUE(report.diagnostics().empty()) << Dump(report);
  ASSERT_EQ(c.cues.size(), 2u);
  EXPECT_EQ(c.cues[0].start_ms, 567);
  EXPECT_EQ(c.cues[0].end_ms, 801);
  EXPECT_EQ(c.cues[1].text, "This is the second subtitle.");
  EXPECT_EQ(WriteWebVtt(c),
            "WEBVTT\n\n00:00:00.567 --> 00:00:00.801\nThis is the first subtitle.\n\n"
            "00:00:00.667 --> 00:00:00.951\nThis is the second subtitle.\n");
  EXPECT_EQ(FfmpegCueCount(WriteWebVtt(c)), 2);
}

TEST(Captions, CleanHindiSrt) {
  Report report;
  const Captions c = ReadCaptions(Corpus("whisper_hindi.srt"), "whisper_hindi.srt", report);
  EXPECT_TRUE(report.diagnostics().empty()) << Dump(report);
  ASSERT_EQ(c.cues.size(), 3u);
  EXPECT_EQ(c.cues[2].start_ms, 4800);
  EXPECT_EQ(c.cues[2].end_ms, 7760);
  EXPECT_EQ(c.cues[0].text, "हम से संपर्क करने के लिए धण्यवाद।");
  EXPECT_EQ(FfmpegCueCount(WriteWebVtt(c)), 3);
}

TEST(Captions, MachineTranslatedLectureIsRepaired) {
  Report report;
  const Captions c = ReadCaptions(Corpus("nptel_ai_lecture2_Hindi.srt"), "Hindi.srt", report);
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"captions.encoding", "captions.malformed"})) << Dump(report);
  EXPECT_EQ(c.cues.size(), 414u);
  const std::string vtt = WriteWebVtt(c);
  EXPECT_EQ(vtt.find("\xC2\x85"), std::string::npos);
  EXPECT_EQ(vtt.find("\xC2\x92"), std::string::npos);
  EXPECT_NE(vtt.find("look at the \xE2\x80\xA6."), std::string::npos);  // U+0085 was an ellipsis
  EXPECT_NE(report.diagnostics()[0].message.find("16 x U+0092"), std::string::npos) << Dump(report);
  // The trailing cue number without a cue.
  EXPECT_NE(report.diagnostics()[1].message.find("'415'"), std::string::npos) << Dump(report);
  EXPECT_EQ(FfmpegCueCount(vtt), 414);
}

TEST(Captions, BrokenWebVttWithCommasAndNoText) {
  Report report;
  const Captions c = ReadCaptions(Corpus("nptel_Telugu.vtt"), "Telugu.vtt", report);
  EXPECT_TRUE(c.cues.empty());
  ASSERT_EQ(Codes(report), (std::vector<std::string>{"captions.malformed", "captions.malformed", "captions.malformed"}))
      << Dump(report);
  EXPECT_NE(report.diagnostics()[0].message.find("commas"), std::string::npos);
  EXPECT_EQ(report.diagnostics()[0].location.line, 3u);
  EXPECT_NE(report.diagnostics()[2].message.find("no cue"), std::string::npos);
}

TEST(Captions, CommaDecimalsAreRepairedWhenThereIsText) {
  Report report;
  const Captions c = ReadCaptions("WEBVTT\r\n\r\n00:00:50,079 --> 00:00:57,079\r\nనమస్కారం\r\n", "te.vtt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].start_ms, 50079);
  EXPECT_EQ(Codes(report), std::vector<std::string>{"captions.malformed"});
  EXPECT_EQ(FfmpegCueCount(WriteWebVtt(c)), 1);
}

TEST(Captions, LegacyEncodingIsReadAsWindows1252) {
  Report report;
  const Captions c = ReadCaptions("1\n00:00:01,000 --> 00:00:02,000\nCaf\xE9 \x93quoted\x94\n", "fr.srt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].text, "Café “quoted”");
  EXPECT_EQ(Codes(report), std::vector<std::string>{"captions.encoding"});
}

TEST(Captions, DecomposedTextBecomesNfc) {
  Report report;
  const Captions c = ReadCaptions("1\n00:00:01,000 --> 00:00:02,000\nCafe\xCC\x81\n", "fr.srt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].text, "Caf\xC3\xA9");
  EXPECT_EQ(Codes(report), std::vector<std::string>{"captions.encoding"});
}

TEST(Captions, SrtMarkupBecomesWebVtt) {
  Report report;
  const Captions c = ReadCaptions(
      "1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:20 Y1:5 Y2:9\r\n<font color=\"red\"><I>Salt & pepper</I></font>\r\n"
      "a < b --> c\r\n\r\n",
      "x.srt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].settings, "");
  EXPECT_EQ(c.cues[0].text, "<i>Salt &amp; pepper</i>\na &lt; b --&gt; c");
  EXPECT_TRUE(report.diagnostics().empty()) << Dump(report);
  EXPECT_EQ(FfmpegCueCount(WriteWebVtt(c)), 1);
}

TEST(Captions, WebVttSettingsIdentifiersAndNotesAreKept) {
  Report report;
  const Captions c = ReadCaptions(
      "WEBVTT - lecture\n\nNOTE a note\nover two lines\n\nintro\n00:01.000 --> 00:02.000 align:start line:90%\n"
      "<v Teacher>Hello</v> &amp; welcome\n",
      "x.vtt", report);
  EXPECT_TRUE(report.diagnostics().empty()) << Dump(report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].id, "intro");
  EXPECT_EQ(c.cues[0].settings, "align:start line:90%");
  EXPECT_EQ(c.cues[0].text, "<v Teacher>Hello</v> &amp; welcome");
  EXPECT_EQ(WriteWebVtt(c),
            "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000 align:start line:90%\n"
            "<v Teacher>Hello</v> &amp; welcome\n");
}

TEST(Captions, BrokenCuesAreDroppedAndCounted) {
  Report report;
  const Captions c = ReadCaptions(
      "1\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n2\n00:00:xx,000 --> 00:00:09,000\nbad timing\n\n"
      "3\n00:00:10,000 --> 00:00:12,000\nkept\n\n4\n00:00:20,000 --> 00:00:21,000\n\n"
      "5\n00:00:30,000 --> 00:00:29,000\nbackwards again\n",
      "x.srt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].text, "kept");
  const std::string dump = Dump(report);
  EXPECT_NE(dump.find("line 2: the cue '00:00:05,000 --> 00:00:04,000' ends before it starts; it was dropped (2 times"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find("line 6: the timing line '00:00:xx,000 --> 00:00:09,000' cannot be read"), std::string::npos)
      << dump;
}

TEST(Captions, MissingHeaderAndControlCharacters) {
  Report report;
  const Captions c = ReadCaptions("00:01.000 --> 00:02.000\nA\x01 B\x7F\n", "x.vtt", report);
  ASSERT_EQ(c.cues.size(), 1u);
  EXPECT_EQ(c.cues[0].text, "A B");
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"captions.encoding", "captions.malformed"})) << Dump(report);
}

TEST(Captions, EmptyAndGarbageInputs) {
  for (const std::string& bytes : {std::string(), std::string("\xFF\xFE\x00\x01", 4), std::string(5000, '-')}) {
    Report report;
    const Captions c = ReadCaptions(bytes, "x.srt", report);
    EXPECT_TRUE(c.cues.empty());
    EXPECT_TRUE(report.Has("captions.malformed"));
  }
}

TEST(Captions, CuesAreSortedAndOutputReadsBackTheSame) {
  Report report;
  const Captions c = ReadCaptions(
      "2\n00:00:03,000 --> 00:00:04,000\nsecond\n\n1\n00:00:01,000 --> 00:00:02,000\nfirst\n", "x.srt", report);
  ASSERT_EQ(c.cues.size(), 2u);
  EXPECT_EQ(c.cues[0].text, "first");
  Report again;
  const Captions back = ReadCaptions(WriteWebVtt(c), "x.vtt", again);
  EXPECT_TRUE(again.diagnostics().empty()) << Dump(again);
  EXPECT_EQ(back.cues, c.cues);
}

TEST(Captions, LanguageFromTheFileName) {
  EXPECT_EQ(CaptionLanguageFromName("nptel_ai_lecture2_Hindi.srt"), "hi");
  EXPECT_EQ(CaptionLanguageFromName("english_subs.vtt"), "en");
  EXPECT_EQ(CaptionLanguageFromName("subtitles/nptel_Telugu.vtt"), "te");
  EXPECT_EQ(CaptionLanguageFromName("lecture.ta.srt"), "ta");
  EXPECT_EQ(CaptionLanguageFromName("lecture-hin.srt"), "hi");
  EXPECT_EQ(CaptionLanguageFromName("captions.srt"), "und");
  EXPECT_EQ(CaptionLanguageFromName("hi.srt"), "hi");
}

TEST(Captions, Times) {
  EXPECT_EQ(FormatVttTime(0), "00:00:00.000");
  EXPECT_EQ(FormatVttTime(3723004), "01:02:03.004");
}

}  // namespace
}  // namespace cpk::formats::video
