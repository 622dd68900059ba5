#pragma once
/// @file scorm.hpp
/// SCORM 1.2 and 2004 content packages (imsmanifest.xml).
/// @since 0.1

#include <string>
#include <string_view>

#include "cpk/core/registry.hpp"

namespace cpk::formats::scorm {

/// The SCORM version a manifest declares.
struct ScormVersion {
  std::string kind{};     ///< "scorm12" or "scorm2004"; empty when unknown
  std::string edition{};  ///< "1.2", "2004 2nd Edition", "2004 3rd Edition", "2004 4th Edition", or "2004"
};

/// Maps a `<schemaversion>` value to a version ("CAM 1.3" is 2004 2nd Edition). Unknown values
/// give an empty kind.
ScormVersion VersionFromSchemaVersion(std::string_view schemaversion);

/// Registers the SCORM detector and reader.
void Register(Registry& registry);

}  // namespace cpk::formats::scorm
