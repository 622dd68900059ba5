// converters/image: JPEG and PNG made smaller for phones, and hostile images kept safely.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "codecs.hpp"
#include "cpk/converters/image.hpp"
#include "cpk/core/report.hpp"
#include "cpk/io/open.hpp"
#include "zip_builder.hpp"

namespace cpk::image {
namespace {

using internal::Pixels;

/// A photo-like picture: smooth colour fields, edges and fine noise.
Pixels Photo(uint32_t w, uint32_t h, int channels = 3, uint32_t seed = 1) {
  Pixels p{w, h, channels, std::vector<uint8_t>(static_cast<size_t>(w) * h * channels)};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-2, 2);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      uint8_t* px = p.Row(y) + static_cast<size_t>(x) * channels;
      const double fx = static_cast<double>(x) / w, fy = static_cast<double>(y) / h;
      const double ring = std::sin(std::hypot(fx - 0.5, fy - 0.4) * 40) * 40;
      const int base[3] = {static_cast<int>(120 + 80 * fx + ring), static_cast<int>(90 + 100 * fy - ring / 2),
                           static_cast<int>(60 + 60 * (fx + fy) + (x / 37 % 2) * 30)};
      for (int c = 0; c < std::min(channels, 3); ++c)
        px[c] = static_cast<uint8_t>(std::clamp(base[c] + noise(rng), 0, 255));
      if (channels == 4) px[3] = static_cast<uint8_t>(x < w / 2 ? 255 : 128 + y % 128);
    }
  }
  return p;
}

/// A flat graphic with a handful of colours (a diagram, an icon).
Pixels Diagram(uint32_t w, uint32_t h) {
  Pixels p{w, h, 4, std::vector<uint8_t>(static_cast<size_t>(w) * h * 4)};
  static const uint8_t kColours[5][4] = {
      {255, 255, 255, 255}, {200, 30, 30, 255}, {30, 30, 200, 255}, {0, 0, 0, 255}, {0, 0, 0, 0}};
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const int k = (x / 40 + y / 25) % 5;
      std::copy_n(kColours[k], 4, p.Row(y) + static_cast<size_t>(x) * 4);
    }
  }
  return p;
}

/// A plain PNG (RGBA, no filter, zlib stored blocks, a text chunk), as careless tools write them.
std::string PlainPng(const Pixels& rgba) {
  std::string raw;
  for (uint32_t y = 0; y < rgba.height; ++y) {
    raw.push_back(0);
    raw.append(reinterpret_cast<const char*>(rgba.Row(y)), static_cast<size_t>(rgba.width) * 4);
  }
  const std::string zlib_stored = [&] {
    std::string z("\x78\x01", 2);
    size_t at = 0;
    uint32_t a = 1, b = 0;
    for (unsigned char c : raw) {
      a = (a + c) % 65521;
      b = (b + a) % 65521;
    }
    while (at < raw.size() || at == 0) {
      const size_t n = std::min<size_t>(65535, raw.size() - at);
      const bool last = at + n == raw.size();
      z.push_back(static_cast<char>(last ? 1 : 0));
      z.push_back(static_cast<char>(n & 0xFF));
      z.push_back(static_cast<char>(n >> 8));
      z.push_back(static_cast<char>(~n & 0xFF));
      z.push_back(static_cast<char>((~n >> 8) & 0xFF));
      z.append(raw, at, n);
      at += n;
      if (last) break;
    }
    const uint32_t adler = b << 16 | a;
    for (int s = 24; s >= 0; s -= 8) z.push_back(static_cast<char>(adler >> s));
    return z;
  }();
  auto chunk = [](std::string& out, const char* type, const std::string& data) {
    auto put32 = [&](uint32_t v) {
      for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>(v >> s));
    };
    put32(static_cast<uint32_t>(data.size()));
    const std::string body = std::string(type, 4) + data;
    out += body;
    put32(static_cast<uint32_t>(test::Crc32(body)));
  };
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  for (uint32_t v : {rgba.width, rgba.height}) {
    for (int s = 24; s >= 0; s -= 8) ihdr.push_back(static_cast<char>(v >> s));
  }
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);
  chunk(png, "IHDR", ihdr);
  chunk(png, "tEXt", std::string("Comment\0made by a test", 22));
  chunk(png, "IDAT", zlib_stored);
  chunk(png, "IEND", "");
  return png;
}

/// Inserts an APP1 Exif segment (orientation, and a GPS IFD with a latitude) after SOI.
std::string WithExif(const std::string& jpeg, uint16_t orientation) {
  std::string tiff = std::string("MM\0\x2A\0\0\0\x08", 8);
  auto u16 = [&](uint16_t v) { tiff.push_back(static_cast<char>(v >> 8)), tiff.push_back(static_cast<char>(v)); };
  auto u32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) tiff.push_back(static_cast<char>(v >> s));
  };
  u16(2);                       // IFD0: 2 entries
  u16(0x0112), u16(3), u32(1);  // Orientation SHORT
  u16(orientation), u16(0);
  u16(0x8825), u16(4), u32(1), u32(8 + 2 + 24 + 4);  // GPS IFD pointer
  u32(0);                                            // no next IFD
  u16(1);                                            // GPS IFD: 1 entry
  u16(0x0001), u16(2), u32(2);                       // GPSLatitudeRef ASCII "N"
  tiff += std::string("N\0\0\0", 4);
  u32(0);
  const std::string payload = std::string("Exif\0\0", 6) + tiff + "GPS-SECRET-28.6139N";
  std::string segment("\xFF\xE1", 2);
  const size_t length = payload.size() + 2;
  segment.push_back(static_cast<char>(length >> 8));
  segment.push_back(static_cast<char>(length & 0xFF));
  segment += payload;
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

Pixels DecodeAny(const std::string& bytes) {
  std::string error;
  if (bytes.substr(0, 2) == "\xFF\xD8") {
    internal::JpegImage j;
    EXPECT_EQ(internal::DecodeJpeg(bytes, 1u << 30, j, error), internal::DecodeStatus::kOk) << error;
    return j.pixels;
  }
  internal::PngImage p;
  EXPECT_EQ(internal::DecodePng(bytes, 1u << 30, p, error), internal::DecodeStatus::kOk) << error;
  return p.pixels;
}

Outcome OptimiseFor(const std::string& bytes, const char* path, Profile profile = Profile::kStandard,
                    Report* report = nullptr) {
  Report local;
  Options options;
  options.profile = profile;
  auto result = Optimise(bytes, path, options, report != nullptr ? *report : local);
  EXPECT_TRUE(result);
  return result ? *result : Outcome{};
}

TEST(ImageJpeg, LargePhotoIsDownscaledProgressiveAndKeepsSsim) {
  const Pixels original = Photo(2400, 1800);
  const std::string jpeg = internal::EncodeJpeg(original, 95, false, "");
  const Outcome out = OptimiseFor(jpeg, "img/photo.jpg");
  ASSERT_TRUE(out.replaced) << out.reason;
  EXPECT_LT(out.bytes.size(), jpeg.size());
  EXPECT_EQ(out.width, 2400u);
  EXPECT_EQ(out.out_width, 1920u);
  EXPECT_EQ(out.out_height, 1440u);
  const Pixels back = DecodeAny(out.bytes);
  EXPECT_EQ(back.width, 1920u);
  EXPECT_EQ(back.height, 1440u);
  EXPECT_NE(out.bytes.find("\xFF\xC2"), std::string::npos) << "progressive (SOF2)";
  EXPECT_GE(internal::Ssim(internal::Resample(original, 1920, 1440), back), 0.98);
  EXPECT_GE(out.quality, 30);
}

TEST(ImageJpeg, SsimAgreesWithFfmpeg) {
  if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) GTEST_SKIP() << "ffmpeg not installed";
  test::TempDir dir;
  const std::string jpeg = internal::EncodeJpeg(Photo(800, 600, 3, 7), 97, false, "");
  const Outcome out = OptimiseFor(jpeg, "a.jpg");
  ASSERT_TRUE(out.replaced) << out.reason;
  test::WriteFile(dir.File("a.jpg"), jpeg);
  test::WriteFile(dir.File("b.jpg"), out.bytes);
  const std::string cmd =
      "ffmpeg -nostdin -loglevel error -i " + dir.File("a.jpg") + " -i " + dir.File("b.jpg") +
      " -lavfi \"[0:v]format=yuv444p[a];[1:v]format=yuv444p[b];[a][b]ssim=stats_file=" + dir.File("ssim.txt") +
      "\" -f null - 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string stats = test::ReadFile(dir.File("ssim.txt"));
  const size_t y = stats.find("Y:");
  ASSERT_NE(y, std::string::npos) << stats;
  EXPECT_GE(std::atof(stats.c_str() + y + 2), 0.98) << stats << " (ours: " << out.ssim << ")";
}

TEST(ImageJpeg, MetadataIsStrippedAndOrientationApplied) {
  const std::string jpeg = WithExif(internal::EncodeJpeg(Photo(300, 200), 98, false, ""), 6);
  ASSERT_NE(jpeg.find("GPS-SECRET"), std::string::npos);
  const Outcome out = OptimiseFor(jpeg, "gps.jpg");
  ASSERT_TRUE(out.replaced) << out.reason;
  EXPECT_EQ(out.bytes.find("Exif"), std::string::npos);
  EXPECT_EQ(out.bytes.find("GPS-SECRET"), std::string::npos);
  EXPECT_EQ(out.width, 200u) << "displayed size after the 90° turn";
  EXPECT_EQ(out.height, 300u);
  const Pixels back = DecodeAny(out.bytes);
  EXPECT_EQ(back.width, 200u);
  EXPECT_EQ(back.height, 300u);
}

TEST(ImageJpeg, SameInputSameBytes) {
  const std::string jpeg = internal::EncodeJpeg(Photo(640, 480), 95, false, "");
  EXPECT_EQ(OptimiseFor(jpeg, "a.jpg").bytes, OptimiseFor(jpeg, "a.jpg").bytes);
}

TEST(ImageJpeg, LowBandwidthGoesSmaller) {
  const std::string jpeg = internal::EncodeJpeg(Photo(1600, 1200), 95, false, "");
  const Outcome standard = OptimiseFor(jpeg, "a.jpg");
  const Outcome low = OptimiseFor(jpeg, "a.jpg", Profile::kLowBandwidth);
  ASSERT_TRUE(standard.replaced && low.replaced);
  EXPECT_EQ(standard.out_width, 1600u);
  EXPECT_EQ(low.out_width, 1280u);
  EXPECT_LT(low.bytes.size(), standard.bytes.size());
}

TEST(ImagePng, LosslessAndPaletteWhereExact) {
  const Pixels diagram = Diagram(600, 400);
  const std::string png = PlainPng(diagram);
  const Outcome out = OptimiseFor(png, "diagram.png");
  ASSERT_TRUE(out.replaced) << out.reason;
  EXPECT_LT(out.bytes.size(), png.size() / 10);
  EXPECT_EQ(out.bytes.find("tEXt"), std::string::npos) << "text chunks dropped";
  EXPECT_NE(out.bytes.find("PLTE"), std::string::npos) << "5 colours fit a palette";
  EXPECT_EQ(DecodeAny(out.bytes).data, diagram.data) << "lossless";
}

TEST(ImagePng, TrueColourWithAlphaStaysExact) {
  const Pixels photo = Photo(300, 200, 4);
  const std::string png = PlainPng(photo);
  const Outcome out = OptimiseFor(png, "photo.png");
  ASSERT_TRUE(out.replaced) << out.reason;
  EXPECT_EQ(out.bytes.find("PLTE"), std::string::npos);
  EXPECT_EQ(DecodeAny(out.bytes).data, photo.data);
}

TEST(ImagePng, AlreadyOptimalIsKept) {
  const std::string small = internal::EncodePngSmallest(Diagram(64, 64), {});
  const Outcome out = OptimiseFor(small, "icon.png");
  EXPECT_FALSE(out.replaced);
  EXPECT_TRUE(out.bytes.empty());
  EXPECT_EQ(out.reason, "not smaller");
}

TEST(ImageHostile, DamagedImagesAreKeptAndReported) {
  const std::string jpeg = internal::EncodeJpeg(Photo(200, 100), 90, false, "");
  for (const std::string& bad :
       {jpeg.substr(0, jpeg.size() / 3), std::string("\xFF\xD8\xFF garbage", 12),
        std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, 'x'), PlainPng(Diagram(50, 50)).substr(0, 80)}) {
    Report report;
    const Outcome out = OptimiseFor(bad, "broken.png", Profile::kStandard, &report);
    EXPECT_FALSE(out.replaced);
    EXPECT_TRUE(report.Has("image.decode-error")) << out.reason << " for " << bad.size() << " bytes";
  }
}

TEST(ImageHostile, DecompressionBombsAreNotDecoded) {
  // A PNG that declares 100000×100000 pixels (40 GB as RGBA) in a few bytes.
  std::string png = PlainPng(Diagram(8, 8));
  for (size_t at : {16u, 20u}) {
    const uint32_t v = 100000;
    for (int s = 0; s < 4; ++s) png[at + s] = static_cast<char>(v >> (24 - 8 * s));
  }
  Report report;
  const Outcome out = OptimiseFor(png, "bomb.png", Profile::kStandard, &report);
  EXPECT_FALSE(out.replaced);
  EXPECT_TRUE(report.Has("image.too-large"));
  // The same for a JPEG: rewrite the SOF dimensions.
  std::string jpeg = internal::EncodeJpeg(Photo(16, 16), 90, false, "");
  const size_t sof = jpeg.find("\xFF\xC2");  // progressive
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = jpeg[sof + 7] = static_cast<char>(0xEA);
  jpeg[sof + 6] = jpeg[sof + 8] = 0x60;  // 60000×60000
  Report jreport;
  EXPECT_FALSE(OptimiseFor(jpeg, "bomb.jpg", Profile::kStandard, &jreport).replaced);
  EXPECT_TRUE(jreport.Has("image.too-large"));
}

TEST(ImageHostile, OtherFormatsAreLeftAlone) {
  EXPECT_EQ(OptimiseFor("GIF89a....", "a.gif").reason, "unsupported format");
  EXPECT_EQ(OptimiseFor("<svg/>", "a.svg").reason, "unsupported format");
}

TEST(ImageCorpus, GolfImagesShrinkAndStayFaithful) {
  Report report;
  auto source = io::OpenSource(test::CorpusDir() + "/scorm/golf-RuntimeBasicCalls_SCORM12.zip", Limits{}, report);
  ASSERT_TRUE(source);
  uint64_t in = 0, out = 0;
  int images = 0;
  for (const EntryInfo& e : (*source)->entries()) {
    if (!e.path.ends_with(".jpg")) continue;
    const std::string bytes = *(*source)->ReadAll(e, 1 << 24);
    const Outcome o = OptimiseFor(bytes, e.path.c_str());
    ++images;
    in += bytes.size();
    out += o.replaced ? o.bytes.size() : bytes.size();
    if (o.replaced) {
      EXPECT_GE(internal::Ssim(DecodeAny(bytes), DecodeAny(o.bytes)), 0.98) << e.path;
    }
  }
  EXPECT_GT(images, 5);
  EXPECT_LT(out, in);
  std::cout << "[ " << images << " golf JPEGs: " << in << " → " << out << " bytes ]\n";
}

}  // namespace
}  // namespace cpk::image
