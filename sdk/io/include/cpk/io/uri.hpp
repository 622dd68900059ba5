#pragma once
/// @file uri.hpp
/// IRIs, URLs and language tags as course descriptors write them (cmi5 ids must be fully
/// qualified IRIs, AU and launch urls are URLs absolute or relative to the package root,
/// titles carry BCP 47 tags). Shared by the format readers.
/// @since 0.1

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::io {

/// `text` without leading and trailing XML whitespace (cmi5 13.1.0.0-1 asks for this on import).
std::string TrimXmlSpace(std::string_view text);

/// True when `text` starts with a URI scheme followed by ':' (RFC 3986: ALPHA *(ALPHA / DIGIT /
/// "+" / "-" / ".")).
bool HasScheme(std::string_view text);

/// Why `text` is not a fully qualified (absolute) IRI, in words ("has no scheme ..."); empty
/// when it is one.
std::string IriProblem(std::string_view text);

/// Why `url` cannot be read as a URL (a space, a character URLs never allow unescaped, a broken
/// %-escape, a web URL without a host, ...); empty when it can.
std::string UrlSyntaxProblem(std::string_view url);

/// The names of the query parameters of `url` (between '?' and '#'), %-decoded, in order.
std::vector<std::string> QueryParameterNames(std::string_view url);

/// A URL cut at its first '?' or '#': the path part and the rest (with the '?' or '#').
struct UrlParts {
  std::string path{};
  std::string suffix{};
};
UrlParts SplitUrl(std::string_view url);

/// `text` with %XX escapes decoded; nullopt when an escape is broken.
std::optional<std::string> PercentDecode(std::string_view text);

/// A package-relative path with "." and ".." segments resolved and doubled '/' removed; nullopt
/// when it climbs above the package root.
std::optional<std::string> NormalisePackagePath(std::string_view path);

/// A BCP 47 tag in its canonical letter case: "en-us" -> "en-US", "sr-latn-rs" -> "sr-Latn-RS".
std::string CanonicalLanguageTag(std::string_view tag);

}  // namespace cpk::io
