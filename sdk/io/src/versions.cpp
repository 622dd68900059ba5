#include "cpk/io/versions.hpp"

#include <libxml/xmlversion.h>
#include <openssl/crypto.h>
#include <unicode/uversion.h>
#include <zip.h>
#include <zlib.h>

namespace cpk::io {

std::vector<std::pair<std::string, std::string>> LibraryVersions() {
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_text);
  return {{"icu", icu_text},
          {"libcrypto", OpenSSL_version(OPENSSL_VERSION_STRING)},
          {"libxml2", LIBXML_DOTTED_VERSION},
          {"libzip", zip_libzip_version()},
          {"zlib", zlibVersion()}};
}

}  // namespace cpk::io
