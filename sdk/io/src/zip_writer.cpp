#include "cpk/io/zip_writer.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <vector>

#include "cpk/io/atomic_output.hpp"

namespace cpk::io {
namespace {

constexpr zip_uint16_t kDosTime = 0;                        // 00:00:00
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr zip_uint32_t kUnixFileMode = 0100644u;

/// The archive's own bytes: an anonymous file libzip writes through this callback.
struct ArchiveSink {
  int fd = -1;
  zip_error_t error{};
  bool written = false;
};

zip_int64_t ArchiveCallback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* sink = static_cast<ArchiveSink*>(user);
  auto fail = [&](int code) -> zip_int64_t {
    zip_error_set(&sink->error, code, errno);
    return -1;
  };
  switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
      return ZIP_SOURCE_SUPPORTS_WRITABLE;
    case ZIP_SOURCE_STAT: {
      // Before it is written the archive does not exist, which libzip learns from a read
      // error with ENOENT: it then starts a new archive.
      if (!sink->written) {
        zip_error_set(&sink->error, ZIP_ER_READ, ENOENT);
        return -1;
      }
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &sink->error);
      if (st == nullptr) return -1;
      zip_stat_init(st);
      st->size = static_cast<zip_uint64_t>(::lseek(sink->fd, 0, SEEK_END));
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&sink->error, data, len);
    case ZIP_SOURCE_BEGIN_WRITE:
      if (::ftruncate(sink->fd, 0) != 0 || ::lseek(sink->fd, 0, SEEK_SET) != 0) return fail(ZIP_ER_WRITE);
      return 0;
    case ZIP_SOURCE_WRITE: {
      const char* p = static_cast<const char*>(data);
      zip_uint64_t left = len;
      while (left > 0) {
        const ssize_t n = ::write(sink->fd, p, left);
        if (n < 0) {
          if (errno == EINTR) continue;
          return fail(ZIP_ER_WRITE);
        }
        p += n;
        left -= static_cast<zip_uint64_t>(n);
      }
      return static_cast<zip_int64_t>(len);
    }
    case ZIP_SOURCE_SEEK_WRITE: {
      auto* args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &sink->error);
      if (args == nullptr) return -1;
      const int whence = args->whence == SEEK_SET ? SEEK_SET : args->whence == SEEK_CUR ? SEEK_CUR : SEEK_END;
      if (::lseek(sink->fd, args->offset, whence) < 0) return fail(ZIP_ER_SEEK);
      return 0;
    }
    case ZIP_SOURCE_TELL_WRITE: {
      const off_t at = ::lseek(sink->fd, 0, SEEK_CUR);
      if (at < 0) return fail(ZIP_ER_TELL);
      return at;
    }
    case ZIP_SOURCE_COMMIT_WRITE:
      sink->written = true;
      return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
      if (::ftruncate(sink->fd, 0) != 0) return fail(ZIP_ER_WRITE);
      return 0;
    case ZIP_SOURCE_REMOVE:
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_READ:
      return 0;
    case ZIP_SOURCE_SEEK:
    case ZIP_SOURCE_TELL:
      return 0;
    default:
      return fail(ZIP_ER_OPNOTSUPP);
  }
}

/// One entry's bytes, read from a spill file range when libzip writes the archive.
struct RangeReader {
  std::shared_ptr<const SpillFile> spill;
  SpillFile::Range range;
  uint64_t position = 0;
  zip_error_t error{};
  const CancellationToken* cancel = nullptr;
  const ProgressCallback* progress = nullptr;
  uint64_t* progress_done = nullptr;
  uint64_t progress_total = 0;
};

zip_int64_t RangeCallback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* r = static_cast<RangeReader*>(user);
  switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
      return ZIP_SOURCE_SUPPORTS_READABLE;
    case ZIP_SOURCE_OPEN:
      r->position = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      if (r->cancel != nullptr && r->cancel->IsCancelled()) {
        zip_error_set(&r->error, ZIP_ER_CANCELLED, 0);
        return -1;
      }
      const uint64_t want = std::min<uint64_t>(len, r->range.size - r->position);
      if (want == 0) return 0;
      Result<size_t> n = r->spill->ReadAt(r->range.offset + r->position, static_cast<char*>(data), want);
      if (!n || *n != want) {
        zip_error_set(&r->error, ZIP_ER_READ, EIO);
        return -1;
      }
      r->position += want;
      if (r->progress != nullptr && *r->progress) {
        *r->progress_done += want;
        (*r->progress)({"write", "bytes", *r->progress_done, r->progress_total});
      }
      return static_cast<zip_int64_t>(want);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &r->error);
      if (st == nullptr) return -1;
      zip_stat_init(st);
      st->size = r->range.size;
      st->mtime = 315532800;  // 1980-01-01; the entry's DOS time is set explicitly as well
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
      return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&r->error, data, len);
    case ZIP_SOURCE_FREE:
      return 0;
    default:
      zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

struct ZipWriter::Impl {
  std::string target;
  ArchiveSink sink;
  zip_t* archive = nullptr;
  std::deque<std::string> buffers;  // bytes of AddBytes entries, alive until the archive is written
  std::deque<RangeReader> readers;  // state of AddRange entries
  CancellationToken cancel;
  ProgressCallback progress;
  uint64_t progress_done = 0;
  uint64_t progress_total = 0;

  ~Impl() {
    if (archive != nullptr) zip_discard(archive);
    if (sink.fd >= 0) ::close(sink.fd);
    zip_error_fini(&sink.error);
  }

  Status Configure(zip_int64_t index, ZipCompression compression, const std::string& name) {
    const zip_uint64_t i = static_cast<zip_uint64_t>(index);
    const bool ok =
        zip_set_file_compression(archive, i, compression == ZipCompression::kStore ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 compression == ZipCompression::kStore ? 0 : 9) == 0 &&
        zip_file_set_dostime(archive, i, kDosTime, kDosDate, 0) == 0 &&
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, kUnixFileMode << 16) == 0;
    if (!ok) return Fail(Errc::kInternal, "cannot set up zip entry '" + name + "': " + zip_strerror(archive));
    return Ok();
  }
};

ZipWriter::ZipWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipWriter::~ZipWriter() = default;

Result<std::unique_ptr<ZipWriter>> ZipWriter::Create(const std::string& target) {
  auto impl = std::make_unique<Impl>();
  impl->target = target;
  zip_error_init(&impl->sink.error);
  const std::string parent = std::filesystem::path(target).parent_path().string();
  const std::string dir = parent.empty() ? std::string(".") : parent;
  impl->sink.fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
  if (impl->sink.fd < 0) {
    return Fail(Errc::kIo, "cannot write in the folder of '" + target + "': " + std::strerror(errno));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_function_create(ArchiveCallback, &impl->sink, &error);
  if (source == nullptr) return Fail(Errc::kInternal, "cannot create a zip writer");
  impl->archive = zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (impl->archive == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return Fail(Errc::kInternal, "cannot start a zip archive: " + why);
  }
  zip_error_fini(&error);
  return std::unique_ptr<ZipWriter>(new ZipWriter(std::move(impl)));
}

Status ZipWriter::AddBytes(const std::string& name, std::string bytes, ZipCompression compression) {
  Impl& d = *impl_;
  d.buffers.push_back(std::move(bytes));
  const std::string& kept = d.buffers.back();
  zip_source_t* source = zip_source_buffer(d.archive, kept.data(), kept.size(), 0);
  if (source == nullptr) return Fail(Errc::kInternal, "cannot add '" + name + "': " + zip_strerror(d.archive));
  const zip_int64_t index = zip_file_add(d.archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return Fail(Errc::kInvalidArgument, "cannot add '" + name + "': " + zip_strerror(d.archive));
  }
  d.progress_total += kept.size();
  return d.Configure(index, compression, name);
}

Status ZipWriter::AddRange(const std::string& name, std::shared_ptr<const SpillFile> spill, SpillFile::Range range,
                           ZipCompression compression) {
  Impl& d = *impl_;
  RangeReader& reader = d.readers.emplace_back();
  reader.spill = std::move(spill);
  reader.range = range;
  reader.cancel = &d.cancel;
  reader.progress = &d.progress;
  reader.progress_done = &d.progress_done;
  zip_error_init(&reader.error);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_function_create(RangeCallback, &reader, &error);
  zip_error_fini(&error);
  if (source == nullptr) return Fail(Errc::kInternal, "cannot add '" + name + "'");
  const zip_int64_t index = zip_file_add(d.archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return Fail(Errc::kInvalidArgument, "cannot add '" + name + "': " + zip_strerror(d.archive));
  }
  d.progress_total += range.size;
  return d.Configure(index, compression, name);
}

Status ZipWriter::Commit(const CancellationToken& cancel, const ProgressCallback& progress) {
  CPK_TRY(Close(cancel, progress));
  return LinkIntoPlace(impl_->sink.fd, impl_->target);
}

Result<SpillFile::Range> ZipWriter::CommitInto(SpillFile& spill, const CancellationToken& cancel) {
  CPK_TRY(Close(cancel, {}));
  const int fd = impl_->sink.fd;
  off_t at = 0;
  return spill.AppendStream([&](char* buffer, size_t size) -> Result<size_t> {
    const ssize_t n = ::pread(fd, buffer, size, at);
    if (n < 0) return Fail(Errc::kIo, std::string("cannot read the archive back: ") + std::strerror(errno));
    at += n;
    return static_cast<size_t>(n);
  });
}

Status ZipWriter::Close(const CancellationToken& cancel, const ProgressCallback& progress) {
  Impl& d = *impl_;
  if (d.archive == nullptr) return Fail(Errc::kInvalidArgument, "the archive was written already");
  d.cancel = cancel;
  d.progress = progress;
  for (RangeReader& r : d.readers) r.progress_total = d.progress_total;
  if (zip_close(d.archive) != 0) {
    const bool cancelled = cancel.IsCancelled();
    const std::string why = zip_strerror(d.archive);
    zip_discard(d.archive);
    d.archive = nullptr;
    if (cancelled) return Fail(Errc::kCancelled, "cancelled");
    return Fail(Errc::kIo, "cannot write '" + d.target + "': " + why);
  }
  d.archive = nullptr;
  for (RangeReader& r : d.readers) zip_error_fini(&r.error);
  return Ok();
}

}  // namespace cpk::io
