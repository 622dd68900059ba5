#include "entry_names.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "cpk/io/codes.hpp"

namespace cpk::internal {

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string ToNfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(text, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normal = nfc->normalize(text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normal.toUTF8String(out);
  return out;
}

std::string FoldCase(std::string_view utf8) {
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.foldCase();
  std::string out;
  text.toUTF8String(out);
  return out;
}

NameCheck NormaliseEntryName(std::string_view utf8_name) {
  NameCheck check;
  std::string name(utf8_name);
  for (char& c : name) {
    if (c == '\\') {
      c = '/';
      check.had_backslash = true;
    }
  }
  const bool drive =
      name.size() >= 2 && name[1] == ':' && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'));
  if (!name.empty() && name[0] == '/') {
    check.violation = &codes::kZipAbsolutePath;
    check.reason = "it starts with '/'";
    return check;
  }
  if (drive) {
    check.violation = &codes::kZipAbsolutePath;
    check.reason = "it starts with the drive letter '" + name.substr(0, 2) + "'";
    return check;
  }
  check.is_directory = !name.empty() && name.back() == '/';
  std::vector<std::string_view> segments;
  std::string_view rest(name);
  int escaped = 0;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (segments.empty()) {
        ++escaped;
      } else {
        segments.pop_back();
      }
      continue;
    }
    if (escaped > 0) break;
    segments.push_back(seg);
  }
  if (escaped > 0) {
    check.violation = &codes::kZipPathTraversal;
    check.reason = "its '..' segments climb " + std::to_string(escaped) + " level" + (escaped == 1 ? "" : "s") +
                   " above the package root";
    return check;
  }
  std::string path;
  for (const std::string_view seg : segments) {
    if (!path.empty()) path.push_back('/');
    path.append(seg);
  }
  if (path.empty()) {
    check.path = "";
    return check;
  }
  if (check.is_directory) path.push_back('/');
  check.path = ToNfc(path);
  return check;
}

bool EntryCollector::Add(std::string stored_utf8, EntryInfo info) {
  const NameCheck check = NormaliseEntryName(stored_utf8);
  const Location where{stored_utf8};
  if (check.violation != nullptr) {
    const bool traversal = check.violation == &codes::kZipPathTraversal;
    sink_.Add(*check.violation, "entry '" + stored_utf8 + "' is unsafe: " + check.reason + "; it was not read", where,
              traversal ? "remove the entry, or zip the course folder's contents so every path stays inside it"
                        : "store paths relative to the package root (no leading '/' or drive letter)");
    return false;
  }
  if (check.path.empty()) return false;  // "./" or "/"-only names carry nothing
  if (check.had_backslash) ++backslash_names_;
  info.path = check.path;
  info.stored_name = std::move(stored_utf8);
  info.is_directory = check.is_directory;
  if (auto it = by_path_.find(info.path); it != by_path_.end()) {
    if (!info.is_directory) {
      sink_.Add(codes::kZipDuplicateEntry,
                "entry '" + info.path + "' appears more than once; only the first copy is used", {info.path},
                "re-create the zip so that each file is stored once");
    }
    return false;
  }
  if (!info.is_directory) {
    const std::string folded = FoldCase(info.path);
    if (auto it = by_folded_.find(folded); it != by_folded_.end()) {
      sink_.Add(codes::kZipCaseCollision,
                "entries '" + it->second + "' and '" + info.path +
                    "' differ only in letter case; they overwrite each other on Windows and macOS",
                {info.path},
                "rename one of them (and the references to it) so that the names differ in more than case");
    } else {
      by_folded_.emplace(folded, info.path);
    }
  }
  by_path_.emplace(info.path, entries_.size());
  entries_.push_back(std::move(info));
  return true;
}

}  // namespace cpk::internal
