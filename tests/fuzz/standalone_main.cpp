// Replay driver for the fuzz harnesses when they are built without libFuzzer: runs
// LLVMFuzzerTestOneInput once over every file named on the command line, descending into
// folders (in sorted order, so that runs are reproducible). Hidden files (such as .gitkeep)
// are skipped. Exits non-zero when an argument does not exist or cannot be read; a harness
// that finds a bug aborts on its own.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

bool RunFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::fprintf(stderr, "Running: %s (%zu bytes)\n", path.c_str(), bytes.size());
  // A copy of exactly the input's size, so that reads past the end are caught by ASan.
  std::vector<uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  return true;
}

/// Appends the regular files under `root` (or `root` itself), sorted; false when `root` is missing.
bool Collect(const fs::path& root, std::vector<fs::path>& out) {
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    std::fprintf(stderr, "no such file or folder: %s\n", root.c_str());
    return false;
  }
  if (!fs::is_directory(status)) {
    out.push_back(root);
    return true;
  }
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (IsHidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) found.push_back(it->path());
  }
  if (ec) {
    std::fprintf(stderr, "cannot list %s: %s\n", root.c_str(), ec.message().c_str());
    return false;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n  runs the harness once over every file given\n", argv[0]);
    return 2;
  }
  bool ok = true;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) ok = Collect(argv[i], files) && ok;
  size_t ran = 0;
  for (const fs::path& file : files) {
    if (RunFile(file)) {
      ++ran;
    } else {
      ok = false;
    }
  }
  std::fprintf(stderr, "Executed %zu input(s)%s\n", ran, ok ? "" : "; some arguments could not be read");
  return ok ? 0 : 1;
}
