#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <ctime>

#include "cpk/formats/ecar.hpp"

namespace cpk::ecar {
namespace {

using nlohmann::ordered_json;

uint64_t HexPrefix(std::string_view hex, size_t digits) {
  uint64_t v = 0;
  for (size_t i = 0; i < digits && i < hex.size(); ++i) {
    const char c = hex[i];
    v = v * 16 + static_cast<uint64_t>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
  }
  return v;
}

}  // namespace

std::string ManifestJson(const Manifest& manifest) {
  ordered_json items = ordered_json::array();
  for (const Item& item : manifest.items) {
    ordered_json j;
    j["identifier"] = item.identifier;
    j["name"] = item.name;
    if (!item.description.empty()) j["description"] = item.description;
    j["objectType"] = "Content";
    j["contentType"] = item.content_type;
    j["resourceType"] = item.resource_type;
    j["mimeType"] = item.mime_type;
    j["mediaType"] = "content";
    j["contentEncoding"] = item.content_encoding;
    j["contentDisposition"] = item.content_disposition;
    j["visibility"] = item.visibility;
    j["status"] = "Live";
    j["pkgVersion"] = item.pkg_version;
    j["compatibilityLevel"] = 4;
    j["osId"] = "org.ekstep.quiz.app";
    j["language"] = item.languages.empty() ? std::vector<std::string>{"English"} : item.languages;
    j["artifactUrl"] = item.artifact_url;
    j["downloadUrl"] = item.artifact_url;
    j["appIcon"] = item.app_icon;
    j["size"] = item.size;
    if (!item.launch.empty()) j["entryPoint"] = item.launch;
    j["variants"] = nullptr;
    items.push_back(std::move(j));
  }
  ordered_json m;
  m["id"] = "ekstep.content.archive";
  m["ver"] = "1.2";
  m["ts"] = manifest.ts;
  m["params"] = {{"resmsgid", manifest.resmsgid}};
  m["archive"] = {{"count", manifest.items.size()}, {"ttl", manifest.ttl}, {"items", std::move(items)}};
  return m.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string SunbirdLanguageName(std::string_view bcp47) {
  const std::string_view primary = bcp47.substr(0, bcp47.find('-'));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kNames{{
      {"as", "Assamese"},  {"bn", "Bengali"},   {"brx", "Bodo"},    {"en", "English"},  {"gu", "Gujarati"},
      {"hi", "Hindi"},     {"kn", "Kannada"},   {"kok", "Konkani"}, {"ks", "Kashmiri"}, {"mai", "Maithili"},
      {"ml", "Malayalam"}, {"mni", "Manipuri"}, {"mr", "Marathi"},  {"ne", "Nepali"},   {"or", "Odia"},
      {"pa", "Punjabi"},   {"sa", "Sanskrit"},  {"sat", "Santali"}, {"sd", "Sindhi"},   {"ta", "Tamil"},
      {"te", "Telugu"},    {"ur", "Urdu"},
  }};
  for (const auto& [code, name] : kNames) {
    if (code == primary) return std::string(name);
  }
  return {};
}

std::string IdentifierFromSha256(std::string_view sha256_hex) {
  // 64 bits of the hash as 20 decimal digits, like Sunbird's "do_1128..." identifiers.
  char digits[32];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(HexPrefix(sha256_hex, 16)));
  return std::string("do_") + digits;
}

std::string UuidFromSha256(std::string_view sha256_hex) {
  std::string h(sha256_hex.substr(0, 32));
  h.resize(32, '0');
  h[12] = '5';                                                          // version 5
  h[16] = "89ab"[HexPrefix(std::string_view(h).substr(16, 1), 1) & 3];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string IsoTimestamp(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace cpk::ecar
