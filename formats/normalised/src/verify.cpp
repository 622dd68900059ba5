// The verifying reader: a normalised package is only trusted after every byte has been
// checked against its manifest.
#include <algorithm>
#include <map>
#include <set>

#include "cpk/core/json_schema.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/formats/normalised/codes.hpp"
#include "cpk/io/sha256.hpp"
#include "cpk/io/uri.hpp"

namespace cpk::normalised {
namespace {

constexpr Location kManifest{"manifest.json", 0, 0};
constexpr size_t kMaxSchemaFindings = 100;

const JsonSchema& ManifestSchema() {
  static const JsonSchema schema = [] {
    auto compiled = JsonSchema::Compile(SchemaText());
    if (!compiled) std::abort();  // the schema is built in and tested: this cannot fail
    return std::move(*compiled);
  }();
  return schema;
}

/// SHA-256 and size of an entry, streamed.
struct Digest {
  uint64_t bytes = 0;
  std::string sha256;
};

Result<Digest> HashEntry(Source& source, const EntryInfo& entry, const ReadContext& context, uint64_t& done,
                         uint64_t total) {
  CPK_ASSIGN_OR_RETURN(auto reader, source.Open(entry));
  io::Sha256 hasher;
  Digest digest;
  std::vector<char> buffer(64 * 1024);  // below malloc's mmap threshold: reused, never faulted in again
  for (;;) {
    if (context.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    CPK_ASSIGN_OR_RETURN(const size_t n, reader->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    hasher.Update(std::string_view(buffer.data(), n));
    digest.bytes += n;
    done += n;
    if (context.progress) context.progress({"verify", "bytes", done, total});
  }
  digest.sha256 = hasher.FinishHex();
  return digest;
}

/// True when an earlier check (the zip's own CRCs) already found `path` corrupt.
bool FoundCorruptEarlier(const Report& report, const std::string& path) {
  return std::any_of(report.diagnostics().begin(), report.diagnostics().end(),
                     [&](const Diagnostic& d) { return d.location.file == path && d.severity == Severity::kError; });
}

void CheckReferences(const CourseModel& model, const std::set<std::string>& listed, Report& report) {
  auto need = [&](const std::string& path, const std::string& what) {
    if (!path.empty() && !io::HasScheme(path) && !listed.contains(path)) {
      report.Add(codes::kPackageReferenceMissing, "'" + path + "', " + what + ", is not a file of the package",
                 kManifest, "convert the source again; a package must list every file it refers to");
    }
  };
  std::set<std::string> resource_ids;
  for (const Resource& r : model.resources) {
    resource_ids.insert(r.id);
    need(r.launch, "the launch file of resource '" + r.id + "'");
    for (const std::string& f : r.files) need(f, "listed by resource '" + r.id + "'");
  }
  std::vector<const Item*> stack;
  for (const Organization& org : model.organizations) {
    for (const Item& i : org.items) stack.push_back(&i);
  }
  while (!stack.empty()) {
    const Item* item = stack.back();
    stack.pop_back();
    if (!item->resource.empty() && !resource_ids.contains(item->resource)) {
      report.Add(codes::kPackageReferenceMissing,
                 "item '" + item->id + "' launches resource '" + item->resource + "', which the manifest lacks",
                 kManifest, "convert the source again");
    }
    for (const Item& c : item->children) stack.push_back(&c);
  }
}

void CheckLayout(const Source& source, Report& report) {
  if (source.kind() != SourceKind::kZip) return;
  const auto first = std::min_element(source.entries().begin(), source.entries().end(),
                                      [](const EntryInfo& a, const EntryInfo& b) { return a.index < b.index; });
  if (first != source.entries().end() && first->path != kManifestPath) {
    report.Add(codes::kPackageLayout,
               "manifest.json is not the first entry of the archive (the first is '" + first->path + "')", kManifest,
               "a client reads the manifest first; write packages with `coursepack convert`");
  }
  for (const EntryInfo& e : source.entries()) {
    if (!e.is_directory && IsStoredUncompressed(MimeTypeOf(e.path)) && e.compressed_size != e.size) {
      report.Add(codes::kPackageLayout, "'" + e.path + "' is compressed; media must be stored", {e.path, 0, 0},
                 "a client reads media by byte range straight from the archive, which needs stored entries");
    }
  }
}

}  // namespace

Status VerifyPackage(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  const EntryInfo* manifest_entry = source.Find(kManifestPath);
  if (manifest_entry == nullptr) {
    report.Add(codes::kPackageManifestMissing, "there is no manifest.json at the root of the package", {},
               "this is not a normalised package; make one with `coursepack convert`");
    return Ok();
  }
  auto text = source.ReadAll(*manifest_entry, context.limits.max_xml_bytes);
  if (!text) {
    report.Add(codes::kPackageSchema, "cannot read manifest.json: " + text.error().message, kManifest,
               "convert the source again");
    return Ok();
  }
  const std::vector<SchemaViolation> violations = ManifestSchema().Validate(*text, kMaxSchemaFindings);
  for (const SchemaViolation& v : violations) {
    report.Add(
        codes::kPackageSchema,
        "manifest.json" + (v.instance_path.empty() ? std::string() : " at " + v.instance_path) + ": " + v.message,
        kManifest, "the manifest must follow formats/normalised/schema/coursepack-1.schema.json");
  }
  auto parsed = ParseManifest(*text);
  if (!parsed) {
    if (violations.empty()) {
      report.Add(codes::kPackageSchema, "manifest.json: " + parsed.error().message, kManifest,
                 "the manifest must follow formats/normalised/schema/coursepack-1.schema.json");
    }
    return Ok();
  }
  model = std::move(*parsed);

  std::map<std::string, const File*> listed;
  uint64_t total = 0;
  for (const File& f : model.files) {
    if (!listed.emplace(f.path, &f).second) {
      report.Add(codes::kPackageSchema, "manifest.json lists '" + f.path + "' twice", kManifest,
                 "each file is listed once");
    }
    total += f.bytes;
  }
  uint64_t done = 0;
  for (const auto& [path, file] : listed) {
    const EntryInfo* entry = source.Find(path);
    if (entry == nullptr) {
      if (FoundCorruptEarlier(report, path)) {
        report.Add(codes::kPackageFileCorrupt, "'" + path + "' is damaged: its bytes fail the archive's checks",
                   {path, 0, 0}, "the package was altered or damaged in transit; download or convert it again");
      } else {
        report.Add(codes::kPackageFileMissing, "'" + path + "' is listed in manifest.json but not in the package",
                   {path, 0, 0}, "the package is incomplete; download or convert it again");
      }
      continue;
    }
    auto digest = HashEntry(source, *entry, context, done, total);
    if (!digest) {
      if (digest.error().code == Errc::kCancelled) return Fail(digest.error());
      report.Add(codes::kPackageFileCorrupt, "'" + path + "' cannot be read: " + digest.error().message, {path, 0, 0},
                 "the package was altered or damaged in transit; download or convert it again");
      continue;
    }
    if (digest->bytes != file->bytes) {
      report.Add(codes::kPackageFileCorrupt,
                 "'" + path + "' has " + std::to_string(digest->bytes) + " bytes; the manifest says " +
                     std::to_string(file->bytes),
                 {path, 0, 0}, "the package was altered or damaged in transit; download or convert it again");
    } else if (digest->sha256 != file->sha256) {
      report.Add(codes::kPackageFileCorrupt,
                 "'" + path + "' does not match its SHA-256 in the manifest (" + digest->sha256.substr(0, 12) +
                     "… instead of " + file->sha256.substr(0, 12) + "…)",
                 {path, 0, 0}, "the package was altered or damaged in transit; download or convert it again");
    }
  }
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || e.path == kManifestPath || listed.contains(e.path)) continue;
    report.Add(codes::kPackageFileUnlisted, "'" + e.path + "' is in the package but not in manifest.json",
               {e.path, 0, 0}, "a package holds only what its manifest lists; remove the file or convert again");
  }
  std::set<std::string> listed_paths;
  for (const auto& [path, file] : listed) listed_paths.insert(path);
  CheckReferences(model, listed_paths, report);
  CheckLayout(source, report);
  return Ok();
}

}  // namespace cpk::normalised
