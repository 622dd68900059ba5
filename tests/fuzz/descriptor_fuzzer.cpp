// Fuzzes the descriptor readers (imsmanifest.xml, cmi5.xml, tincan.xml) through the engine,
// with the content rules: the first byte picks the descriptor's name, the rest is its content.
// Oracle: no crash, no sanitizer report, and Validate never fails with Errc::kInternal.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"imsmanifest.xml", "cmi5.xml", "tincan.xml"};
  const char* name = kNames[data[0] % 3];
  char dir_template[] = "/tmp/cpk-fuzz-descriptor-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return 0;
  const std::string dir = dir_template;
  {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    if (f != nullptr) {
      std::fwrite(data + 1, 1, size - 1, f);
      std::fclose(f);
    }
    std::FILE* page = std::fopen((dir + "/index.html").c_str(), "wb");
    if (page != nullptr) {
      std::fputs("<html><script src=\"https://cdn.example.org/a.js\"></script></html>", page);
      std::fclose(page);
    }
  }
  cpk::ValidateOptions options;
  options.limits = cpk::fuzz::TightLimits();
  auto result = TheEngine().Validate(dir, options);
  cpk::fuzz::CheckNotInternal(result, "Engine::Validate");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
