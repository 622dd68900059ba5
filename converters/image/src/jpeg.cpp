// JPEG through libjpeg-turbo: read the header and the markers that matter (EXIF orientation,
// ICC profile), decode (scaled in the DCT domain when the image is far larger than needed) into
// a row sink, search the lowest quality that keeps SSIM above the floor, encode progressive with
// optimised Huffman tables, and transcode losslessly as jpegtran does.
//
// libjpeg reports fatal errors through error_exit, which by default prints and calls exit().
// Every call here installs an error manager that formats the message and longjmps back to the
// function that set it up. Those functions keep every C++ object with a destructor outside
// their own frame (in their caller) or create it before setjmp, so a jump skips no destructor.
// Warnings ("Premature end of JPEG file", "Corrupt JPEG data") are counted and treated as
// errors: a damaged image is kept as it is, not re-encoded with grey bands.

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <jpeglib.h>

#include "codecs.hpp"
#include "exif.hpp"
#include "raster.hpp"
#include "ssim.hpp"

namespace cpk::image::internal {
namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  char warning[JMSG_LENGTH_MAX];
  int warnings;
  bool cancelled;
};

void OnError(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

void OnMessage(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  if (e->warnings++ == 0) (*cinfo->err->format_message)(cinfo, e->warning);
}

void OnOutput(j_common_ptr) {}  // library code never writes to stderr

void InitErrors(ErrorManager& e) {
  std::memset(&e, 0, sizeof e);
  jpeg_std_error(&e.pub);
  e.pub.error_exit = OnError;
  e.pub.emit_message = OnMessage;
  e.pub.output_message = OnOutput;
}

// Called by libjpeg as it works: cancellation, and the scan limit of progressive files.
struct ProgressMonitor {
  jpeg_progress_mgr pub;
  const CancellationToken* cancel;
};

void OnProgress(j_common_ptr cinfo) {
  auto* p = reinterpret_cast<ProgressMonitor*>(cinfo->progress);
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  if (p->cancel != nullptr && p->cancel->IsCancelled()) {
    e->cancelled = true;
    std::snprintf(e->message, sizeof e->message, "cancelled");
    std::longjmp(e->jump, 1);
  }
  if (cinfo->is_decompressor && reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > kMaxJpegScans) {
    std::snprintf(e->message, sizeof e->message, "more than %d scans", kMaxJpegScans);
    std::longjmp(e->jump, 1);
  }
}

void InitProgress(ProgressMonitor& p, const CancellationToken* cancel) {
  std::memset(&p, 0, sizeof p);
  p.pub.progress_monitor = OnProgress;
  p.cancel = cancel;
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// What the header says.
struct Header {
  uint32_t width = 0;
  uint32_t height = 0;
  int components = 0;
  J_COLOR_SPACE colour_space = JCS_UNKNOWN;
  bool full_chroma = false;  // every component sampled at full resolution (4:4:4)
  int orientation = 1;
  std::string icc{};
};

bool ReadHeader(std::string_view bytes, Header& header, std::string& error) {
  jpeg_decompress_struct cinfo;
  std::memset(&cinfo, 0, sizeof cinfo);
  ErrorManager err;
  InitErrors(err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    error = err.message;
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, Bytes(bytes), bytes.size());
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);  // EXIF
  jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);  // ICC
  jpeg_read_header(&cinfo, TRUE);
  header.width = cinfo.image_width;
  header.height = cinfo.image_height;
  header.components = cinfo.num_components;
  header.colour_space = cinfo.jpeg_color_space;
  header.full_chroma = true;
  for (int c = 1; c < cinfo.num_components; ++c) {
    if (cinfo.comp_info[c].h_samp_factor != cinfo.comp_info[0].h_samp_factor ||
        cinfo.comp_info[c].v_samp_factor != cinfo.comp_info[0].v_samp_factor) {
      header.full_chroma = false;
    }
  }
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 && std::memcmp(m->data, "Exif\0\0", 6) == 0) {
      header.orientation =
          ExifOrientation(std::string_view(reinterpret_cast<const char*>(m->data) + 6, m->data_length - 6));
      break;
    }
  }
  JOCTET* icc = nullptr;
  unsigned int icc_size = 0;
  const int warnings = err.warnings;
  if (jpeg_read_icc_profile(&cinfo, &icc, &icc_size) && err.warnings == warnings) {
    header.icc.assign(reinterpret_cast<const char*>(icc), icc_size);
  }
  std::free(icc);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

enum class Decoded { kOk, kError, kCancelled };

struct DecodeRequest {
  std::string_view bytes{};
  unsigned scale_num = 8;  // of 8: libjpeg's IDCT scaling
  bool grey = false;       // decode to one channel (luma of a colour JPEG)
  uint32_t expect_width = 0;
  uint32_t expect_height = 0;
  uint64_t memory_limit = 0;
  const CancellationToken* cancel = nullptr;
};

Decoded Decode(const DecodeRequest& request, RowSink& sink, std::string& error) {
  jpeg_decompress_struct cinfo;
  std::memset(&cinfo, 0, sizeof cinfo);
  ErrorManager err;
  InitErrors(err);
  ProgressMonitor progress;
  InitProgress(progress, request.cancel);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    error = err.message;
    return err.cancelled ? Decoded::kCancelled : Decoded::kError;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.progress = &progress.pub;
  // Bounds libjpeg's whole-image buffers (a progressive file keeps every coefficient): beyond
  // it libjpeg needs a backing store, which this build does not have, and stops with an error.
  cinfo.mem->max_memory_to_use = static_cast<long>(std::min<uint64_t>(request.memory_limit, 1ull << 40));
  jpeg_mem_src(&cinfo, Bytes(request.bytes), request.bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = request.grey ? JCS_GRAYSCALE : JCS_RGB;
  cinfo.scale_num = request.scale_num;
  cinfo.scale_denom = 8;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_calc_output_dimensions(&cinfo);
  if (cinfo.output_width != request.expect_width || cinfo.output_height != request.expect_height) {
    std::snprintf(err.message, sizeof err.message, "unexpected decoded size %ux%u", cinfo.output_width,
                  cinfo.output_height);
    jpeg_destroy_decompress(&cinfo);
    error = err.message;
    return Decoded::kError;
  }
  jpeg_start_decompress(&cinfo);
  JSAMPARRAY row = (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                              cinfo.output_width * cinfo.output_components, 1);
  while (cinfo.output_scanline < cinfo.output_height) {
    if (jpeg_read_scanlines(&cinfo, row, 1) != 1) break;
    sink.PushRow(row[0]);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (err.warnings > 0) {
    error = err.warning;
    return Decoded::kError;
  }
  return Decoded::kOk;
}

// libjpeg's output buffer (malloc'd by jpeg_mem_dest), owned here so that a longjmp cannot lose it.
struct MemoryDestination {
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  ~MemoryDestination() { std::free(buffer); }
  std::string Take() const { return std::string(reinterpret_cast<const char*>(buffer), size); }
};

struct EncodeRequest {
  int quality = 75;
  bool subsample = true;   // 4:2:0 chroma; else 4:4:4
  bool final_form = true;  // progressive with optimised Huffman tables; else baseline, standard tables (probes)
  std::string_view icc{};
};

bool Encode(const Raster& raster, const EncodeRequest& request, MemoryDestination& out, std::string& error) {
  jpeg_compress_struct cinfo;
  std::memset(&cinfo, 0, sizeof cinfo);
  ErrorManager err;
  InitErrors(err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    error = err.message;
    return false;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &out.buffer, &out.size);
  cinfo.image_width = raster.width;
  cinfo.image_height = raster.height;
  cinfo.input_components = static_cast<int>(raster.channels);
  cinfo.in_color_space = raster.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_set_quality(&cinfo, request.quality, TRUE);
  if (raster.channels == 3) {
    cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = request.subsample ? 2 : 1;
    for (int c = 1; c < 3; ++c) cinfo.comp_info[c].h_samp_factor = cinfo.comp_info[c].v_samp_factor = 1;
  }
  if (request.final_form) {
    cinfo.optimize_coding = TRUE;
    jpeg_simple_progression(&cinfo);
  }
  jpeg_start_compress(&cinfo, TRUE);
  if (!request.icc.empty()) {
    jpeg_write_icc_profile(&cinfo, Bytes(request.icc), static_cast<unsigned>(request.icc.size()));
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(raster.Row(cinfo.next_scanline));
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  return true;
}

// jpegtran -copy none -progressive -optimize, keeping the ICC profile: the same coefficients,
// rewritten progressive with optimised Huffman tables and without the other markers.
bool Transcode(std::string_view bytes, std::string_view icc, uint64_t memory_limit, MemoryDestination& out,
               std::string& error) {
  jpeg_decompress_struct in;
  jpeg_compress_struct to;
  std::memset(&in, 0, sizeof in);
  std::memset(&to, 0, sizeof to);
  ErrorManager err;
  InitErrors(err);
  in.err = &err.pub;
  to.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&to);
    jpeg_destroy_decompress(&in);
    error = err.message;
    return false;
  }
  jpeg_create_decompress(&in);
  jpeg_create_compress(&to);
  in.mem->max_memory_to_use = static_cast<long>(std::min<uint64_t>(memory_limit, 1ull << 40));
  jpeg_mem_src(&in, Bytes(bytes), bytes.size());
  jpeg_read_header(&in, TRUE);
  jvirt_barray_ptr* coefficients = jpeg_read_coefficients(&in);
  jpeg_copy_critical_parameters(&in, &to);
  to.optimize_coding = TRUE;
  to.arith_code = FALSE;
  jpeg_simple_progression(&to);
  jpeg_mem_dest(&to, &out.buffer, &out.size);
  jpeg_write_coefficients(&to, coefficients);
  if (!icc.empty()) jpeg_write_icc_profile(&to, Bytes(icc), static_cast<unsigned>(icc.size()));
  jpeg_finish_compress(&to);
  jpeg_destroy_compress(&to);
  jpeg_finish_decompress(&in);
  jpeg_destroy_decompress(&in);
  if (err.warnings > 0) {
    error = err.warning;
    return false;
  }
  return true;
}

// Memory allowed to libjpeg for one image of at most `max_pixels` (coefficients of three
// full-resolution components take 6 bytes a pixel).
uint64_t MemoryLimit(uint64_t max_pixels) { return max_pixels * 8 + (64ull << 20); }

// Luma of a JPEG we made, decoded as a browser would (the same IDCT).
bool DecodeLuma(std::string_view jpeg, uint32_t width, uint32_t height, std::vector<uint8_t>& luma) {
  Collector collector(width, height, 1);
  DecodeRequest request;
  request.bytes = jpeg;
  request.grey = true;
  request.expect_width = width;
  request.expect_height = height;
  request.memory_limit = MemoryLimit(uint64_t{width} * height);
  std::string error;
  if (Decode(request, collector, error) != Decoded::kOk) return false;
  luma = std::move(collector.Take().pixels);
  return true;
}

// Whether subsampling chroma 2×2 would visibly lose colour detail: the SSIM of each chroma
// plane against itself averaged over 2×2 blocks. Smooth photographs score above 0.99; coloured
// text, thin coloured lines and pixel art fall well below the threshold.
constexpr double kFineChromaSsim = 0.95;

bool HasFineColourDetail(const Raster& rgb) {
  if (rgb.channels != 3 || rgb.width < 8 || rgb.height < 8) return false;
  const size_t n = size_t{rgb.width} * rgb.height;
  for (int plane = 0; plane < 2; ++plane) {
    std::vector<uint8_t> chroma(n);
    const uint8_t* p = rgb.pixels.data();
    for (size_t i = 0; i < n; ++i, p += 3) {
      // JFIF Cb and Cr
      const int v =
          plane == 0 ? (-11059 * p[0] - 21709 * p[1] + 32768 * p[2]) : (32768 * p[0] - 27439 * p[1] - 5329 * p[2]);
      chroma[i] = static_cast<uint8_t>(std::clamp(128 + ((v + 32768) >> 16), 0, 255));
    }
    std::vector<uint8_t> blurred(n);
    for (uint32_t y = 0; y < rgb.height; y += 2) {
      for (uint32_t x = 0; x < rgb.width; x += 2) {
        const uint32_t x1 = std::min(x + 1, rgb.width - 1);
        const uint32_t y1 = std::min(y + 1, rgb.height - 1);
        auto at = [&](uint32_t xx, uint32_t yy) { return size_t{yy} * rgb.width + xx; };
        const int mean = (chroma[at(x, y)] + chroma[at(x1, y)] + chroma[at(x, y1)] + chroma[at(x1, y1)] + 2) / 4;
        blurred[at(x, y)] = blurred[at(x1, y)] = blurred[at(x, y1)] = blurred[at(x1, y1)] = static_cast<uint8_t>(mean);
      }
    }
    if (Ssim(chroma.data(), blurred.data(), rgb.width, rgb.height) < kFineChromaSsim) return true;
  }
  return false;
}

}  // namespace

std::string JpegVersion() {
#define CPK_STRINGIFY_INNER_(x) #x
#define CPK_STRINGIFY_(x) CPK_STRINGIFY_INNER_(x)
#ifdef LIBJPEG_TURBO_VERSION
  return CPK_STRINGIFY_(LIBJPEG_TURBO_VERSION);
#else
  return "libjpeg " CPK_STRINGIFY_(JPEG_LIB_VERSION);
#endif
}

Result<Outcome> OptimiseJpeg(std::string_view bytes, const Settings& settings) {
  Outcome outcome;
  OptimiseResult& result = outcome.result;
  result.format = "jpeg";

  Header header;
  std::string error;
  if (!ReadHeader(bytes, header, error)) {
    outcome.problem = Problem::kDecodeError;
    outcome.detail = error;
    result.reason = "decode error";
    return outcome;
  }
  const bool swap = SwapsAxes(header.orientation);
  result.width = swap ? header.height : header.width;
  result.height = swap ? header.width : header.height;
  if (uint64_t{header.width} * header.height > settings.max_pixels) {
    outcome.problem = Problem::kTooLarge;
    outcome.detail = std::to_string(result.width) + "x" + std::to_string(result.height);
    result.reason = "too large";
    return outcome;
  }
  if (header.colour_space == JCS_CMYK || header.colour_space == JCS_YCCK) {
    result.reason = "CMYK JPEG";  // browsers render these inconsistently; re-encoding would not help
    return outcome;
  }
  const bool grey = header.components == 1;

  // Output size (in stored orientation), and the DCT scaling that gets closest from above.
  const auto [target_w, target_h] = FitWithin(header.width, header.height, settings.max_dimension);
  const bool downscale = target_w != header.width || target_h != header.height;
  unsigned scale = 8;
  if (downscale) {
    for (unsigned m = 1; m < 8; ++m) {
      const uint32_t w = static_cast<uint32_t>((uint64_t{header.width} * m + 7) / 8);
      const uint32_t h = static_cast<uint32_t>((uint64_t{header.height} * m + 7) / 8);
      if (w >= target_w && h >= target_h) {
        scale = m;
        break;
      }
    }
  }
  const uint32_t scaled_w = static_cast<uint32_t>((uint64_t{header.width} * scale + 7) / 8);
  const uint32_t scaled_h = static_cast<uint32_t>((uint64_t{header.height} * scale + 7) / 8);
  const uint32_t channels = grey ? 1 : 3;

  DecodeRequest request;
  request.bytes = bytes;
  request.scale_num = scale;
  request.grey = grey;
  request.expect_width = scaled_w;
  request.expect_height = scaled_h;
  request.memory_limit = MemoryLimit(settings.max_pixels);
  request.cancel = settings.cancel;
  Raster decoded;
  Decoded status;
  if (scaled_w == target_w && scaled_h == target_h) {
    Collector collector(scaled_w, scaled_h, channels);
    status = Decode(request, collector, error);
    decoded = collector.Take();
  } else {
    Downscaler downscaler(scaled_w, scaled_h, target_w, target_h, channels);
    status = Decode(request, downscaler, error);
    decoded = downscaler.Take();
  }
  if (status == Decoded::kCancelled) return Fail(Errc::kCancelled, "cancelled");
  if (status == Decoded::kError) {
    outcome.problem = Problem::kDecodeError;
    outcome.detail = error;
    result.reason = "decode error";
    return outcome;
  }
  const Raster reference = Orient(std::move(decoded), header.orientation);
  result.out_width = reference.width;
  result.out_height = reference.height;
  const std::vector<uint8_t> reference_luma = Luma(reference);
  if (settings.Cancelled()) return Fail(Errc::kCancelled, "cancelled");

  std::string best;
  // Candidate 1: the same coefficients, progressive and optimised, metadata dropped. Only
  // when the pixels stay exactly as they are (no downscaling, no rotation).
  if (!downscale && header.orientation == 1) {
    MemoryDestination out;
    if (Transcode(bytes, header.icc, request.memory_limit, out, error)) {
      best = out.Take();
      result.ssim = 1;
      result.quality = 0;
      result.method = "lossless transcode";
    }
  }

  // Candidate 2: re-encoded at the lowest quality that keeps SSIM ≥ the floor.
  const bool subsample =
      !grey && (settings.profile == Profile::kLowBandwidth || !header.full_chroma || !HasFineColourDetail(reference));
  auto probe = [&](int quality, bool final_form, std::string& jpeg) -> Result<double> {
    if (settings.Cancelled()) return Fail(Errc::kCancelled, "cancelled");
    MemoryDestination out;
    std::string encode_error;
    EncodeRequest encode;
    encode.quality = quality;
    encode.subsample = subsample;
    encode.final_form = final_form;
    encode.icc = header.icc;
    if (!Encode(reference, encode, out, encode_error)) return Fail(Errc::kInternal, "JPEG encoder: " + encode_error);
    jpeg = out.Take();
    std::vector<uint8_t> luma;
    if (!DecodeLuma(jpeg, reference.width, reference.height, luma)) {
      return Fail(Errc::kInternal, "JPEG encoder output does not decode");
    }
    return Ssim(reference_luma.data(), luma.data(), reference.width, reference.height);
  };
  // Binary search over quality on baseline probes (progression and Huffman tables do not change
  // the decoded pixels), assuming SSIM grows with quality.
  const double target = std::min(1.0, settings.min_ssim + kJpegSsimMargin);
  int lo = kMinJpegQuality;
  int hi = 100;
  int found = 0;
  std::string jpeg;
  while (lo <= hi) {
    const int mid = (lo + hi) / 2;
    CPK_ASSIGN_OR_RETURN(const double ssim, probe(mid, false, jpeg));
    if (ssim >= target) {
      found = mid;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  for (int quality = found; quality != 0 && quality <= 100; ++quality) {
    CPK_ASSIGN_OR_RETURN(const double ssim, probe(quality, true, jpeg));
    if (ssim < target) continue;  // not monotonic here after all: one step up
    if (best.empty() || jpeg.size() < best.size()) {
      best = std::move(jpeg);
      result.ssim = ssim;
      result.quality = quality;
      result.method = "progressive q=" + std::to_string(quality) + (grey ? " grey" : subsample ? " 4:2:0" : " 4:4:4");
    }
    break;
  }
  result.bytes = std::move(best);
  return outcome;
}

}  // namespace cpk::image::internal
