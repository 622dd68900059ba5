#pragma once
// Resolving manifest hrefs to package paths: xml:base, query and fragment, percent-decoding,
// dot segments, NFC. What a browser would do with the href, so that lookups match reality.

#include <string>
#include <string_view>

namespace cpk::formats::scorm::internal {

struct ResolvedHref {
  std::string path;              // package-relative path, decoded and normalised (empty when external)
  std::string query;             // "?a=b" and/or "#frag", as written
  bool external = false;         // an absolute URL (http:, https:, ...): not looked up
  int escapes = 0;               // how many levels '..' climbed above the package root (0 = inside)
  std::string encoding_problem;  // why the href is not a valid URI reference, or empty
};

/// Resolves `href` against `base` (the concatenated xml:base values, may be empty).
ResolvedHref ResolveHref(std::string_view base, std::string_view href);

/// True when `text` starts with a URI scheme ("http:", "urn:", ...).
bool HasScheme(std::string_view text);

}  // namespace cpk::formats::scorm::internal
