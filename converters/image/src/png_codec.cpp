// PNG through libpng, from and to memory. libpng reports errors by longjmp to png_jmpbuf: the
// C++ objects a longjmp could skip are created before setjmp, and nothing is freed twice.
#include <png.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "codecs.hpp"

namespace cpk::image::internal {
namespace {

struct ReadState {
  const uint8_t* data;
  size_t size;
  size_t at;
};

void ReadFromMemory(png_structp png, png_bytep out, png_size_t length) {
  auto* state = static_cast<ReadState*>(png_get_io_ptr(png));
  if (state->at + length > state->size) png_error(png, "the file ends too early");
  std::memcpy(out, state->data + state->at, length);
  state->at += length;
}

void WriteToString(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void Flush(png_structp) {}

void OnPngError(png_structp png, png_const_charp message) {
  auto* error = static_cast<std::string*>(png_get_error_ptr(png));
  if (error != nullptr) *error = message;
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}

/// True when a chunk of `type` comes before the first IDAT (APNG's acTL does).
bool HasChunkBeforeData(std::string_view bytes, const char* type) {
  size_t at = 8;
  while (at + 8 <= bytes.size()) {
    const uint32_t length = static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24 |
                            static_cast<uint8_t>(bytes[at + 1]) << 16 | static_cast<uint8_t>(bytes[at + 2]) << 8 |
                            static_cast<uint8_t>(bytes[at + 3]);
    const std::string_view name = bytes.substr(at + 4, 4);
    if (name == "IDAT") return false;
    if (name == type) return true;
    at += 12 + static_cast<size_t>(length);
  }
  return false;
}

/// One encoding of the image: PNG colour type, bit depth, rows, palette.
struct Layout {
  int colour_type = PNG_COLOR_TYPE_RGBA;
  int bit_depth = 8;
  std::vector<png_color> palette;
  std::vector<png_byte> alphas;  // tRNS for the palette
  std::vector<std::vector<png_byte>> rows;
};

Layout TrueColour(const Pixels& rgba, bool grey, bool opaque) {
  Layout l;
  l.colour_type = grey ? (opaque ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_GRAY_ALPHA)
                       : (opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA);
  const int channels = (grey ? 1 : 3) + (opaque ? 0 : 1);
  l.rows.resize(rgba.height);
  for (uint32_t y = 0; y < rgba.height; ++y) {
    const uint8_t* in = rgba.Row(y);
    std::vector<png_byte>& row = l.rows[y];
    row.resize(static_cast<size_t>(rgba.width) * channels);
    png_byte* out = row.data();
    for (uint32_t x = 0; x < rgba.width; ++x, in += 4) {
      if (grey) {
        *out++ = in[0];
      } else {
        *out++ = in[0];
        *out++ = in[1];
        *out++ = in[2];
      }
      if (!opaque) *out++ = in[3];
    }
  }
  return l;
}

/// A palette layout, or an empty optional when the image has more than 256 colours.
std::optional<Layout> Indexed(const Pixels& rgba) {
  std::map<uint32_t, size_t> counts;  // RGBA as 0xRRGGBBAA
  for (uint32_t y = 0; y < rgba.height; ++y) {
    const uint8_t* p = rgba.Row(y);
    for (uint32_t x = 0; x < rgba.width; ++x, p += 4) {
      const uint32_t key = uint32_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3];
      if (++counts[key] == 1 && counts.size() > 256) return std::nullopt;
    }
  }
  // Transparent entries first (tRNS stops after the last one), then by frequency, then value.
  std::vector<std::pair<uint32_t, size_t>> order(counts.begin(), counts.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    const bool ta = (a.first & 0xFF) != 0xFF, tb = (b.first & 0xFF) != 0xFF;
    if (ta != tb) return ta;
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  });
  Layout l;
  l.colour_type = PNG_COLOR_TYPE_PALETTE;
  const size_t n = order.size();
  l.bit_depth = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
  std::unordered_map<uint32_t, png_byte> index;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t c = order[i].first;
    l.palette.push_back(
        {static_cast<png_byte>(c >> 24), static_cast<png_byte>(c >> 16), static_cast<png_byte>(c >> 8)});
    if ((c & 0xFF) != 0xFF) l.alphas.push_back(static_cast<png_byte>(c & 0xFF));
    index[c] = static_cast<png_byte>(i);
  }
  const int per_byte = 8 / l.bit_depth;
  l.rows.resize(rgba.height);
  for (uint32_t y = 0; y < rgba.height; ++y) {
    const uint8_t* p = rgba.Row(y);
    std::vector<png_byte>& row = l.rows[y];
    row.assign((rgba.width + per_byte - 1) / per_byte, 0);
    for (uint32_t x = 0; x < rgba.width; ++x, p += 4) {
      const png_byte i = index[uint32_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3]];
      const int shift = 8 - l.bit_depth * (1 + static_cast<int>(x % per_byte));
      row[x / per_byte] |= static_cast<png_byte>(i << shift);
    }
  }
  return l;
}

std::string Encode(const Layout& l, uint32_t width, uint32_t height, const PngColourInfo& colour, int filters) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, OnPngError, OnPngWarning);
  if (png == nullptr) return {};
  png_infop info = png_create_info_struct(png);
  std::vector<png_bytep> rows(l.rows.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = const_cast<png_bytep>(l.rows[i].data());
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, WriteToString, Flush);
  png_set_compression_level(png, 9);
  png_set_compression_mem_level(png, 9);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
  png_set_IHDR(png, info, width, height, l.bit_depth, l.colour_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
               PNG_FILTER_TYPE_BASE);
  if (l.colour_type == PNG_COLOR_TYPE_PALETTE) {
    png_set_PLTE(png, info, l.palette.data(), static_cast<int>(l.palette.size()));
    if (!l.alphas.empty()) png_set_tRNS(png, info, l.alphas.data(), static_cast<int>(l.alphas.size()), nullptr);
  }
  if (!colour.icc.empty()) {
    png_set_iCCP(png, info, colour.icc_name.empty() ? "ICC profile" : colour.icc_name.c_str(), 0,
                 reinterpret_cast<png_const_bytep>(colour.icc.data()), static_cast<png_uint_32>(colour.icc.size()));
  } else if (colour.has_srgb) {
    png_set_sRGB(png, info, colour.srgb_intent);
  }
  if (colour.has_gamma && colour.icc.empty()) png_set_gAMA_fixed(png, info, colour.gamma);
  if (colour.has_chrm && colour.icc.empty() && !colour.has_srgb) {
    png_set_cHRM_fixed(png, info, colour.chrm[0], colour.chrm[1], colour.chrm[2], colour.chrm[3], colour.chrm[4],
                       colour.chrm[5], colour.chrm[6], colour.chrm[7]);
  }
  if (colour.has_phys) png_set_pHYs(png, info, colour.phys_x, colour.phys_y, colour.phys_unit);
  png_write_info(png, info);
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace

DecodeStatus PngSize(std::string_view bytes, uint32_t& width, uint32_t& height, std::string& error) {
  if (bytes.size() < 24 || bytes.substr(0, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8) ||
      bytes.substr(12, 4) != "IHDR") {
    error = "not a PNG file (no IHDR header)";
    return DecodeStatus::kDamaged;
  }
  auto be32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24 | static_cast<uint8_t>(bytes[at + 1]) << 16 |
           static_cast<uint8_t>(bytes[at + 2]) << 8 | static_cast<uint8_t>(bytes[at + 3]);
  };
  width = be32(16);
  height = be32(20);
  return DecodeStatus::kOk;
}

DecodeStatus DecodePng(std::string_view bytes, uint64_t max_pixels, PngImage& out, std::string& error) {
  uint32_t w = 0, h = 0;
  if (PngSize(bytes, w, h, error) != DecodeStatus::kOk) return DecodeStatus::kDamaged;
  if (static_cast<uint64_t>(w) * h > max_pixels) return DecodeStatus::kTooLarge;
  if (HasChunkBeforeData(bytes, "acTL")) return DecodeStatus::kUnsupported;  // animated (APNG)
  ReadState state{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 0};
  std::vector<png_bytep> rows;
  Pixels& px = out.pixels;
  PngColourInfo& colour = out.colour;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, OnPngError, OnPngWarning);
  if (png == nullptr) return DecodeStatus::kDamaged;
  png_infop info = png_create_info_struct(png);
  volatile DecodeStatus status = DecodeStatus::kOk;
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return DecodeStatus::kDamaged;
  }
  png_set_read_fn(png, &state, ReadFromMemory);
  png_set_user_limits(png, 0x7FFFFFFF, 0x7FFFFFFF);
  png_read_info(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  const int colour_type = png_get_color_type(png, info);
  if (bit_depth == 16) status = DecodeStatus::kUnsupported;  // kept: 8-bit output would lose precision
  if (status != DecodeStatus::kOk) {
    png_destroy_read_struct(&png, &info, nullptr);
    return status;
  }
  out.palette = colour_type == PNG_COLOR_TYPE_PALETTE;
  png_fixed_point gamma = 0;
  if (png_get_gAMA_fixed(png, info, &gamma)) {
    colour.has_gamma = true;
    colour.gamma = gamma;
  }
  int intent = 0;
  if (png_get_sRGB(png, info, &intent)) {
    colour.has_srgb = true;
    colour.srgb_intent = intent;
  }
  png_fixed_point c[8];
  if (png_get_cHRM_fixed(png, info, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7])) {
    colour.has_chrm = true;
    std::copy(c, c + 8, colour.chrm);
  }
  png_charp icc_name = nullptr;
  int compression = 0;
  png_bytep icc = nullptr;
  png_uint_32 icc_size = 0;
  if (png_get_iCCP(png, info, &icc_name, &compression, &icc, &icc_size)) {
    colour.icc_name = icc_name;
    colour.icc.assign(reinterpret_cast<const char*>(icc), icc_size);
  }
  png_uint_32 rx = 0, ry = 0;
  int unit = 0;
  if (png_get_pHYs(png, info, &rx, &ry, &unit)) {
    colour.has_phys = true;
    colour.phys_x = rx;
    colour.phys_y = ry;
    colour.phys_unit = unit;
  }
  png_set_expand(png);  // palette → RGB, low-bit grey → 8 bits, tRNS → alpha
  png_set_gray_to_rgb(png);
  png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  px.width = w;
  px.height = h;
  px.channels = 4;
  px.data.resize(static_cast<size_t>(w) * h * 4);
  rows.resize(h);
  for (uint32_t y = 0; y < h; ++y) rows[y] = px.Row(y);
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return DecodeStatus::kOk;
}

std::string EncodePngSmallest(const Pixels& rgba, const PngColourInfo& colour) {
  bool opaque = true, grey = true;
  for (uint32_t y = 0; y < rgba.height && (opaque || grey); ++y) {
    const uint8_t* p = rgba.Row(y);
    for (uint32_t x = 0; x < rgba.width; ++x, p += 4) {
      opaque = opaque && p[3] == 0xFF;
      grey = grey && p[0] == p[1] && p[1] == p[2];
    }
  }
  std::string best;
  auto consider = [&](const Layout& layout, int filters) {
    std::string candidate = Encode(layout, rgba.width, rgba.height, colour, filters);
    if (!candidate.empty() && (best.empty() || candidate.size() < best.size())) best = std::move(candidate);
  };
  if (const std::optional<Layout> indexed = Indexed(rgba)) {
    consider(*indexed, PNG_FILTER_NONE);
    if (indexed->bit_depth == 8) consider(*indexed, PNG_ALL_FILTERS);
  }
  const Layout direct = TrueColour(rgba, grey, opaque);
  consider(direct, PNG_ALL_FILTERS);
  consider(direct, PNG_FILTER_NONE);
  return best;
}

}  // namespace cpk::image::internal
