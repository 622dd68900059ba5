#pragma once
// Builds zip archives byte by byte, so that tests can make every kind of hostile archive:
// lying sizes, wrong CRCs, encryption flags, symlinks, raw non-UTF-8 names, duplicates, Zip64.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cpk::test {

struct ZipEntrySpec {
  std::string name;  ///< raw name bytes as stored
  std::string data;
  bool deflate = true;
  bool utf8_flag = false;                   ///< general-purpose bit 11
  bool encrypted_flag = false;              ///< general-purpose bit 0 (the data is not really encrypted)
  std::optional<uint64_t> declared_size{};  ///< lie about the uncompressed size
  std::optional<uint32_t> crc{};            ///< lie about the CRC-32
  std::optional<uint16_t> method{};         ///< override the compression method number
  uint8_t host_os = 3;                      ///< 3 = Unix, 0 = MS-DOS
  uint32_t unix_mode = 0100644;             ///< stored in the external attributes (Unix hosts)
};

/// The archive's bytes. Zip64 records are written when an entry declares more than 4 GiB or
/// there are more than 65535 entries. `comment` is the archive comment (raw bytes).
std::string BuildZip(const std::vector<ZipEntrySpec>& entries, const std::string& comment = {});

/// CRC-32 (zlib's) of `data`.
uint32_t Crc32(const std::string& data);

/// Raw deflate of `data` (no zlib header), as zip stores it.
std::string Deflate(const std::string& data);

/// Writes `bytes` to `path` (throws on failure).
void WriteFile(const std::string& path, const std::string& bytes);

/// The bytes of the file at `path` (throws on failure).
std::string ReadFile(const std::string& path);

/// The names in a folder, sorted.
std::vector<std::string> ListFolder(const std::string& path);

/// A fresh temporary folder, removed with its content when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// The shared corpus folder (../shared/corpus beside the project).
std::string CorpusDir();

}  // namespace cpk::test
