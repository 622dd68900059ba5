// converters/image: JPEG and PNG made smaller for phones. The test makes its images itself
// (libjpeg and libpng, from synthetic pixels), reads real ones out of the corpus, and checks
// every promise with its own decoders and its own SSIM (and ffmpeg's, when ffmpeg is there).
#include "cpk/converters/image.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include "cpk/converters/image_codes.hpp"
#include "cpk/core/report.hpp"
#include "cpk/io/open.hpp"
#include "zip_builder.hpp"

namespace cpk::image {
namespace {

// -------------------------------------------------------------------------------------------
// Pixels, synthetic images

struct Px {
  uint32_t w = 0, h = 0, ch = 0;  // channels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
  std::vector<uint8_t> v;
  uint8_t* at(uint32_t x, uint32_t y) { return &v[(size_t{y} * w + x) * ch]; }
  const uint8_t* at(uint32_t x, uint32_t y) const { return &v[(size_t{y} * w + x) * ch]; }
};

Px Make(uint32_t w, uint32_t h, uint32_t ch) { return Px{w, h, ch, std::vector<uint8_t>(size_t{w} * h * ch)}; }

struct Lcg {
  uint32_t s;
  uint32_t Next() { return s = s * 1664525u + 1013904223u; }
  int Noise(int amplitude) { return int((Next() >> 16) % (2 * amplitude + 1)) - amplitude; }
};

uint8_t Clamp(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }

// Something like a photograph: smooth colour fields, a few soft edges, sensor noise.
Px Photo(uint32_t w, uint32_t h, uint32_t seed = 1, int noise = 2) {
  Px p = Make(w, h, 3);
  Lcg rng{seed};
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const double fx = double(x) / w, fy = double(y) / h;
      int r = int(120 + 90 * std::sin(fx * 5 + fy * 2));
      int g = int(110 + 80 * std::cos(fx * 3 - fy * 4));
      int b = int(100 + 70 * std::sin(fy * 6 + 1));
      if ((fx - 0.6) * (fx - 0.6) + (fy - 0.4) * (fy - 0.4) < 0.04) r += 60, g -= 30;  // a "subject"
      if (fy > 0.75) g += 40, b -= 20;                                                 // a "horizon"
      uint8_t* q = p.at(x, y);
      q[0] = Clamp(r + rng.Noise(noise));
      q[1] = Clamp(g + rng.Noise(noise));
      q[2] = Clamp(b + rng.Noise(noise));
    }
  }
  return p;
}

// A flat graphic: `colours` distinct colours in rectangles and stripes.
Px Graphic(uint32_t w, uint32_t h, uint32_t ch, int colours) {
  Px p = Make(w, h, ch);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const int k = int((x / 13 + (y / 7) * 3 + (x * y / 97) % 2) % uint32_t(colours));
      uint8_t* q = p.at(x, y);
      const uint8_t rgba[4] = {uint8_t(40 * k % 256), uint8_t(200 - 17 * k), uint8_t(90 + 31 * k % 160),
                               uint8_t(k % 3 == 0   ? 255
                                       : k % 3 == 1 ? 128
                                                    : 0)};
      if (ch == 1) q[0] = rgba[1];
      if (ch == 3) std::memcpy(q, rgba, 3);
      if (ch == 4) std::memcpy(q, rgba, 4);
      if (ch == 2) q[0] = rgba[1], q[1] = rgba[3];
    }
  }
  return p;
}

// -------------------------------------------------------------------------------------------
// JPEG, with the test's own libjpeg calls

struct JpegTestError {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
};
void TestJpegError(j_common_ptr c) { std::longjmp(reinterpret_cast<JpegTestError*>(c->err)->jump, 1); }
void TestJpegSilence(j_common_ptr, int) {}

struct JpegSpec {
  int quality = 92;
  bool progressive = false;
  bool full_chroma = false;                            // 4:4:4
  std::vector<std::pair<int, std::string>> markers{};  // written after the JFIF header
  std::string icc{};
  const jpeg_scan_info* scans = nullptr;
  int num_scans = 0;
};

std::string EncodeJpeg(const Px& p, const JpegSpec& spec = {}) {
  jpeg_compress_struct c;
  JpegTestError err;
  c.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = TestJpegError;
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&c);
    ADD_FAILURE() << "test JPEG encoder failed";
    return {};
  }
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = p.w;
  c.image_height = p.h;
  c.input_components = int(p.ch);
  c.in_color_space = p.ch == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, spec.quality, TRUE);
  if (p.ch == 3 && spec.full_chroma) c.comp_info[0].h_samp_factor = c.comp_info[0].v_samp_factor = 1;
  if (spec.progressive) jpeg_simple_progression(&c);
  if (spec.scans) {
    c.scan_info = spec.scans;
    c.num_scans = spec.num_scans;
  }
  jpeg_start_compress(&c, TRUE);
  for (const auto& [marker, data] : spec.markers) {
    jpeg_write_marker(&c, marker, reinterpret_cast<const JOCTET*>(data.data()), unsigned(data.size()));
  }
  if (!spec.icc.empty()) {
    jpeg_write_icc_profile(&c, reinterpret_cast<const JOCTET*>(spec.icc.data()), unsigned(spec.icc.size()));
  }
  for (uint32_t y = 0; y < p.h; ++y) {
    JSAMPROW row = const_cast<uint8_t*>(p.at(0, y));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::string out(reinterpret_cast<char*>(buf), size);
  std::free(buf);
  return out;
}

struct JpegFacts {
  bool ok = false;
  Px px;  // RGB, or grey for one-component files
  bool progressive = false;
  int components = 0;
  bool full_chroma = false;
  std::string icc;
  std::vector<int> markers;  // APPn and COM markers, in order
};

JpegFacts DecodeJpeg(const std::string& bytes, bool grey = false) {
  JpegFacts f;
  jpeg_decompress_struct d;
  JpegTestError err;
  d.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = TestJpegError;
  err.pub.emit_message = TestJpegSilence;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&d);
    f.ok = false;
    return f;
  }
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  for (int m = 0; m < 16; ++m) jpeg_save_markers(&d, JPEG_APP0 + m, 0xFFFF);
  jpeg_save_markers(&d, JPEG_COM, 0xFFFF);
  jpeg_read_header(&d, TRUE);
  f.progressive = d.progressive_mode;
  f.components = d.num_components;
  f.full_chroma = d.num_components == 3 && d.comp_info[0].h_samp_factor == d.comp_info[1].h_samp_factor &&
                  d.comp_info[0].v_samp_factor == d.comp_info[1].v_samp_factor;
  for (auto m = d.marker_list; m; m = m->next) f.markers.push_back(m->marker);
  JOCTET* icc = nullptr;
  unsigned icc_len = 0;
  if (jpeg_read_icc_profile(&d, &icc, &icc_len)) f.icc.assign(reinterpret_cast<char*>(icc), icc_len);
  std::free(icc);
  d.out_color_space = grey || d.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&d);
  f.px = Make(d.output_width, d.output_height, uint32_t(d.output_components));
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = f.px.at(0, d.output_scanline);
    jpeg_read_scanlines(&d, &row, 1);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  f.ok = true;
  return f;
}

// -------------------------------------------------------------------------------------------
// PNG, with the test's own libpng calls

struct PngSpec {
  int colour_type = PNG_COLOR_TYPE_RGB;
  int depth = 8;
  bool interlace = false;
  std::vector<std::pair<std::string, std::string>> extra_chunks{};  // raw chunks before IDAT
  int compression = 6;
};

void PngWrite(png_structp png, png_bytep data, size_t n) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<char*>(data), n);
}
void PngFlush(png_structp) {}

// `samples` holds the PNG's own samples for each row (as png_write_row wants them).
std::string EncodePngRaw(uint32_t w, uint32_t h, const std::vector<std::vector<uint8_t>>& rows, const PngSpec& spec,
                         const std::vector<png_color>& palette = {}, const std::string& trns = {}) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    ADD_FAILURE() << "test PNG encoder failed";
    return {};
  }
  png_set_write_fn(png, &out, PngWrite, PngFlush);
  png_set_compression_level(png, spec.compression);
  png_set_IHDR(png, info, w, h, spec.depth, spec.colour_type, spec.interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!palette.empty()) png_set_PLTE(png, info, palette.data(), int(palette.size()));
  if (!trns.empty()) {
    png_set_tRNS(png, info, reinterpret_cast<png_const_bytep>(trns.data()), int(trns.size()), nullptr);
  }
  std::vector<png_unknown_chunk> unknown;
  for (const auto& [type, data] : spec.extra_chunks) {
    png_unknown_chunk c{};
    std::memcpy(c.name, type.data(), 4);
    c.data = reinterpret_cast<png_byte*>(const_cast<char*>(data.data()));
    c.size = data.size();
    c.location = PNG_HAVE_PLTE;
    unknown.push_back(c);
  }
  if (!unknown.empty()) {
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_ALWAYS, nullptr, 0);
    png_set_unknown_chunks(png, info, unknown.data(), int(unknown.size()));
  }
  png_write_info(png, info);
  const int passes = png_set_interlace_handling(png);
  for (int pass = 0; pass < passes; ++pass) {
    for (uint32_t y = 0; y < h; ++y) png_write_row(png, const_cast<png_bytep>(rows[y].data()));
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

// 8-bit pixels as a PNG of the matching colour type (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
std::string EncodePng(const Px& p, PngSpec spec = {}) {
  static const int kTypes[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                               PNG_COLOR_TYPE_RGBA};
  spec.colour_type = kTypes[p.ch];
  spec.depth = 8;
  std::vector<std::vector<uint8_t>> rows;
  for (uint32_t y = 0; y < p.h; ++y) rows.emplace_back(p.at(0, y), p.at(0, y) + size_t{p.w} * p.ch);
  return EncodePngRaw(p.w, p.h, rows, spec);
}

struct PngFacts {
  bool ok = false;
  uint32_t w = 0, h = 0;
  int colour_type = -1, depth = 0, interlace = 0;
  std::vector<uint16_t> rgba;       // canonical RGBA, 16-bit samples (8-bit values as they are)
  std::vector<std::string> chunks;  // chunk types in order
};

void PngRead(png_structp png, png_bytep out, size_t n) {
  auto* s = static_cast<std::pair<const std::string*, size_t>*>(png_get_io_ptr(png));
  if (n > s->first->size() - s->second) png_error(png, "eof");
  std::memcpy(out, s->first->data() + s->second, n);
  s->second += n;
}
void PngQuiet(png_structp, png_const_charp) {}
void PngFail(png_structp png, png_const_charp) { png_longjmp(png, 1); }

PngFacts DecodePng(const std::string& bytes) {
  PngFacts f;
  for (size_t at = 8; at + 8 <= bytes.size();) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + at);
    const uint32_t len = (uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    f.chunks.push_back(bytes.substr(at + 4, 4));
    at += 12 + size_t{len};
  }
  std::pair<const std::string*, size_t> state{&bytes, 0};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, PngFail, PngQuiet);
  png_infop info = png_create_info_struct(png);
  std::vector<std::vector<uint8_t>>* rows = new std::vector<std::vector<uint8_t>>();
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    delete rows;
    return f;
  }
  png_set_read_fn(png, &state, PngRead);
  png_read_info(png, info);
  f.w = png_get_image_width(png, info);
  f.h = png_get_image_height(png, info);
  f.colour_type = png_get_color_type(png, info);
  f.depth = png_get_bit_depth(png, info);
  f.interlace = png_get_interlace_type(png, info);
  png_set_expand(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xffff, PNG_FILLER_AFTER);
  const bool sixteen = f.depth == 16;
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  rows->assign(f.h, std::vector<uint8_t>(png_get_rowbytes(png, info)));
  std::vector<png_bytep> pointers;
  for (auto& r : *rows) pointers.push_back(r.data());
  png_read_image(png, pointers.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  for (const auto& r : *rows) {
    for (uint32_t i = 0; i < f.w * 4; ++i) {
      f.rgba.push_back(sixteen ? uint16_t((r[2 * i] << 8) | r[2 * i + 1]) : r[i]);
    }
  }
  delete rows;
  f.ok = true;
  return f;
}

// A raw chunk (length, type, data, CRC).
std::string Chunk(const std::string& type, const std::string& data) {
  std::string c;
  const uint32_t n = uint32_t(data.size());
  for (int s = 24; s >= 0; s -= 8) c.push_back(char(n >> s));
  c += type + data;
  const uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(c.data() + 4), uInt(4 + data.size()));
  for (int s = 24; s >= 0; s -= 8) c.push_back(char(crc >> s));
  return c;
}

// Inserts a raw chunk right after IHDR.
std::string InsertAfterIhdr(const std::string& png, const std::string& chunk) {
  return png.substr(0, 33) + chunk + png.substr(33);
}

// -------------------------------------------------------------------------------------------
// The test's own SSIM: every 8×8 window at a 4-pixel step computed directly from its pixels,
// with the x264/ffmpeg constants. Written independently of the library's block-sum version.

double TestSsim(const Px& a, const Px& b) {
  EXPECT_EQ(a.w, b.w);
  EXPECT_EQ(a.h, b.h);
  auto luma = [](const Px& p, uint32_t x, uint32_t y) -> double {
    const uint8_t* q = p.at(x, y);
    if (p.ch < 3) return q[0];
    return std::floor((19595.0 * q[0] + 38470.0 * q[1] + 7471.0 * q[2] + 32768.0) / 65536.0);
  };
  double total = 0;
  int windows = 0;
  for (uint32_t y = 0; y + 8 <= (a.h / 4) * 4; y += 4) {
    for (uint32_t x = 0; x + 8 <= (a.w / 4) * 4; x += 4) {
      double s1 = 0, s2 = 0, ss = 0, s12 = 0;
      for (uint32_t j = 0; j < 8; ++j) {
        for (uint32_t i = 0; i < 8; ++i) {
          const double p = luma(a, x + i, y + j), q = luma(b, x + i, y + j);
          s1 += p, s2 += q, ss += p * p + q * q, s12 += p * q;
        }
      }
      const double c1 = 0.01 * 0.01 * 255 * 255 * 64, c2 = 0.03 * 0.03 * 255 * 255 * 64 * 63;
      const double vars = ss * 64 - s1 * s1 - s2 * s2, covar = s12 * 64 - s1 * s2;
      total += (2 * s1 * s2 + c1) * (2 * covar + c2) / ((s1 * s1 + s2 * s2 + c1) * (vars + c2));
      ++windows;
    }
  }
  return windows ? total / windows : 1;
}

// A plain box downscale in sRGB, only to check that a downscaled output shows the same picture.
Px BoxDownscale(const Px& p, uint32_t w, uint32_t h) {
  Px o = Make(w, h, p.ch);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const uint32_t x0 = x * p.w / w, x1 = std::max(x0 + 1, (x + 1) * p.w / w);
      const uint32_t y0 = y * p.h / h, y1 = std::max(y0 + 1, (y + 1) * p.h / h);
      for (uint32_t c = 0; c < p.ch; ++c) {
        uint64_t sum = 0;
        for (uint32_t yy = y0; yy < y1; ++yy)
          for (uint32_t xx = x0; xx < x1; ++xx) sum += p.at(xx, yy)[c];
        o.at(x, y)[c] = uint8_t(sum / ((x1 - x0) * (y1 - y0)));
      }
    }
  }
  return o;
}

// -------------------------------------------------------------------------------------------

OptimiseResult Opt(const std::string& bytes, const std::string& path, OptimiseOptions options = {},
                   Report* report = nullptr) {
  auto r = Optimise(bytes, path, options, report);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  if (!r) return {};
  if (r->replaced) {
    EXPECT_LT(r->bytes.size(), bytes.size()) << path << ": a replacement must be smaller";
    EXPECT_TRUE(r->reason.empty());
  } else {
    EXPECT_TRUE(r->bytes.empty());
    EXPECT_FALSE(r->reason.empty());
  }
  return *r;
}

bool HasMarker(const std::string& jpeg, uint8_t marker) {
  // Markers of the header (before the first scan's data) and of later scans: walk segments.
  for (size_t i = 2; i + 4 <= jpeg.size();) {
    if (uint8_t(jpeg[i]) != 0xFF) return false;
    const uint8_t m = uint8_t(jpeg[i + 1]);
    if (m == marker) return true;
    if (m == 0xD9) return false;
    const size_t len = (uint8_t(jpeg[i + 2]) << 8) | uint8_t(jpeg[i + 3]);
    i += 2 + len;
    if (m == 0xDA) {  // skip entropy-coded data to the next marker
      while (i + 1 < jpeg.size() && !(uint8_t(jpeg[i]) == 0xFF && uint8_t(jpeg[i + 1]) != 0 &&
                                      (uint8_t(jpeg[i + 1]) < 0xD0 || uint8_t(jpeg[i + 1]) > 0xD7))) {
        ++i;
      }
    }
  }
  return false;
}

// An EXIF APP1 payload with IFD0 {Orientation, GPSInfo → a GPS IFD with latitude/longitude}.
std::string ExifWithGps(int orientation) {
  std::string t = "Exif";
  t.append(2, '\0');
  const std::string tiff_head("MM\0*\0\0\0\x08", 8);
  std::string tiff = tiff_head;
  auto u16 = [](std::string& s, uint32_t v) { s.push_back(char(v >> 8)), s.push_back(char(v)); };
  auto u32 = [&](std::string& s, uint32_t v) { u16(s, v >> 16), u16(s, v & 0xffff); };
  // IFD0 at 8: 2 entries; next IFD 0
  u16(tiff, 2);
  u16(tiff, 0x0112), u16(tiff, 3), u32(tiff, 1), u16(tiff, uint32_t(orientation)), u16(tiff, 0);
  const uint32_t gps_ifd = 8 + 2 + 2 * 12 + 4;
  u16(tiff, 0x8825), u16(tiff, 4), u32(tiff, 1), u32(tiff, gps_ifd);
  u32(tiff, 0);
  // GPS IFD: LatitudeRef 'N', Latitude (3 rationals at the end)
  u16(tiff, 2);
  u16(tiff, 0x0001), u16(tiff, 2), u32(tiff, 2), tiff += std::string("N\0\0\0", 4);
  const uint32_t rationals = gps_ifd + 2 + 2 * 12 + 4;
  u16(tiff, 0x0002), u16(tiff, 5), u32(tiff, 3), u32(tiff, rationals);
  u32(tiff, 0);
  for (uint32_t v : {12u, 1u, 58u, 1u, 4321u, 100u}) u32(tiff, v);
  tiff += "GPS-SECRET-LOCATION";
  return t + tiff;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ===========================================================================================
// JPEG

TEST(ImageJpeg, DownscalesLongestSideToMaxKeepingAspect) {
  const Px photo = Photo(4000, 3000);
  const std::string in = EncodeJpeg(photo, {.quality = 90});
  const OptimiseResult r = Opt(in, "big.jpg");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(r.format, "jpeg");
  EXPECT_EQ(r.width, 4000u);
  EXPECT_EQ(r.height, 3000u);
  EXPECT_EQ(r.out_width, 1920u);
  EXPECT_EQ(r.out_height, 1440u);
  const JpegFacts out = DecodeJpeg(r.bytes);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.px.w, 1920u);
  EXPECT_EQ(out.px.h, 1440u);
  EXPECT_GE(r.ssim, 0.98);
  // The same picture (not shifted, rotated or garbled): close to a plain box downscale.
  EXPECT_GT(TestSsim(BoxDownscale(DecodeJpeg(in).px, 1920, 1440), out.px), 0.9);
  EXPECT_LT(r.bytes.size(), in.size() / 3);

  // Portrait, odd sizes: the longest side is the height.
  const std::string tall = EncodeJpeg(Photo(1001, 2999, 3), {.quality = 90});
  const OptimiseResult t = Opt(tall, "tall.jpg");
  ASSERT_TRUE(t.replaced);
  EXPECT_EQ(t.out_height, 1920u);
  EXPECT_EQ(t.out_width, 641u);  // 1001 × 1920 / 2999 = 640.9
  EXPECT_EQ(DecodeJpeg(t.bytes).px.w, 641u);
}

TEST(ImageJpeg, SmallImagesKeepTheirSize) {
  const std::string in = EncodeJpeg(Photo(1920, 1080), {.quality = 95});
  const OptimiseResult r = Opt(in, "hd.jpg");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(r.out_width, 1920u);
  EXPECT_EQ(r.out_height, 1080u);
}

TEST(ImageJpeg, OutputIsProgressiveWithOptimisedTables) {
  const std::string in = EncodeJpeg(Photo(800, 600), {.quality = 95});
  ASSERT_TRUE(HasMarker(in, 0xC0));
  const OptimiseResult r = Opt(in, "a.jpg");
  ASSERT_TRUE(r.replaced);
  EXPECT_TRUE(HasMarker(r.bytes, 0xC2)) << "SOF2 (progressive DCT) expected";
  EXPECT_FALSE(HasMarker(r.bytes, 0xC0));
  EXPECT_TRUE(DecodeJpeg(r.bytes).progressive);
  // Optimised Huffman tables: none of the DHT segments is the standard (Annex K) luminance DC
  // table, which libjpeg writes when tables are not optimised.
  const std::string annex_k_dc("\x00\x01\x05\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00", 16);
  EXPECT_NE(in.find(annex_k_dc), std::string::npos);
  EXPECT_EQ(r.bytes.find(annex_k_dc), std::string::npos);
}

TEST(ImageJpeg, SsimStaysAboveTheFloorAtTheLowestQuality) {
  const Px photo = Photo(1200, 800, 7);
  const std::string in = EncodeJpeg(photo, {.quality = 97});
  const Px original = DecodeJpeg(in).px;
  const OptimiseResult r = Opt(in, "photo.jpg");
  ASSERT_TRUE(r.replaced);
  const double ssim = TestSsim(original, DecodeJpeg(r.bytes).px);
  EXPECT_GE(ssim, 0.98);
  EXPECT_NEAR(ssim, r.ssim, 0.002);
  EXPECT_LT(r.quality, 97);
  EXPECT_GE(r.quality, 30);
  // The lowest such quality: one step down falls below the floor (measured by the library on
  // the decoded Y plane, here on luma from decoded RGB: allow for that rounding).
  if (r.quality > 30) {
    JpegSpec lower{.quality = r.quality - 1};
    lower.full_chroma = DecodeJpeg(r.bytes).full_chroma;
    EXPECT_LT(TestSsim(original, DecodeJpeg(EncodeJpeg(original, lower)).px), 0.981);
  }
  // A stricter floor gives a higher quality and a larger file (or the lossless transcode).
  OptimiseOptions strict;
  strict.min_ssim = 0.995;
  const OptimiseResult s = Opt(in, "photo.jpg", strict);
  ASSERT_TRUE(s.replaced);
  EXPECT_TRUE(s.quality > r.quality || s.method == "lossless transcode") << s.method;
  EXPECT_GT(s.bytes.size(), r.bytes.size());
  EXPECT_GE(TestSsim(original, DecodeJpeg(s.bytes).px), 0.995);
}

// ffmpeg's `ssim` filter on two files; `filter` prepares inputs [0:v] and [1:v] as [a] and [b].
double FfmpegSsim(const std::string& a, const std::string& b, const std::string& filter, const std::string& log) {
  const std::string cmd = "ffmpeg -nostdin -hide_banner -loglevel info -i " + a + " -i " + b + " -lavfi \"" + filter +
                          ";[a][b]ssim\" -f null - 2>" + log;
  if (std::system(cmd.c_str()) != 0) return -1;
  const std::string text = Slurp(log);
  const size_t at = text.find("SSIM Y:");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + 7));
}

TEST(ImageJpeg, SsimAgreesWithFfmpeg) {
  if (std::system("ffmpeg -version >/dev/null 2>&1") != 0) GTEST_SKIP() << "ffmpeg not installed";
  const test::TempDir dir;
  const std::string in = EncodeJpeg(Photo(960, 640, 3), {.quality = 96});
  const Px original = DecodeJpeg(in).px;
  const OptimiseResult r = Opt(in, "photo.jpg");
  ASSERT_TRUE(r.replaced);
  ASSERT_GT(r.quality, 0);
  test::WriteFile(dir.File("out.jpg"), r.bytes);
  // Luma: ffmpeg reads the optimised JPEG itself and takes its Y plane; the reference is the
  // original's luma (JFIF weights), written by the test as a grey PNG.
  Px luma = Make(original.w, original.h, 1);
  for (uint32_t i = 0; i < original.w * original.h; ++i) {
    const uint8_t* p = &original.v[i * 3];
    luma.v[i] = uint8_t((19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16);
  }
  test::WriteFile(dir.File("ref_y.png"), EncodePng(luma));
  const double y = FfmpegSsim(dir.File("out.jpg"), dir.File("ref_y.png"), "[0:v]extractplanes=y[a];[1:v]format=gray[b]",
                              dir.File("log1.txt"));
  // As displayed: both through RGB, then ffmpeg's own grey conversion (limited range).
  test::WriteFile(dir.File("ref.png"), EncodePng(original));
  const double rgb =
      FfmpegSsim(dir.File("out.jpg"), dir.File("ref.png"),
                 "[0:v]format=rgb24,format=gray[a];[1:v]format=rgb24,format=gray[b]", dir.File("log2.txt"));
  std::cout << "[ ssim at q=" << r.quality << ": ours " << r.ssim << ", ffmpeg on Y " << y << ", ffmpeg via RGB " << rgb
            << " ]\n";
  EXPECT_NEAR(y, r.ssim, 0.0005);
  EXPECT_GE(y, 0.98);
  EXPECT_NEAR(rgb, r.ssim, 0.004);
}

TEST(ImageJpeg, StripsExifGpsXmpAndCommentsButKeepsTheIccProfile) {
  std::string icc(3000, '\0');
  for (size_t i = 0; i < icc.size(); ++i) icc[i] = char(i * 7 + 3);
  std::memcpy(&icc[16], "RGB ", 4);
  std::memcpy(&icc[36], "acsp", 4);
  const std::string xmp =
      std::string("http://ns.adobe.com/xap/1.0/\0", 29) + "<x:xmpmeta><rdf:Description photoshop:City='XMP-SECRET'/>";
  JpegSpec spec{.quality = 95};
  spec.markers = {{JPEG_APP0 + 1, ExifWithGps(1)},
                  {JPEG_APP0 + 1, xmp},
                  {JPEG_APP0 + 13, "Photoshop 3.0\0IPTC-SECRET"},
                  {JPEG_COM, "COMMENT-SECRET"}};
  spec.icc = icc;
  const std::string in = EncodeJpeg(Photo(640, 480), spec);
  ASSERT_NE(in.find("GPS-SECRET"), std::string::npos);
  const OptimiseResult r = Opt(in, "meta.jpg");
  ASSERT_TRUE(r.replaced);
  for (const char* secret : {"GPS-SECRET", "XMP-SECRET", "IPTC-SECRET", "COMMENT-SECRET", "Exif", "xap/1.0"}) {
    EXPECT_EQ(r.bytes.find(secret), std::string::npos) << secret;
  }
  const JpegFacts out = DecodeJpeg(r.bytes);
  for (int m : out.markers) EXPECT_TRUE(m == JPEG_APP0 || m == JPEG_APP0 + 2) << "marker " << m;
  EXPECT_EQ(out.icc, icc);

  // A profile larger than one segment (split over several APP2) comes back whole.
  std::string big_icc(150000, 'x');
  std::memcpy(&big_icc[36], "acsp", 4);
  const std::string with_big = EncodeJpeg(Photo(300, 200), {.quality = 95, .icc = big_icc});
  const OptimiseResult b = Opt(with_big, "icc.jpg");
  ASSERT_TRUE(b.replaced);
  EXPECT_EQ(DecodeJpeg(b.bytes).icc, big_icc);
}

TEST(ImageJpeg, MetadataIsStrippedEvenWhenTheQualityCannotDrop) {
  // With an SSIM floor of 1 no re-encoding qualifies: the lossless transcode still drops the
  // metadata and rewrites the file progressive.
  JpegSpec spec{.quality = 45};
  spec.markers = {{JPEG_APP0 + 1, ExifWithGps(1)}};
  const std::string in = EncodeJpeg(Photo(500, 400), spec);
  OptimiseOptions exact;
  exact.min_ssim = 1;
  const OptimiseResult r = Opt(in, "low.jpg", exact);
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(r.method, "lossless transcode");
  EXPECT_EQ(r.quality, 0);
  EXPECT_EQ(r.ssim, 1.0);
  EXPECT_EQ(r.bytes.find("GPS-SECRET"), std::string::npos);
  EXPECT_TRUE(DecodeJpeg(r.bytes).progressive);
  EXPECT_EQ(DecodeJpeg(r.bytes).px.v, DecodeJpeg(in).px.v) << "a lossless transcode keeps every pixel";
  // With the default floor, whichever wins, the metadata is gone.
  const OptimiseResult d = Opt(in, "low.jpg");
  ASSERT_TRUE(d.replaced);
  EXPECT_EQ(d.bytes.find("GPS-SECRET"), std::string::npos);
}

// Quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
Px Quadrants(uint32_t w, uint32_t h) {
  Px p = Make(w, h, 3);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const bool right = x >= w / 2, bottom = y >= h / 2;
      const uint8_t c[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
      std::memcpy(p.at(x, y), c[(bottom ? 2 : 0) + (right ? 1 : 0)], 3);
    }
  }
  return p;
}

// Which quadrant colour (0 red, 1 green, 2 blue, 3 white) a pixel is nearest to.
int QuadrantColour(const uint8_t* p) {
  const int c[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
  int best = 0, best_d = INT32_MAX;
  for (int k = 0; k < 4; ++k) {
    int d = 0;
    for (int i = 0; i < 3; ++i) d += (p[i] - c[k][i]) * (p[i] - c[k][i]);
    if (d < best_d) best_d = d, best = k;
  }
  return best;
}

class ImageJpegOrientation : public ::testing::TestWithParam<int> {};

TEST_P(ImageJpegOrientation, IsAppliedToThePixels) {
  const int o = GetParam();
  const Px stored = Quadrants(96, 48);
  JpegSpec spec{.quality = 98};
  spec.markers = {{JPEG_APP0 + 1, ExifWithGps(o)}};
  const std::string in = EncodeJpeg(stored, spec);
  const OptimiseResult r = Opt(in, "o.jpg");
  ASSERT_TRUE(r.replaced);
  const bool swap = o >= 5;
  EXPECT_EQ(r.width, swap ? 48u : 96u);
  EXPECT_EQ(r.out_width, swap ? 48u : 96u);
  const JpegFacts out = DecodeJpeg(r.bytes);
  ASSERT_EQ(out.px.w, swap ? 48u : 96u);
  ASSERT_EQ(out.px.h, swap ? 96u : 48u);
  EXPECT_EQ(r.bytes.find("Exif"), std::string::npos);
  // Where each stored corner must appear when displayed (EXIF 2.3, table of orientations).
  // Corners: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right; value = stored quadrant.
  static const int kDisplayed[9][4] = {{},           {0, 1, 2, 3}, {1, 0, 3, 2}, {3, 2, 1, 0}, {2, 3, 0, 1},
                                       {0, 2, 1, 3}, {2, 0, 3, 1}, {3, 1, 2, 0}, {1, 3, 0, 2}};
  const uint32_t W = out.px.w, H = out.px.h;
  const uint8_t* corners[4] = {out.px.at(4, 4), out.px.at(W - 5, 4), out.px.at(4, H - 5), out.px.at(W - 5, H - 5)};
  for (int k = 0; k < 4; ++k) EXPECT_EQ(QuadrantColour(corners[k]), kDisplayed[o][k]) << "orientation " << o;
}

INSTANTIATE_TEST_SUITE_P(AllEight, ImageJpegOrientation, ::testing::Range(1, 9));

TEST(ImageJpeg, OrientationAndDownscaleTogether) {
  JpegSpec spec{.quality = 92};
  spec.markers = {{JPEG_APP0 + 1, ExifWithGps(6)}};
  const OptimiseResult r = Opt(EncodeJpeg(Quadrants(4000, 2000), spec), "o.jpg");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(r.width, 2000u);
  EXPECT_EQ(r.height, 4000u);
  EXPECT_EQ(r.out_width, 960u);
  EXPECT_EQ(r.out_height, 1920u);
  const Px out = DecodeJpeg(r.bytes).px;
  EXPECT_EQ(QuadrantColour(out.at(10, 10)), 2);  // rotated 90° clockwise: bottom-left comes to the top-left
}

TEST(ImageJpeg, ChromaSubsamplingFollowsColourDetail) {
  // 4:4:4 source with fine colour detail (one-pixel red/blue stripes on grey text-like bars).
  Px fine = Make(640, 480, 3);
  for (uint32_t y = 0; y < fine.h; ++y) {
    for (uint32_t x = 0; x < fine.w; ++x) {
      uint8_t* q = fine.at(x, y);
      const bool stripe = (x / 1) % 2 == 0;
      q[0] = stripe ? 220 : 30;
      q[1] = 40;
      q[2] = stripe ? 30 : 220;
    }
  }
  const std::string fine_in = EncodeJpeg(fine, {.quality = 97, .full_chroma = true});
  const OptimiseResult a = Opt(fine_in, "fine.jpg");
  if (a.replaced && a.method != "lossless transcode") {
    EXPECT_TRUE(DecodeJpeg(a.bytes).full_chroma) << a.method;
  }
  EXPECT_NE(a.method.find("4:4:4"), std::string::npos) << a.method;

  // 4:4:4 source of a smooth photograph: 4:2:0 is enough.
  const std::string smooth_in = EncodeJpeg(Photo(640, 480, 5, 2), {.quality = 97, .full_chroma = true});
  const OptimiseResult b = Opt(smooth_in, "smooth.jpg");
  ASSERT_TRUE(b.replaced);
  EXPECT_FALSE(DecodeJpeg(b.bytes).full_chroma) << b.method;

  // Low bandwidth always subsamples.
  OptimiseOptions low;
  low.profile = Profile::kLowBandwidth;
  const OptimiseResult c = Opt(fine_in, "fine.jpg", low);
  EXPECT_NE(c.method.find("4:2:0"), std::string::npos) << c.method;
}

TEST(ImageJpeg, GreyStaysGrey) {
  Px grey = Make(400, 300, 1);
  Lcg rng{9};
  for (uint32_t i = 0; i < grey.v.size(); ++i) grey.v[i] = Clamp(int(i % 400) / 2 + rng.Noise(4));
  const OptimiseResult r = Opt(EncodeJpeg(grey, {.quality = 97}), "g.jpg");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(DecodeJpeg(r.bytes).components, 1);
}

TEST(ImageJpeg, LowBandwidthGoesFurther) {
  const std::string in = EncodeJpeg(Photo(1600, 1200, 11), {.quality = 95});
  const OptimiseResult standard = Opt(in, "p.jpg");
  OptimiseOptions low;
  low.profile = Profile::kLowBandwidth;
  const OptimiseResult lb = Opt(in, "p.jpg", low);
  ASSERT_TRUE(standard.replaced);
  ASSERT_TRUE(lb.replaced);
  EXPECT_EQ(standard.out_width, 1600u);
  EXPECT_EQ(lb.out_width, 1280u);
  EXPECT_EQ(lb.out_height, 960u);
  EXPECT_GE(lb.ssim, 0.95);
  EXPECT_LT(lb.bytes.size(), standard.bytes.size() * 3 / 4);
  // Explicit options override the profile's numbers.
  low.max_dimension = 640;
  const OptimiseResult small = Opt(in, "p.jpg", low);
  EXPECT_EQ(small.out_width, 640u);
}

TEST(ImageJpeg, CmykIsKeptAsItIs) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = 32;
  c.image_height = 32;
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_start_compress(&c, TRUE);
  std::vector<uint8_t> row(32 * 4, 100);
  for (int y = 0; y < 32; ++y) {
    JSAMPROW r = row.data();
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  const std::string in(reinterpret_cast<char*>(buf), size);
  std::free(buf);
  Report report;
  const OptimiseResult r = Opt(in, "cmyk.jpg", {}, &report);
  EXPECT_FALSE(r.replaced);
  EXPECT_EQ(r.reason, "CMYK JPEG");
  EXPECT_TRUE(report.diagnostics().empty());
}

// ===========================================================================================
// PNG

// Decodes both and compares canonical RGBA samples.
void ExpectSamePixels(const std::string& a, const std::string& b) {
  const PngFacts fa = DecodePng(a), fb = DecodePng(b);
  ASSERT_TRUE(fa.ok);
  ASSERT_TRUE(fb.ok);
  ASSERT_EQ(fa.w, fb.w);
  ASSERT_EQ(fa.h, fb.h);
  // 8-bit and 16-bit files compare in their own ranges; scale 8-bit up when they differ.
  auto canon = [](const PngFacts& f, bool wide) {
    std::vector<uint32_t> v;
    for (uint16_t s : f.rgba) v.push_back(f.depth == 16 || !wide ? s : s * 257u);
    return v;
  };
  const bool wide = fa.depth == 16 || fb.depth == 16;
  EXPECT_TRUE(canon(fa, wide) == canon(fb, wide)) << "decoded pixels differ";
}

TEST(ImagePng, LosslessForEveryKindOfPng) {
  struct Case {
    std::string name;
    std::string png;
  };
  std::vector<Case> cases;
  Px rgba = Photo(300, 200, 4);
  Px with_alpha = Make(300, 200, 4);
  for (uint32_t i = 0; i < 300 * 200; ++i) {
    std::memcpy(&with_alpha.v[i * 4], &rgba.v[i * 3], 3);
    with_alpha.v[i * 4 + 3] = uint8_t(i % 300);
  }
  cases.push_back({"rgba gradient alpha", EncodePng(with_alpha, {.compression = 1})});
  cases.push_back({"rgb photo", EncodePng(Photo(300, 200, 2), {.compression = 1})});
  cases.push_back({"interlaced rgb", EncodePng(Photo(200, 150, 3), {.interlace = true})});
  Px ga = Make(100, 80, 2);
  for (uint32_t i = 0; i < ga.v.size(); ++i) ga.v[i] = uint8_t(i * 31 % 256);
  cases.push_back({"grey alpha", EncodePng(ga)});
  // 16-bit RGB that is not an 8-bit image in disguise.
  {
    std::vector<std::vector<uint8_t>> rows;
    for (uint32_t y = 0; y < 64; ++y) {
      std::vector<uint8_t> row;
      for (uint32_t x = 0; x < 64 * 3; ++x) {
        const uint16_t v = uint16_t(x * 300 + y * 7);
        row.push_back(uint8_t(v >> 8));
        row.push_back(uint8_t(v));
      }
      rows.push_back(row);
    }
    cases.push_back({"rgb 16-bit", EncodePngRaw(64, 64, rows, {.colour_type = PNG_COLOR_TYPE_RGB, .depth = 16})});
  }
  // 16-bit grey whose samples are all v·257 (8-bit in disguise).
  {
    std::vector<std::vector<uint8_t>> rows;
    for (uint32_t y = 0; y < 64; ++y) {
      std::vector<uint8_t> row;
      for (uint32_t x = 0; x < 64; ++x) row.push_back(uint8_t(x * 4 + y)), row.push_back(uint8_t(x * 4 + y));
      rows.push_back(row);
    }
    cases.push_back(
        {"grey 16-bit reducible", EncodePngRaw(64, 64, rows, {.colour_type = PNG_COLOR_TYPE_GRAY, .depth = 16})});
  }
  // Palette with translucent entries, 2-bit grey.
  {
    std::vector<png_color> pal = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {9, 9, 9}};
    std::vector<std::vector<uint8_t>> rows;
    for (uint32_t y = 0; y < 50; ++y) {
      std::vector<uint8_t> row;
      for (uint32_t x = 0; x < 50; ++x) row.push_back(uint8_t((x / 5 + y / 5) % 4));
      rows.push_back(row);
    }
    cases.push_back({"palette + tRNS",
                     EncodePngRaw(50, 50, rows, {.colour_type = PNG_COLOR_TYPE_PALETTE, .depth = 8, .compression = 0},
                                  pal, std::string("\x80\x00\xff", 3))});
    std::vector<std::vector<uint8_t>> grey;
    for (uint32_t y = 0; y < 40; ++y) grey.push_back(std::vector<uint8_t>(40, uint8_t(y % 2 ? 0x1B : 0xE4)));
    cases.push_back({"grey 2-bit", EncodePngRaw(160, 40, grey, {.colour_type = PNG_COLOR_TYPE_GRAY, .depth = 2})});
  }
  // RGB with a tRNS colour key.
  {
    std::vector<std::vector<uint8_t>> rows;
    Px p = Photo(80, 60, 5);
    for (uint32_t y = 0; y < 60; ++y) {
      std::vector<uint8_t> row(p.at(0, y), p.at(0, y) + 240);
      for (uint32_t x = 0; x < 10; ++x) row[x * 3] = 1, row[x * 3 + 1] = 2, row[x * 3 + 2] = 3;
      rows.push_back(row);
    }
    cases.push_back({"rgb colour key", EncodePngRaw(80, 60, rows, {.colour_type = PNG_COLOR_TYPE_RGB}, {},
                                                    std::string("\0\1\0\2\0\3", 6))});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const OptimiseResult r = Opt(c.png, "x.png");
    EXPECT_EQ(r.format, "png");
    if (!r.replaced) {
      EXPECT_EQ(r.reason, "not smaller");
      continue;
    }
    EXPECT_EQ(r.ssim, 1.0);
    ExpectSamePixels(c.png, r.bytes);
    const PngFacts out = DecodePng(r.bytes);
    EXPECT_EQ(out.interlace, 0);
  }
}

TEST(ImagePng, FewColoursBecomeAPalette) {
  const Px g = Graphic(400, 300, 3, 5);
  const std::string in = EncodePng(g);
  ASSERT_EQ(DecodePng(in).colour_type, PNG_COLOR_TYPE_RGB);
  const OptimiseResult r = Opt(in, "g.png");
  ASSERT_TRUE(r.replaced);
  const PngFacts out = DecodePng(r.bytes);
  EXPECT_EQ(out.colour_type, PNG_COLOR_TYPE_PALETTE);
  EXPECT_EQ(out.depth, 4);  // 5 colours fit 4 bits
  ExpectSamePixels(in, r.bytes);

  // With alpha: palette plus tRNS.
  const std::string in_alpha = EncodePng(Graphic(400, 300, 4, 12));
  const OptimiseResult a = Opt(in_alpha, "a.png");
  ASSERT_TRUE(a.replaced);
  const PngFacts out_alpha = DecodePng(a.bytes);
  EXPECT_EQ(out_alpha.colour_type, PNG_COLOR_TYPE_PALETTE);
  EXPECT_NE(std::find(out_alpha.chunks.begin(), out_alpha.chunks.end(), "tRNS"), out_alpha.chunks.end());
  ExpectSamePixels(in_alpha, a.bytes);

  // Exactly 256 colours still fit; 257 do not.
  Px many = Make(257, 64, 3);
  for (uint32_t y = 0; y < 64; ++y)
    for (uint32_t x = 0; x < 257; ++x) many.at(x, y)[0] = uint8_t(x), many.at(x, y)[1] = x == 256 ? 1 : 0;
  const OptimiseResult m = Opt(EncodePng(many), "m.png");
  if (m.replaced) {
    EXPECT_NE(DecodePng(m.bytes).colour_type, PNG_COLOR_TYPE_PALETTE);
  }
  Px fits = Make(256, 64, 3);
  Lcg rng{5};
  for (uint32_t y = 0; y < 64; ++y) {
    for (uint32_t x = 0; x < 256; ++x) {
      const uint32_t k = (x + (rng.Next() >> 20)) % 256;  // all 256 colours, scattered
      fits.at(x, y)[0] = uint8_t(k), fits.at(x, y)[1] = uint8_t(k * 7), fits.at(x, y)[2] = uint8_t(k * 13);
    }
  }
  const OptimiseResult f = Opt(EncodePng(fits, {.compression = 1}), "f.png");
  ASSERT_TRUE(f.replaced);
  EXPECT_EQ(DecodePng(f.bytes).colour_type, PNG_COLOR_TYPE_PALETTE) << f.method;
  EXPECT_EQ(DecodePng(f.bytes).depth, 8) << f.method;

  // A gradient of 256 colours: a palette sorted by luma lets the row filters work on indices.
  Px ramp = Make(256, 64, 3);
  for (uint32_t y = 0; y < 64; ++y)
    for (uint32_t x = 0; x < 256; ++x) ramp.at(x, y)[0] = uint8_t(x), ramp.at(x, y)[2] = uint8_t(255 - x / 2);
  const std::string ramp_in = EncodePng(ramp, {.compression = 1});
  const OptimiseResult gradient = Opt(ramp_in, "ramp.png");
  ASSERT_TRUE(gradient.replaced);
  ExpectSamePixels(ramp_in, gradient.bytes);
  std::cout << "[ 256-colour ramp: " << gradient.method << " ]\n";
}

TEST(ImagePng, OpaqueAlphaIsDroppedAndGreyIsGrey) {
  Px opaque = Make(300, 200, 4);
  const Px photo = Photo(300, 200, 8);
  for (uint32_t i = 0; i < 300 * 200; ++i) std::memcpy(&opaque.v[i * 4], &photo.v[i * 3], 3), opaque.v[i * 4 + 3] = 255;
  const std::string in = EncodePng(opaque);
  const OptimiseResult r = Opt(in, "o.png");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(DecodePng(r.bytes).colour_type, PNG_COLOR_TYPE_RGB);
  ExpectSamePixels(in, r.bytes);

  Px grey = Make(300, 200, 3);
  for (uint32_t i = 0; i < 300 * 200; ++i) grey.v[i * 3] = grey.v[i * 3 + 1] = grey.v[i * 3 + 2] = photo.v[i * 3];
  const std::string grey_in = EncodePng(grey);
  const OptimiseResult g = Opt(grey_in, "g.png");
  ASSERT_TRUE(g.replaced);
  EXPECT_EQ(DecodePng(g.bytes).colour_type, PNG_COLOR_TYPE_GRAY);
  ExpectSamePixels(grey_in, g.bytes);

  // Grey levels that are multiples of 17 need only 4 bits.
  Px sixteen_levels = Make(320, 100, 3);
  for (uint32_t y = 0; y < 100; ++y)
    for (uint32_t x = 0; x < 320; ++x) std::memset(sixteen_levels.at(x, y), int((x / 20) * 17), 3);
  const std::string levels_in = EncodePng(sixteen_levels);
  const OptimiseResult l = Opt(levels_in, "l.png");
  ASSERT_TRUE(l.replaced);
  EXPECT_EQ(DecodePng(l.bytes).colour_type, PNG_COLOR_TYPE_GRAY) << l.method;
  EXPECT_EQ(DecodePng(l.bytes).depth, 4) << l.method;
  ExpectSamePixels(levels_in, l.bytes);
}

TEST(ImagePng, KeepsRenderingChunksAndDropsTheRest) {
  const std::string gama("\x00\x00\xb1\x8f", 4);
  const std::string chrm(32, '\x01');
  const std::string phys("\x00\x00\x0b\x13\x00\x00\x0b\x13\x01", 9);
  std::string exif = ExifWithGps(1).substr(6);
  PngSpec spec;
  spec.extra_chunks = {{"gAMA", gama},
                       {"cHRM", chrm},
                       {"pHYs", phys},
                       {"tEXt", std::string("Author\0SECRET-NAME", 18)},
                       {"tIME", std::string(7, '\x01')},
                       {"eXIf", exif},
                       {"bKGD", std::string(6, '\0')},
                       {"zzZz", "private"}};
  const std::string in = EncodePng(Photo(200, 100, 4), spec);
  const PngFacts before = DecodePng(in);
  ASSERT_NE(std::find(before.chunks.begin(), before.chunks.end(), "tEXt"), before.chunks.end());
  const OptimiseResult r = Opt(in, "c.png");
  ASSERT_TRUE(r.replaced);
  const PngFacts out = DecodePng(r.bytes);
  const std::set<std::string> chunks(out.chunks.begin(), out.chunks.end());
  EXPECT_EQ(chunks, (std::set<std::string>{"IHDR", "gAMA", "cHRM", "pHYs", "IDAT", "IEND"}));
  EXPECT_NE(r.bytes.find(Chunk("gAMA", gama)), std::string::npos);
  EXPECT_NE(r.bytes.find(Chunk("cHRM", chrm)), std::string::npos);
  EXPECT_EQ(r.bytes.find("SECRET"), std::string::npos);
  EXPECT_EQ(r.bytes.find("GPS"), std::string::npos);
  ExpectSamePixels(in, r.bytes);
}

TEST(ImagePng, KeepsTheIccProfileAndItsColourSpace) {
  // A grey ICC profile on an RGB-typed grey image: the output must stay grey (no palette, no RGB).
  std::string profile(200, '\0');
  std::memcpy(&profile[16], "GRAY", 4);
  std::memcpy(&profile[36], "acsp", 4);
  uLongf len = compressBound(uLong(profile.size()));
  std::string z(len, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(profile.data()),
                      uLong(profile.size()), 9),
            Z_OK);
  z.resize(len);
  const std::string iccp = std::string("grey\0\0", 6) + z;
  Px grey = Make(64, 64, 3);
  for (uint32_t i = 0; i < 64 * 64; ++i) std::memset(&grey.v[i * 3], int(i % 3) * 60, 3);  // 3 grey levels
  PngSpec spec;
  spec.extra_chunks = {{"iCCP", iccp}};
  const std::string in = EncodePng(grey, spec);
  const OptimiseResult r = Opt(in, "icc.png");
  ASSERT_TRUE(r.replaced);
  const PngFacts out = DecodePng(r.bytes);
  EXPECT_EQ(out.colour_type, PNG_COLOR_TYPE_GRAY) << r.method;
  EXPECT_NE(r.bytes.find(Chunk("iCCP", iccp)), std::string::npos);
  ExpectSamePixels(in, r.bytes);

  // An RGB profile on grey pixels: not grey (the profile would not fit), palette is fine.
  std::memcpy(&profile[16], "RGB ", 4);
  len = compressBound(uLong(profile.size()));
  z.assign(len, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(profile.data()),
                      uLong(profile.size()), 9),
            Z_OK);
  z.resize(len);
  spec.extra_chunks = {{"iCCP", std::string("rgb\0\0", 5) + z}};
  const std::string rgb_in = EncodePng(grey, spec);
  const OptimiseResult rgb = Opt(rgb_in, "icc.png");
  ASSERT_TRUE(rgb.replaced);
  EXPECT_NE(DecodePng(rgb.bytes).colour_type, PNG_COLOR_TYPE_GRAY) << rgb.method;
  ExpectSamePixels(rgb_in, rgb.bytes);
}

TEST(ImagePng, DownscalesAndAppliesExifOrientation) {
  Px wide = Make(3000, 1000, 4);
  for (uint32_t y = 0; y < 1000; ++y)
    for (uint32_t x = 0; x < 3000; ++x) {
      uint8_t* q = wide.at(x, y);
      q[0] = uint8_t(x % 256), q[1] = uint8_t(y % 256), q[2] = 128, q[3] = uint8_t(x < 1500 ? 255 : 100);
    }
  const OptimiseResult r = Opt(EncodePng(wide), "w.png");
  ASSERT_TRUE(r.replaced);
  EXPECT_EQ(r.out_width, 1920u);
  EXPECT_EQ(r.out_height, 640u);
  const PngFacts out = DecodePng(r.bytes);
  EXPECT_EQ(out.w, 1920u);
  EXPECT_EQ(out.h, 640u);
  EXPECT_EQ(out.rgba[3], 255);                         // left half opaque
  EXPECT_EQ(out.rgba[(640 * 1920 - 1) * 4 + 3], 100);  // right half translucent

  // eXIf orientation 8 (rotate 90° anticlockwise to display).
  const Px q = Quadrants(60, 30);
  PngSpec spec;
  spec.extra_chunks = {{"eXIf", ExifWithGps(8).substr(6)}};
  const std::string in = EncodePng(q, spec);
  const OptimiseResult o = Opt(in, "q.png");
  ASSERT_TRUE(o.replaced);
  const PngFacts rotated = DecodePng(o.bytes);
  ASSERT_EQ(rotated.w, 30u);
  ASSERT_EQ(rotated.h, 60u);
  // Top-left displayed = stored top-right (green); bottom-left displayed = stored top-left (red).
  EXPECT_EQ(rotated.rgba[1], 255);
  EXPECT_EQ(rotated.rgba[0], 0);
  const size_t bl = (size_t{59} * 30) * 4;
  EXPECT_EQ(rotated.rgba[bl], 255);
  EXPECT_EQ(rotated.rgba[bl + 1], 0);
}

TEST(ImagePng, DownscalingAveragesInLinearLightWithPremultipliedAlpha) {
  // One-pixel black and white stripes halved: the average of 0 and 255 in linear light is
  // sRGB 188 (averaging the encoded values would give 128, nearest neighbour 0 or 255).
  Px stripes = Make(3840, 64, 1);
  for (uint32_t y = 0; y < 64; ++y)
    for (uint32_t x = 0; x < 3840; ++x) *stripes.at(x, y) = x % 2 ? 255 : 0;
  const OptimiseResult r = Opt(EncodePng(stripes), "stripes.png");
  ASSERT_TRUE(r.replaced);
  const PngFacts out = DecodePng(r.bytes);
  ASSERT_EQ(out.w, 1920u);
  for (size_t i = 0; i < out.rgba.size(); i += 4) {
    ASSERT_NEAR(out.rgba[i], 188, 1) << i;
    ASSERT_EQ(out.rgba[i + 3], 255);
  }
  // Opaque white beside transparent black: half-transparent white, not grey.
  Px halo = Make(3840, 64, 4);
  for (uint32_t y = 0; y < 64; ++y)
    for (uint32_t x = 0; x < 3840; ++x)
      if (x % 2) std::memset(halo.at(x, y), 255, 4);
  const OptimiseResult h = Opt(EncodePng(halo), "halo.png");
  ASSERT_TRUE(h.replaced);
  const PngFacts halved = DecodePng(h.bytes);
  for (size_t i = 0; i < halved.rgba.size(); i += 4) {
    ASSERT_EQ(halved.rgba[i], 255) << i;
    ASSERT_NEAR(halved.rgba[i + 3], 128, 1) << i;
  }
}

// Luma SSIM of two PNGs' decoded pixels, by the test's own function.
double PngSsim(const std::string& a, const std::string& b) {
  const PngFacts fa = DecodePng(a), fb = DecodePng(b);
  EXPECT_TRUE(fa.ok && fb.ok && fa.w == fb.w && fa.h == fb.h);
  Px pa = Make(fa.w, fa.h, 3), pb = Make(fb.w, fb.h, 3);
  for (size_t i = 0; i < size_t{fa.w} * fa.h; ++i) {
    for (int c = 0; c < 3; ++c)
      pa.v[i * 3 + c] = uint8_t(fa.rgba[i * 4 + c]), pb.v[i * 3 + c] = uint8_t(fb.rgba[i * 4 + c]);
  }
  return TestSsim(pa, pb);
}

TEST(ImagePng, LowBandwidthQuantisesOpaquePhotos) {
  OptimiseOptions low;
  low.profile = Profile::kLowBandwidth;
  // A screenshot-like page: flat panels, a photograph in it, a soft shadow (> 256 colours).
  Px page = Graphic(640, 480, 3, 6);
  const Px photo = Photo(240, 180, 12, 1);
  for (uint32_t y = 0; y < 180; ++y) std::memcpy(page.at(300, 250 + y), photo.at(0, y), 240 * 3);
  for (uint32_t y = 0; y < 40; ++y)
    for (uint32_t x = 0; x < 640; ++x) std::memset(page.at(x, y), 255 - int(y * 3), 3);
  const std::string in = EncodePng(page);
  const OptimiseResult standard = Opt(in, "page.png");
  const OptimiseResult lb = Opt(in, "page.png", low);
  ASSERT_TRUE(standard.replaced);
  ASSERT_TRUE(lb.replaced);
  EXPECT_EQ(DecodePng(standard.bytes).colour_type, PNG_COLOR_TYPE_RGB) << standard.method;
  EXPECT_EQ(DecodePng(lb.bytes).colour_type, PNG_COLOR_TYPE_PALETTE) << lb.method;
  EXPECT_GE(lb.ssim, 0.97);
  EXPECT_LT(lb.ssim, 1.0);
  EXPECT_LT(lb.bytes.size(), standard.bytes.size());
  EXPECT_GE(PngSsim(in, lb.bytes), 0.97);  // measured by the test
  std::cout << "[ page: standard " << standard.bytes.size() << " (" << standard.method << "), low-bandwidth "
            << lb.bytes.size() << " (" << lb.method << ", SSIM " << lb.ssim << ") ]\n";

  // Smooth gradients over the whole colour space band badly in 256 colours: below the SSIM
  // floor, so the image stays lossless.
  const std::string field = EncodePng(Photo(480, 360, 12, 0));
  const OptimiseResult f = Opt(field, "field.png", low);
  ASSERT_TRUE(f.replaced);
  EXPECT_EQ(f.ssim, 1.0) << f.method;
  ExpectSamePixels(field, f.bytes);

  // With real transparency it stays lossless.
  Px alpha = Make(300, 200, 4);
  const Px picture = Photo(300, 200, 3);
  for (uint32_t i = 0; i < 300 * 200; ++i)
    std::memcpy(&alpha.v[i * 4], &picture.v[i * 3], 3), alpha.v[i * 4 + 3] = uint8_t(i);
  const std::string alpha_in = EncodePng(alpha, {.compression = 1});
  const OptimiseResult al = Opt(alpha_in, "a.png", low);
  ASSERT_TRUE(al.replaced);
  ExpectSamePixels(alpha_in, al.bytes);
}

// ===========================================================================================
// Every format: never larger, the rest kept, determinism, threads, cancellation

TEST(ImageAny, NeverLargerAndAlreadyOptimalIsKept) {
  for (const std::string& in : {EncodeJpeg(Photo(300, 200), {.quality = 90}), EncodePng(Graphic(120, 80, 3, 7))}) {
    const bool jpeg = in[0] == char(0xFF);
    const OptimiseResult first = Opt(in, jpeg ? "a.jpg" : "a.png");
    ASSERT_TRUE(first.replaced);
    // Its own output again: nothing left to gain (or only a smaller file).
    const OptimiseResult second = Opt(first.bytes, jpeg ? "a.jpg" : "a.png");
    if (!second.replaced) {
      EXPECT_EQ(second.reason, "not smaller");
    }
  }
  // A tiny file where progressive overhead outweighs the gain.
  const std::string tiny = EncodePng(Graphic(2, 2, 1, 2));
  const OptimiseResult t = Opt(tiny, "t.png");
  if (!t.replaced) {
    EXPECT_EQ(t.reason, "not smaller");
  }
}

TEST(ImageAny, OtherFormatsAreKeptAsTheyAre) {
  Report report;
  struct Case {
    std::string bytes, path, format, reason;
  };
  const std::string gif1 = std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00", 13) +
                           std::string("\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0", 15) + ";";
  const std::string gif2 = gif1.substr(0, gif1.size() - 1) + gif1.substr(13, 15) + ";";
  std::string webp_anim = std::string("RIFF\x20\0\0\0WEBPVP8X", 16);
  webp_anim += std::string("\x0a\0\0\0\x02\0\0\0\0\0\0\0\0\0", 14);
  const std::vector<Case> cases = {
      {gif1, "a.gif", "gif", "unsupported format"},
      {gif2, "b.gif", "gif", "animated image"},
      {std::string("RIFF\x20\0\0\0WEBPVP8 ", 16) + std::string(20, '\0'), "a.webp", "webp", "unsupported format"},
      {webp_anim, "b.webp", "webp", "animated image"},
      {"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg", "svg", "unsupported format"},
      {"BM" + std::string(60, '\0'), "a.bmp", "bmp", "unsupported format"},
      {"just some text", "readme.txt", "", "unsupported format"},
  };
  for (const Case& c : cases) {
    const OptimiseResult r = Opt(c.bytes, c.path, {}, &report);
    EXPECT_FALSE(r.replaced) << c.path;
    EXPECT_EQ(r.format, c.format) << c.path;
    EXPECT_EQ(r.reason, c.reason) << c.path;
  }
  // APNG: a PNG with acTL.
  const std::string apng = InsertAfterIhdr(EncodePng(Graphic(40, 40, 3, 3)), Chunk("acTL", std::string(8, '\x01')));
  const OptimiseResult a = Opt(apng, "anim.png", {}, &report);
  EXPECT_EQ(a.reason, "animated image");
  EXPECT_TRUE(report.diagnostics().empty());
}

struct Hostile {
  std::string name;
  std::string bytes;
  std::string path;
  std::string code;
};

std::vector<Hostile> HostileInputs() {
  std::vector<Hostile> h;
  const std::string jpeg = EncodeJpeg(Photo(256, 256), {.quality = 90});
  const std::string png = EncodePng(Photo(256, 256));
  h.push_back({"jpeg truncated at half", jpeg.substr(0, jpeg.size() / 2), "t.jpg", "image.decode-error"});
  h.push_back({"jpeg header only", jpeg.substr(0, 300), "t.jpg", "image.decode-error"});
  std::string corrupt = jpeg;
  for (size_t i = jpeg.size() / 3; i < jpeg.size() / 3 + 64; ++i) corrupt[i] = char(0xFF), corrupt[i + 1] = char(0xD3);
  h.push_back({"jpeg corrupt scan data", corrupt, "c.jpg", "image.decode-error"});
  // SOF0 declaring 65000 × 65000 (JPEG sizes are 16-bit).
  std::string bomb = jpeg;
  const size_t sof = bomb.find("\xFF\xC0");
  bomb[sof + 5] = char(0xFD), bomb[sof + 6] = char(0xE8), bomb[sof + 7] = char(0xFD), bomb[sof + 8] = char(0xE8);
  h.push_back({"jpeg bomb 65000x65000", bomb, "bomb.jpg", "image.too-large"});
  h.push_back({"png truncated at half", png.substr(0, png.size() / 2), "t.png", "image.decode-error"});
  std::string bad_crc = png;
  bad_crc[png.find("IDAT") + 10] ^= 0x55;
  h.push_back({"png damaged IDAT", bad_crc, "d.png", "image.decode-error"});
  std::string png_bomb = png;
  const std::string ihdr = std::string("\x00\x01\x86\xA0\x00\x01\x86\xA0\x08\x02\x00\x00\x00", 13);
  png_bomb.replace(8, 25, Chunk("IHDR", ihdr));
  h.push_back({"png bomb 100000x100000", png_bomb, "bomb.png", "image.too-large"});
  h.push_back({"png without IEND", png.substr(0, png.size() - 12), "e.png", "image.decode-error"});
  h.push_back({"garbage named png", "this is not a png at all", "x.png", "image.decode-error"});
  h.push_back({"empty jpg", "", "x.jpg", "image.decode-error"});
  h.push_back({"png signature only", png.substr(0, 8), "s.png", "image.decode-error"});
  // Progressive JPEG with 631 scans (the scan limit is 500).
  {
    static std::vector<jpeg_scan_info> scans;
    scans.clear();
    scans.push_back({1, {0}, 0, 0, 0, 0});
    for (int k = 1; k < 64; ++k) {
      scans.push_back({1, {0}, k, k, 0, 9});
      for (int al = 8; al >= 0; --al) scans.push_back({1, {0}, k, k, al + 1, al});
    }
    Px grey = Make(16, 16, 1);
    for (uint32_t i = 0; i < 256; ++i) grey.v[i] = uint8_t(i * 13);
    JpegSpec spec{.quality = 90};
    spec.scans = scans.data();
    spec.num_scans = int(scans.size());
    h.push_back({"jpeg with 631 scans", EncodeJpeg(grey, spec), "scans.jpg", "image.decode-error"});
  }
  return h;
}

TEST(ImageAny, HostileInputGivesADiagnosticAndTheOriginal) {
  for (const Hostile& c : HostileInputs()) {
    SCOPED_TRACE(c.name);
    Report report;
    const OptimiseResult r = Opt(c.bytes, c.path, {}, &report);
    EXPECT_FALSE(r.replaced);
    EXPECT_TRUE(r.bytes.empty());
    ASSERT_EQ(report.diagnostics().size(), 1u);
    const Diagnostic& d = report.diagnostics()[0];
    EXPECT_EQ(d.code, c.code);
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_EQ(d.location.file, c.path);
    EXPECT_FALSE(d.hint.empty());
    std::cout << "[ " << c.name << ": " << d.message << " ]\n";
  }
}

TEST(ImageAny, PixelLimitIsAnOption) {
  const std::string jpeg = EncodeJpeg(Photo(400, 300), {.quality = 90});
  OptimiseOptions tight;
  tight.max_pixels = 400 * 300 - 1;
  Report report;
  const OptimiseResult r = Opt(jpeg, "x.jpg", tight, &report);
  EXPECT_EQ(r.reason, "too large");
  EXPECT_TRUE(report.Has("image.too-large"));
  tight.max_pixels = 400 * 300;
  EXPECT_TRUE(Opt(jpeg, "x.jpg", tight).replaced);
  // Options out of range are refused.
  OptimiseOptions bad;
  bad.min_ssim = 1.5;
  EXPECT_EQ(Optimise(jpeg, "x.jpg", bad, nullptr).error().code, Errc::kInvalidArgument);
}

TEST(ImageAny, DeterministicAcrossRunsAndThreads) {
  std::vector<std::pair<std::string, std::string>> inputs = {
      {EncodeJpeg(Photo(2500, 1500, 21), {.quality = 93}), "a.jpg"},
      {EncodePng(Photo(500, 300, 22)), "b.png"},
      {EncodePng(Graphic(500, 300, 4, 40)), "c.png"},
  };
  for (Profile profile : {Profile::kStandard, Profile::kLowBandwidth}) {
    OptimiseOptions options;
    options.profile = profile;
    std::vector<std::string> first;
    for (const auto& [bytes, path] : inputs) first.push_back(Opt(bytes, path, options).bytes);
    // Again, on several threads at once.
    std::vector<std::string> second(inputs.size() * 2);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < second.size(); ++i) {
      threads.emplace_back([&, i] {
        const auto& [bytes, path] = inputs[i % inputs.size()];
        auto r = Optimise(bytes, path, options, nullptr);
        if (r) second[i] = r->bytes;
      });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < second.size(); ++i) {
      EXPECT_FALSE(first[i % inputs.size()].empty());
      EXPECT_EQ(second[i], first[i % inputs.size()]) << inputs[i % inputs.size()].second;
    }
  }
}

TEST(ImageAny, Cancellation) {
  OptimiseOptions options;
  options.cancel.Cancel();
  auto r = Optimise(EncodeJpeg(Photo(64, 64)), "a.jpg", options, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kCancelled);
  // Cancelled while working.
  OptimiseOptions later;
  const std::string big = EncodePng(Photo(1500, 1000, 3));
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    later.cancel.Cancel();
  });
  auto s = Optimise(big, "b.png", later, nullptr);
  canceller.join();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kCancelled);
}

TEST(ImageAny, LibraryVersions) {
  const auto v = LibraryVersions();
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].first, "libjpeg-turbo");
  EXPECT_FALSE(v[0].second.empty());
  EXPECT_EQ(ProfileName(Profile::kLowBandwidth), std::string("low-bandwidth"));
}

// ===========================================================================================
// Real images from the corpus (read out of the packages through the project's Source)

TEST(ImageCorpus, RealImagesShrinkWithoutDamage) {
  const std::string corpus = test::CorpusDir();
  if (!std::filesystem::exists(corpus + "/scorm")) GTEST_SKIP() << "no corpus";
  std::set<std::string> seen;  // the same image is in many packages: once each
  uint64_t in_total = 0, out_total = 0;
  size_t images = 0, replaced = 0;
  std::vector<std::filesystem::path> zips;
  for (const auto& e : std::filesystem::directory_iterator(corpus + "/scorm")) {
    if (e.path().extension() == ".zip") zips.push_back(e.path());
  }
  std::sort(zips.begin(), zips.end());
  for (const auto& zip : zips) {
    NullSink sink;
    auto source = io::OpenSource(zip.string(), Limits{}, sink);
    if (!source) continue;
    for (const EntryInfo& entry : (*source)->entries()) {
      std::string lower = FoldCaseAscii(entry.path);
      if (!(lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png"))) continue;
      if (lower.find("__macosx") != std::string::npos) continue;
      auto bytes = (*source)->ReadAll(entry, 64 << 20);
      if (!bytes) continue;
      if (!seen.insert(std::to_string(bytes->size()) + ":" +
                       std::to_string(crc32(0, reinterpret_cast<const Bytef*>(bytes->data()), uInt(bytes->size()))))
               .second)
        continue;
      SCOPED_TRACE(zip.filename().string() + ":" + entry.path);
      Report report;
      const OptimiseResult r = Opt(*bytes, entry.path, {}, &report);
      EXPECT_TRUE(report.diagnostics().empty());
      ++images;
      in_total += bytes->size();
      out_total += r.replaced ? r.bytes.size() : bytes->size();
      std::cout << "[ " << entry.path << " " << r.width << "x" << r.height << ": " << bytes->size() << " -> "
                << (r.replaced ? r.bytes.size() : bytes->size()) << " " << (r.replaced ? r.method : r.reason) << " ]\n";
      if (!r.replaced) continue;
      ++replaced;
      if (r.format == "png") {
        if (r.out_width == r.width && r.out_height == r.height) ExpectSamePixels(*bytes, r.bytes);
        // Its 3 KB iCCP is a standard sRGB profile: it becomes a 13-byte sRGB chunk.
        if (lower.ends_with("cclicense.png")) {
          const PngFacts facts = DecodePng(r.bytes);
          EXPECT_NE(std::find(facts.chunks.begin(), facts.chunks.end(), "sRGB"), facts.chunks.end());
          EXPECT_EQ(std::find(facts.chunks.begin(), facts.chunks.end(), "iCCP"), facts.chunks.end());
          EXPECT_LT(r.bytes.size(), 1500u);
        }
      } else {
        const JpegFacts a = DecodeJpeg(*bytes), b = DecodeJpeg(r.bytes);
        ASSERT_TRUE(b.ok);
        EXPECT_TRUE(b.progressive);
        if (a.px.w == b.px.w && a.px.h == b.px.h) {
          EXPECT_GE(TestSsim(a.px, b.px), 0.98);
        }
      }
    }
  }
  std::cout << "[ corpus: " << images << " distinct images, " << replaced << " replaced, " << in_total << " -> "
            << out_total << " bytes ]\n";
  EXPECT_GT(images, 20u);
  EXPECT_GT(replaced, images / 2);
  EXPECT_LT(out_total, in_total);
}

}  // namespace
}  // namespace cpk::image
