#include "content_copy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "content_transforms.hpp"
#include "cpk/io/sha256.hpp"
#include "cpk/io/uri.hpp"

namespace cpk::package {
namespace {

constexpr uint64_t kMaxPageBytes = 8ull << 20;

/// SHA-256 of the upload: of the file, or for a folder of its sorted list of "path\0sha256\n".
Result<std::string> SourceDigest(Source& source, const std::vector<std::pair<std::string, std::string>>& hashed) {
  if (source.kind() == SourceKind::kFolder) {
    io::Sha256 tree;
    for (const auto& [path, sha] : hashed) {
      tree.Update(path);
      tree.Update(std::string_view("\0", 1));
      tree.Update(sha);
      tree.Update("\n");
    }
    return tree.FinishHex();
  }
  const int fd = ::open(source.input_path().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, "cannot read '" + source.input_path() + "'");
  io::Sha256 hasher;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      ::close(fd);
      return Fail(Errc::kIo, "cannot read '" + source.input_path() + "'");
    }
    if (n == 0) break;
    hasher.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return hasher.FinishHex();
}

}  // namespace

std::string OutputFolder(const std::string& output) {
  std::string dir = std::filesystem::path(output).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::string InPackage(const NamePlan& plan, std::string_view prefix, const std::string& path) {
  if (path.empty() || io::HasScheme(path)) return path;
  const auto it = plan.names.find(path);
  return std::string(prefix) + (it == plan.names.end() ? path : it->second);
}

Result<CopiedContent> CopyContent(Source& source, const CourseModel& model, Report& report,
                                  const ConvertRequest& request, const ReadContext& context, io::SpillFile& spill,
                                  std::string_view prefix) {
  CopiedContent out;
  out.plan = PlanNames(source, model, report, kMaxPageBytes);
  uint64_t total = 0;
  for (const auto& [path, name] : out.plan.names) {
    if (const EntryInfo* e = source.Find(path)) total += e->size;
  }
  ContentTransforms transforms(request, context, report);
  std::vector<std::pair<std::string, std::string>> source_hashes;  // path → SHA-256 of the source bytes
  uint64_t done = 0;
  auto record = [&](TransformedFile result) {
    source_hashes.emplace_back(result.source_path, result.source_sha256);
    out.outputs.push_back({result.package_path, result.range});
    out.files[result.package_path] =
        File{result.package_path, result.range.size, normalised::MimeTypeOf(result.package_path), result.sha256};
    out.bytes_in += result.source_bytes;
    out.bytes_out += result.range.size;
  };
  for (const auto& [path, name] : out.plan.names) {
    if (context.cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    const EntryInfo* entry = source.Find(path);
    if (entry == nullptr) continue;
    CPK_ASSIGN_OR_RETURN(std::optional<TransformedFile> result,
                         transforms.Copy(source, *entry, std::string(prefix) + name, spill));
    if (result) record(std::move(*result));
    done += entry->size;
    if (context.progress) context.progress({"convert", "bytes", done, total});
  }
  CPK_ASSIGN_OR_RETURN(std::vector<TransformedFile> optimised, transforms.Finish(spill));
  for (TransformedFile& f : optimised) record(std::move(f));
  std::sort(source_hashes.begin(), source_hashes.end());
  out.statistics = transforms.statistics();
  CPK_ASSIGN_OR_RETURN(out.source_sha256, SourceDigest(source, source_hashes));
  return out;
}

}  // namespace cpk::package
