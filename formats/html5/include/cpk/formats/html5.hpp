#pragma once
/// @file html5.hpp
/// Plain HTML5 packages (an index.html at the package root).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::html5 {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::html5
