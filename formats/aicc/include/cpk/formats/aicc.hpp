#pragma once
/// @file aicc.hpp
/// AICC / HACP courses (.crs, .au, .des, .cst descriptor files): detected and reported.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::aicc {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::aicc
