#pragma once
/// @file ecar.hpp
/// Sunbird ECAR (EkStep Content ARchive): the zip a Sunbird-based platform imports. It holds
/// `manifest.json` (`id` "ekstep.content.archive", `ver` "1.2", `archive.items[]`) and, per
/// item, a folder named after the item's identifier with its artifact (the content: a zip of
/// HTML for `application/vnd.ekstep.html-archive`, a PDF, a video) and its icon. This module
/// writes the manifest; converters/package writes the archive (docs/ecar.md).
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::ecar {

/// One item of `archive.items`.
struct Item {
  std::string identifier{};  ///< "do_" and digits
  std::string name{};
  std::string description{};
  std::string mime_type{};         ///< application/vnd.ekstep.html-archive, application/pdf, video/mp4
  std::string content_encoding{};  ///< "gzip" for zip artifacts (extracted on import), else "identity"
  std::string content_disposition = "inline";
  std::string visibility = "Default";
  double pkg_version = 1;
  std::string artifact_url{};            ///< path inside the ECAR: "<identifier>/<file>"
  std::string app_icon{};                ///< path inside the ECAR
  uint64_t size = 0;                     ///< bytes of the artifact
  std::vector<std::string> languages{};  ///< Sunbird language names ("Hindi", "English")
  std::string content_type = "Resource";
  std::string resource_type = "Learn";
  std::string launch{};  ///< the page the artifact opens with, relative to its root (html archives)
};

/// The whole manifest.
struct Manifest {
  std::string ts{};        ///< when the archive was made, ISO 8601 UTC
  std::string resmsgid{};  ///< a UUID
  uint32_t ttl = 24;       ///< hours, as Sunbird writes it
  std::vector<Item> items{};
};

/// manifest.json of an ECAR.
std::string ManifestJson(const Manifest& manifest);

/// Sunbird's name of a language ("hi" → "Hindi"), or empty when it has none.
std::string SunbirdLanguageName(std::string_view bcp47);

/// A Sunbird-style identifier ("do_" and 20 digits) derived from a SHA-256 (hex): the same
/// content gets the same identifier.
std::string IdentifierFromSha256(std::string_view sha256_hex);

/// A UUID (version 5 layout, RFC 4122) derived from a SHA-256 (hex).
std::string UuidFromSha256(std::string_view sha256_hex);

/// `seconds` since 1970 as "2019-08-26T10:02:30Z".
std::string IsoTimestamp(int64_t seconds);

}  // namespace cpk::ecar
