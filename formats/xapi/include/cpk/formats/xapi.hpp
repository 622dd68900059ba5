#pragma once
/// @file xapi.hpp
/// xAPI (TinCan) packages (tincan.xml).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::xapi {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::xapi
