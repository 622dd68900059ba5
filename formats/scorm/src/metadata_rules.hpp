#pragma once
// The content models of the metadata a SCORM manifest may carry inline, checked natively as
// structure_rules.cpp checks the manifest itself: IEEE LOM (SCORM 2004, lom.xsd as ADL ships it)
// and IMS Metadata 1.2.1 (SCORM 1.2, imsmd_rootv1p2p1.xsd). Findings are `scorm.schema`.

#include <functional>
#include <string>
#include <string_view>

#include "cpk/core/report.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::scorm::internal {

/// True when `v` is one of the '|'-separated `values` (a schema enumeration).
bool InVocabulary(std::string_view values, std::string_view v);

inline constexpr std::string_view kLomNs = "http://ltsc.ieee.org/xsd/LOM";
inline constexpr std::string_view kImsmdNs = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";

/// Checks a `<lom>` element of namespace kLomNs against the composite lom.xsd of SCORM 2004:
/// any order and number of children, the LOMv1.0 vocabularies (strict), the uniqueness of the
/// elements LOM allows once, language tags, sizes, the LOM dateTime and duration patterns, and
/// no extension elements or attributes (extend/strict.xsd).
void CheckLom(const xml::Element& lom, const std::string& file, Report& report);

/// Whether IMS Metadata 1.2.1 declares a global element with this local name (every element of
/// that schema is global, so SCORM 1.2's strict wildcards accept each of them anywhere).
bool IsImsmdElement(std::string_view name);

/// Checks an element of namespace kImsmdNs that IsImsmdElement() accepts. IMS MD's own
/// wildcard (`##any`, strict) takes any globally declared element after the listed children;
/// `foreign` is called for each such element outside kImsmdNs and reports what is wrong with it.
void CheckImsmd(const xml::Element& e, const std::string& file, Report& report,
                const std::function<void(const xml::Element&)>& foreign);

}  // namespace cpk::formats::scorm::internal
