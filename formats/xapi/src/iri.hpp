#pragma once
// IRIs and package paths for tincan.xml. (formats/cmi5 has the same rules for its ids; formats
// do not share code, so the few lines are repeated here.)

#include <optional>
#include <string>
#include <string_view>

namespace cpk::formats::xapi::internal {

/// `text` without leading and trailing XML whitespace.
std::string TrimXmlSpace(std::string_view text);

/// True when `text` starts with a URI scheme followed by ':'.
bool HasScheme(std::string_view text);

/// Why `text` is not an absolute IRI, in words ("has no scheme ..."); empty when it is one.
std::string IriProblem(std::string_view text);

/// `text` with %XX escapes decoded; nullopt when an escape is broken.
std::optional<std::string> PercentDecode(std::string_view text);

/// A package-relative path with "." and ".." segments resolved; nullopt when it climbs above
/// the package root.
std::optional<std::string> NormalisePackagePath(std::string_view path);

}  // namespace cpk::formats::xapi::internal
