#include <map>
#include <set>

#include "cpk/formats/content.hpp"
#include "cpk/formats/content_codes.hpp"
#include "file_names.hpp"

namespace cpk::formats::content {
namespace {

constexpr size_t kMaxPageBytes = 4u << 20;  // launch pages larger than this are not scanned
constexpr size_t kMaxReportsPerPage = 20;

bool IsHtml(std::string_view path) {
  const std::string lower = FoldCaseAscii(path);
  return lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml");
}

void CheckExternalReferences(Source& source, const ReadContext& context, const CourseModel& model, Report& report) {
  std::set<std::string> pages;
  for (const Resource& r : model.resources) {
    if (!r.launch.empty() && IsHtml(r.launch) && source.Find(r.launch) != nullptr) pages.insert(r.launch);
  }
  for (const std::string& page : pages) {
    auto html = source.ReadAll(page, std::min<uint64_t>(kMaxPageBytes, context.limits.max_entry_bytes));
    if (!html) continue;
    const std::vector<ExternalReference> refs = FindExternalReferences(*html);
    for (size_t i = 0; i < refs.size() && i < kMaxReportsPerPage; ++i) {
      const ExternalReference& ref = refs[i];
      report.Add(codes::kContentExternalReference,
                 "launch page '" + page + "' loads '" + ref.url + "' (<" + ref.tag +
                     ">) from the internet; it fails offline and costs data on every launch",
                 {page, ref.line, 0},
                 "copy the file into the package and reference it with a relative path (e.g. js/jquery.min.js)");
    }
    if (refs.size() > kMaxReportsPerPage) {
      report.Add(codes::kContentExternalReference,
                 "launch page '" + page + "' loads " + std::to_string(refs.size() - kMaxReportsPerPage) +
                     " more resources from the internet",
                 {page}, "copy the files into the package and reference them with relative paths");
    }
  }
}

void CheckFileNames(const CourseModel& model, Report& report) {
  using internal::NameProblem;
  struct Group {
    size_t count = 0;
    std::string first;
  };
  std::map<NameProblem, Group> groups;
  for (const File& f : model.files) {
    std::set<NameProblem> seen;
    for (NameProblem p : internal::FileNameProblems(f.path)) {
      if (!seen.insert(p).second) continue;
      Group& g = groups[p];
      if (g.count++ == 0) g.first = f.path;
    }
  }
  for (const auto& [problem, g] : groups) {
    std::string what;
    std::string hint;
    switch (problem) {
      case NameProblem::kSpace:
        what = "contain spaces, which every reference must write as %20 and some players and servers mishandle";
        hint = "replace spaces with '-' or '_' in the names and in the pages that reference them";
        break;
      case NameProblem::kUrlSpecial:
        what = "contain characters such as # ? % & + that have a meaning in URLs";
        hint = "use only letters, digits, '-', '_' and '.' in file names";
        break;
      case NameProblem::kNonAscii:
        what = "contain characters outside the portable set (letters beyond ASCII); old players and tools mangle them";
        hint = "use ASCII letters, digits, '-', '_' and '.' in file names (keep Indian-language text inside the pages)";
        break;
      case NameProblem::kTooLong:
        what = "have a name part longer than 255 bytes, which Android and most file systems refuse";
        hint = "shorten the names";
        break;
      case NameProblem::kReserved:
        what = "have names Windows cannot create (CON, NUL, COM1, … or a trailing dot or space)";
        hint = "rename the files";
        break;
    }
    report.Add(codes::kContentFilenameUnsafe,
               std::to_string(g.count) + " file name(s) " + what + " (e.g. '" + g.first + "')", {g.first},
               std::move(hint));
  }
}

}  // namespace

void Register(Registry& registry) {
  registry.AddRuleSet(
      {"content", [](Source& source, const ReadContext& context, const CourseModel& model, Report& report) {
         CheckFileNames(model, report);
         CheckExternalReferences(source, context, model, report);
       }});
}

}  // namespace cpk::formats::content
