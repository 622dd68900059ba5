#pragma once
/// @file scorm_codes.hpp
/// Diagnostic codes of SCORM content packages. See docs/diagnostics.md.
/// @since 0.1

#include "cpk/core/diagnostic.hpp"

namespace cpk::codes {

CPK_DIAGNOSTIC_CODE(kScormSchema, "scorm.schema", kError);
CPK_DIAGNOSTIC_CODE(kScormExtensionUnknown, "scorm.extension.unknown", kWarning);
CPK_DIAGNOSTIC_CODE(kScormVersionInferred, "scorm.version-inferred", kWarning);
CPK_DIAGNOSTIC_CODE(kScormVersionUnknown, "scorm.version-unknown", kError);
CPK_DIAGNOSTIC_CODE(kScormManifestNameCase, "scorm.manifest.name-case", kWarning);
CPK_DIAGNOSTIC_CODE(kScormIdentifierDuplicate, "scorm.identifier.duplicate", kError);
CPK_DIAGNOSTIC_CODE(kScormOrganizationNone, "scorm.organization.none", kWarning);
CPK_DIAGNOSTIC_CODE(kScormOrganizationDefaultMissing, "scorm.organization.default-missing", kWarning);
CPK_DIAGNOSTIC_CODE(kScormOrganizationTitleMissing, "scorm.organization.title-missing", kError);
CPK_DIAGNOSTIC_CODE(kScormItemTitleMissing, "scorm.item.title-missing", kError);
CPK_DIAGNOSTIC_CODE(kScormItemResourceMissing, "scorm.item.resource-missing", kError);
CPK_DIAGNOSTIC_CODE(kScormItemLeafWithoutResource, "scorm.item.leaf-without-resource", kError);
CPK_DIAGNOSTIC_CODE(kScormItemMasteryScoreInvalid, "scorm.item.masteryscore-invalid", kError);
CPK_DIAGNOSTIC_CODE(kScormItemPrerequisitesInvalid, "scorm.item.prerequisites-invalid", kWarning);
CPK_DIAGNOSTIC_CODE(kScormResourceHrefMissing, "scorm.resource.href-missing", kError);
CPK_DIAGNOSTIC_CODE(kScormResourceHrefCaseMismatch, "scorm.resource.href-case-mismatch", kWarning);
CPK_DIAGNOSTIC_CODE(kScormResourceHrefEncoding, "scorm.resource.href-encoding", kWarning);
CPK_DIAGNOSTIC_CODE(kScormResourceHrefOutside, "scorm.resource.href-outside", kError);
CPK_DIAGNOSTIC_CODE(kScormResourceScormTypeMissing, "scorm.resource.scormtype-missing", kError);
CPK_DIAGNOSTIC_CODE(kScormFileMissing, "scorm.file.missing", kWarning);
CPK_DIAGNOSTIC_CODE(kScormFileUnlisted, "scorm.file.unlisted", kInfo);
CPK_DIAGNOSTIC_CODE(kScormDependencyMissing, "scorm.dependency.missing", kError);
CPK_DIAGNOSTIC_CODE(kScormLaunchNone, "scorm.launch.none", kError);
CPK_DIAGNOSTIC_CODE(kScormSequencingInvalid, "scorm.sequencing.invalid", kError);
CPK_DIAGNOSTIC_CODE(kScormMetadataMissing, "scorm.metadata.missing", kWarning);

}  // namespace cpk::codes
