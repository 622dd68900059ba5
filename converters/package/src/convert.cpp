// One conversion: copy (and optimise) every content file into a spill file while hashing it,
// describe the result in manifest.json and report.json, and write the package atomically.
#include <algorithm>
#include <filesystem>
#include <set>

#include "content_copy.hpp"
#include "content_transforms.hpp"
#include "cpk/converters/package.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/sha256.hpp"
#include "cpk/io/spill_file.hpp"
#include "cpk/io/unicode.hpp"
#include "cpk/io/uri.hpp"
#include "cpk/io/versions.hpp"
#include "media_conversion.hpp"

namespace cpk::package {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kContentFolder = "content/";
/// A standalone PDF, video or audio upload becomes a course with one item and one resource.
void MakeCourseOfSingleUpload(CourseModel& model, const NamePlan& plan) {
  if (!model.resources.empty() || plan.names.size() != 1) return;
  const std::string& kind = model.source.kind;
  if (kind != "pdf" && kind != "video") return;
  const std::string& path = plan.names.begin()->first;
  const std::string mime = normalised::MimeTypeOf(path);
  Resource r;
  r.type = kind == "pdf" ? "pdf" : mime.starts_with("audio/") ? "audio" : "video";
  r.id = r.type.substr(0, 1) + "1";
  r.launch = path;
  r.files = {path};
  MakeSingleResourceCourse(model, std::move(r));
}

/// Drops references a forced conversion of a broken source would leave dangling (the source's
/// findings in report.json say what was wrong): items launching resources that do not exist
/// become plain nodes, and launch files that are not in the package are cleared.
void DropDanglingReferences(CourseModel& model, const std::map<std::string, File>& files) {
  std::set<std::string> ids;
  for (Resource& r : model.resources) {
    ids.insert(r.id);
    if (!r.launch.empty() && !io::HasScheme(r.launch) && !files.contains(r.launch)) r.launch.clear();
  }
  std::vector<Item*> stack;
  for (Organization& org : model.organizations) {
    for (Item& i : org.items) stack.push_back(&i);
  }
  while (!stack.empty()) {
    Item* item = stack.back();
    stack.pop_back();
    if (!item->resource.empty() && !ids.contains(item->resource)) item->resource.clear();
    for (Item& c : item->children) stack.push_back(&c);
  }
}

/// The scripts each resource's pages are written in (from the text of its HTML files, up to
/// 4 MiB per resource), so that a player can pick fonts before it opens a page.
Status DetectScripts(CourseModel& model, const std::vector<normalised::OutputFile>& outputs,
                     const io::SpillFile& spill) {
  constexpr uint64_t kMaxTextBytes = 4ull << 20;
  std::map<std::string, io::SpillFile::Range> ranges;
  for (const normalised::OutputFile& f : outputs) ranges.emplace(f.path, f.range);
  for (Resource& r : model.resources) {
    std::vector<std::string> pages = r.files;
    pages.insert(pages.begin(), r.launch);
    std::string text;
    std::set<std::string> seen;
    for (const std::string& page : pages) {
      const std::string mime = normalised::MimeTypeOf(page);
      if (mime != "text/html" && mime != "application/xhtml+xml") continue;
      const auto it = ranges.find(page);
      if (it == ranges.end() || !seen.insert(page).second || text.size() + it->second.size > kMaxTextBytes) continue;
      CPK_ASSIGN_OR_RETURN(const std::string html, spill.Read(it->second));
      text += io::VisibleTextOfHtml(html);
    }
    r.scripts = io::ScriptsOf(text);
  }
  return Ok();
}

/// Versions of the libraries that shaped the output, for report.json.
std::vector<std::pair<std::string, std::string>> LibraryVersions() {
  std::vector<std::pair<std::string, std::string>> out = io::LibraryVersions();
  for (auto& v : ContentTransformLibraryVersions()) out.push_back(std::move(v));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

Result<ConvertStats> ConvertToCoursepack(Source& source, const CourseModel& model, Report& report,
                                         const ConvertRequest& request, const ReadContext& context) {
  CPK_ASSIGN_OR_RETURN(std::shared_ptr<io::SpillFile> spill, io::SpillFile::Create(OutputFolder(request.output)));
  CPK_ASSIGN_OR_RETURN(CopiedContent copied,
                       CopyContent(source, model, report, request, context, *spill, kContentFolder));
  const NamePlan& plan = copied.plan;
  std::vector<normalised::OutputFile>& outputs = copied.outputs;
  std::map<std::string, File>& files = copied.files;
  const uint64_t bytes_in = copied.bytes_in, bytes_out = copied.bytes_out;

  // The model of the package: paths under content/, the files as written.
  CourseModel out = model;
  MakeCourseOfSingleUpload(out, plan);
  out.source.sha256 = copied.source_sha256;
  out.id = out.source.sha256;
  normalised::ManifestInfo manifest_info;
  manifest_info.profile = request.profile;
  manifest_info.identifier = model.id;
  for (Resource& r : out.resources) {
    std::set<std::string> counted;
    r.launch = InPackage(plan, kContentFolder, r.launch);
    // Files the source lists but lacks (reported as the format's own findings) are not listed.
    std::vector<std::string> present;
    for (const std::string& f : r.files) {
      std::string path = InPackage(plan, kContentFolder, f);
      if (files.contains(path) && std::find(present.begin(), present.end(), path) == present.end()) {
        present.push_back(std::move(path));
      }
    }
    r.files = std::move(present);
    r.bytes = 0;
    for (const std::string& f : r.files) {
      if (const auto it = files.find(f); it != files.end() && counted.insert(f).second) r.bytes += it->second.bytes;
    }
    if (const auto it = files.find(r.launch); it != files.end() && counted.insert(r.launch).second) {
      r.bytes += it->second.bytes;
    }
  }

  // A standalone video or audio upload: its HLS ladder replaces the file.
  if (source.kind() == SourceKind::kFile && out.resources.size() == 1 &&
      (out.resources[0].type == "video" || out.resources[0].type == "audio")) {
    CPK_TRY(ConvertStandaloneMedia(source, out.resources[0], request, context, report, *spill, outputs, files,
                                   copied.statistics));
  }
  DropDanglingReferences(out, files);
  CPK_TRY(DetectScripts(out, outputs, *spill));

  normalised::ReportInfo report_info;
  report_info.input_name = model.source.file;
  report_info.profile = request.profile;
  report_info.forced = request.forced;
  report_info.libraries = LibraryVersions();
  report_info.statistics = {
      {"files", outputs.size()}, {"content_bytes_in", bytes_in}, {"content_bytes_out", bytes_out}};
  for (const auto& [name, value] : copied.statistics) report_info.statistics.emplace_back(name, value);
  std::string report_json = normalised::ReportJson(report, report_info);
  files[std::string(normalised::kReportPath)] =
      File{std::string(normalised::kReportPath), report_json.size(), "application/json", io::Sha256Hex(report_json)};
  out.files.clear();
  for (auto& [path, file] : files) out.files.push_back(std::move(file));
  std::string manifest_json = normalised::ManifestJson(out, manifest_info);

  std::sort(outputs.begin(), outputs.end(),
            [](const normalised::OutputFile& a, const normalised::OutputFile& b) { return a.path < b.path; });
  const uint64_t manifest_bytes = manifest_json.size(), report_bytes = report_json.size();
  CPK_TRY(normalised::WritePackage({request.output, request.directory}, std::move(manifest_json),
                                   std::move(report_json), spill, outputs, context.cancel, context.progress));

  ConvertStats stats;
  std::error_code ec;
  uint64_t written = 0;
  if (!request.directory) {
    written = fs::file_size(request.output, ec);
  } else {
    written = bytes_out + manifest_bytes + report_bytes;
  }
  stats.counts = {{"files", outputs.size() + 2},
                  {"bytes_in", model.source.bytes != 0 ? model.source.bytes : bytes_in},
                  {"bytes_out", written},
                  {"content_bytes_in", bytes_in},
                  {"content_bytes_out", bytes_out}};
  for (const auto& [name, value] : copied.statistics) stats.counts.emplace_back(name, value);
  return stats;
}

void Register(Registry& registry) {
  PackageWriter writer;
  writer.format = "coursepack";
  writer.description = "normalised course package coursepack/1 (.cpk or folder)";
  writer.write = ConvertToCoursepack;
  registry.AddPackageWriter(std::move(writer));
  PackageWriter ecar;
  ecar.format = "ecar";
  ecar.description = "Sunbird ECAR (EkStep content archive)";
  ecar.write = ExportEcar;
  registry.AddPackageWriter(std::move(ecar));
}

}  // namespace cpk::package
