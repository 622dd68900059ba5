// Sources over a folder and over a single file.
#include <filesystem>
#include <system_error>

#include "cpk/io/codes.hpp"
#include "cpk/io/open.hpp"
#include "cpk/io/unicode.hpp"
#include "entry_names.hpp"
#include "file_readers.hpp"

namespace cpk::io {
namespace {

namespace fs = std::filesystem;

/// Entries index into `os_paths_`, the real names on disk (which may not be UTF-8).
class DiskSource final : public Source {
 public:
  DiskSource(std::string input, SourceKind kind, const Limits& limits)
      : Source(std::move(input)), kind_(kind), limits_(limits) {}

  SourceKind kind() const override { return kind_; }

  Result<std::unique_ptr<EntryReader>> Open(const EntryInfo& entry) override {
    if (entry.is_directory || entry.index >= os_paths_.size()) {
      return Fail(Errc::kNotFound, "no entry '" + entry.path + "'", {entry.path});
    }
    return internal::OpenPlainFile(os_paths_[entry.index], entry, limits_);
  }

  void Set(std::vector<EntryInfo> entries, std::vector<std::string> os_paths) {
    os_paths_ = std::move(os_paths);
    SetEntries(std::move(entries));
  }

 private:
  SourceKind kind_;
  Limits limits_;
  std::vector<std::string> os_paths_;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenFolder(const std::string& path, const Limits& limits, DiagnosticSink& sink) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return Fail(Errc::kNotFound, "'" + path + "' is not a folder", {path});
  auto source = std::make_unique<DiskSource>(path, SourceKind::kFolder, limits);
  internal::EntryCollector collector(sink);
  std::vector<std::string> os_paths;
  uint64_t seen = 0;
  fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
  if (ec) return Fail(Errc::kIo, "cannot list '" + path + "': " + ec.message(), {path});
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Fail(Errc::kIo, "cannot list '" + path + "': " + ec.message(), {path});
    const fs::directory_entry& de = *it;
    if (++seen > limits.max_entries) {
      sink.Add(codes::kZipTooManyEntries,
               "the folder holds more than the limit of " + std::to_string(limits.max_entries) +
                   " files and folders; the rest were not read",
               {path}, "remove files the course does not use, or split it into several packages");
      break;
    }
    const std::string raw = fs::relative(de.path(), path, ec).generic_string();
    std::string name = raw;
    if (!internal::IsValidUtf8(name)) name = Latin1ToUtf8(raw);
    if (de.is_symlink(ec)) {
      sink.Add(codes::kInputSymlink, "'" + name + "' is a symbolic link; it was not followed", {name},
               "replace the link with the file or folder it points to");
      if (de.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    EntryInfo info;
    if (de.is_directory(ec)) {
      name.push_back('/');
    } else if (de.is_regular_file(ec)) {
      info.size = de.file_size(ec);
      info.compressed_size = info.size;
    } else {
      continue;  // sockets, devices, fifos: never content
    }
    info.index = os_paths.size();
    if (collector.Add(std::move(name), std::move(info))) os_paths.push_back(de.path().string());
  }
  source->Set(collector.Take(), std::move(os_paths));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<Source>> OpenFile(const std::string& path, const Limits& limits, DiagnosticSink& sink) {
  (void)sink;
  std::error_code ec;
  const fs::path p(path);
  if (!fs::is_regular_file(p, ec)) return Fail(Errc::kNotFound, "'" + path + "' is not a readable file", {path});
  EntryInfo info;
  std::string name = p.filename().string();
  if (!internal::IsValidUtf8(name)) name = Latin1ToUtf8(name);
  info.path = internal::ToNfc(name);
  info.stored_name = name;
  info.size = fs::file_size(p, ec);
  info.compressed_size = info.size;
  auto source = std::make_unique<DiskSource>(path, SourceKind::kFile, limits);
  source->Set({std::move(info)}, {path});
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace cpk::io
