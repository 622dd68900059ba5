#pragma once
/// @file junk.hpp
/// Operating-system junk that zip tools add to packages: `__MACOSX/` (macOS resource forks),
/// `.DS_Store` (Finder), `Thumbs.db` and `desktop.ini` (Windows Explorer). It is reported as
/// `package.junk` and never copied into a converted package.
/// @since 0.1

#include <string_view>

namespace cpk::io {

/// True when `path` (normalised, `/`-separated) is OS junk or lies inside a junk folder.
bool IsJunkPath(std::string_view path);

/// The part of `path` that names the junk: `__MACOSX/` for anything inside it, else the path.
std::string_view JunkRoot(std::string_view path);

}  // namespace cpk::io
