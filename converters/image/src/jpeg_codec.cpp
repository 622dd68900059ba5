// JPEG through libjpeg-turbo, from and to memory. libjpeg's default error handler calls exit():
// ours longjmps back to the caller instead. No C++ object is created between setjmp and the
// libjpeg calls that may longjmp.
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>

#include "codecs.hpp"

namespace cpk::image::internal {
namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void OnError(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

/// Warnings (level -1: corrupt data recovered) are counted, not printed; trace messages ignored.
void OnMessage(j_common_ptr cinfo, int level) {
  if (level < 0) ++cinfo->err->num_warnings;
}

uint16_t Read16(const uint8_t* p, bool big) { return big ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]); }
uint32_t Read32(const uint8_t* p, bool big) {
  return big ? (uint32_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3])
             : (uint32_t{p[3]} << 24 | p[2] << 16 | p[1] << 8 | p[0]);
}

/// The orientation tag (0x0112) of IFD0 in an APP1 "Exif" payload, or 1.
int ExifOrientation(const uint8_t* data, size_t size) {
  if (size < 14 || std::memcmp(data, "Exif\0\0", 6) != 0) return 1;
  const uint8_t* tiff = data + 6;
  const size_t n = size - 6;
  const bool big = tiff[0] == 'M';
  if (!(tiff[0] == 'M' && tiff[1] == 'M') && !(tiff[0] == 'I' && tiff[1] == 'I')) return 1;
  const uint32_t ifd = Read32(tiff + 4, big);
  if (ifd + 2 > n) return 1;
  const uint16_t count = Read16(tiff + ifd, big);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t at = ifd + 2 + static_cast<size_t>(i) * 12;
    if (at + 12 > n) break;
    if (Read16(tiff + at, big) == 0x0112 && Read16(tiff + at + 2, big) == 3) {
      const int v = Read16(tiff + at + 8, big);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/// The IJG quality (1..100) whose standard luma table is closest to `table`.
int EstimateQuality(const JQUANT_TBL* table) {
  static const unsigned kStdLuma[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
                                        14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
                                        18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
                                        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
  if (table == nullptr) return 0;
  int best = 0;
  long best_error = -1;
  for (int q = 1; q <= 100; ++q) {
    const long scale = q < 50 ? 5000 / q : 200 - 2 * q;
    long error = 0;
    for (int i = 0; i < 64; ++i) {
      long v = (kStdLuma[i] * scale + 50) / 100;
      v = v < 1 ? 1 : v > 255 ? 255 : v;
      error += std::labs(v - static_cast<long>(table->quantval[i]));  // both in natural order
    }
    if (best_error < 0 || error < best_error) {
      best_error = error;
      best = q;
    }
  }
  return best;
}

}  // namespace

DecodeStatus JpegSize(std::string_view bytes, uint32_t& width, uint32_t& height, std::string& error) {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = OnError;
  err.pub.emit_message = OnMessage;
  if (setjmp(err.jump)) {
    error = err.message;
    jpeg_destroy_decompress(&cinfo);
    return DecodeStatus::kDamaged;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  width = cinfo.image_width;
  height = cinfo.image_height;
  jpeg_destroy_decompress(&cinfo);
  return DecodeStatus::kOk;
}

DecodeStatus DecodeJpeg(std::string_view bytes, uint64_t max_pixels, JpegImage& out, std::string& error) {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = OnError;
  err.pub.emit_message = OnMessage;
  // Declared before setjmp: nothing with a destructor is created after it.
  Pixels& px = out.pixels;
  JOCTET* icc_data = nullptr;
  unsigned int icc_size = 0;
  volatile DecodeStatus status = DecodeStatus::kOk;
  if (setjmp(err.jump)) {
    error = err.message;
    jpeg_destroy_decompress(&cinfo);
    return DecodeStatus::kDamaged;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header(&cinfo, TRUE);
  if (static_cast<uint64_t>(cinfo.image_width) * cinfo.image_height > max_pixels) {
    status = DecodeStatus::kTooLarge;
  } else if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
    status = DecodeStatus::kUnsupported;
  }
  if (status != DecodeStatus::kOk) {
    jpeg_destroy_decompress(&cinfo);
    return status;
  }
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 1) out.orientation = ExifOrientation(m->data, m->data_length);
  }
  if (jpeg_read_icc_profile(&cinfo, &icc_data, &icc_size)) {
    out.icc.assign(reinterpret_cast<const char*>(icc_data), icc_size);
    std::free(icc_data);
  }
  out.subsampled =
      cinfo.num_components >= 3 && (cinfo.comp_info[0].h_samp_factor > 1 || cinfo.comp_info[0].v_samp_factor > 1);
  out.estimated_quality = EstimateQuality(cinfo.quant_tbl_ptrs[0]);
  cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  px.width = cinfo.output_width;
  px.height = cinfo.output_height;
  px.channels = cinfo.output_components;
  px.data.resize(static_cast<size_t>(px.width) * px.height * px.channels);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = px.Row(cinfo.output_scanline);
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  // libjpeg recovers from damaged data with a warning (a truncated file is filled with grey):
  // such an image is damaged, not a source to re-encode.
  const long warnings = err.pub.num_warnings;
  if (warnings > 0) {
    (*cinfo.err->format_message)(reinterpret_cast<j_common_ptr>(&cinfo), err.message);
    error = err.message;
  }
  jpeg_destroy_decompress(&cinfo);
  return warnings > 0 ? DecodeStatus::kDamaged : DecodeStatus::kOk;
}

std::string EncodeJpeg(const Pixels& pixels, int quality, bool subsample, const std::string& icc) {
  jpeg_compress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = OnError;
  err.pub.emit_message = OnMessage;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
    return {};
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = pixels.width;
  cinfo.image_height = pixels.height;
  cinfo.input_components = pixels.channels;
  cinfo.in_color_space = pixels.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  cinfo.optimize_coding = TRUE;
  if (pixels.channels == 3) {
    cinfo.comp_info[0].h_samp_factor = subsample ? 2 : 1;
    cinfo.comp_info[0].v_samp_factor = subsample ? 2 : 1;
  }
  jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  if (!icc.empty()) {
    jpeg_write_icc_profile(&cinfo, reinterpret_cast<const JOCTET*>(icc.data()), static_cast<unsigned int>(icc.size()));
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(pixels.Row(cinfo.next_scanline));
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  return out;
}

}  // namespace cpk::image::internal
