#include "file_readers.hpp"

#include <cerrno>
#include <cstring>

#include "cpk/io/codes.hpp"

namespace cpk::internal {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f) std::fclose(f);
  }
};

class PlainFileReader final : public EntryReader {
 public:
  PlainFileReader(std::unique_ptr<std::FILE, FileCloser> file, EntryInfo entry, const Limits& limits)
      : file_(std::move(file)), entry_(std::move(entry)), max_bytes_(limits.max_entry_bytes) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    const size_t n = std::fread(buffer, 1, size, file_.get());
    if (n == 0 && std::ferror(file_.get())) {
      return Fail(Errc::kIo, "cannot read '" + entry_.path + "': " + std::strerror(errno), {entry_.path});
    }
    read_ += n;
    if (read_ > max_bytes_) {
      violation_ = &codes::kZipTooLarge;
      return Fail(Errc::kLimitExceeded,
                  "'" + entry_.path + "' is larger than the limit of " + std::to_string(max_bytes_) + " bytes",
                  {entry_.path});
    }
    return n;
  }
  const DiagnosticCode* violation() const override { return violation_; }

 private:
  std::unique_ptr<std::FILE, FileCloser> file_;
  EntryInfo entry_;
  uint64_t max_bytes_;
  uint64_t read_ = 0;
  const DiagnosticCode* violation_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<EntryReader>> OpenPlainFile(const std::string& os_path, const EntryInfo& entry,
                                                   const Limits& limits) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(os_path.c_str(), "rb"));
  if (!f) {
    return Fail(errno == ENOENT ? Errc::kNotFound : Errc::kIo,
                "cannot open '" + entry.path + "': " + std::strerror(errno), {entry.path});
  }
  return std::unique_ptr<EntryReader>(std::make_unique<PlainFileReader>(std::move(f), entry, limits));
}

}  // namespace cpk::internal
