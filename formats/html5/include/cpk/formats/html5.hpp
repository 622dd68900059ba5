#pragma once
/// @file html5.hpp
/// Plain HTML5 packages (an index.html at the package root).
///
/// The reader fills the CourseModel with one Resource (id "index", type "html", tracking "none",
/// launch "index.html"), one Organization with one Item, and the `<title>` of index.html (in the
/// language of `<html lang>`, "und" without one) as the course title. A package whose start page
/// is not named exactly `index.html` (e.g. `Index.HTML` or `index.htm`) gets
/// `html5.index-missing` (cpk/formats/html5/codes.hpp), naming the file it has instead.
/// @since 0.1

#include "cpk/core/registry.hpp"

namespace cpk::formats::html5 {

/// Registers the HTML5 detector and reader.
void Register(Registry& registry);

}  // namespace cpk::formats::html5
