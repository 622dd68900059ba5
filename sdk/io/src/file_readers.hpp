#pragma once
// An EntryReader over a plain file on disk (folder and single-file sources).

#include <cstdio>
#include <memory>
#include <string>

#include "cpk/core/limits.hpp"
#include "cpk/core/source.hpp"

namespace cpk::internal {

/// Opens `os_path` for streaming as `entry`; enforces Limits::max_entry_bytes on the bytes read
/// (a file can grow while it is read).
Result<std::unique_ptr<EntryReader>> OpenPlainFile(const std::string& os_path, const EntryInfo& entry,
                                                   const Limits& limits);

}  // namespace cpk::internal
