#include "tincan_reader.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cpk/formats/xapi/codes.hpp"
#include "cpk/io/sniff.hpp"
#include "cpk/io/uri.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::xapi::internal {
namespace {

using namespace ::cpk::io;  // IRIs, URLs, language tags

constexpr std::string_view kNamespace = "http://projecttincan.com/tincan.xsd";

std::string Tag(std::string_view name) { return "<" + std::string(name) + ">"; }

class Reader {
 public:
  Reader(Source& source, std::string file, Report& report)
      : source_(source), file_(std::move(file)), report_(report), standalone_(source.kind() == SourceKind::kFile) {}

  void Read(const xml::Element& root, CourseModel& model);

 private:
  Location At(const xml::Element& e) const { return {file_, e.line, e.column}; }
  std::vector<const xml::Element*> Own(const xml::Element& parent, std::string_view name) const {
    std::vector<const xml::Element*> out;
    for (const xml::Element& c : parent.children) {
      if (c.name == name && c.ns == ns_) out.push_back(&c);
    }
    return out;
  }
  LangMap ReadLangMap(const xml::Element& activity, std::string_view name);
  /// Checks one `<launch>`; returns the package path (or absolute URL) it names, and its query.
  void CheckLaunch(const xml::Element& launch, const std::string& activity, Resource& resource, bool first);

  Source& source_;
  std::string file_;
  Report& report_;
  bool standalone_;
  std::string ns_;
  std::map<std::string, size_t> language_uses_;
  std::vector<std::string> language_order_;
};

LangMap Reader::ReadLangMap(const xml::Element& activity, std::string_view name) {
  LangMap out;
  for (const xml::Element* e : Own(activity, name)) {
    const xml::Attribute* a = e->FindAttribute("lang");  // `lang` or `xml:lang`
    const std::string lang = a != nullptr ? CanonicalLanguageTag(TrimXmlSpace(a->value)) : std::string();
    if (!lang.empty() && language_uses_[lang]++ == 0) language_order_.push_back(lang);
    out.emplace(lang.empty() ? std::string("und") : lang, TrimXmlSpace(e->text));
  }
  return out;
}

void Reader::CheckLaunch(const xml::Element& launch, const std::string& activity, Resource& resource, bool first) {
  const std::string value = TrimXmlSpace(launch.text);
  auto missing = [&](const std::string& message, std::string hint) {
    report_.Add(codes::kXapiTincanLaunchMissing, message, At(launch), std::move(hint));
  };
  if (value.empty()) {
    missing("the <launch> of activity '" + activity + "' is empty",
            "write the path of the page that starts the course, relative to tincan.xml, e.g. index.html");
    return;
  }
  const size_t cut = value.find_first_of("?#");
  const std::string path_part = value.substr(0, cut);
  if (first) {
    resource.launch = path_part;
    resource.parameters = cut == std::string::npos ? std::string() : value.substr(cut);
  }
  if (HasScheme(value)) return;  // content hosted elsewhere
  if (standalone_) {
    missing("the launch '" + value + "' of activity '" + activity +
                "' is a relative path, but this tincan.xml came without a package, so the file it names is missing",
            "upload a zip with tincan.xml and the course files, or use an absolute launch URL (https://...)");
    return;
  }
  if (path_part.starts_with("/")) {
    missing("the launch '" + value + "' starts with '/', which points outside the package",
            "write the path relative to tincan.xml, without the leading '/'");
    return;
  }
  const std::optional<std::string> decoded = PercentDecode(path_part);
  std::optional<std::string> path = NormalisePackagePath(decoded.value_or(path_part));
  if (!path) {
    missing("the launch '" + value + "' climbs above the top of the package with '..'",
            "write the path relative to tincan.xml, inside the package");
    return;
  }
  if (path->empty()) {
    missing("the launch '" + value + "' names no file", "write the path of the launch page, e.g. index.html");
    return;
  }
  if (first) resource.launch = *path;
  if (source_.Find(*path) != nullptr) return;
  if (const auto raw = NormalisePackagePath(path_part); raw && source_.Find(*raw) != nullptr) {
    if (first) resource.launch = *raw;
    return;
  }
  const std::vector<const EntryInfo*> near = source_.FindIgnoringCase(*path);
  if (!near.empty()) {
    missing("the launch '" + value + "' names '" + *path + "', but the package has '" + near.front()->path +
                "', which differs in letter case (phones and web servers treat names as case-sensitive)",
            "rename the file or correct <launch> so that both are written '" + near.front()->path + "' exactly");
    return;
  }
  missing("the launch file '" + *path + "' of activity '" + activity + "' is not in the package",
          "add the file to the zip or correct <launch>; the path is relative to tincan.xml");
}

void Reader::Read(const xml::Element& root, CourseModel& model) {
  const std::string expected = "<tincan xmlns=\"" + std::string(kNamespace) + "\"><activities><activity id=\"...\">";
  if (root.name != "tincan") {
    report_.Add(codes::kXapiTincanSchema, "the root element is " + Tag(root.name) + ", not <tincan>", At(root),
                "tincan.xml must describe the course's activities: " + expected);
    return;
  }
  if (!root.ns.empty() && root.ns != kNamespace) {
    report_.Add(
        codes::kXapiTincanSchema,
        "<tincan> is in the namespace '" + root.ns + "', not the TinCan namespace '" + std::string(kNamespace) + "'",
        At(root), "declare the TinCan namespace on the root: <tincan xmlns=\"" + std::string(kNamespace) + "\">");
  }
  ns_ = root.ns;
  const std::vector<const xml::Element*> groups = Own(root, "activities");
  if (groups.empty()) {
    report_.Add(codes::kXapiTincanSchema, "<tincan> has no <activities>", At(root),
                "list the course's activities: " + expected);
    return;
  }
  std::vector<const xml::Element*> activities;
  for (const xml::Element* g : groups) {
    const std::vector<const xml::Element*> in_group = Own(*g, "activity");
    if (in_group.empty()) {
      report_.Add(codes::kXapiTincanSchema, "<activities> has no <activity>", At(*g),
                  "describe at least the course's main activity, with its <launch>");
    }
    activities.insert(activities.end(), in_group.begin(), in_group.end());
  }

  std::map<std::string, const xml::Element*> ids;
  const xml::Element* launch_activity = nullptr;
  std::string launch_id;
  const xml::Element* first_launchable = nullptr;  // the one activity allowed <launch> or <resource>
  for (const xml::Element* a : activities) {
    std::string id;
    if (const xml::Attribute* attr = a->FindAttribute("id"); attr != nullptr && attr->ns.empty()) {
      id = TrimXmlSpace(attr->value);
    }
    if (id.empty()) {
      report_.Add(codes::kXapiTincanSchema, "<activity> has no id", At(*a),
                  "add id=\"...\" with an absolute IRI that you control, e.g. "
                  "id=\"https://example.org/courses/fire-safety\"");
    } else if (const std::string problem = IriProblem(id); !problem.empty()) {
      report_.Add(codes::kXapiActivityIdNotIri,
                  "the activity id '" + id + "' is not an absolute IRI: it " + problem +
                      " (xAPI requires activity ids to be IRIs)",
                  At(*a), "use an absolute IRI that you control, e.g. 'https://example.org/courses/fire-safety'");
    }
    if (!id.empty()) {
      const auto [it, inserted] = ids.emplace(id, a);
      if (!inserted) {
        report_.Add(
            codes::kXapiTincanSchema,
            "the activity id '" + id + "' is already used by the activity at line " + std::to_string(it->second->line),
            At(*a), "give every activity an id of its own, or merge the two descriptions");
      }
    }
    const bool has_launch = !Own(*a, "launch").empty();
    if (!has_launch && Own(*a, "resource").empty()) continue;
    if (first_launchable != nullptr) {
      report_.Add(codes::kXapiTincanSchema,
                  "a second activity with <launch> or <resource>: only one activity of a TinCan package may have "
                  "them, and the activity at line " +
                      std::to_string(first_launchable->line) + " already does",
                  At(*a), "keep <launch> on the course's main activity only");
    } else {
      first_launchable = a;
    }
    if (has_launch && launch_activity == nullptr) {
      launch_activity = a;
      launch_id = id;
    }
  }

  if (launch_activity == nullptr) {
    if (!activities.empty()) {
      const xml::Element& where = first_launchable != nullptr ? *first_launchable : *groups.front();
      report_.Add(codes::kXapiTincanLaunchMissing,
                  first_launchable != nullptr
                      ? "no activity has a <launch>: the activity at line " + std::to_string(first_launchable->line) +
                            " has only a <resource>, which is not a page the player can start"
                      : "no activity has a <launch>, so there is nothing to start",
                  At(where), "add <launch lang=\"en-US\">index.html</launch> to the course's main activity");
    }
    return;
  }

  Resource resource;
  resource.id = launch_id;
  resource.type = "html";
  resource.tracking = "xapi";
  Item item;
  item.id = launch_id;
  item.resource = launch_id;
  item.title = ReadLangMap(*launch_activity, "name");
  const LangMap description = ReadLangMap(*launch_activity, "description");
  bool first = true;
  for (const xml::Element* l : Own(*launch_activity, "launch")) {
    CheckLaunch(*l, launch_id, resource, first);
    first = false;
    if (const xml::Attribute* lang = l->FindAttribute("lang"); lang != nullptr) {
      const std::string tag = CanonicalLanguageTag(TrimXmlSpace(lang->value));
      if (!tag.empty() &&
          std::find(resource.languages.begin(), resource.languages.end(), tag) == resource.languages.end()) {
        resource.languages.push_back(tag);
      }
    }
  }
  model.id = launch_id;
  model.title = item.title;
  model.description = description;
  Organization org;
  org.id = launch_id;
  org.title = item.title;
  org.items.push_back(std::move(item));
  model.default_organization = org.id;
  model.organizations.push_back(std::move(org));
  model.resources.push_back(std::move(resource));
  std::vector<std::string> languages = language_order_;
  std::stable_sort(languages.begin(), languages.end(),
                   [&](const std::string& x, const std::string& y) { return language_uses_[x] > language_uses_[y]; });
  model.languages = std::move(languages);
}

}  // namespace

Status ReadTincan(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  const io::DescriptorEntry found = io::FindDescriptor(source, "tincan.xml");
  const EntryInfo* entry = found.entry;
  if (found.name_case_differs) {
    report.Add(codes::kXapiTincanSchema,
               "the TinCan descriptor is named '" + entry->path + "'; players look for 'tincan.xml' in lower case",
               {entry->path}, "rename the file to tincan.xml");
  }
  if (entry == nullptr) return Fail(Errc::kNotFound, "no tincan.xml");
  auto doc = xml::ParseEntry(source, *entry, context.limits, report);
  if (!doc) return Fail(doc.error());
  model.source.kind = "xapi";
  Reader reader(source, entry->path, report);
  reader.Read(doc->root, model);
  return Ok();
}

}  // namespace cpk::formats::xapi::internal
