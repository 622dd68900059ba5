// A small, tolerant HTML scanner: finds start tags and their attributes without building a
// tree (authoring-tool HTML is rarely well-formed), and CSS url()/@import in <style> blocks.
#include <algorithm>
#include <cctype>
#include <string>

#include "cpk/formats/content.hpp"

namespace cpk::formats::content {
namespace {

bool IsAbsoluteUrl(std::string_view v) {
  size_t b = 0;
  while (b < v.size() && std::isspace(static_cast<unsigned char>(v[b]))) ++b;
  v.remove_prefix(b);
  auto starts = [&](std::string_view p) {
    if (v.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(v[i])) != p[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://") || starts("//");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Attributes that load something, per tag (any tag for "src" and "data").
bool LoadsAttribute(const std::string& tag, const std::string& attr, const std::string& rel) {
  if (attr == "src" || attr == "data" || attr == "poster") return tag != "a";
  if (attr == "href") return tag == "link" && rel.find("stylesheet") != std::string::npos;
  if (attr == "background") return true;
  return false;
}

/// Every URL a page names, with whether it is loaded (as opposed to linked to).
struct FoundUrl {
  ExternalReference reference;
  bool loads = false;
};

void ScanCss(std::string_view css, uint32_t line, const std::string& tag, std::vector<FoundUrl>& out) {
  const std::string lower = Lower(css);
  size_t pos = 0;
  uint32_t l = line;
  size_t counted = 0;  // newlines counted up to here
  while (pos < css.size()) {
    const size_t url = lower.find("url(", pos);
    const size_t imp = lower.find("@import", pos);
    if (url == std::string::npos && imp == std::string::npos) break;
    const size_t at = std::min(url, imp);
    size_t start = at + (url <= imp ? 4 : 7);
    while (start < css.size() && (css[start] == ' ' || css[start] == '"' || css[start] == '\'' || css[start] == '(' ||
                                  lower.compare(start, 4, "url(") == 0)) {
      start += lower.compare(start, 4, "url(") == 0 ? 4 : 1;
    }
    size_t end = start;
    while (end < css.size() && css[end] != ')' && css[end] != '"' && css[end] != '\'' && css[end] != ';' &&
           css[end] != ' ') {
      ++end;
    }
    const std::string_view value = css.substr(start, end - start);
    for (; counted < at; ++counted) l += css[counted] == '\n';
    if (!value.empty()) out.push_back({{std::string(value), tag, l}, true});
    pos = end + 1;
  }
}

std::vector<FoundUrl> ScanHtml(std::string_view html) {
  std::vector<FoundUrl> out;
  const std::string lower_html = Lower(html);
  uint32_t line = 1;
  size_t i = 0;
  auto advance_to = [&](size_t to) {
    for (; i < to && i < html.size(); ++i) line += html[i] == '\n';
  };
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    advance_to(lt);
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      advance_to(end == std::string_view::npos ? html.size() : end + 3);
      continue;
    }
    size_t p = lt + 1;
    if (p >= html.size() || !std::isalpha(static_cast<unsigned char>(html[p]))) {
      advance_to(lt + 1);
      continue;
    }
    const size_t name_start = p;
    while (p < html.size() && (std::isalnum(static_cast<unsigned char>(html[p])) || html[p] == '-')) ++p;
    const std::string tag = Lower(html.substr(name_start, p - name_start));
    const uint32_t tag_line = line;
    // Attributes.
    std::vector<std::pair<std::string, std::string>> attrs;
    while (p < html.size() && html[p] != '>') {
      while (p < html.size() && (std::isspace(static_cast<unsigned char>(html[p])) || html[p] == '/')) ++p;
      const size_t an = p;
      while (p < html.size() && !std::isspace(static_cast<unsigned char>(html[p])) && html[p] != '=' &&
             html[p] != '>' && html[p] != '/') {
        ++p;
      }
      std::string name = Lower(html.substr(an, p - an));
      while (p < html.size() && std::isspace(static_cast<unsigned char>(html[p]))) ++p;
      std::string value;
      if (p < html.size() && html[p] == '=') {
        ++p;
        while (p < html.size() && std::isspace(static_cast<unsigned char>(html[p]))) ++p;
        if (p < html.size() && (html[p] == '"' || html[p] == '\'')) {
          const char q = html[p++];
          const size_t end = html.find(q, p);
          const size_t stop = end == std::string_view::npos ? html.size() : end;
          value = std::string(html.substr(p, stop - p));
          p = stop + 1;
        } else {
          const size_t vs = p;
          while (p < html.size() && !std::isspace(static_cast<unsigned char>(html[p])) && html[p] != '>') ++p;
          value = std::string(html.substr(vs, p - vs));
        }
      }
      if (!name.empty()) attrs.emplace_back(std::move(name), std::move(value));
      if (an == p && p < html.size() && html[p] != '>') ++p;  // never stall
    }
    std::string rel;
    for (const auto& [n, v] : attrs) {
      if (n == "rel") rel = Lower(v);
    }
    for (const auto& [n, v] : attrs) {
      if (n == "src" || n == "href" || n == "data" || n == "poster" || n == "background") {
        out.push_back({{v, tag, tag_line}, LoadsAttribute(tag, n, rel)});
      }
      if (n == "style") ScanCss(v, tag_line, tag, out);
    }
    advance_to(p + 1);
    if (tag == "style" || tag == "script") {
      const std::string close = "</" + tag;
      const size_t end = lower_html.find(close, i);
      const size_t stop = end == std::string::npos ? html.size() : end;
      if (tag == "style") ScanCss(html.substr(i, stop - i), line, "css", out);
      advance_to(stop);
    }
  }
  return out;
}

/// A URL that names a file of the package: not absolute, not data:/javascript:/mailto:, not
/// only a fragment.
bool IsLocal(std::string_view url) {
  size_t b = 0;
  while (b < url.size() && std::isspace(static_cast<unsigned char>(url[b]))) ++b;
  url.remove_prefix(b);
  if (url.empty() || url.front() == '#' || url.front() == '/' || url.front() == '?' || IsAbsoluteUrl(url)) {
    return false;
  }
  // A scheme ("javascript:", "mailto:", "data:") is letters, digits, + - . before the first ':'.
  const size_t colon = url.find(':');
  if (colon != std::string_view::npos && url.substr(0, colon).find_first_of("/?#") == std::string_view::npos) {
    return false;
  }
  // Template placeholders of authoring tools ("{{src}}", "<%= x %>", "${x}") are not paths.
  return url.find_first_of("{}<>$") == std::string_view::npos;
}

}  // namespace

std::vector<ExternalReference> FindExternalReferences(std::string_view html) {
  std::vector<ExternalReference> out;
  for (FoundUrl& f : ScanHtml(html)) {
    if (f.loads && IsAbsoluteUrl(f.reference.url)) out.push_back(std::move(f.reference));
  }
  return out;
}

std::vector<ExternalReference> FindLocalReferences(std::string_view text, bool is_css) {
  std::vector<FoundUrl> found;
  if (is_css) {
    ScanCss(text, 1, "css", found);
  } else {
    found = ScanHtml(text);
  }
  std::vector<ExternalReference> out;
  for (FoundUrl& f : found) {
    if (IsLocal(f.reference.url)) out.push_back(std::move(f.reference));
  }
  return out;
}

}  // namespace cpk::formats::content
