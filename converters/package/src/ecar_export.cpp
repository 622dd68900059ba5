// Sunbird ECAR export: the course as one item of an ECAR, its artifact the content (a zip of
// the web content, or the PDF or video) and a generated icon.
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "content_copy.hpp"
#include "cpk/converters/package.hpp"
#include "cpk/formats/ecar.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/uri.hpp"
#include "cpk/io/zip_writer.hpp"
#include "icon.hpp"
#include "media_conversion.hpp"

namespace cpk::package {
namespace {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string PickText(const LangMap& texts) {
  if (const auto en = texts.find("en"); en != texts.end()) return en->second;
  return texts.empty() ? std::string() : texts.begin()->second;
}

/// The first item of the default organisation that launches something, as its resource.
const Resource* FirstLaunchable(const CourseModel& model) {
  auto resource = [&](const std::string& id) -> const Resource* {
    for (const Resource& r : model.resources) {
      if (r.id == id && !r.launch.empty()) return &r;
    }
    return nullptr;
  };
  for (const Organization& org : model.organizations) {
    if (!model.default_organization.empty() && org.id != model.default_organization) continue;
    std::vector<const Item*> stack;
    for (auto it = org.items.rbegin(); it != org.items.rend(); ++it) stack.push_back(&*it);
    while (!stack.empty()) {
      const Item* item = stack.back();
      stack.pop_back();
      if (const Resource* r = resource(item->resource)) return r;
      for (auto it = item->children.rbegin(); it != item->children.rend(); ++it) stack.push_back(&*it);
    }
  }
  for (const Resource& r : model.resources) {
    if (!r.launch.empty()) return &r;
  }
  return nullptr;
}

int64_t ArchiveTime() {
  // SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the time for byte-identical archives.
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long v = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0' && v >= 0) return v;
  }
  return static_cast<int64_t>(std::time(nullptr));
}

bool IsWebCourse(const std::string& kind) {
  return kind == "scorm12" || kind == "scorm2004" || kind == "html5" || kind == "xapi" || kind == "cmi5";
}

}  // namespace

Result<ConvertStats> ExportEcar(Source& source, const CourseModel& model, Report& report, const ConvertRequest& request,
                                const ReadContext& context) {
  const std::string& kind = model.source.kind;
  if (!IsWebCourse(kind) && kind != "pdf" && kind != "video") {
    return Fail(Errc::kUnsupported, "an ECAR cannot be made from a '" + kind + "' source");
  }
  CPK_ASSIGN_OR_RETURN(std::shared_ptr<io::SpillFile> spill, io::SpillFile::Create(OutputFolder(request.output)));
  CPK_ASSIGN_OR_RETURN(CopiedContent copied, CopyContent(source, model, report, request, context, *spill, ""));
  if (copied.outputs.empty()) return Fail(Errc::kUnsupported, "the course has no files to export");

  ecar::Item item;
  item.identifier = ecar::IdentifierFromSha256(copied.source_sha256);
  item.name = PickText(model.title);
  if (item.name.empty()) item.name = std::filesystem::path(model.source.file).stem().string();
  item.description = PickText(model.description);
  for (const std::string& lang : model.languages) {
    if (std::string name = ecar::SunbirdLanguageName(lang); !name.empty()) item.languages.push_back(std::move(name));
  }
  const std::string folder = item.identifier + "/";
  io::SpillFile::Range artifact;
  std::string artifact_name;
  if (IsWebCourse(kind)) {
    // A zip of the web content that opens with index.html at its root, as Sunbird's HTML
    // player expects; a redirect page is added when the launch page is elsewhere.
    const Resource* launchable = FirstLaunchable(model);
    if (launchable == nullptr) return Fail(Errc::kUnsupported, "the course has nothing to launch");
    if (io::HasScheme(launchable->launch)) {
      return Fail(Errc::kUnsupported, "the course launches an external URL; an ECAR needs its content inside");
    }
    item.launch = InPackage(copied.plan, "", launchable->launch) + launchable->parameters;
    CPK_ASSIGN_OR_RETURN(auto zip, io::ZipWriter::Create(request.output));
    if (!copied.files.contains("index.html")) {
      const std::string target = HtmlEscape(item.launch);
      CPK_TRY(zip->AddBytes("index.html",
                            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(item.name) +
                                "</title>\n<meta http-equiv=\"refresh\" content=\"0; url=" + target +
                                "\"></head>\n<body><a href=\"" + target + "\">" + HtmlEscape(item.name) +
                                "</a></body></html>\n",
                            io::ZipCompression::kDeflate));
    }
    for (const normalised::OutputFile& f : copied.outputs) {
      const bool store = normalised::IsStoredUncompressed(normalised::MimeTypeOf(f.path));
      CPK_TRY(zip->AddRange(f.path, spill, f.range, store ? io::ZipCompression::kStore : io::ZipCompression::kDeflate));
    }
    CPK_ASSIGN_OR_RETURN(artifact, zip->CommitInto(*spill, context.cancel));
    item.mime_type = "application/vnd.ekstep.html-archive";
    item.content_encoding = "gzip";
    artifact_name = item.identifier + ".zip";
  } else {
    // A PDF: the file itself. A video: its offline copy from the video converter (360p MP4),
    // or the upload itself when there is none to make (audio, a tiny or broken source).
    const normalised::OutputFile& only = copied.outputs.front();
    artifact = only.range;
    artifact_name = std::filesystem::path(only.path).filename().string();
    item.mime_type = normalised::MimeTypeOf(only.path);
    if (kind == "video" && item.mime_type.starts_with("video/")) {
      CPK_ASSIGN_OR_RETURN(std::optional<io::SpillFile::Range> offline,
                           OfflineVideoDownload(source, request.output, context, report, *spill));
      if (offline) {
        artifact = *offline;
        artifact_name = std::filesystem::path(only.path).stem().string() + ".mp4";
        item.mime_type = "video/mp4";
      }
    }
    item.content_encoding = "identity";
  }
  item.artifact_url = folder + artifact_name;
  item.app_icon = folder + "icon.png";
  item.size = artifact.size;

  ecar::Manifest manifest;
  manifest.ts = ecar::IsoTimestamp(ArchiveTime());
  manifest.resmsgid = ecar::UuidFromSha256(copied.source_sha256);
  manifest.items.push_back(item);
  const uint32_t colour = static_cast<uint32_t>(std::strtoul(copied.source_sha256.substr(0, 6).c_str(), nullptr, 16));

  CPK_ASSIGN_OR_RETURN(auto ecar, io::ZipWriter::Create(request.output));
  CPK_TRY(ecar->AddBytes("manifest.json", ecar::ManifestJson(manifest), io::ZipCompression::kDeflate));
  CPK_TRY(ecar->AddRange(item.artifact_url, spill, artifact, io::ZipCompression::kStore));
  CPK_TRY(ecar->AddBytes(item.app_icon, PlainIconPng(128, colour & 0x7F7F7F), io::ZipCompression::kStore));
  CPK_TRY(ecar->Commit(context.cancel, context.progress));

  ConvertStats stats;
  std::error_code ec;
  stats.counts = {{"files", 3},
                  {"bytes_in", model.source.bytes != 0 ? model.source.bytes : copied.bytes_in},
                  {"bytes_out", std::filesystem::file_size(request.output, ec)},
                  {"content_bytes_in", copied.bytes_in},
                  {"content_bytes_out", copied.bytes_out}};
  for (const auto& [name, value] : copied.statistics) stats.counts.emplace_back(name, value);
  return stats;
}

}  // namespace cpk::package
