#include "cpk/io/junk.hpp"

#include <algorithm>

#include "cpk/core/source.hpp"

namespace cpk::io {
namespace {

std::string_view BaseName(std::string_view path) {
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string_view JunkRoot(std::string_view path) {
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "__MACOSX") return path.substr(0, std::min(end + 1, path.size()));
    start = end + 1;
  }
  return path;
}

bool IsJunkPath(std::string_view path) {
  if (JunkRoot(path).size() != path.size() || path.starts_with("__MACOSX/") || path.find("/__MACOSX/") != path.npos) {
    return true;
  }
  const std::string base = FoldCaseAscii(BaseName(path));
  return base == ".ds_store" || base == "thumbs.db" || base == "desktop.ini" || base == "ehthumbs.db";
}

}  // namespace cpk::io
