#include "cpk/core/source.hpp"

#include <algorithm>
#include <unordered_set>

namespace cpk {

std::string FoldCaseAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void Source::SetEntries(std::vector<EntryInfo> entries) {
  all_entries_ = std::move(entries);
  std::sort(all_entries_.begin(), all_entries_.end(),
            [](const EntryInfo& a, const EntryInfo& b) { return a.path < b.path; });
  RebuildView();
}

void Source::RebuildView() {
  entries_.clear();
  for (const EntryInfo& e : all_entries_) {
    if (!root_.empty()) {
      if (e.path.size() <= root_.size() || e.path.compare(0, root_.size(), root_) != 0) continue;
      EntryInfo copy = e;
      copy.path.erase(0, root_.size());
      entries_.push_back(std::move(copy));
    } else {
      entries_.push_back(e);
    }
  }
}

void Source::Reroot(std::string folder) {
  if (!folder.empty() && folder.back() != '/') folder.push_back('/');
  root_ = std::move(folder);
  RebuildView();
}

void Source::Exclude(const std::vector<std::string>& paths) {
  if (paths.empty()) return;
  std::unordered_set<std::string> full;
  for (const std::string& p : paths) full.insert(root_ + p);
  std::erase_if(all_entries_, [&](const EntryInfo& e) { return full.count(e.path) != 0; });
  RebuildView();
}

const EntryInfo* Source::Find(std::string_view path) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), path,
                             [](const EntryInfo& e, std::string_view p) { return e.path < p; });
  if (it != entries_.end() && it->path == path && !it->is_directory) return &*it;
  return nullptr;
}

std::vector<const EntryInfo*> Source::FindIgnoringCase(std::string_view path) const {
  const std::string folded = FoldCaseAscii(path);
  std::vector<const EntryInfo*> out;
  for (const EntryInfo& e : entries_) {
    if (!e.is_directory && e.path.size() == path.size() && FoldCaseAscii(e.path) == folded) out.push_back(&e);
  }
  return out;
}

Result<std::string> Source::ReadAll(const EntryInfo& entry, uint64_t max_bytes) {
  CPK_ASSIGN_OR_RETURN(std::unique_ptr<EntryReader> reader, Open(entry));
  std::string out;
  if (entry.size <= max_bytes) out.reserve(static_cast<size_t>(std::min<uint64_t>(entry.size, 1u << 26)));
  char buffer[64 * 1024];
  for (;;) {
    CPK_ASSIGN_OR_RETURN(size_t n, reader->Read(buffer, sizeof buffer));
    if (n == 0) break;
    if (out.size() + n > max_bytes) {
      return Fail(Errc::kLimitExceeded, "'" + entry.path + "' is larger than " + std::to_string(max_bytes) + " bytes",
                  {entry.path});
    }
    out.append(buffer, n);
  }
  return out;
}

Result<std::string> Source::ReadAll(std::string_view path, uint64_t max_bytes) {
  const EntryInfo* entry = Find(path);
  if (entry == nullptr) return Fail(Errc::kNotFound, "no entry '" + std::string(path) + "'", {std::string(path)});
  return ReadAll(*entry, max_bytes);
}

}  // namespace cpk
