#pragma once
// Video and audio in a conversion: a standalone upload becomes media/<rid>/ (the HLS ladder of
// converters/video) in place of the uploaded file.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cpk/core/registry.hpp"
#include "cpk/formats/normalised.hpp"
#include "cpk/io/spill_file.hpp"

namespace cpk::package {

/// Transcodes the single file of `source` (a video or audio upload) and adds media/<rid>/ to
/// `outputs` and `files`, dropping the copied original (`resource.launch`). The resource then
/// launches media/<rid>/master.m3u8 and carries its `video` object. A file that cannot be
/// transcoded (a forced conversion of a broken upload) stays as it was copied. Fails with
/// kCancelled, kIo, or kUnsupported when the media module is missing.
Status ConvertStandaloneMedia(Source& source, Resource& resource, const ConvertRequest& request,
                              const ReadContext& context, Report& report, io::SpillFile& spill,
                              std::vector<normalised::OutputFile>& outputs, std::map<std::string, File>& files,
                              std::vector<std::pair<std::string, uint64_t>>& statistics);

/// The offline copy of a video upload for a Sunbird ECAR: the file of `source` transcoded once
/// to the 360p (else 240p) faststart MP4 download of the ladder, appended to `spill`. Returns
/// nullopt when there is none to make (an audio file, a source below 240p, a file that cannot
/// be transcoded: the caller keeps the upload). Fails with kCancelled or kIo.
Result<std::optional<io::SpillFile::Range>> OfflineVideoDownload(Source& source, const std::string& output,
                                                                 const ReadContext& context, Report& report,
                                                                 io::SpillFile& spill);

}  // namespace cpk::package
