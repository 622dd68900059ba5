#pragma once
/// @file versions.hpp
/// Versions of the libraries sdk/io runs on, as loaded at run time (for report.json).
/// @since 0.1

#include <string>
#include <utility>
#include <vector>

namespace cpk::io {

/// name → version of libzip, libxml2, ICU, libcrypto and zlib.
std::vector<std::pair<std::string, std::string>> LibraryVersions();

}  // namespace cpk::io
