#pragma once
// Reads the end-of-central-directory record of a zip without opening it, so that the entry
// count can be checked before libzip loads the whole central directory into memory.

#include <cstdint>
#include <string>

#include "cpk/core/result.hpp"

namespace cpk::internal {

struct ZipDirectorySummary {
  uint64_t entries = 0;
  bool zip64 = false;
};

/// What the first bytes of a file say it is.
enum class ZipSignature { kZip, kEmptyZip, kNotZip };
ZipSignature SniffZip(const std::string& path);

/// Finds the EOCD record (and the Zip64 one when present). kMalformed when there is none: the
/// archive is truncated.
Result<ZipDirectorySummary> ReadZipDirectorySummary(const std::string& path);

}  // namespace cpk::internal
