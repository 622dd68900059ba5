#pragma once
/// @file fonts.hpp
/// The text engine's module entry: registers the `text` and `certificate` commands.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::fonts {

/// Registers the commands of the text engine.
void Register(Registry& registry);

}  // namespace cpk::fonts
