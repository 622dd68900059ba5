#include "libavformat_loader.hpp"

#include <dlfcn.h>

namespace cpk::formats::video::internal {

ProbeInputFormat3Fn LoadProbeFunction() {
  static const ProbeInputFormat3Fn fn = []() -> ProbeInputFormat3Fn {
    void* lib = dlopen(CPK_LIBAVFORMAT_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) return nullptr;
    return reinterpret_cast<ProbeInputFormat3Fn>(dlsym(lib, "av_probe_input_format3"));
  }();
  return fn;
}

}  // namespace cpk::formats::video::internal
