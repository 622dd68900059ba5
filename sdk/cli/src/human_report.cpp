#include "human_report.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace cpk::cli {
namespace {

struct Style {
  bool on;
  std::string Wrap(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

const char* SeverityColour(Severity s) {
  switch (s) {
    case Severity::kError:
      return "1;31";
    case Severity::kWarning:
      return "1;33";
    case Severity::kInfo:
      return "1;36";
  }
  return "0";
}

std::string Plural(size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

std::string FormatDisplayName(const FormatInfo& format) {
  static const std::map<std::string, std::string, std::less<>> kNames = {{"scorm", "SCORM (version unknown)"},
                                                                         {"scorm12", "SCORM 1.2"},
                                                                         {"scorm2004", "SCORM 2004"},
                                                                         {"cmi5", "cmi5"},
                                                                         {"xapi", "xAPI (TinCan)"},
                                                                         {"aicc", "AICC"},
                                                                         {"html5", "HTML5"},
                                                                         {"pdf", "PDF"},
                                                                         {"video", "video"},
                                                                         {"audio", "audio"},
                                                                         {"unknown", "not recognised"}};
  auto it = kNames.find(format.kind);
  std::string name = it != kNames.end() ? it->second : format.kind;
  if (format.kind == "scorm2004" && format.edition.size() > 5 && format.edition.starts_with("2004 ")) {
    name += " (" + format.edition.substr(5) + ")";
  }
  return name;
}

std::string RenderHumanReport(const Report& report, const RenderOptions& options) {
  const Style style{options.colour};
  std::string out;
  out += fmt::format("{} {}\n", style.Wrap("1", "coursepack:"), report.input());
  out += fmt::format("format: {}\n", FormatDisplayName(report.format()));

  // Files in the order of their most severe finding, then name; findings sorted within.
  const std::vector<Diagnostic> sorted = report.Sorted();
  std::vector<std::string> file_order;
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
  for (const Diagnostic& d : sorted) {
    auto [it, inserted] = by_file.try_emplace(d.location.file);
    if (inserted) file_order.push_back(d.location.file);
    it->second.push_back(&d);
  }
  for (const std::string& file : file_order) {
    out += "\n" + style.Wrap("1", file.empty() ? "(package)" : file) + "\n";
    for (const Diagnostic* d : by_file[file]) {
      std::string where;
      if (d->location.line > 0) {
        where = d->location.column > 0 ? fmt::format("{}:{}", d->location.line, d->location.column)
                                       : fmt::format("{}", d->location.line);
      }
      out += fmt::format("  {} {:>8} {}  {}\n",
                         style.Wrap(SeverityColour(d->severity), fmt::format("{:<7}", SeverityName(d->severity))),
                         where, style.Wrap("2", d->code), d->message);
      if (!d->hint.empty()) out += fmt::format("  {:<7} {:>8} {} {}\n", "", "", style.Wrap("32", "hint:"), d->hint);
    }
  }
  const Summary s = report.summary();
  out += "\n";
  const std::string line =
      fmt::format("{}, {}, {}", Plural(s.errors, "error"), Plural(s.warnings, "warning"), Plural(s.infos, "info"));
  out += s.errors > 0 ? style.Wrap("1;31", line) : style.Wrap("1;32", line);
  out += s.errors > 0 ? " — the package cannot be published as it is\n" : " — the package can be published\n";
  return out;
}

}  // namespace cpk::cli
