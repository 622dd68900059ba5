#include "index_reader.hpp"

#include <vector>

#include "cpk/core/text_encoding.hpp"
#include "cpk/formats/html5/codes.hpp"
#include "cpk/io/sniff.hpp"
#include "cpk/io/uri.hpp"

namespace cpk::formats::html5::internal {
namespace {

using namespace ::cpk::io;  // IRIs, URLs, language tags

/// The start of index.html that is searched for <title> (it belongs in <head>).
constexpr size_t kHeadBytes = 64 * 1024;
constexpr size_t kMaxTitleBytes = 1000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
        n = 1;
      } else if ((c & 0xF0) == 0xE0) {
        n = 2;
      } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
        n = 3;
      } else {
        return false;
      }
    }
    if (n > 0 && i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  // NUL is never text in a page; invalid values become U+FFFD in cpk::AppendUtf8.
  cpk::AppendUtf8(out, cp == 0 ? 0xFFFD : cp);
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  for (const char c : s) AppendUtf8(static_cast<unsigned char>(c), out);
  return out;
}

/// Decodes the common character references and collapses white space.
std::string DecodeText(std::string_view raw) {
  std::string decoded;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      decoded.push_back(raw[i]);
      continue;
    }
    const size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      decoded.push_back('&');
      continue;
    }
    const std::string_view name = raw.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (name == "amp")
      cp = '&';
    else if (name == "lt")
      cp = '<';
    else if (name == "gt")
      cp = '>';
    else if (name == "quot")
      cp = '"';
    else if (name == "apos")
      cp = '\'';
    else if (name == "nbsp")
      cp = ' ';
    else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      for (const char c : name.substr(hex ? 2 : 1)) {
        int digit = -1;
        if (c >= '0' && c <= '9')
          digit = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
          digit = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
          digit = c - 'A' + 10;
        if (digit < 0 || cp > 0x10FFFF) {
          cp = 0;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
    }
    if (cp == 0) {
      decoded.push_back('&');
      continue;
    }
    AppendUtf8(cp, decoded);
    i = semi;
  }
  std::string out;
  bool space = false;
  for (const char c : decoded) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

/// Position of `tag` ("<title") in `lower` at or after `from`, followed by the end of the name.
size_t FindTag(const std::string& lower, std::string_view tag, size_t from = 0) {
  size_t at = from;
  while ((at = lower.find(tag, at)) != std::string::npos) {
    const size_t next = at + tag.size();
    if (next >= lower.size() || IsSpace(lower[next]) || lower[next] == '>' || lower[next] == '/') return at;
    at = next;
  }
  return std::string::npos;
}

/// The value of attribute `name` inside the start tag lower[begin, end).
std::string AttributeValue(const std::string& html, const std::string& lower, size_t begin, size_t end,
                           std::string_view name) {
  size_t at = begin;
  while ((at = lower.find(name, at)) != std::string::npos && at < end) {
    size_t p = at + name.size();
    const bool starts = IsSpace(lower[at - 1]);
    while (p < end && IsSpace(lower[p])) ++p;
    if (!starts || p >= end || lower[p] != '=') {
      at += name.size();
      continue;
    }
    ++p;
    while (p < end && IsSpace(lower[p])) ++p;
    if (p >= end) return {};
    if (html[p] == '"' || html[p] == '\'') {
      const size_t close = html.find(html[p], p + 1);
      if (close == std::string::npos || close > end) return {};
      return html.substr(p + 1, close - p - 1);
    }
    size_t q = p;
    while (q < end && !IsSpace(html[q]) && html[q] != '>') ++q;
    return html.substr(p, q - p);
  }
  return {};
}

}  // namespace

PageTitle ReadPageTitle(std::string_view html_view) {
  PageTitle out;
  const std::string html(html_view);
  const std::string lower = FoldCaseAscii(html);
  if (const size_t h = FindTag(lower, "<html"); h != std::string::npos) {
    const size_t end = lower.find('>', h);
    if (end != std::string::npos)
      out.lang = CanonicalLanguageTag(DecodeText(AttributeValue(html, lower, h, end, "lang")));
  }
  const size_t body = FindTag(lower, "<body");
  const size_t t = FindTag(lower, "<title");
  if (t == std::string::npos || (body != std::string::npos && t > body)) return out;
  const size_t gt = lower.find('>', t);
  if (gt == std::string::npos) return out;
  const size_t close = lower.find("</title", gt);
  if (close == std::string::npos) return out;
  std::string_view raw = std::string_view(html).substr(gt + 1, close - gt - 1);
  if (raw.size() > kMaxTitleBytes) raw = raw.substr(0, kMaxTitleBytes);
  out.title = DecodeText(IsUtf8(raw) ? std::string(raw) : Latin1ToUtf8(raw));
  return out;
}

Status ReadHtml5(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  (void)context;
  model.source.kind = "html5";
  const EntryInfo* index = source.Find("index.html");
  if (index == nullptr) {
    std::vector<const EntryInfo*> candidates = source.FindIgnoringCase("index.html");
    if (const EntryInfo* htm = source.Find("index.htm")) candidates.push_back(htm);
    for (const EntryInfo* e : source.FindIgnoringCase("index.htm")) candidates.push_back(e);
    if (candidates.empty()) {
      report.Add(codes::kHtml5IndexMissing, "the package has no index.html at its top, so there is no page to start",
                 {}, "put the page that starts the course at the top of the zip and name it index.html");
      return Ok();
    }
    index = candidates.front();
    const bool case_only = FoldCaseAscii(index->path) == "index.html";
    report.Add(codes::kHtml5IndexMissing,
               "the package has no index.html at its top; its start page is named '" + index->path + "'" +
                   (case_only ? ", which differs in letter case (phones and web servers treat names as case-sensitive)"
                              : ", but the platform starts HTML5 packages from index.html"),
               {index->path},
               "rename '" + index->path + "' to 'index.html'" +
                   (case_only ? std::string() : std::string(" and update the links that point to it")));
  }
  Resource resource;
  resource.id = "index";
  resource.type = "html";
  resource.launch = index->path;
  resource.tracking = "none";
  const PageTitle page = ReadPageTitle(io::ReadHead(source, *index, kHeadBytes));
  Item item;
  item.id = "index";
  item.resource = resource.id;
  if (!page.title.empty()) {
    item.title[page.lang.empty() ? std::string("und") : page.lang] = page.title;
    model.title = item.title;
  }
  if (!page.lang.empty()) {
    resource.languages.push_back(page.lang);
    model.languages.push_back(page.lang);
  }
  Organization org;
  org.id = "default";
  org.title = model.title;
  org.items.push_back(std::move(item));
  model.default_organization = org.id;
  model.organizations.push_back(std::move(org));
  model.resources.push_back(std::move(resource));
  return Ok();
}

}  // namespace cpk::formats::html5::internal
