#pragma once
/// @file builtin_modules.hpp
/// Registration of the modules built into this library (generated from the CMake module list).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk {

/// Calls `Register(registry)` of every built-in module (formats, converters, commands).
void RegisterBuiltinModules(Registry& registry);

}  // namespace cpk
