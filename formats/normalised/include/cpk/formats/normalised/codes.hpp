#pragma once
/// @file codes.hpp
/// Diagnostic codes of normalised packages (`coursepack verify`). See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kPackageManifestMissing, "package.manifest-missing", kError);
CPK_DIAGNOSTIC_CODE(kPackageSchema, "package.schema", kError);
CPK_DIAGNOSTIC_CODE(kPackageFileMissing, "package.file-missing", kError);
CPK_DIAGNOSTIC_CODE(kPackageFileCorrupt, "package.file-corrupt", kError);
CPK_DIAGNOSTIC_CODE(kPackageFileUnlisted, "package.file-unlisted", kError);
CPK_DIAGNOSTIC_CODE(kPackageReferenceMissing, "package.reference-missing", kError);
CPK_DIAGNOSTIC_CODE(kPackageLayout, "package.layout", kWarning);

}  // namespace cpk::codes
