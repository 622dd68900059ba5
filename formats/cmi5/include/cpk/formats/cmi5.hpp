#pragma once
/// @file cmi5.hpp
/// cmi5 course structures (cmi5.xml in a zip, or a standalone course structure XML).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::cmi5 {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::cmi5
