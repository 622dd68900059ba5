#include "cpk/formats/normalised.hpp"
#include "cpk/io/atomic_output.hpp"
#include "cpk/io/zip_writer.hpp"

namespace cpk::normalised {
namespace {

io::ZipCompression CompressionFor(std::string_view path) {
  return IsStoredUncompressed(MimeTypeOf(path)) ? io::ZipCompression::kStore : io::ZipCompression::kDeflate;
}

Status WriteZip(const WriteTarget& target, std::string manifest_json, std::string report_json,
                const std::shared_ptr<const io::SpillFile>& spill, const std::vector<OutputFile>& files,
                const CancellationToken& cancel, const ProgressCallback& progress) {
  CPK_ASSIGN_OR_RETURN(auto writer, io::ZipWriter::Create(target.path));
  CPK_TRY(writer->AddBytes(std::string(kManifestPath), std::move(manifest_json), io::ZipCompression::kDeflate));
  CPK_TRY(writer->AddBytes(std::string(kReportPath), std::move(report_json), io::ZipCompression::kDeflate));
  for (const OutputFile& f : files) CPK_TRY(writer->AddRange(f.path, spill, f.range, CompressionFor(f.path)));
  return writer->Commit(cancel, progress);
}

Status WriteFolder(const WriteTarget& target, const std::string& manifest_json, const std::string& report_json,
                   const io::SpillFile& spill, const std::vector<OutputFile>& files, const CancellationToken& cancel,
                   const ProgressCallback& progress) {
  CPK_ASSIGN_OR_RETURN(auto staging, io::StagingDirectory::Create(target.path));
  CPK_TRY(staging->WriteBytes(kManifestPath, manifest_json));
  CPK_TRY(staging->WriteBytes(kReportPath, report_json));
  uint64_t total = 0, done = 0;
  for (const OutputFile& f : files) total += f.range.size;
  for (const OutputFile& f : files) {
    if (cancel.IsCancelled()) return Fail(Errc::kCancelled, "cancelled");
    CPK_TRY(staging->WriteRange(f.path, spill, f.range));
    done += f.range.size;
    if (progress) progress({"write", "bytes", done, total});
  }
  return staging->Commit();
}

}  // namespace

Status WritePackage(const WriteTarget& target, std::string manifest_json, std::string report_json,
                    std::shared_ptr<const io::SpillFile> spill, const std::vector<OutputFile>& files,
                    const CancellationToken& cancel, const ProgressCallback& progress) {
  if (target.path.empty()) return Fail(Errc::kInvalidArgument, "no output path");
  if (target.directory) return WriteFolder(target, manifest_json, report_json, *spill, files, cancel, progress);
  return WriteZip(target, std::move(manifest_json), std::move(report_json), spill, files, cancel, progress);
}

}  // namespace cpk::normalised
