#pragma once
/// @file codes.hpp
/// Diagnostic codes of sdk/io: input, archive safety, XML. See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

// The input as a whole.
CPK_DIAGNOSTIC_CODE(kInputUnreadable, "input.unreadable", kError);
CPK_DIAGNOSTIC_CODE(kInputNotAZip, "input.not-a-zip", kError);
CPK_DIAGNOSTIC_CODE(kInputSymlink, "input.symlink", kError);

// Archive safety (sdk/io enforces these; an entry that breaks one is never read as content).
CPK_DIAGNOSTIC_CODE(kZipPathTraversal, "zip.path-traversal", kError);
CPK_DIAGNOSTIC_CODE(kZipAbsolutePath, "zip.absolute-path", kError);
CPK_DIAGNOSTIC_CODE(kZipSymlink, "zip.symlink", kError);
CPK_DIAGNOSTIC_CODE(kZipTooManyEntries, "zip.too-many-entries", kError);
CPK_DIAGNOSTIC_CODE(kZipTooLarge, "zip.too-large", kError);
CPK_DIAGNOSTIC_CODE(kZipBomb, "zip.bomb", kError);
CPK_DIAGNOSTIC_CODE(kZipEncrypted, "zip.encrypted", kError);
CPK_DIAGNOSTIC_CODE(kZipDuplicateEntry, "zip.duplicate-entry", kError);
CPK_DIAGNOSTIC_CODE(kZipCaseCollision, "zip.case-collision", kWarning);
CPK_DIAGNOSTIC_CODE(kZipBackslashSeparator, "zip.backslash-separator", kWarning);
CPK_DIAGNOSTIC_CODE(kZipNameEncoding, "zip.name-encoding", kWarning);
CPK_DIAGNOSTIC_CODE(kZipCorrupt, "zip.corrupt", kError);
CPK_DIAGNOSTIC_CODE(kZipUnsupportedCompression, "zip.unsupported-compression", kError);

// XML.
CPK_DIAGNOSTIC_CODE(kXmlMalformed, "xml.malformed", kError);
CPK_DIAGNOSTIC_CODE(kXmlEntityBlocked, "xml.entity-blocked", kError);
CPK_DIAGNOSTIC_CODE(kXmlTooLarge, "xml.too-large", kError);
CPK_DIAGNOSTIC_CODE(kXmlTooDeep, "xml.too-deep", kError);
CPK_DIAGNOSTIC_CODE(kXmlNamespace, "xml.namespace", kWarning);

}  // namespace cpk::codes
