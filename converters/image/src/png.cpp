// PNG: decoded by libpng (which checks every CRC and the zlib stream), re-encoded here: the
// smallest exact representation of the pixels (palette, grey, fewer bits, no alpha, a tRNS
// colour key), each row filtered under several strategies and the whole compressed with zlib
// at level 9; the smallest file wins. Chunks that change rendering are copied, others dropped.
//
// libpng reports errors through a callback that must not return: ours longjmps back to the
// function that called setjmp, which keeps every C++ object with a destructor in its caller.

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <png.h>
#include <zlib.h>

#include "codecs.hpp"
#include "exif.hpp"
#include "quantise.hpp"
#include "raster.hpp"
#include "ssim.hpp"

namespace cpk::image::internal {
namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// ---------------------------------------------------------------------------------------------
// Chunks, walked before libpng sees the file: the declared size (checked against the pixel
// limit before anything is allocated), animation, the chunks to keep, and EXIF orientation.

enum class IccSpace { kNone, kGrey, kRgb, kOther };

struct ChunkInfo {
  uint32_t width = 0;
  uint32_t height = 0;
  uint8_t depth = 0;
  uint8_t colour_type = 0;
  uint8_t interlace = 0;
  bool animated = false;
  std::vector<std::pair<std::string, std::string>> kept{};  // type, data: cHRM gAMA iCCP sRGB
  std::string phys{};                                       // pHYs data
  int orientation = 1;
  IccSpace icc = IccSpace::kNone;
};

// The colour space of a compressed iCCP profile (bytes 16..19 of the profile header).
IccSpace ProfileSpace(std::string_view data) {
  const size_t nul = data.find('\0');
  if (nul == std::string_view::npos || nul + 2 > data.size()) return IccSpace::kOther;
  std::string_view z = data.substr(nul + 2);  // after the name, its NUL and the method byte
  unsigned char head[20];
  z_stream s{};
  if (inflateInit(&s) != Z_OK) return IccSpace::kOther;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  s.avail_in = static_cast<uInt>(std::min<size_t>(z.size(), 1u << 30));
  s.next_out = head;
  s.avail_out = sizeof head;
  inflate(&s, Z_SYNC_FLUSH);
  const bool complete = s.avail_out == 0;
  inflateEnd(&s);
  if (!complete) return IccSpace::kOther;
  if (std::memcmp(head + 16, "GRAY", 4) == 0) return IccSpace::kGrey;
  if (std::memcmp(head + 16, "RGB ", 4) == 0) return IccSpace::kRgb;
  return IccSpace::kOther;
}

bool WalkChunks(std::string_view bytes, ChunkInfo& info, std::string& error) {
  if (bytes.substr(0, 8) != kSignature) {
    error = "not a PNG signature";
    return false;
  }
  size_t at = 8;
  bool first = true;
  bool seen_idat = false;
  while (at + 12 <= bytes.size()) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + at);
    const uint32_t length = Be32(p);
    if (length > 0x7fffffffu || length > bytes.size() - at - 12) {
      error = "truncated chunk";
      return false;
    }
    const std::string type(bytes.substr(at + 4, 4));
    const std::string_view data = bytes.substr(at + 8, length);
    const uint32_t crc = Be32(p + 8 + length);
    const bool crc_ok = crc32(crc32(0, nullptr, 0), p + 4, length + 4) == crc;
    if (first) {
      if (type != "IHDR" || length != 13 || !crc_ok) {
        error = "damaged IHDR chunk";
        return false;
      }
      const auto* d = reinterpret_cast<const uint8_t*>(data.data());
      info.width = Be32(d);
      info.height = Be32(d + 4);
      info.depth = d[8];
      info.colour_type = d[9];
      info.interlace = d[12];
      first = false;
    } else if (type == "IEND") {
      return true;
    } else if (type == "IDAT") {
      seen_idat = true;
    } else if (type == "acTL") {
      info.animated = true;
    } else if (type == "eXIf" && crc_ok) {
      info.orientation = ExifOrientation(data);
    } else if (!seen_idat && crc_ok && (type == "cHRM" || type == "gAMA" || type == "sRGB" || type == "iCCP")) {
      info.kept.emplace_back(type, std::string(data));
      if (type == "iCCP") info.icc = ProfileSpace(data);
    } else if (!seen_idat && crc_ok && type == "pHYs" && length == 9) {
      info.phys = std::string(data);
    }
    at += size_t{length} + 12;
  }
  if (first) {
    error = "no IHDR chunk";
    return false;
  }
  return true;  // no IEND: libpng decides whether the image data is complete
}

// ---------------------------------------------------------------------------------------------
// Decoding with libpng, to RGBA rows (8 or 16 bits per sample, big-endian) pushed to a sink.

struct ReadState {
  std::string_view bytes{};
  size_t at = 0;
  const CancellationToken* cancel = nullptr;
  bool cancelled = false;
  int srgb_intent = -1;  // libpng found an sRGB chunk, or an iCCP profile that is one of the known sRGB profiles
  char message[256] = {};
  std::vector<uint8_t> row{};         // one decoded row (non-interlaced images)
  std::vector<uint8_t> whole{};       // the decoded image (interlaced images)
  std::vector<png_bytep> pointers{};  // rows of `whole`
};

void ReadBytes(png_structp png, png_bytep out, size_t size) {
  auto* s = static_cast<ReadState*>(png_get_io_ptr(png));
  if (size > s->bytes.size() - s->at) png_error(png, "file truncated");
  std::memcpy(out, s->bytes.data() + s->at, size);
  s->at += size;
}

void OnPngError(png_structp png, png_const_charp message) {
  auto* s = static_cast<ReadState*>(png_get_error_ptr(png));
  std::snprintf(s->message, sizeof s->message, "%s", message);
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}  // ancillary-chunk trouble: the image is fine

enum class Decoded { kOk, kError, kCancelled };

Decoded DecodePng(ReadState& state, const ChunkInfo& info, bool sixteen, RowSink& sink) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, OnPngError, OnPngWarning);
  if (png == nullptr) return Decoded::kError;
  png_infop png_info = png_create_info_struct(png);
  if (png_info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return Decoded::kError;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &png_info, nullptr);
    return state.cancelled ? Decoded::kCancelled : Decoded::kError;
  }
  png_set_read_fn(png, &state, ReadBytes);
  png_set_user_limits(png, info.width, info.height);  // what the walker checked against the pixel limit
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, nullptr, 0);
  png_read_info(png, png_info);
  int intent = 0;
  if (png_get_sRGB(png, png_info, &intent)) state.srgb_intent = intent;
  png_set_expand(png);  // palette → RGB, grey < 8 bits → 8 bits, tRNS → alpha
  if (png_get_bit_depth(png, png_info) == 16 && !sixteen) png_set_scale_16(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xffff, PNG_FILLER_AFTER);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, png_info);
  const size_t row_bytes = size_t{info.width} * (sixteen ? 8 : 4);
  if (png_get_rowbytes(png, png_info) != row_bytes || png_get_image_width(png, png_info) != info.width ||
      png_get_image_height(png, png_info) != info.height) {
    png_error(png, "unexpected row layout");
  }
  if (passes == 1) {
    for (uint32_t y = 0; y < info.height; ++y) {
      if ((y & 63) == 0 && state.cancel != nullptr && state.cancel->IsCancelled()) {
        state.cancelled = true;
        png_error(png, "cancelled");
      }
      png_read_row(png, state.row.data(), nullptr);
      sink.PushRow(state.row.data());
    }
  } else {
    png_read_image(png, state.pointers.data());
    for (uint32_t y = 0; y < info.height; ++y) sink.PushRow(state.pointers[y]);
  }
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &png_info, nullptr);
  return Decoded::kOk;
}

// ---------------------------------------------------------------------------------------------
// Representations and encoding.

enum ColourType : uint8_t { kGrey = 0, kRgb = 2, kPalette = 3, kGreyAlpha = 4, kRgba = 6 };

// One way to store the pixels.
struct Layout {
  uint8_t type = kRgba;
  int depth = 8;
  bool key = false;                   // a tRNS colour key (grey or RGB)
  std::array<uint16_t, 3> key_rgb{};  // its value, in the image's sample range
  std::vector<uint32_t> palette{};    // 0xAARRGGBB
  std::string name{};                 // for OptimiseResult::method
};

// Pixels as 4 samples each (RGBA), 8 or 16 bits.
template <class T>
struct Rgba {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<T> px{};
};

template <class T>
constexpr uint32_t kMax = sizeof(T) == 1 ? 255 : 65535;

template <class T>
struct Analysis {
  bool opaque = true;
  bool grey = true;
  bool binary_alpha = true;  // every alpha is 0 or max
  bool key = false;          // transparency expressible as one colour key
  std::array<T, 3> key_rgb{};
  int grey_depth = sizeof(T) * 8;                        // fewest bits that hold every grey level exactly
  bool few_colours = false;                              // ≤ 256 distinct RGBA values (8-bit only)
  std::vector<std::pair<uint32_t, uint64_t>> colours{};  // 0xAARRGGBB, count
};

uint32_t Pack(const uint8_t* p) {
  return (uint32_t{p[3]} << 24) | (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
}

template <class T>
Analysis<T> Analyse(const Rgba<T>& img) {
  Analysis<T> a;
  const size_t n = size_t{img.width} * img.height;
  const T* p = img.px.data();
  bool have_key = false;
  bool key_ok = true;
  int grey_mask = sizeof(T) == 1 ? 0b1111 : 0;  // bit 0: 1-bit, 1: 2-bit, 2: 4-bit, 3: 8-bit possible
  std::unordered_map<uint32_t, uint64_t> counts;
  bool counting = sizeof(T) == 1;
  for (size_t i = 0; i < n; ++i, p += 4) {
    const uint32_t alpha = p[3];
    if (alpha != kMax<T>) a.opaque = false;
    if (alpha != 0 && alpha != kMax<T>) a.binary_alpha = false;
    if (p[0] != p[1] || p[1] != p[2]) a.grey = false;
    if (alpha == 0 && key_ok) {
      if (!have_key) {
        a.key_rgb = {p[0], p[1], p[2]};
        have_key = true;
      } else if (a.key_rgb[0] != p[0] || a.key_rgb[1] != p[1] || a.key_rgb[2] != p[2]) {
        key_ok = false;
      }
    }
    if constexpr (sizeof(T) == 1) {
      const uint32_t v = p[0];
      if (v % 255) grey_mask &= ~0b0001;
      if (v % 85) grey_mask &= ~0b0010;
      if (v % 17) grey_mask &= ~0b0100;
      if (counting) {
        ++counts[Pack(p)];
        if (counts.size() > 256) counting = false;
      }
    }
  }
  a.few_colours = counting;
  if (counting) {
    a.colours.assign(counts.begin(), counts.end());
    std::sort(a.colours.begin(), a.colours.end());
  }
  if (!a.opaque && a.binary_alpha && key_ok && have_key) {
    // The key must not also be the colour of an opaque pixel.
    a.key = true;
    p = img.px.data();
    for (size_t i = 0; i < n && a.key; ++i, p += 4) {
      if (p[3] != 0 && p[0] == a.key_rgb[0] && p[1] == a.key_rgb[1] && p[2] == a.key_rgb[2]) a.key = false;
    }
  }
  if constexpr (sizeof(T) == 1) {
    a.grey_depth = (grey_mask & 1) ? 1 : (grey_mask & 2) ? 2 : (grey_mask & 4) ? 4 : 8;
  }
  return a;
}

int SamplesPerPixel(uint8_t type) {
  switch (type) {
    case kGrey:
      return 1;
    case kRgb:
      return 3;
    case kPalette:
      return 1;
    case kGreyAlpha:
      return 2;
    default:
      return 4;
  }
}

// Unfiltered scanlines of `img` in `layout` (for a palette, `indices` holds one index a pixel).
template <class T>
std::vector<uint8_t> PackRows(const Rgba<T>& img, const Layout& layout, const std::vector<uint8_t>& indices,
                              size_t& row_bytes) {
  const int spp = SamplesPerPixel(layout.type);
  const size_t bits = size_t{img.width} * spp * layout.depth;
  row_bytes = (bits + 7) / 8;
  std::vector<uint8_t> out(row_bytes * img.height, 0);
  for (uint32_t y = 0; y < img.height; ++y) {
    uint8_t* row = out.data() + y * row_bytes;
    const T* p = img.px.data() + size_t{y} * img.width * 4;
    if (layout.depth < 8) {
      // Palette indices or grey levels, packed most significant bits first.
      const int per_byte = 8 / layout.depth;
      const int scale = 255 / ((1 << layout.depth) - 1);
      for (uint32_t x = 0; x < img.width; ++x) {
        const uint32_t v = layout.type == kPalette ? indices[size_t{y} * img.width + x] : p[x * 4] / scale;
        const int shift = 8 - layout.depth * (1 + int(x % per_byte));
        row[x / per_byte] |= static_cast<uint8_t>(v << shift);
      }
      continue;
    }
    uint8_t* q = row;
    auto put = [&](uint32_t v) {
      if constexpr (sizeof(T) == 2) *q++ = static_cast<uint8_t>(v >> 8);
      *q++ = static_cast<uint8_t>(v);
    };
    for (uint32_t x = 0; x < img.width; ++x, p += 4) {
      switch (layout.type) {
        case kPalette:
          *q++ = indices[size_t{y} * img.width + x];
          break;
        case kGrey:
          put(p[0]);
          break;
        case kGreyAlpha:
          put(p[0]);
          put(p[3]);
          break;
        case kRgb:
          put(p[0]);
          put(p[1]);
          put(p[2]);
          break;
        default:
          put(p[0]);
          put(p[1]);
          put(p[2]);
          put(p[3]);
          break;
      }
    }
  }
  return out;
}

uint8_t Paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  return static_cast<uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

void FilterRow(int type, const uint8_t* row, const uint8_t* prior, size_t n, size_t bpp, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    const int a = i >= bpp ? row[i - bpp] : 0;
    const int b = prior ? prior[i] : 0;
    const int c = (prior && i >= bpp) ? prior[i - bpp] : 0;
    int v = row[i];
    switch (type) {
      case 1:
        v -= a;
        break;
      case 2:
        v -= b;
        break;
      case 3:
        v -= (a + b) / 2;
        break;
      case 4:
        v -= Paeth(a, b, c);
        break;
      default:
        break;
    }
    out[i] = static_cast<uint8_t>(v);
  }
}

constexpr int kAdaptive = 5;  // per row, the filter with the least sum of absolute values (libpng's heuristic)

std::vector<uint8_t> Filter(const std::vector<uint8_t>& raw, size_t row_bytes, uint32_t height, size_t bpp,
                            int strategy) {
  std::vector<uint8_t> out(height * (row_bytes + 1));
  std::vector<uint8_t> trial(row_bytes);
  for (uint32_t y = 0; y < height; ++y) {
    const uint8_t* row = raw.data() + y * row_bytes;
    const uint8_t* prior = y ? row - row_bytes : nullptr;
    uint8_t* dst = out.data() + y * (row_bytes + 1);
    if (strategy != kAdaptive) {
      dst[0] = static_cast<uint8_t>(strategy);
      FilterRow(strategy, row, prior, row_bytes, bpp, dst + 1);
      continue;
    }
    uint64_t best = UINT64_MAX;
    for (int type = 0; type < 5; ++type) {
      FilterRow(type, row, prior, row_bytes, bpp, trial.data());
      uint64_t sum = 0;
      for (uint8_t v : trial) sum += v < 128 ? v : 256 - v;
      if (sum < best) {
        best = sum;
        dst[0] = static_cast<uint8_t>(type);
        std::memcpy(dst + 1, trial.data(), row_bytes);
      }
    }
  }
  return out;
}

bool Deflate(const std::vector<uint8_t>& in, int level, int strategy, std::string& out) {
  z_stream s{};
  if (deflateInit2(&s, level, Z_DEFLATED, 15, 9, strategy) != Z_OK) return false;
  out.resize(deflateBound(&s, static_cast<uLong>(in.size())));
  s.next_in = const_cast<Bytef*>(in.data());
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return status == Z_STREAM_END;
}

void PutChunk(std::string& png, std::string_view type, std::string_view data) {
  auto put32 = [&](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  put32(static_cast<uint32_t>(data.size()));
  const size_t start = png.size();
  png.append(type);
  png.append(data);
  put32(static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(png.data() + start), 4 + data.size())));
}

std::string Be32String(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  return s;
}

struct Encoded {
  std::string png{};
  std::string method{};
};

// The file around an IDAT: signature, IHDR, the kept chunks, PLTE/tRNS, pHYs, IDAT, IEND.
std::string Assemble(uint32_t width, uint32_t height, const Layout& layout, const std::string& idat,
                     const std::vector<std::pair<std::string, std::string>>& kept, const std::string& phys) {
  std::string png(kSignature);
  std::string ihdr = Be32String(width) + Be32String(height);
  ihdr.push_back(static_cast<char>(layout.depth));
  ihdr.push_back(static_cast<char>(layout.type));
  ihdr.append(3, '\0');  // deflate, adaptive filtering, not interlaced
  PutChunk(png, "IHDR", ihdr);
  for (const auto& [type, data] : kept) PutChunk(png, type, data);
  if (layout.type == kPalette) {
    std::string plte;
    std::string trns;
    for (uint32_t c : layout.palette) {
      plte.push_back(static_cast<char>(c >> 16));
      plte.push_back(static_cast<char>(c >> 8));
      plte.push_back(static_cast<char>(c));
      trns.push_back(static_cast<char>(c >> 24));
    }
    // tRNS lists alphas up to the last translucent entry; the rest are opaque.
    while (!trns.empty() && static_cast<uint8_t>(trns.back()) == 0xff) trns.pop_back();
    PutChunk(png, "PLTE", plte);
    if (!trns.empty()) PutChunk(png, "tRNS", trns);
  } else if (layout.key) {
    std::string trns;
    const int n = layout.type == kGrey ? 1 : 3;
    for (int i = 0; i < n; ++i) {
      trns.push_back(static_cast<char>(layout.key_rgb[i] >> 8));
      trns.push_back(static_cast<char>(layout.key_rgb[i]));
    }
    PutChunk(png, "tRNS", trns);
  }
  if (!phys.empty()) PutChunk(png, "pHYs", phys);
  PutChunk(png, "IDAT", idat);
  PutChunk(png, "IEND", "");
  return png;
}

// One representation to try: a layout, and for palettes the index of every pixel.
struct Candidate {
  Layout layout{};
  std::vector<uint8_t> indices{};
};

// zlib level of the screening pass: fast, and ranks filter strategies much as level 9 does.
constexpr int kScreenLevel = 4;
// Screened (representation, filter) pairs that get the full level-9 treatment.
constexpr size_t kFinalists = 2;

// The smallest file among `candidates` × row-filter strategies × zlib strategies. Every pair
// of representation and filter is screened with a fast deflate; the best few are compressed
// at level 9 with zlib's default and Z_FILTERED strategies (the latter is what libpng uses).
template <class T>
Encoded EncodeBest(const Rgba<T>& img, const std::vector<Candidate>& candidates,
                   const std::vector<std::pair<std::string, std::string>>& kept, const std::string& phys,
                   const Settings& settings) {
  struct Trial {
    size_t candidate;
    int filter;
    size_t screened;
  };
  std::vector<Trial> trials;
  auto filtered_rows = [&](const Candidate& c, int filter) {
    size_t row_bytes = 0;
    const std::vector<uint8_t> raw = PackRows(img, c.layout, c.indices, row_bytes);
    const size_t bpp = std::max<size_t>(1, size_t(SamplesPerPixel(c.layout.type)) * c.layout.depth / 8);
    return Filter(raw, row_bytes, img.height, bpp, filter);
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    const size_t overhead = Assemble(img.width, img.height, c.layout, {}, kept, phys).size();  // PLTE, tRNS...
    size_t row_bytes = 0;
    const std::vector<uint8_t> raw = PackRows(img, c.layout, c.indices, row_bytes);
    const size_t bpp = std::max<size_t>(1, size_t(SamplesPerPixel(c.layout.type)) * c.layout.depth / 8);
    for (int filter : {0, 1, 2, 3, 4, kAdaptive}) {
      if (settings.Cancelled()) return {};
      std::string z;
      if (Deflate(Filter(raw, row_bytes, img.height, bpp, filter), kScreenLevel, Z_DEFAULT_STRATEGY, z)) {
        trials.push_back({i, filter, overhead + z.size()});
      }
    }
  }
  std::stable_sort(trials.begin(), trials.end(),
                   [](const Trial& a, const Trial& b) { return a.screened < b.screened; });
  Encoded best;
  for (size_t t = 0; t < trials.size() && t < kFinalists; ++t) {
    const Candidate& c = candidates[trials[t].candidate];
    const std::vector<uint8_t> rows = filtered_rows(c, trials[t].filter);
    for (int strategy : {Z_DEFAULT_STRATEGY, Z_FILTERED}) {
      if (settings.Cancelled()) return {};
      std::string idat;
      if (!Deflate(rows, 9, strategy, idat)) continue;
      std::string png = Assemble(img.width, img.height, c.layout, idat, kept, phys);
      if (best.png.empty() || png.size() < best.png.size()) {
        static constexpr const char* kFilterNames[] = {"none", "sub", "up", "average", "paeth", "adaptive"};
        best.png = std::move(png);
        best.method = c.layout.name + ", filter " + kFilterNames[trials[t].filter];
      }
    }
  }
  return best;
}

// Palette orders. By frequency, translucent entries first (tRNS stays short, the common
// indices are small); or by luma, so that indices follow brightness and row filters find
// gradients in them.
enum class PaletteOrder { kFrequency, kLuma };

std::vector<uint32_t> OrderPalette(const std::vector<std::pair<uint32_t, uint64_t>>& colours, PaletteOrder how) {
  std::vector<std::pair<uint32_t, uint64_t>> order = colours;
  auto luma = [](uint32_t c) { return 19595u * ((c >> 16) & 0xff) + 38470u * ((c >> 8) & 0xff) + 7471u * (c & 0xff); };
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    const bool at = (a.first >> 24) != 0xff;
    const bool bt = (b.first >> 24) != 0xff;
    if (how == PaletteOrder::kFrequency) {
      if (at != bt) return at;
      if (a.second != b.second) return a.second > b.second;
    } else if (luma(a.first) != luma(b.first)) {
      return luma(a.first) < luma(b.first);
    }
    return a.first < b.first;
  });
  std::vector<uint32_t> palette;
  for (const auto& c : order) palette.push_back(c.first);
  return palette;
}

int IndexDepth(size_t colours) { return colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8; }

std::string DepthName(int depth) { return std::to_string(depth) + "-bit"; }

// The index of every pixel in `palette` (which holds every colour of the image).
template <class T>
std::vector<uint8_t> IndexPixels(const Rgba<T>& img, const std::vector<uint32_t>& palette) {
  std::vector<std::pair<uint32_t, uint8_t>> lookup;
  for (size_t i = 0; i < palette.size(); ++i) lookup.emplace_back(palette[i], static_cast<uint8_t>(i));
  std::sort(lookup.begin(), lookup.end());
  std::vector<uint8_t> indices(size_t{img.width} * img.height);
  for (size_t i = 0; i < indices.size(); ++i) {
    uint8_t px[4];
    for (int c = 0; c < 4; ++c) px[c] = static_cast<uint8_t>(img.px[i * 4 + c]);
    indices[i] = std::lower_bound(lookup.begin(), lookup.end(), std::make_pair(Pack(px), uint8_t{0}))->second;
  }
  return indices;
}

// The smallest exact encoding of `img` among the representations its pixels allow.
template <class T>
Encoded EncodeLossless(const Rgba<T>& img, const ChunkInfo& info,
                       const std::vector<std::pair<std::string, std::string>>& kept, const std::string& phys,
                       const Settings& settings) {
  const Analysis<T> a = Analyse(img);
  // A grey profile on colour pixels is invalid (and was ignored by viewers): drop it.
  std::vector<std::pair<std::string, std::string>> chunks = kept;
  if (info.icc == IccSpace::kGrey && !a.grey) {
    std::erase_if(chunks, [](const auto& c) { return c.first == "iCCP"; });
  }
  std::vector<Candidate> candidates;
  const bool grey_ok = a.grey && info.icc != IccSpace::kRgb;
  const bool colour_ok = info.icc != IccSpace::kGrey;
  const int sample_bits = sizeof(T) * 8;
  if (grey_ok) {
    Layout l;
    if (a.opaque || a.key) {
      l.type = kGrey;
      l.depth = a.grey_depth;
      l.key = !a.opaque;
      if (l.key) {
        const uint32_t scale = sizeof(T) == 1 ? 255 / ((1u << l.depth) - 1) : 1;
        l.key_rgb = {static_cast<uint16_t>(a.key_rgb[0] / scale), 0, 0};
      }
      l.name = "grey " + DepthName(l.depth) + (l.key ? " + colour key" : "");
    } else {
      l.type = kGreyAlpha;
      l.depth = sample_bits;
      l.name = "grey + alpha " + DepthName(l.depth);
    }
    candidates.push_back({std::move(l), {}});
  }
  if (a.few_colours && colour_ok) {
    for (PaletteOrder order : {PaletteOrder::kFrequency, PaletteOrder::kLuma}) {
      Layout l;
      l.type = kPalette;
      l.palette = OrderPalette(a.colours, order);
      l.depth = IndexDepth(l.palette.size());
      l.name = "palette " + std::to_string(l.palette.size()) + " colours " + DepthName(l.depth) +
               (order == PaletteOrder::kLuma ? " by luma" : "");
      std::vector<uint8_t> indices = IndexPixels(img, l.palette);
      candidates.push_back({std::move(l), std::move(indices)});
      if (a.colours.size() <= 2) break;  // one order is as good as the other
    }
  }
  // Truecolour, unless grey holds the same samples in a third of the bytes.
  if (!grey_ok) {
    Layout l;
    l.depth = sample_bits;
    if (a.opaque || a.key) {
      l.type = kRgb;
      l.key = !a.opaque;
      l.key_rgb = {a.key_rgb[0], a.key_rgb[1], a.key_rgb[2]};
      l.name = "RGB " + DepthName(l.depth) + (l.key ? " + colour key" : "");
    } else {
      l.type = kRgba;
      l.name = "RGBA " + DepthName(l.depth);
    }
    candidates.push_back({std::move(l), {}});
  }
  return EncodeBest(img, candidates, chunks, phys, settings);
}

Rgba<uint8_t> ToRgba8(Raster raster) {
  Rgba<uint8_t> img;
  img.width = raster.width;
  img.height = raster.height;
  img.px = std::move(raster.pixels);
  return img;
}

// 16-bit big-endian RGBA bytes (a Raster of 8 bytes a pixel) as samples; `reducible` tells
// whether every sample is v·257, i.e. exactly an 8-bit value.
Rgba<uint16_t> ToRgba16(const Raster& raster, bool& reducible) {
  Rgba<uint16_t> img;
  img.width = raster.width;
  img.height = raster.height;
  img.px.resize(raster.pixels.size() / 2);
  reducible = true;
  for (size_t i = 0; i < img.px.size(); ++i) {
    const uint8_t hi = raster.pixels[2 * i];
    const uint8_t lo = raster.pixels[2 * i + 1];
    img.px[i] = static_cast<uint16_t>((hi << 8) | lo);
    if (hi != lo) reducible = false;
  }
  return img;
}

}  // namespace

std::string PngVersion() { return png_get_libpng_ver(nullptr); }

Result<Outcome> OptimisePng(std::string_view bytes, const Settings& settings) {
  Outcome outcome;
  OptimiseResult& result = outcome.result;
  result.format = "png";

  ChunkInfo info;
  std::string error;
  if (!WalkChunks(bytes, info, error)) {
    outcome.problem = Problem::kDecodeError;
    outcome.detail = error;
    result.reason = "decode error";
    return outcome;
  }
  const bool swap = SwapsAxes(info.orientation);
  result.width = swap ? info.height : info.width;
  result.height = swap ? info.width : info.height;
  if (info.animated) {
    result.reason = "animated image";
    return outcome;
  }
  if (info.width == 0 || info.height == 0) {
    outcome.problem = Problem::kDecodeError;
    outcome.detail = "zero width or height";
    result.reason = "decode error";
    return outcome;
  }
  if (uint64_t{info.width} * info.height > settings.max_pixels) {
    outcome.problem = Problem::kTooLarge;
    outcome.detail = std::to_string(result.width) + "x" + std::to_string(result.height);
    result.reason = "too large";
    return outcome;
  }

  const auto [target_w, target_h] = FitWithin(info.width, info.height, settings.max_dimension);
  const bool downscale = target_w != info.width || target_h != info.height;
  const bool sixteen = info.depth == 16 && !downscale;
  const uint32_t bytes_per_pixel = sixteen ? 8 : 4;

  ReadState state;
  state.bytes = bytes;
  state.cancel = settings.cancel;
  if (info.interlace) {
    state.whole.resize(size_t{info.width} * info.height * bytes_per_pixel);
    for (uint32_t y = 0; y < info.height; ++y) {
      state.pointers.push_back(state.whole.data() + size_t{y} * info.width * bytes_per_pixel);
    }
  } else {
    state.row.resize(size_t{info.width} * bytes_per_pixel);
  }
  Raster decoded;
  Decoded status;
  if (downscale) {
    Downscaler downscaler(info.width, info.height, target_w, target_h, 4);
    status = DecodePng(state, info, false, downscaler);
    decoded = downscaler.Take();
  } else {
    Collector collector(info.width, info.height, bytes_per_pixel);
    status = DecodePng(state, info, sixteen, collector);
    decoded = collector.Take();
  }
  state.whole = {};
  if (status == Decoded::kCancelled) return Fail(Errc::kCancelled, "cancelled");
  if (status == Decoded::kError) {
    outcome.problem = Problem::kDecodeError;
    outcome.detail = state.message[0] ? state.message : "libpng could not decode it";
    result.reason = "decode error";
    return outcome;
  }
  decoded = Orient(std::move(decoded), info.orientation);
  result.out_width = decoded.width;
  result.out_height = decoded.height;

  // Chunks to copy. pHYs: its axes follow the rotation; after downscaling only a non-square
  // pixel aspect ratio still means something (the density no longer does).
  std::string phys = info.phys;
  if (!phys.empty() && swap) phys = phys.substr(4, 4) + phys.substr(0, 4) + phys.substr(8);
  if (!phys.empty() && downscale && phys.substr(0, 4) == phys.substr(4, 4)) phys.clear();
  std::vector<std::pair<std::string, std::string>> kept = info.kept;
  // An embedded sRGB profile (often 3 KB, on icons too) says no more than a 13-byte sRGB chunk.
  const auto iccp = std::find_if(kept.begin(), kept.end(), [](const auto& c) { return c.first == "iCCP"; });
  if (iccp != kept.end() && state.srgb_intent >= 0) {
    const bool has_srgb = std::any_of(kept.begin(), kept.end(), [](const auto& c) { return c.first == "sRGB"; });
    if (has_srgb) {
      kept.erase(iccp);
    } else {
      *iccp = {"sRGB", std::string(1, static_cast<char>(state.srgb_intent))};
    }
    info.icc = IccSpace::kNone;
  }

  Encoded best;
  if (sixteen) {
    bool reducible = false;
    Rgba<uint16_t> wide = ToRgba16(decoded, reducible);
    if (!reducible) {
      best = EncodeLossless(wide, info, kept, phys, settings);
    } else {
      Rgba<uint8_t> narrow;
      narrow.width = wide.width;
      narrow.height = wide.height;
      narrow.px.resize(wide.px.size());
      for (size_t i = 0; i < wide.px.size(); ++i) narrow.px[i] = static_cast<uint8_t>(wide.px[i] >> 8);
      best = EncodeLossless(narrow, info, kept, phys, settings);
    }
    result.ssim = 1;
  } else {
    Rgba<uint8_t> img = ToRgba8(std::move(decoded));
    best = EncodeLossless(img, info, kept, phys, settings);
    result.ssim = 1;
    // Low bandwidth: an opaque image with many colours may become a 256-colour palette.
    if (settings.profile == Profile::kLowBandwidth && info.icc != IccSpace::kGrey && !settings.Cancelled()) {
      const Analysis<uint8_t> a = Analyse(img);
      if (a.opaque && !a.few_colours) {
        Raster rgba{img.width, img.height, 4, img.px};
        const Quantised q = MedianCut(rgba, 256);
        const Raster approx = Dequantise(q, img.width, img.height);
        const std::vector<uint8_t> ref_luma = Luma(rgba);
        const std::vector<uint8_t> new_luma = Luma(approx);
        const double ssim = Ssim(ref_luma.data(), new_luma.data(), img.width, img.height);
        if (ssim >= kPngQuantiseMinSsim) {
          Layout l;
          l.type = kPalette;
          for (uint32_t c : q.palette) l.palette.push_back(0xff000000u | c);
          l.depth = IndexDepth(l.palette.size());
          l.name = "quantised palette " + std::to_string(l.palette.size()) + " colours " + DepthName(l.depth);
          const std::vector<Candidate> quantised = {{std::move(l), q.indices}};
          Encoded e = EncodeBest(img, quantised, kept, phys, settings);
          if (!e.png.empty() && (best.png.empty() || e.png.size() < best.png.size())) {
            best = std::move(e);
            result.ssim = ssim;
          }
        }
      }
    }
  }
  if (settings.Cancelled()) return Fail(Errc::kCancelled, "cancelled");
  result.bytes = std::move(best.png);
  result.method = std::move(best.method);
  return outcome;
}

}  // namespace cpk::image::internal
