#include "zip_directory.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

namespace cpk::internal {
namespace {

uint64_t LittleEndian(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

constexpr unsigned char kEocd[] = {'P', 'K', 5, 6};
constexpr unsigned char kZip64Locator[] = {'P', 'K', 6, 7};
constexpr unsigned char kZip64Eocd[] = {'P', 'K', 6, 6};
constexpr size_t kEocdSize = 22;
constexpr size_t kMaxComment = 65535;

}  // namespace

ZipSignature SniffZip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char head[4] = {};
  if (!in.read(reinterpret_cast<char*>(head), 4)) return ZipSignature::kNotZip;
  if (head[0] != 'P' || head[1] != 'K') return ZipSignature::kNotZip;
  if ((head[2] == 3 && head[3] == 4) || (head[2] == 7 && head[3] == 8)) return ZipSignature::kZip;
  if (head[2] == 5 && head[3] == 6) return ZipSignature::kEmptyZip;
  return ZipSignature::kNotZip;
}

Result<ZipDirectorySummary> ReadZipDirectorySummary(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Fail(Errc::kIo, "cannot open '" + path + "'");
  const auto file_size = static_cast<uint64_t>(in.tellg());
  const uint64_t tail_size = std::min<uint64_t>(file_size, kEocdSize + kMaxComment);
  if (tail_size < kEocdSize) return Fail(Errc::kMalformed, "the file is too short to be a zip archive");
  std::vector<unsigned char> tail(tail_size);
  in.seekg(static_cast<std::streamoff>(file_size - tail_size));
  if (!in.read(reinterpret_cast<char*>(tail.data()), static_cast<std::streamsize>(tail_size))) {
    return Fail(Errc::kIo, "cannot read the end of '" + path + "'");
  }
  // Every EOCD signature whose comment length fits the file is a candidate: an archive comment
  // can hold a decoy record, and libzip may pick another candidate than the last one. The
  // largest entry count among them is the one that bounds what opening can cost.
  bool found = false;
  ZipDirectorySummary largest;
  for (size_t pos = tail_size - kEocdSize + 1; pos-- > 0;) {
    if (std::memcmp(&tail[pos], kEocd, 4) != 0) continue;
    const uint64_t comment = LittleEndian(&tail[pos + 20], 2);
    if (pos + kEocdSize + comment > tail_size) continue;
    ZipDirectorySummary summary;
    summary.entries = LittleEndian(&tail[pos + 10], 2);
    // Zip64: a locator sits right before the EOCD and points at the Zip64 EOCD record.
    const uint64_t eocd_offset = file_size - tail_size + pos;
    if (eocd_offset >= 20) {
      unsigned char locator[20];
      in.clear();
      in.seekg(static_cast<std::streamoff>(eocd_offset - 20));
      if (in.read(reinterpret_cast<char*>(locator), 20) && std::memcmp(locator, kZip64Locator, 4) == 0) {
        const uint64_t z64_offset = LittleEndian(&locator[8], 8);
        unsigned char record[56];
        in.seekg(static_cast<std::streamoff>(z64_offset));
        if (z64_offset < file_size && in.read(reinterpret_cast<char*>(record), 56) &&
            std::memcmp(record, kZip64Eocd, 4) == 0) {
          summary.entries = LittleEndian(&record[32], 8);
          summary.zip64 = true;
        }
      }
    }
    if (!found || summary.entries > largest.entries) largest = summary;
    found = true;
  }
  if (found) return largest;
  return Fail(Errc::kMalformed, "the end-of-central-directory record is missing: the archive is truncated");
}

}  // namespace cpk::internal
