#pragma once
// The first half of every conversion: each content file of the source, junk dropped and
// misspelt names fixed, copied (or optimised) into a spill file with its SHA-256.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpk/converters/package.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::package {

struct CopiedContent {
  NamePlan plan{};
  std::vector<normalised::OutputFile> outputs{};  ///< every file, its path under the prefix
  std::map<std::string, File> files{};            ///< the same files: path → size, MIME, SHA-256
  uint64_t bytes_in = 0;                          ///< bytes read from the source
  uint64_t bytes_out = 0;                         ///< bytes written
  std::string source_sha256{};                    ///< of the upload (see SourceDigest)
  std::vector<std::pair<std::string, uint64_t>> statistics{};
};

/// Copies the content of `source` into `spill`, each file under `prefix` + its package name.
/// Reports progress as stage "convert" in bytes; stops with kCancelled when asked.
Result<CopiedContent> CopyContent(Source& source, const CourseModel& model, Report& report,
                                  const ConvertRequest& request, const ReadContext& context, io::SpillFile& spill,
                                  std::string_view prefix);

/// A launch path or listed file of the source as a path of the output (absolute URLs as they are).
std::string InPackage(const NamePlan& plan, std::string_view prefix, const std::string& path);

/// The folder the output goes into (where temporary data is kept too).
std::string OutputFolder(const std::string& output);

}  // namespace cpk::package
