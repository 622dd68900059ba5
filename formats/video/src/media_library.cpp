#include "media_library.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <vector>

namespace cpk::formats::video::internal {
namespace {

struct Loaded {
  const media::MediaApi* api = nullptr;
  std::string error;
};

/// Where the module may be, in order: $CPK_MEDIA_LIBRARY, beside the binary that holds this
/// code (libcoursepack.so or an executable), ../lib of it, the installed library folder, the
/// build tree, and finally the dynamic linker's own search path.
std::vector<std::string> Candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("CPK_MEDIA_LIBRARY"); env != nullptr && *env != '\0') out.emplace_back(env);
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&Candidates), &info) != 0 && info.dli_fname != nullptr) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::canonical(info.dli_fname, ec);
    if (!ec) {
      out.push_back((self.parent_path() / CPK_MEDIA_LIBRARY_NAME).string());
      out.push_back((self.parent_path().parent_path() / "lib" / CPK_MEDIA_LIBRARY_NAME).string());
    }
  }
  out.emplace_back(CPK_MEDIA_INSTALL_PATH);
  out.emplace_back(CPK_MEDIA_BUILD_PATH);
  out.emplace_back(CPK_MEDIA_LIBRARY_NAME);
  return out;
}

Loaded Load() {
  Loaded loaded;
  for (const std::string& path : Candidates()) {
    if (path.find('/') != std::string::npos && !std::filesystem::exists(path)) continue;
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      loaded.error = why != nullptr ? why : "cannot load " + path;
      continue;
    }
    using EntryFn = const media::MediaApi* (*)(uint32_t);
    auto entry = reinterpret_cast<EntryFn>(dlsym(lib, "cpk_media_api"));
    const media::MediaApi* api = entry != nullptr ? entry(media::kMediaApiVersion) : nullptr;
    if (api == nullptr || api->size != sizeof(media::MediaApi) ||
        !std::equal(std::begin(api->struct_sizes), std::end(api->struct_sizes), std::begin(media::kStructSizes))) {
      loaded.error = path + " is from another version of coursepack";
      dlclose(lib);
      continue;
    }
    loaded.api = api;
    loaded.error.clear();
    return loaded;
  }
  if (loaded.error.empty()) loaded.error = std::string(CPK_MEDIA_LIBRARY_NAME) + " was not found";
  return loaded;
}

}  // namespace

const media::MediaApi* MediaLibrary(std::string* error) {
  static const Loaded loaded = Load();
  if (error != nullptr) *error = loaded.error;
  return loaded.api;
}

}  // namespace cpk::formats::video::internal

namespace cpk::formats::video {

const media::MediaApi* LoadMediaModule(std::string* error) { return internal::MediaLibrary(error); }

}  // namespace cpk::formats::video
