// Case fixes: files get the names that pages and descriptors use for them.
#include <algorithm>

#include "cpk/converters/package.hpp"
#include "cpk/converters/package_codes.hpp"
#include "cpk/formats/content.hpp"
#include "cpk/io/junk.hpp"
#include "cpk/io/uri.hpp"

namespace cpk::package {
namespace {

std::string Lower(std::string_view s) { return FoldCaseAscii(s); }

bool EndsWithAny(std::string_view path, std::initializer_list<std::string_view> extensions) {
  const std::string lower = Lower(path);
  return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return lower.ends_with(e); });
}

std::string Folder(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

/// The package path a relative URL in `from` names, or empty when it names none.
std::string Resolve(std::string_view from, std::string_view url) {
  const io::UrlParts parts = io::SplitUrl(io::TrimXmlSpace(url));
  if (parts.path.empty()) return {};
  const auto decoded = io::PercentDecode(parts.path);
  if (!decoded) return {};
  const auto normal = io::NormalisePackagePath(Folder(from) + *decoded);
  return normal ? *normal : std::string();
}

struct Reference {
  std::string target;  ///< package path as written (after resolving)
  std::string from;    ///< the file that names it
  uint32_t line = 0;
};

}  // namespace

NamePlan PlanNames(Source& source, const CourseModel& model, Report& report, uint64_t max_page_bytes) {
  std::vector<Reference> references;
  for (const Resource& r : model.resources) {
    if (!r.launch.empty() && !io::HasScheme(r.launch)) references.push_back({r.launch, "", 0});
    for (const std::string& f : r.files) references.push_back({f, "", 0});
  }
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || io::IsJunkPath(e.path) || e.size > max_page_bytes) continue;
    const bool css = EndsWithAny(e.path, {".css"});
    if (!css && !EndsWithAny(e.path, {".html", ".htm", ".xhtml"})) continue;
    auto text = source.ReadAll(e, max_page_bytes);
    if (!text) continue;  // unreadable pages were reported by validation
    for (const formats::content::ExternalReference& ref : formats::content::FindLocalReferences(*text, css)) {
      std::string target = Resolve(e.path, ref.url);
      if (!target.empty()) references.push_back({std::move(target), e.path, ref.line});
    }
  }

  NamePlan plan;
  std::map<std::string, const Reference*> misspelt;  // spelling that names no file → first reference
  std::set<std::string> exact;                       // real paths referenced as they are
  for (const Reference& ref : references) {
    if (source.Find(ref.target) != nullptr) {
      exact.insert(ref.target);
    } else if (!misspelt.contains(ref.target)) {
      misspelt.emplace(ref.target, &ref);
    }
  }
  std::map<std::string, std::pair<std::string, const Reference*>> renames;  // real path → new name
  for (const auto& [spelling, ref] : misspelt) {
    const std::vector<const EntryInfo*> matches = source.FindIgnoringCase(spelling);
    if (matches.size() != 1 || matches[0]->is_directory || exact.contains(matches[0]->path)) continue;
    renames.emplace(matches[0]->path, std::make_pair(spelling, ref));  // the first spelling in order wins
  }
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || io::IsJunkPath(e.path)) continue;
    const auto it = renames.find(e.path);
    plan.names[e.path] = it == renames.end() ? e.path : it->second.first;
  }
  for (const auto& [real, rename] : renames) {
    const auto& [spelling, ref] = rename;
    const std::string where = ref->from.empty() ? std::string("the course descriptor") : "'" + ref->from + "'";
    report.Add(codes::kConvertCaseFixed,
               "'" + real + "' is renamed '" + spelling + "', the name " + where + " uses for it",
               {ref->from.empty() ? real : ref->from, ref->line, 0},
               "name files exactly as pages refer to them: phones and web servers tell letter case apart");
  }
  return plan;
}

}  // namespace cpk::package
