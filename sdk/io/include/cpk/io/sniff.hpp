#pragma once
/// @file sniff.hpp
/// Cheap looks at the start of an entry, for format detectors.
/// @since 0.1

#include <cstddef>
#include <string>
#include <string_view>

#include "cpk/core/source.hpp"

namespace cpk::io {

/// Up to `max_bytes` from the start of `entry` (fewer when it is shorter or unreadable).
std::string ReadHead(Source& source, const EntryInfo& entry, size_t max_bytes);

/// Where a format's descriptor file (imsmanifest.xml, cmi5.xml, tincan.xml) is.
struct DescriptorEntry {
  const EntryInfo* entry = nullptr;  ///< nullptr: there is none
  bool name_case_differs = false;    ///< found only ignoring letter case (e.g. "CMI5.XML")
};

/// The descriptor `name` at the package root: for a single-file source the file itself, else
/// the entry with exactly that name, else the first one equal to it ignoring case (which the
/// format then reports under its own code).
DescriptorEntry FindDescriptor(const Source& source, std::string_view name);

/// True when `source` is a single file whose first XML element has the local name `local_name`
/// (looked up in its first 64 KiB, without parsing the document).
bool XmlRootIs(Source& source, std::string_view local_name);

}  // namespace cpk::io
