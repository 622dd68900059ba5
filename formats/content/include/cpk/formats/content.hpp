#pragma once
/// @file content.hpp
/// Checks of package content that every web-based format shares: file names that break on
/// phones and servers, and launch pages that load from the internet (which fails offline).
/// @since 0.1

#include <string_view>
#include <vector>

#include "cpk/core/registry.hpp"

namespace cpk::formats::content {

/// One resource a page loads from outside the package.
struct ExternalReference {
  std::string url;
  std::string tag;  ///< element that loads it ("script", "link", "img", "css", ...)
  uint32_t line = 0;
};

/// The absolute (http:, https:, protocol-relative) URLs an HTML page loads: scripts, style
/// sheets, images, media, frames, objects, and CSS url()/@import inside <style> and style="".
/// Plain links (<a href>) are navigation, not loads, and are not listed.
std::vector<ExternalReference> FindExternalReferences(std::string_view html);

/// The relative URLs a page (or, with `is_css`, a style sheet) names: what it loads and what it
/// links to, as written (query and fragment included). Absolute URLs, root-relative paths,
/// fragments and data:, javascript: or mailto: URLs are left out.
std::vector<ExternalReference> FindLocalReferences(std::string_view text, bool is_css = false);

/// Registers the content rule set.
void Register(Registry& registry);

}  // namespace cpk::formats::content
