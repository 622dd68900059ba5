#include "zip_builder.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cpk::test {
namespace {

void Put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}
void Put64(std::string& out, uint64_t v) {
  Put32(out, static_cast<uint32_t>(v & 0xFFFFFFFFu));
  Put32(out, static_cast<uint32_t>(v >> 32));
}

constexpr uint32_t kMax32 = 0xFFFFFFFFu;

}  // namespace

std::string Deflate(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, data.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string BuildZip(const std::vector<ZipEntrySpec>& entries, const std::string& comment) {
  std::string out;
  std::string central;
  for (const ZipEntrySpec& e : entries) {
    const uint64_t offset = out.size();
    const std::string payload = e.deflate ? Deflate(e.data) : e.data;
    const uint32_t crc = e.crc.value_or(static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size()))));
    const uint64_t usize = e.declared_size.value_or(e.data.size());
    const uint64_t csize = payload.size();
    const bool zip64 = usize >= kMax32 || csize >= kMax32 || offset >= kMax32;
    const uint16_t method = e.method.value_or(e.deflate ? 8 : 0);
    uint16_t flags = 0;
    if (e.utf8_flag) flags |= 0x0800;
    if (e.encrypted_flag) flags |= 0x0001;
    std::string extra;
    if (zip64) {
      Put16(extra, 0x0001);
      Put16(extra, 24);
      Put64(extra, usize);
      Put64(extra, csize);
      Put64(extra, offset);
    }
    // Local file header.
    Put32(out, 0x04034b50);
    Put16(out, zip64 ? 45 : 20);
    Put16(out, flags);
    Put16(out, method);
    Put16(out, 0);     // time
    Put16(out, 0x21);  // date: 1980-01-01
    Put32(out, crc);
    Put32(out, zip64 ? kMax32 : static_cast<uint32_t>(csize));
    Put32(out, zip64 ? kMax32 : static_cast<uint32_t>(usize));
    Put16(out, static_cast<uint32_t>(e.name.size()));
    Put16(out, static_cast<uint32_t>(extra.size()));
    out += e.name;
    out += extra;
    out += payload;
    // Central directory header.
    Put32(central, 0x02014b50);
    Put16(central, (static_cast<uint32_t>(e.host_os) << 8) | 45);
    Put16(central, zip64 ? 45 : 20);
    Put16(central, flags);
    Put16(central, method);
    Put16(central, 0);
    Put16(central, 0x21);
    Put32(central, crc);
    Put32(central, zip64 ? kMax32 : static_cast<uint32_t>(csize));
    Put32(central, zip64 ? kMax32 : static_cast<uint32_t>(usize));
    Put16(central, static_cast<uint32_t>(e.name.size()));
    Put16(central, static_cast<uint32_t>(extra.size()));
    Put16(central, 0);  // comment
    Put16(central, 0);  // disk
    Put16(central, 0);  // internal attributes
    Put32(central, e.host_os == 3 ? (e.unix_mode << 16) : 0);
    Put32(central, zip64 ? kMax32 : static_cast<uint32_t>(offset));
    central += e.name;
    central += extra;
  }
  const uint64_t cd_offset = out.size();
  const uint64_t cd_size = central.size();
  out += central;
  const bool zip64_end = entries.size() > 0xFFFE || cd_offset >= kMax32;
  if (zip64_end) {
    const uint64_t z64_offset = out.size();
    Put32(out, 0x06064b50);
    Put64(out, 44);
    Put16(out, 45);
    Put16(out, 45);
    Put32(out, 0);
    Put32(out, 0);
    Put64(out, entries.size());
    Put64(out, entries.size());
    Put64(out, cd_size);
    Put64(out, cd_offset);
    Put32(out, 0x07064b50);
    Put32(out, 0);
    Put64(out, z64_offset);
    Put32(out, 1);
  }
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, zip64_end ? 0xFFFF : static_cast<uint32_t>(entries.size()));
  Put16(out, zip64_end ? 0xFFFF : static_cast<uint32_t>(entries.size()));
  Put32(out, zip64_end ? kMax32 : static_cast<uint32_t>(cd_size));
  Put32(out, zip64_end ? kMax32 : static_cast<uint32_t>(cd_offset));
  Put16(out, static_cast<uint32_t>(comment.size()));
  out += comment;
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

uint32_t Crc32(const std::string& data) {
  return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << f.rdbuf();
  return bytes.str();
}

std::vector<std::string> ListFolder(const std::string& path) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(path)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "cpk-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string CorpusDir() {
  const char* env = std::getenv("CPK_CORPUS_DIR");
  return env != nullptr ? env : CPK_CORPUS_DIR;
}

}  // namespace cpk::test
