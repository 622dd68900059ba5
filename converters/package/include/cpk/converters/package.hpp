#pragma once
/// @file package.hpp
/// Plan and run a whole conversion: a validated course (its Source and CourseModel) becomes a
/// normalised package `coursepack/1` (docs/package.md), web content copied under content/
/// with junk dropped, names that pages reference in another letter case fixed, images
/// optimised for phones, and every file listed with its size and SHA-256.
/// @since 0.1

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cpk/core/registry.hpp"

namespace cpk::package {

/// Writes the course read from `source` as a normalised package at `request.output` (a .cpk,
/// or a folder with `request.directory`). `report` holds the validation findings; the
/// conversion adds its own and writes them all into report.json. Deterministic: the same
/// source and request give byte-identical output. Atomic: the output appears complete or not
/// at all.
Result<ConvertStats> ConvertToCoursepack(Source& source, const CourseModel& model, Report& report,
                                         const ConvertRequest& request, const ReadContext& context);

/// The name each content file gets in the package. A file that pages or the descriptor
/// reference only in another letter case (`Images/Logo.PNG` named as `images/logo.png`) takes
/// the referenced name, so the reference works on case-sensitive servers and phones. A file
/// also referenced under its own name keeps it (two names differing only in case cannot live
/// side by side on every file system).
struct NamePlan {
  std::map<std::string, std::string> names{};  ///< source path → package name (without content/)
};

/// Works out the NamePlan of `source` by scanning `model`'s resources and every HTML page and
/// style sheet (up to `max_page_bytes` each). Each rename is reported as `convert.case-fixed`
/// (info).
NamePlan PlanNames(Source& source, const CourseModel& model, Report& report, uint64_t max_page_bytes);

/// Writes the course as a Sunbird ECAR at `request.output` (docs/ecar.md): one item whose
/// artifact is a zip of the web content opening with index.html (SCORM, HTML5, xAPI, cmi5), or
/// the PDF or video itself, with a generated icon. Fails with kUnsupported for a course with
/// nothing to launch inside the package.
Result<ConvertStats> ExportEcar(Source& source, const CourseModel& model, Report& report, const ConvertRequest& request,
                                const ReadContext& context);

/// Registers the "coursepack" and "ecar" package writers.
void Register(Registry& registry);

}  // namespace cpk::package
