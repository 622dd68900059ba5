#include <filesystem>
#include <system_error>

#include "cpk/io/codes.hpp"
#include "cpk/io/open.hpp"
#include "zip_directory.hpp"

namespace cpk::io {
namespace {

bool HasZipExtension(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  std::string lower;
  for (const char c : ext) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  return lower == ".zip" || lower == ".scorm" || lower == ".cpk" || lower == ".ecar";
}

}  // namespace

Result<std::unique_ptr<Source>> OpenSource(const std::string& path, const Limits& limits, DiagnosticSink& sink) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Fail(Errc::kNotFound, "'" + path + "' does not exist", {path});
  }
  if (std::filesystem::is_directory(status)) return OpenFolder(path, limits, sink);
  if (!std::filesystem::is_regular_file(status)) return Fail(Errc::kIo, "'" + path + "' is not a regular file", {path});
  if (internal::SniffZip(path) != internal::ZipSignature::kNotZip || HasZipExtension(path)) {
    return OpenZip(path, limits, sink);
  }
  return OpenFile(path, limits, sink);
}

}  // namespace cpk::io
