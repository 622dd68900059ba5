#include "icon.hpp"

#include <zlib.h>

#include <vector>

namespace cpk::package {
namespace {

void Put32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void Chunk(std::string& out, const char* type, const std::string& data) {
  Put32(out, static_cast<uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  Put32(out,
        static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string PlainIconPng(uint32_t size, uint32_t rgb) {
  std::string raw;
  raw.reserve(static_cast<size_t>(size) * (size * 3 + 1));
  for (uint32_t y = 0; y < size; ++y) {
    raw.push_back(0);  // filter: none
    const bool band = y >= size * 2 / 5 && y < size * 3 / 5;
    for (uint32_t x = 0; x < size; ++x) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        const uint32_t c = (rgb >> shift) & 0xFF;
        raw.push_back(static_cast<char>(band ? c + (255 - c) / 2 : c));
      }
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<Bytef> packed(packed_size);
  compress2(packed.data(), &packed_size, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 9);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  Put32(header, size);
  Put32(header, size);
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter, no interlace
  Chunk(png, "IHDR", header);
  Chunk(png, "IDAT", std::string(reinterpret_cast<const char*>(packed.data()), packed_size));
  Chunk(png, "IEND", {});
  return png;
}

}  // namespace cpk::package
