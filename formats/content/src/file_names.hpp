#pragma once
// What makes a file name break on phones, servers and in URLs.

#include <string_view>
#include <vector>

namespace cpk::formats::content::internal {

enum class NameProblem {
  kSpace,       // must be written %20 in every reference; some players and servers fail
  kUrlSpecial,  // # ? % & + and other characters outside the portable set
  kNonAscii,    // outside the POSIX portable set; fine in UTF-8 zips, but old players and tools mangle it
  kTooLong,     // a name segment over 255 bytes: Android and most file systems refuse it
  kReserved,    // CON, NUL, COM1…, or a trailing dot or space: cannot be created on Windows
};

/// The problems of one package-relative path (each at most once; kTooLong/kReserved may repeat).
std::vector<NameProblem> FileNameProblems(std::string_view path);

}  // namespace cpk::formats::content::internal
