#pragma once
/// @file open.hpp
/// Opening inputs: the one safe door to input bytes.
/// @since 0.1

#include <memory>
#include <string>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/result.hpp"
#include "cpk/core/source.hpp"

namespace cpk::io {

/// Opens `path` as the right kind of Source: a folder, a zip (sniffed by its `PK` signature),
/// or any other single file. A file named `*.zip` that is not a zip gives `input.not-a-zip`.
/// Safety findings (`zip.*`) go to `sink`; offending entries are left out of the listing.
/// Fails (kNotFound, kIo) only when the input cannot be read at all; the caller reports that
/// as `input.unreadable`. The input is never modified.
Result<std::unique_ptr<Source>> OpenSource(const std::string& path, const Limits& limits, DiagnosticSink& sink);

/// Opens a zip archive. An archive with more entries than `limits.max_entries` is not opened
/// (its central directory alone could exhaust memory): the Source is then empty and the sink
/// has `zip.too-many-entries`. A truncated archive gives `zip.corrupt` and an empty Source.
Result<std::unique_ptr<Source>> OpenZip(const std::string& path, const Limits& limits, DiagnosticSink& sink);
/// Opens a folder. Symbolic links are never followed (`input.symlink`).
Result<std::unique_ptr<Source>> OpenFolder(const std::string& path, const Limits& limits, DiagnosticSink& sink);
/// Opens one file as a Source with a single entry named after the file.
Result<std::unique_ptr<Source>> OpenFile(const std::string& path, const Limits& limits, DiagnosticSink& sink);

/// Reads every entry of `source` to its end, as `unzip -t` does, streaming (nothing is kept):
/// checks CRCs, the real inflated sizes against the declared ones and the limits
/// (`zip.corrupt`, `zip.too-large`, `zip.bomb`), and the total against
/// `limits.max_total_bytes`. Entries that fail are excluded from the source, so that they are
/// never read as content. Returns kCancelled when `cancel` fires; findings go to `sink`.
Status VerifyEntries(Source& source, const Limits& limits, DiagnosticSink& sink, const CancellationToken& cancel = {},
                     const ProgressCallback& progress = {});

}  // namespace cpk::io
