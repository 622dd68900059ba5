#pragma once
/// @file location.hpp
/// Where in the input something was found.
/// @since 0.1

#include <cstdint>
#include <string>

namespace cpk {

/// A place in the input: a package entry (a `/`-separated path relative to the package
/// root, or the input file itself), and where known a 1-based line and column.
/// Line 0 / column 0 mean "not known".
struct Location {
  std::string file{};
  uint32_t line = 0;
  uint32_t column = 0;

  friend bool operator==(const Location&, const Location&) = default;
};

}  // namespace cpk
