#include "file_names.hpp"

#include <cctype>
#include <string>

namespace cpk::formats::content::internal {
namespace {

bool Portable(unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/'; }

bool ReservedOnWindows(std::string_view segment) {
  std::string base(segment.substr(0, segment.find('.')));
  for (char& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (base == "CON" || base == "PRN" || base == "AUX" || base == "NUL") return true;
  return base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) && base[3] >= '1' && base[3] <= '9';
}

}  // namespace

std::vector<NameProblem> FileNameProblems(std::string_view path) {
  std::vector<NameProblem> out;
  if (path.find(' ') != std::string_view::npos) out.push_back(NameProblem::kSpace);
  bool non_ascii = false;
  bool special = false;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80)
      non_ascii = true;
    else if (!Portable(c) && c != ' ')
      special = true;
  }
  if (special) out.push_back(NameProblem::kUrlSpecial);
  if (non_ascii) out.push_back(NameProblem::kNonAscii);
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(start, end - start);
    if (seg.size() > 255) out.push_back(NameProblem::kTooLong);
    if (!seg.empty() && (ReservedOnWindows(seg) || seg.back() == '.' || seg.back() == ' ')) {
      out.push_back(NameProblem::kReserved);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace cpk::formats::content::internal
