// Source over a zip archive (libzip). Every safety rule of the archive is checked here, when
// the archive is opened (names, symlinks, encryption, declared sizes and ratios) and while an
// entry is read (real inflated sizes and ratios, CRC).
#include <zip.h>

#include <memory>

#include "c_handles.hpp"
#include "cpk/io/codes.hpp"
#include "cpk/io/open.hpp"
#include "entry_names.hpp"
#include "zip_directory.hpp"

namespace cpk::io {
namespace {

using internal::ZipArchive;
using internal::ZipFile;

std::string HumanBytes(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  if (u == 0) return std::to_string(bytes) + " bytes";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

/// Streams one entry, enforcing the per-entry limits on the real inflated bytes.
class ZipEntryReader final : public EntryReader {
 public:
  ZipEntryReader(ZipFile file, EntryInfo entry, const Limits& limits)
      : file_(std::move(file)), entry_(std::move(entry)), limits_(limits) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    if (done_) return size_t{0};
    const zip_int64_t n = zip_fread(file_.get(), buffer, size);
    if (n < 0) {
      const int ze = zip_error_code_zip(zip_file_get_error(file_.get()));
      violation_ = &codes::kZipCorrupt;
      const std::string what = ze == ZIP_ER_CRC ? "its CRC-32 checksum does not match its content"
                                                : std::string("it cannot be inflated (") +
                                                      zip_error_strerror(zip_file_get_error(file_.get())) + ")";
      return Fail(Errc::kMalformed, "entry '" + entry_.path + "' is corrupt: " + what, {entry_.path});
    }
    real_ += static_cast<uint64_t>(n);
    if (real_ > limits_.max_entry_bytes) {
      violation_ = &codes::kZipTooLarge;
      return Fail(
          Errc::kLimitExceeded,
          "entry '" + entry_.path + "' inflates to more than the limit of " + HumanBytes(limits_.max_entry_bytes),
          {entry_.path});
    }
    if (real_ >= limits_.bomb_min_bytes && entry_.compressed_size > 0 &&
        real_ / entry_.compressed_size > limits_.max_compression_ratio) {
      violation_ = &codes::kZipBomb;
      return Fail(Errc::kLimitExceeded,
                  "entry '" + entry_.path + "' inflates more than " + std::to_string(limits_.max_compression_ratio) +
                      " times its compressed size of " + HumanBytes(entry_.compressed_size) +
                      " (a zip bomb); reading stopped at " + HumanBytes(real_),
                  {entry_.path});
    }
    // Headers can lie: the limits above are applied to the real bytes, and a size that differs
    // from the declared one is reported once the entry ends (reading is bounded by the limits).
    if (n == 0) {
      done_ = true;
      if (real_ != entry_.size) {
        violation_ = &codes::kZipCorrupt;
        return Fail(Errc::kMalformed,
                    "entry '" + entry_.path + "' inflates to " + HumanBytes(real_) + " but its header declares " +
                        HumanBytes(entry_.size) + "; the archive's headers are wrong",
                    {entry_.path});
      }
    }
    return static_cast<size_t>(n);
  }

  const DiagnosticCode* violation() const override { return violation_; }

 private:
  ZipFile file_;
  EntryInfo entry_;
  Limits limits_;
  uint64_t real_ = 0;
  bool done_ = false;
  const DiagnosticCode* violation_ = nullptr;
};

class ZipSource final : public Source {
 public:
  ZipSource(std::string path, ZipArchive archive, const Limits& limits)
      : Source(std::move(path)), archive_(std::move(archive)), limits_(limits) {}
  /// An archive that could not be opened safely: no entries.
  ZipSource(std::string path, const Limits& limits) : Source(std::move(path)), limits_(limits) {}

  SourceKind kind() const override { return SourceKind::kZip; }

  void Load(DiagnosticSink& sink);

  Result<std::unique_ptr<EntryReader>> Open(const EntryInfo& entry) override {
    if (!archive_ || entry.is_directory) return Fail(Errc::kNotFound, "no entry '" + entry.path + "'", {entry.path});
    zip_file_t* f = zip_fopen_index(archive_.get(), entry.index, 0);
    if (f == nullptr) {
      return Fail(Errc::kMalformed,
                  "cannot open entry '" + entry.path + "': " + zip_error_strerror(zip_get_error(archive_.get())),
                  {entry.path});
    }
    return std::make_unique<ZipEntryReader>(ZipFile(f), entry, limits_);
  }

 private:
  ZipArchive archive_;
  Limits limits_;
};

std::string DecodeName(zip_t* za, zip_uint64_t i, bool& was_cp437) {
  was_cp437 = false;
  const char* raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
  if (raw == nullptr) return {};
  if (internal::IsValidUtf8(raw)) return raw;
  // Not UTF-8: the zip standard's default is IBM code page 437 (what Windows' built-in zip
  // and old tools write). ENC_STRICT makes libzip decode it as such (or use a Unicode-path
  // extra field, when the archive has one).
  was_cp437 = true;
  const char* strict = zip_get_name(za, i, ZIP_FL_ENC_STRICT);
  return strict != nullptr ? strict : std::string();
}

void ZipSource::Load(DiagnosticSink& sink) {
  zip_t* za = archive_.get();
  const zip_int64_t count = zip_get_num_entries(za, 0);
  internal::EntryCollector collector(sink);
  std::string first_backslash;
  std::string first_cp437;
  size_t cp437_names = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto idx = static_cast<zip_uint64_t>(i);
    bool was_cp437 = false;
    std::string name = DecodeName(za, idx, was_cp437);
    if (was_cp437 && cp437_names++ == 0) first_cp437 = name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, idx, 0, &st) != 0) {
      sink.Add(codes::kZipCorrupt, "entry #" + std::to_string(i) + " has an unreadable header", {name});
      continue;
    }
    EntryInfo info;
    info.index = idx;
    info.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    info.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    const Location where{name};
    const bool is_dir = !name.empty() && (name.back() == '/' || name.back() == '\\');

    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(za, idx, 0, &opsys, &attributes) == 0 && opsys == ZIP_OPSYS_UNIX &&
        ((attributes >> 16) & 0170000) == 0120000) {
      sink.Add(codes::kZipSymlink, "entry '" + name + "' is a symbolic link; it was not read", where,
               "replace the link with the file it points to");
      continue;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      sink.Add(codes::kZipEncrypted, "entry '" + name + "' is encrypted (password-protected); it cannot be read", where,
               "zip the course again without a password");
      continue;
    }
    if (!is_dir && (st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0)) {
      sink.Add(
          codes::kZipUnsupportedCompression,
          "entry '" + name + "' uses compression method " + std::to_string(st.comp_method) + ", which cannot be read",
          where, "zip the course again with the standard 'deflate' method (the default of every zip tool)");
      continue;
    }
    if (info.size > limits_.max_entry_bytes) {
      sink.Add(codes::kZipTooLarge,
               "entry '" + name + "' declares " + HumanBytes(info.size) + ", more than the limit of " +
                   HumanBytes(limits_.max_entry_bytes) + "; it was not read",
               where, "split or compress the file (videos: re-encode at a lower bitrate)");
      continue;
    }
    if (info.size >= limits_.bomb_min_bytes && info.compressed_size > 0 &&
        info.size / info.compressed_size > limits_.max_compression_ratio) {
      sink.Add(codes::kZipBomb,
               "entry '" + name + "' declares " + HumanBytes(info.size) + " from " + HumanBytes(info.compressed_size) +
                   " compressed, a ratio above " + std::to_string(limits_.max_compression_ratio) +
                   ":1 (a zip bomb); it was not read",
               where, "remove the entry; real course files never compress this much");
      continue;
    }
    if (!name.empty() && name.find('\\') != std::string::npos && first_backslash.empty()) first_backslash = name;
    collector.Add(std::move(name), std::move(info));
  }
  if (collector.backslash_names() > 0) {
    sink.Add(codes::kZipBackslashSeparator,
             std::to_string(collector.backslash_names()) + " entry name(s) use '\\' as the folder separator (e.g. '" +
                 first_backslash + "'); they were read with '/'",
             {first_backslash},
             "zip the course with a tool that writes '/' (7-Zip, Info-ZIP, or 'Compress' on macOS); "
             "some players cannot open these files");
  }
  if (cp437_names > 0) {
    sink.Add(codes::kZipNameEncoding,
             std::to_string(cp437_names) + " entry name(s) are not UTF-8 (e.g. '" + first_cp437 +
                 "'); they were decoded as code page 437",
             {first_cp437},
             "zip the course with a tool that stores UTF-8 names (7-Zip, Info-ZIP 3, or macOS); "
             "check that the names above read correctly");
  }
  SetEntries(collector.Take());
}

}  // namespace

Result<std::unique_ptr<Source>> OpenZip(const std::string& path, const Limits& limits, DiagnosticSink& sink) {
  const Location where{};  // the archive as a whole
  auto empty = [&] { return std::unique_ptr<Source>(std::make_unique<ZipSource>(path, limits)); };
  if (internal::SniffZip(path) == internal::ZipSignature::kNotZip) {
    sink.Add(codes::kInputNotAZip, "the file is named like a zip archive but is not one", where,
             "upload the course as a .zip file (in Windows: right-click the folder's contents, Send to > "
             "Compressed folder)");
    return empty();
  }
  auto summary = internal::ReadZipDirectorySummary(path);
  if (!summary) {
    if (summary.error().code == Errc::kIo) return Fail(summary.error());
    sink.Add(codes::kZipCorrupt, "the zip archive is damaged: " + summary.error().message, where,
             "the upload was probably interrupted; upload the file again");
    return empty();
  }
  if (summary->entries > limits.max_entries) {
    sink.Add(codes::kZipTooManyEntries,
             "the archive lists " + std::to_string(summary->entries) + " entries, more than the limit of " +
                 std::to_string(limits.max_entries) + "; it was not opened",
             where, "remove files the course does not use, or split it into several packages");
    return empty();
  }
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (za == nullptr) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    const std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    if (err == ZIP_ER_OPEN || err == ZIP_ER_READ || err == ZIP_ER_SEEK || err == ZIP_ER_MEMORY) {
      return Fail(Errc::kIo, "cannot read '" + path + "': " + why, where);
    }
    sink.Add(codes::kZipCorrupt, "the zip archive is damaged: " + why, where,
             "the upload was probably interrupted; upload the file again");
    return empty();
  }
  ZipArchive archive(za);
  // The end record read before opening may not be the one libzip chose: check again.
  if (const zip_int64_t count = zip_get_num_entries(za, 0);
      count < 0 || static_cast<uint64_t>(count) > limits.max_entries) {
    sink.Add(codes::kZipTooManyEntries,
             "the archive lists " + std::to_string(count) + " entries, more than the limit of " +
                 std::to_string(limits.max_entries) + "; it was not read",
             where, "remove files the course does not use, or split it into several packages");
    return empty();
  }
  auto source = std::make_unique<ZipSource>(path, std::move(archive), limits);
  source->Load(sink);
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace cpk::io
