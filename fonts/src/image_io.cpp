// PNG encoding and PNG/JPEG decoding (libpng's simplified API, libjpeg-turbo), and atomic
// file output.

// jpeglib.h needs FILE declared first.
#include <cstdio>

#include <fcntl.h>
#include <jpeglib.h>
#include <png.h>
#include <unistd.h>

#include <csetjmp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "cpk/fonts/render.hpp"

namespace cpk::fonts {
namespace {

constexpr uint64_t kMaxPixels = 100'000'000;

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

[[noreturn]] void OnJpegError(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegError*>(info->err)->jump, 1); }

Result<Bitmap> DecodeJpeg(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Fail(Errc::kNotFound, "cannot open " + path);
  jpeg_decompress_struct info{};
  JpegError error{};
  info.err = jpeg_std_error(&error.mgr);
  error.mgr.error_exit = OnJpegError;
  Bitmap bitmap;
  if (setjmp(error.jump) != 0) {
    jpeg_destroy_decompress(&info);
    std::fclose(file);
    return Fail(Errc::kMalformed, path + " is not a readable JPEG image");
  }
  jpeg_create_decompress(&info);
  jpeg_stdio_src(&info, file);
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_EXT_RGBA;
  if (static_cast<uint64_t>(info.image_width) * info.image_height > kMaxPixels) {
    jpeg_destroy_decompress(&info);
    std::fclose(file);
    return Fail(Errc::kLimitExceeded, path + " has more than 100 million pixels");
  }
  jpeg_start_decompress(&info);
  bitmap.width = info.output_width;
  bitmap.height = info.output_height;
  bitmap.pixels.resize(static_cast<size_t>(bitmap.width) * bitmap.height * 4);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = &bitmap.pixels[static_cast<size_t>(info.output_scanline) * bitmap.width * 4];
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  std::fclose(file);
  return bitmap;
}

}  // namespace

Result<std::string> EncodePng(const Bitmap& bitmap) {
  if (bitmap.width == 0 || bitmap.height == 0 ||
      bitmap.pixels.size() != static_cast<size_t>(bitmap.width) * bitmap.height * 4) {
    return Fail(Errc::kInvalidArgument, "empty or inconsistent bitmap");
  }
  // The smallest exact format: grey when every pixel is grey, no alpha channel when every pixel
  // is opaque (black text on white is one byte a pixel instead of four).
  bool grey = true;
  bool opaque = true;
  for (size_t i = 0; i < bitmap.pixels.size() && (grey || opaque); i += 4) {
    const uint8_t* p = &bitmap.pixels[i];
    grey = grey && p[0] == p[1] && p[1] == p[2];
    opaque = opaque && p[3] == 255;
  }
  const size_t channels = (grey ? 1 : 3) + (opaque ? 0 : 1);
  std::vector<uint8_t> packed;
  const uint8_t* data = bitmap.pixels.data();
  if (channels != 4) {
    packed.resize(static_cast<size_t>(bitmap.width) * bitmap.height * channels);
    uint8_t* out = packed.data();
    for (size_t i = 0; i < bitmap.pixels.size(); i += 4) {
      *out++ = bitmap.pixels[i];
      if (!grey) {
        *out++ = bitmap.pixels[i + 1];
        *out++ = bitmap.pixels[i + 2];
      }
      if (!opaque) *out++ = bitmap.pixels[i + 3];
    }
    data = packed.data();
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = bitmap.width;
  image.height = bitmap.height;
  image.format = grey ? (opaque ? PNG_FORMAT_GRAY : PNG_FORMAT_GA) : (opaque ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA);
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, data, 0, nullptr)) {
    return Fail(Errc::kInternal, std::string("PNG encoding failed: ") + image.message);
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, data, 0, nullptr)) {
    return Fail(Errc::kInternal, std::string("PNG encoding failed: ") + image.message);
  }
  out.resize(size);
  return out;
}

Result<Bitmap> DecodeImage(const std::string& path) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe) return Fail(Errc::kNotFound, "cannot open " + path);
  char magic[8] = {};
  probe.read(magic, sizeof magic);
  if (static_cast<unsigned char>(magic[0]) == 0xFF && static_cast<unsigned char>(magic[1]) == 0xD8) {
    return DecodeJpeg(path);
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    return Fail(Errc::kMalformed, path + " is neither a PNG nor a JPEG image");
  }
  if (static_cast<uint64_t>(image.width) * image.height > kMaxPixels) {
    png_image_free(&image);
    return Fail(Errc::kLimitExceeded, path + " has more than 100 million pixels");
  }
  image.format = PNG_FORMAT_RGBA;
  Bitmap bitmap;
  bitmap.width = image.width;
  bitmap.height = image.height;
  bitmap.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, bitmap.pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return Fail(Errc::kMalformed, path + ": " + image.message);
  }
  return bitmap;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::random_device random;
  const std::string temp = (dir / ("." + target.filename().string() + ".partial-" + std::to_string(random()))).string();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(Errc::kIo, "cannot write in " + dir.string());
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return Fail(Errc::kIo, "cannot write " + path);
  }
  return Ok();
}

}  // namespace cpk::fonts
