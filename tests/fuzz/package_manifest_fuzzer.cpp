// Fuzzes the verifying reader of normalised packages: the input is a manifest.json placed in a
// folder beside one content file, read through the engine (schema validation, manifest parsing,
// size and hash checks, reference checks). Oracle: no crash, no sanitizer report, no hang, and
// Validate never fails with Errc::kInternal.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cpk/engine/engine.hpp"
#include "fuzz_common.hpp"

namespace {

const cpk::Engine& TheEngine() {
  static const cpk::Engine engine;
  return engine;
}

void Write(const std::string& path, const void* data, size_t size) {
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  char dir_template[] = "/tmp/cpk-fuzz-manifest-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return 0;
  const std::string dir = dir_template;
  std::filesystem::create_directories(dir + "/content");
  Write(dir + "/manifest.json", data, size);
  static const char kPage[] = "<html><body>page</body></html>\n";
  Write(dir + "/content/index.html", kPage, sizeof kPage - 1);
  cpk::ValidateOptions options;
  options.limits = cpk::fuzz::TightLimits();
  auto result = TheEngine().Validate(dir, options);
  cpk::fuzz::CheckNotInternal(result, "Engine::Validate");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
