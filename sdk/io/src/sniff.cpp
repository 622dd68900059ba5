#include "cpk/io/sniff.hpp"

namespace cpk::io {

std::string ReadHead(Source& source, const EntryInfo& entry, size_t max_bytes) {
  std::string out;
  auto reader = source.Open(entry);
  if (!reader) return out;
  out.resize(max_bytes);
  size_t filled = 0;
  while (filled < max_bytes) {
    auto n = (*reader)->Read(out.data() + filled, max_bytes - filled);
    if (!n || *n == 0) break;
    filled += *n;
  }
  out.resize(filled);
  return out;
}

DescriptorEntry FindDescriptor(const Source& source, std::string_view name) {
  if (source.kind() == SourceKind::kFile) {
    return {source.entries().empty() ? nullptr : &source.entries().front(), false};
  }
  if (const EntryInfo* exact = source.Find(name)) return {exact, false};
  const std::vector<const EntryInfo*> near = source.FindIgnoringCase(name);
  if (near.empty()) return {};
  return {near.front(), true};
}

bool XmlRootIs(Source& source, std::string_view local_name) {
  if (source.kind() != SourceKind::kFile || source.entries().empty()) return false;
  const std::string head = ReadHead(source, source.entries().front(), 64 * 1024);
  size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string::npos) {
    if (pos + 1 >= head.size()) return false;
    const char next = head[pos + 1];
    if (next == '?' || next == '!') {  // declaration, comment, DOCTYPE
      if (head.compare(pos, 4, "<!--") == 0) {
        const size_t end = head.find("-->", pos + 4);
        if (end == std::string::npos) return false;
        pos = end + 3;
      } else {
        ++pos;
      }
      continue;
    }
    size_t end = pos + 1;
    while (end < head.size() && head[end] != ' ' && head[end] != '>' && head[end] != '/' && head[end] != '\t' &&
           head[end] != '\n' && head[end] != '\r') {
      ++end;
    }
    std::string_view name(head.data() + pos + 1, end - pos - 1);
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name == local_name;
  }
  return false;
}

}  // namespace cpk::io
