#pragma once
/// @file pdf.hpp
/// PDF documents (detected by their %PDF- signature).
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::pdf {

/// Registers the detector (and reader, where there is one) of this format.
void Register(Registry& registry);

}  // namespace cpk::formats::pdf
