#pragma once
// Reads a plain HTML5 package: the start page and its title.

#include <string>
#include <string_view>

#include "cpk/core/registry.hpp"

namespace cpk::formats::html5::internal {

/// The `<title>` text of an HTML page (entities decoded, white space collapsed; Latin-1 read when
/// the bytes are not UTF-8) and the `lang` of its `<html>` element; empty when absent.
struct PageTitle {
  std::string title{};
  std::string lang{};
};
PageTitle ReadPageTitle(std::string_view html);

/// Fills `model` with the package's start page and reports `html5.index-missing` when it is not
/// named exactly index.html.
Status ReadHtml5(Source& source, const ReadContext& context, CourseModel& model, Report& report);

}  // namespace cpk::formats::html5::internal
