#pragma once
/// @file normalised.hpp
/// The normalised package `coursepack/1` (docs/package.md): its JSON Schema, manifest.json and
/// report.json, the writer that puts a package on disk atomically, and the verifying reader
/// behind `coursepack verify` and `coursepack inspect PKG`.
/// @since 0.1

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/course_model.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/registry.hpp"
#include "cpk/core/report.hpp"
#include "cpk/core/result.hpp"
#include "cpk/core/source.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::normalised {

/// The value of manifest.json's "format".
inline constexpr std::string_view kFormatName = "coursepack/1";
inline constexpr std::string_view kManifestPath = "manifest.json";
inline constexpr std::string_view kReportPath = "report.json";

/// The JSON Schema (2020-12) of manifest.json; `#/$defs/report` describes report.json.
std::string_view SchemaText();

/// What manifest.json says besides the CourseModel.
struct ManifestInfo {
  std::string profile = "standard";  ///< "standard" or "low-bandwidth"
  std::string identifier{};          ///< the source's own identifier (e.g. the SCORM manifest's)
};

/// manifest.json for `model`: its resources' paths are package paths and `model.files` lists
/// every file of the package (report.json included) with size, SHA-256 and MIME type. The
/// default organisation becomes "organization", the others "otherOrganizations".
std::string ManifestJson(const CourseModel& model, const ManifestInfo& info);

/// Reads manifest.json back into a CourseModel (no schema check: see VerifyPackage).
Result<CourseModel> ParseManifest(std::string_view json, ManifestInfo* info = nullptr);

/// What report.json says besides the report: how the package was made.
struct ReportInfo {
  std::string input_name{};  ///< file name of the upload (never a full path)
  std::string profile = "standard";
  bool forced = false;
  std::vector<std::pair<std::string, std::string>> libraries{};  ///< name → version
  std::vector<std::pair<std::string, uint64_t>> statistics{};    ///< name → count
};

/// report.json: the report's findings (with `input` reduced to the upload's file name), plus
/// `info`. Deterministic: no times or absolute paths.
std::string ReportJson(const Report& report, const ReportInfo& info);

/// MIME type of a package file, from its extension ("application/octet-stream" if unknown).
std::string MimeTypeOf(std::string_view path);

/// True for files that are stored uncompressed in a .cpk (images, audio, video, PDF, fonts,
/// archives): they are compressed already and a client reads them by byte range.
bool IsStoredUncompressed(std::string_view mime);

/// One file of a package being written: its bytes are a range of a spill file.
struct OutputFile {
  std::string path{};
  io::SpillFile::Range range{};
};

/// Where and how to write.
struct WriteTarget {
  std::string path{};      ///< the .cpk file, or the folder with `directory`
  bool directory = false;  ///< write a folder instead of a zip
};

/// Writes a package: manifest.json first, then report.json, then `files` in the order given
/// (sort them for deterministic output). A .cpk appears at `target.path` atomically; a folder
/// is staged beside it and renamed into place. On any failure or cancellation nothing is left.
Status WritePackage(const WriteTarget& target, std::string manifest_json, std::string report_json,
                    std::shared_ptr<const io::SpillFile> spill, const std::vector<OutputFile>& files,
                    const CancellationToken& cancel = {}, const ProgressCallback& progress = {});

/// Checks the package open in `source`: manifest.json present and valid against the schema,
/// every listed file present with its size and SHA-256, nothing unlisted, every path the
/// manifest uses listed, and the .cpk layout (manifest first, media stored). Fills `model` from
/// the manifest. Findings go to `report` (package.* codes).
Status VerifyPackage(Source& source, const ReadContext& context, CourseModel& model, Report& report);

/// Registers the "coursepack" format (a normalised package given as input).
void Register(Registry& registry);

}  // namespace cpk::normalised
