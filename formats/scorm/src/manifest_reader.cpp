// Reads imsmanifest.xml (SCORM 1.2 and 2004) into the CourseModel and checks everything about
// it that a schema cannot: references between identifiers, files named by hrefs, versions,
// organisation defaults, mastery rules, prerequisites. Every finding has the manifest's
// line and column and a fix hint; reading goes on after each one.
#include "manifest_reader.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "cpk/formats/scorm.hpp"
#include "cpk/formats/scorm_codes.hpp"
#include "cpk/io/junk.hpp"
#include "cpk/io/sniff.hpp"
#include "cpk/io/xml.hpp"
#include "href.hpp"
#include "sequencing_rules.hpp"
#include "structure_rules.hpp"

namespace cpk::formats::scorm::internal {
namespace {

constexpr std::string_view kCp12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
constexpr std::string_view kCp2004 = "http://www.imsglobal.org/xsd/imscp_v1p1";
constexpr std::string_view kAdlcp12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
constexpr std::string_view kAdlcp13 = "http://www.adlnet.org/xsd/adlcp_v1p3";
constexpr std::string_view kImsss = "http://www.imsglobal.org/xsd/imsss";
constexpr std::string_view kAdlseq = "http://www.adlnet.org/xsd/adlseq_v1p3";
constexpr std::string_view kAdlnav = "http://www.adlnet.org/xsd/adlnav_v1p3";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

bool Declares(const xml::Element& e, std::string_view uri) {
  return std::any_of(e.namespaces.begin(), e.namespaces.end(), [&](const auto& ns) { return ns.second == uri; });
}

std::string XmlBase(const xml::Element& e) {
  const xml::Attribute* a = e.FindAttribute("base", kXmlNs);
  return a != nullptr ? a->value : std::string();
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

ExtensionNode ToNode(const xml::Element& e) {
  ExtensionNode n;
  n.name = e.name;
  n.ns = e.ns;
  for (const xml::Attribute& a : e.attributes) n.attributes.emplace_back(a.name, a.value);
  n.text = e.TrimmedText();
  for (const xml::Element& c : e.children) n.children.push_back(ToNode(c));
  return n;
}

/// State shared by the checks of one manifest.
class ManifestReader {
 public:
  ManifestReader(Source& source, const ReadContext& context, CourseModel& model, Report& report, std::string file)
      : source_(source), context_(context), model_(model), report_(report), file_(std::move(file)) {}

  void Read(const xml::Element& root);

 private:
  Location At(const xml::Element& e) const { return {file_, e.line, e.column}; }
  void Add(const DiagnosticCode& code, std::string message, const xml::Element& e, std::string hint) {
    report_.Add(code, std::move(message), At(e), std::move(hint));
  }

  void DetectVersion(const xml::Element& root);
  void CollectIdentifiers(const xml::Element& manifest);
  void ReadMetadata(const xml::Element& root);
  void ReadLom(const xml::Element& lom);
  void ReadResources(const xml::Element& manifest);
  void CheckResource(const xml::Element& r, const std::string& base, Resource& res);
  /// Looks `resolved` up; reports as `missing_code` when absent. Returns the real path or "".
  std::string LookUp(const ResolvedHref& resolved, std::string_view href, const xml::Element& at,
                     const DiagnosticCode& missing_code, std::string_view what);
  void ReadOrganizations(const xml::Element& root);
  Item ReadItem(const xml::Element& e, const std::set<std::string>& item_ids);
  void CheckPrerequisites(const xml::Element& e, const std::string& script, const std::set<std::string>& item_ids);
  void CheckLaunchable();
  void ReportUnlistedFiles();
  std::string Lang() const { return model_.languages.empty() ? "und" : model_.languages.front(); }
  LangMap TitleOf(const xml::Element& e) const;

  Source& source_;
  const ReadContext& context_;
  CourseModel& model_;
  Report& report_;
  std::string file_;
  ScormVersion version_;
  std::map<std::string, const xml::Element*> resource_elements_;
  std::set<std::string> submanifests_;
  std::set<std::string> listed_files_;
  std::set<std::string> referenced_resources_;
  std::set<std::string> sequencing_ids_;  // IDs of the <imsss:sequencingCollection> entries
};

LangMap ManifestReader::TitleOf(const xml::Element& e) const {
  LangMap m;
  if (const xml::Element* t = e.FirstChild("title")) {
    std::string text = t->TrimmedText();
    if (!text.empty()) m[Lang()] = std::move(text);
  }
  return m;
}

void ManifestReader::DetectVersion(const xml::Element& root) {
  const xml::Element* md = root.FirstChild("metadata");
  const xml::Element* sv = md != nullptr ? md->FirstChild("schemaversion") : nullptr;
  if (sv != nullptr) {
    version_ = VersionFromSchemaVersion(sv->TrimmedText());
    if (!version_.kind.empty()) return;
  }
  const bool is2004 = root.ns == kCp2004 || Declares(root, kAdlcp13) || Declares(root, kImsss) ||
                      Declares(root, kAdlseq) || Declares(root, kAdlnav);
  const bool is12 = root.ns == kCp12 || Declares(root, kAdlcp12);
  const std::string said = sv != nullptr
                               ? "<schemaversion> says " + Quote(sv->TrimmedText()) + ", which is not a SCORM version"
                               : std::string("the manifest has no <metadata><schemaversion>");
  const xml::Element& at = sv != nullptr ? *sv : root;
  if (is2004 != is12) {
    version_ = is2004 ? ScormVersion{"scorm2004", "2004"} : ScormVersion{"scorm12", "1.2"};
    Add(codes::kScormVersionInferred, said + "; the namespaces it declares make it SCORM " + (is2004 ? "2004" : "1.2"),
        at,
        is2004 ? "add <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata> "
                 "(or the edition the course was made for)"
               : "add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>");
    return;
  }
  version_ = {"scorm12", "1.2"};
  Add(codes::kScormVersionUnknown,
      said + (is2004 ? " and its namespaces mix SCORM 1.2 and 2004" : " and it declares no SCORM namespace") +
          "; it was read as SCORM 1.2",
      at, "export the course again from the authoring tool, choosing SCORM 1.2 or SCORM 2004");
}

void ManifestReader::CollectIdentifiers(const xml::Element& manifest) {
  // Missing and duplicate identifiers are structural findings (structure_rules.cpp); here only
  // what references resolve to: resources and sub-manifests, at any depth.
  if (const xml::Element* rs = manifest.FirstChild("resources")) {
    for (const xml::Element* r : rs->ChildrenNamed("resource")) {
      if (const xml::Attribute* id = r->FindAttribute("identifier")) resource_elements_.emplace(id->value, r);
    }
  }
  for (const xml::Element* sub : manifest.ChildrenNamed("manifest")) {
    if (const xml::Attribute* id = sub->FindAttribute("identifier")) submanifests_.insert(id->value);
    CollectIdentifiers(*sub);
  }
}

void ManifestReader::ReadLom(const xml::Element& lom) {
  const xml::Element* general = lom.FirstChild("general");
  if (general == nullptr) return;
  auto strings = [](const xml::Element* holder) {
    std::vector<std::pair<std::string, std::string>> out;  // (lang, text)
    if (holder == nullptr) return out;
    for (const xml::Element& s : holder->children) {
      if (s.name != "langstring" && s.name != "string") continue;
      std::string lang = s.AttributeOr("lang");
      if (lang.empty()) lang = s.AttributeOr("language");
      std::string text = s.TrimmedText();
      if (!text.empty()) out.emplace_back(lang.empty() ? "und" : lang, std::move(text));
    }
    return out;
  };
  for (const xml::Element* l : general->ChildrenNamed("language")) {
    const std::string lang = l->TrimmedText();
    if (!lang.empty() && std::find(model_.languages.begin(), model_.languages.end(), lang) == model_.languages.end()) {
      model_.languages.push_back(lang);
    }
  }
  for (auto& [lang, text] : strings(general->FirstChild("title"))) model_.title.emplace(lang, text);
  for (const xml::Element* d : general->ChildrenNamed("description")) {
    for (auto& [lang, text] : strings(d)) model_.description.emplace(lang, text);
  }
  for (const xml::Element* k : general->ChildrenNamed("keyword")) {
    for (auto& [lang, text] : strings(k)) model_.keywords.push_back(text);
  }
}

void ManifestReader::ReadMetadata(const xml::Element& root) {
  const xml::Element* md = root.FirstChild("metadata");
  if (md == nullptr) return;
  if (const xml::Element* lom = md->FirstChild("lom")) ReadLom(*lom);
  if (const xml::Element* loc = md->FirstChild("location")) {
    const std::string href = loc->TrimmedText();
    const ResolvedHref resolved = ResolveHref(XmlBase(root), href);
    listed_files_.insert(resolved.path);
    const std::string real = LookUp(resolved, href, *loc, codes::kScormMetadataMissing, "the external metadata file");
    if (real.empty()) return;
    auto doc = xml::ParseEntry(source_, *source_.Find(real), context_.limits, report_);
    if (doc && doc->root.name == "lom") ReadLom(doc->root);
  }
}

std::string ManifestReader::LookUp(const ResolvedHref& resolved, std::string_view href, const xml::Element& at,
                                   const DiagnosticCode& missing_code, std::string_view what) {
  if (resolved.external) return {};
  if (!resolved.encoding_problem.empty()) {
    Add(codes::kScormResourceHrefEncoding,
        "href " + Quote(href) + " is not a valid URI reference: " + resolved.encoding_problem, at,
        "write hrefs as URIs: '/' between folders, %20 for spaces, %25 for '%'");
  }
  if (resolved.escapes > 0) {
    Add(codes::kScormResourceHrefOutside,
        "href " + Quote(href) + " climbs " + std::to_string(resolved.escapes) +
            " level(s) above the package root; players cannot serve it",
        at, "put the file inside the package and point to it with a path relative to the manifest");
    return {};
  }
  if (resolved.path.empty()) return {};
  // A bare imsmanifest.xml (no package around it) names files that are not there to check.
  if (source_.kind() == SourceKind::kFile) return {};
  if (source_.Find(resolved.path) != nullptr) return resolved.path;
  const auto near = source_.FindIgnoringCase(resolved.path);
  if (!near.empty()) {
    Add(codes::kScormResourceHrefCaseMismatch,
        std::string(what) + " " + Quote(resolved.path) + " differs in letter case from the file in the package, " +
            Quote(near.front()->path) + "; it works on Windows and macOS but not on Android or Linux servers",
        at, "rename the file or fix the href so that both spell " + Quote(near.front()->path) + " the same way");
    return near.front()->path;
  }
  Add(missing_code, std::string(what) + " " + Quote(resolved.path) + " is not in the package", at,
      "add the file to the zip, or correct the href (paths are relative to imsmanifest.xml)");
  return {};
}

void ManifestReader::CheckResource(const xml::Element& r, const std::string& base, Resource& res) {
  const xml::Attribute* type = r.FindAttribute("scormtype");
  if (type == nullptr) type = r.FindAttribute("scormType");
  if (type == nullptr) {
    Add(codes::kScormResourceScormTypeMissing,
        "resource " + Quote(res.id) + " has no adlcp:" + (version_.kind == "scorm2004" ? "scormType" : "scormtype") +
            " attribute; it is treated as an asset (no tracking)",
        r,
        std::string("add adlcp:") + (version_.kind == "scorm2004" ? "scormType" : "scormtype") +
            "=\"sco\" if the page talks to the LMS, or =\"asset\" if it does not");
  }
  const std::string rbase = base + XmlBase(r);
  if (const xml::Attribute* href = r.FindAttribute("href")) {
    const ResolvedHref resolved = ResolveHref(rbase, href->value);
    res.parameters = resolved.query;
    if (resolved.external) {
      res.launch = href->value;
    } else {
      listed_files_.insert(resolved.path);
      const bool launchable = res.type == "sco" || referenced_resources_.count(res.id) != 0;
      const std::string real =
          LookUp(resolved, href->value, r, launchable ? codes::kScormResourceHrefMissing : codes::kScormFileMissing,
                 launchable ? "the launch file" : "the file");
      res.launch = real.empty() ? resolved.path : real;
      if (!real.empty()) listed_files_.insert(real);
    }
  } else if (res.type == "sco" || referenced_resources_.count(res.id) != 0) {
    Add(codes::kScormResourceHrefMissing,
        "resource " + Quote(res.id) + (res.type == "sco" ? " is a SCO" : " is launched by an item") +
            " but has no href, so there is no page to open",
        r, "add href=\"<first page>\" to the resource, e.g. href=\"index.html\"");
  }
  for (const xml::Element* f : r.ChildrenNamed("file")) {
    const xml::Attribute* href = f->FindAttribute("href");
    if (href == nullptr) continue;  // structural finding
    const ResolvedHref resolved = ResolveHref(rbase + XmlBase(*f), href->value);
    if (resolved.external) continue;
    listed_files_.insert(resolved.path);
    const std::string real = LookUp(resolved, href->value, *f, codes::kScormFileMissing, "listed file");
    if (!real.empty()) listed_files_.insert(real);
    res.files.push_back(real.empty() ? resolved.path : real);
  }
  for (const xml::Element* d : r.ChildrenNamed("dependency")) {
    const std::string ref = d->AttributeOr("identifierref");
    if (ref.empty()) continue;  // structural finding
    if (resource_elements_.count(ref) == 0) {
      Add(codes::kScormDependencyMissing,
          "resource " + Quote(res.id) + " depends on " + Quote(ref) + ", which is not a resource of this manifest", *d,
          "add a <resource identifier=\"" + ref + "\"> with the shared files, or remove the dependency");
      continue;
    }
    res.dependencies.push_back(ref);
  }
}

void ManifestReader::ReadResources(const xml::Element& manifest) {
  const xml::Element* rs = manifest.FirstChild("resources");
  if (rs != nullptr) {
    const std::string base = XmlBase(manifest) + XmlBase(*rs);
    for (const xml::Element* r : rs->ChildrenNamed("resource")) {
      Resource res;
      res.id = r->AttributeOr("identifier");
      std::string type = r->AttributeOr("scormtype");
      if (type.empty()) type = r->AttributeOr("scormType");
      res.type = type == "sco" ? "sco" : "asset";
      res.tracking = res.type == "sco" ? version_.kind : "none";
      CheckResource(*r, base, res);
      model_.resources.push_back(std::move(res));
    }
  }
  for (const xml::Element* sub : manifest.ChildrenNamed("manifest")) ReadResources(*sub);
}

void ManifestReader::CheckPrerequisites(const xml::Element& e, const std::string& script,
                                        const std::set<std::string>& item_ids) {
  // aicc_script: identifiers, & | ~ ( ) = <> , { } * and numbers (SCORM 1.2 CAM 3.4.1.x).
  size_t i = 0;
  while (i < script.size()) {
    const char c = script[i];
    if (std::string_view("&|~()=<>,{}* \t\r\n").find(c) != std::string_view::npos || (c >= '0' && c <= '9')) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < script.size() && std::string_view("&|~()=<>,{}* \t\r\n").find(script[end]) == std::string_view::npos) {
      ++end;
    }
    const std::string token = script.substr(i, end - i);
    if (item_ids.count(token) == 0) {
      const bool word = token == "AND" || token == "OR" || token == "NOT" || token == "and" || token == "or";
      Add(codes::kScormItemPrerequisitesInvalid,
          "prerequisites " + Quote(script) + " of item " + Quote(e.AttributeOr("identifier")) + " name " +
              Quote(token) + ", which is not an item of this organization" +
              (word ? " (aicc_script writes AND as '&', OR as '|' and NOT as '~')" : ""),
          e, "write the rule with item identifiers and & | ~, e.g. \"module1 & module2\"");
      return;
    }
    i = end;
  }
}

Item ManifestReader::ReadItem(const xml::Element& e, const std::set<std::string>& item_ids) {
  Item item;
  item.id = e.AttributeOr("identifier");
  item.title = TitleOf(e);
  item.resource = e.AttributeOr("identifierref");
  item.parameters = e.AttributeOr("parameters");
  item.visible = e.AttributeOr("isvisible", "true") != "false";
  if (e.FirstChild("title") == nullptr || item.title.empty()) {
    Add(codes::kScormItemTitleMissing, "item " + Quote(item.id) + " has no <title>; SCORM requires one for every item",
        e, "add <title>…</title> as the item's first child: learners see it in the course outline");
  }
  const auto children = e.ChildrenNamed("item");
  if (!item.resource.empty()) {
    if (resource_elements_.count(item.resource) == 0 && submanifests_.count(item.resource) == 0) {
      Add(codes::kScormItemResourceMissing,
          "item " + Quote(item.id) + " points to resource " + Quote(item.resource) + ", which does not exist", e,
          "set identifierref to the identifier of one of the <resource> elements");
    }
  } else if (children.empty()) {
    Add(codes::kScormItemLeafWithoutResource,
        "item " + Quote(item.id) + " has no child items and no identifierref, so it launches nothing", e,
        "add identifierref=\"<resource id>\" to the item, or remove it");
  }
  for (const xml::Element& c : e.children) {
    const std::string text = c.TrimmedText();
    if (c.name == "masteryscore") {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end == nullptr || *end != '\0' || v < 0 || v > 100) {
        Add(codes::kScormItemMasteryScoreInvalid,
            "masteryscore " + Quote(text) + " of item " + Quote(item.id) + " is not a number from 0 to 100", c,
            "write the pass mark as a number from 0 to 100, e.g. <adlcp:masteryscore>80</adlcp:masteryscore>");
      } else {
        item.mastery_score = v / 100.0;
      }
    } else if (c.name == "prerequisites") {
      item.prerequisites = text;
      if (!text.empty()) CheckPrerequisites(c, text, item_ids);
    } else if (c.name == "timelimitaction" || c.name == "timeLimitAction") {
      item.time_limit_action = text;
    } else if (c.name == "datafromlms" || c.name == "dataFromLMS") {
      item.data_from_lms = text;
    } else if (c.name == "maxtimeallowed") {
      item.max_time_allowed = text;
    } else if (c.name == "completionThreshold") {
      // 4th Edition: <adlcp:completionThreshold minProgressMeasure="0.8"/>; 2nd/3rd: the value as text.
      const std::string value = c.AttributeOr("minProgressMeasure", text);
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (!value.empty() && end != nullptr && *end == '\0' && v >= 0 && v <= 1) item.completion_threshold = v;
    } else if (c.name == "presentation" && c.ns == kAdlnav) {
      item.presentation = ToNode(c);
    }
  }
  if (const xml::Element* seq = e.FirstChild("sequencing", kImsss)) {
    CheckSequencing(*seq, file_, version_.kind == "scorm2004", report_);
    if (const xml::Attribute* ref = seq->FindAttribute("IDRef");
        ref != nullptr && sequencing_ids_.count(ref->value) == 0) {
      report_.Add(codes::kScormSequencingInvalid,
                  "the sequencing of item " + Quote(item.id) + " refers to " + Quote(ref->value) +
                      ", which is not in the manifest's <imsss:sequencingCollection>",
                  At(*seq), "add <imsss:sequencing ID=\"" + ref->value + "\"> to the collection, or fix the IDRef");
    }
    item.sequencing = ToNode(*seq);
  }
  for (const xml::Element* c : children) item.children.push_back(ReadItem(*c, item_ids));
  return item;
}

void ManifestReader::ReadOrganizations(const xml::Element& root) {
  const xml::Element* orgs = root.FirstChild("organizations");
  if (orgs == nullptr) return;  // structural finding
  const auto list = orgs->ChildrenNamed("organization");
  model_.default_organization = orgs->AttributeOr("default");
  if (list.empty()) {
    Add(codes::kScormOrganizationNone,
        "<organizations> holds no <organization>: there is no table of contents, so players launch the first SCO",
        *orgs, "add an <organization> with an <item> for each SCO, in the order learners should take them");
    model_.default_organization.clear();
    return;
  }
  bool default_found = false;
  for (const xml::Element* o : list) {
    Organization org;
    org.id = o->AttributeOr("identifier");
    org.title = TitleOf(*o);
    if (org.title.empty()) {
      Add(codes::kScormOrganizationTitleMissing,
          "organization " + Quote(org.id) + " has no <title>; learners see it as the course name", *o,
          "add <title>Course name</title> as the organization's first child");
    }
    std::set<std::string> item_ids;
    std::vector<const xml::Element*> stack = o->ChildrenNamed("item");
    while (!stack.empty()) {
      const xml::Element* it = stack.back();
      stack.pop_back();
      item_ids.insert(it->AttributeOr("identifier"));
      for (const xml::Element* c : it->ChildrenNamed("item")) stack.push_back(c);
    }
    for (const xml::Element* i : o->ChildrenNamed("item")) org.items.push_back(ReadItem(*i, item_ids));
    if (const xml::Element* seq = o->FirstChild("sequencing", kImsss)) {
      CheckSequencing(*seq, file_, version_.kind == "scorm2004", report_);
      org.sequencing = ToNode(*seq);
    }
    default_found |= !org.id.empty() && org.id == model_.default_organization;
    model_.organizations.push_back(std::move(org));
  }
  if (model_.default_organization.empty()) {
    Add(codes::kScormOrganizationDefaultMissing,
        "<organizations> has no 'default' attribute; the first organization, " +
            Quote(list.front()->AttributeOr("identifier")) + ", is used",
        *orgs, "add default=\"" + list.front()->AttributeOr("identifier") + "\" to <organizations>");
    model_.default_organization = model_.organizations.front().id;
  } else if (!default_found) {
    Add(codes::kScormOrganizationDefaultMissing,
        "<organizations default=" + Quote(model_.default_organization) +
            "> names no organization of this manifest; the first one, " + Quote(model_.organizations.front().id) +
            ", is used",
        *orgs,
        "set default to the identifier of an <organization>, e.g. default=\"" + model_.organizations.front().id + "\"");
    model_.default_organization = model_.organizations.front().id;
  }
  for (const Organization& org : model_.organizations) {
    if (org.id == model_.default_organization && !org.title.empty() && model_.title.empty()) model_.title = org.title;
  }
}

void ManifestReader::CheckLaunchable() {
  if (source_.kind() == SourceKind::kFile) return;  // a bare manifest: the files are elsewhere
  std::set<std::string> launchable;
  for (const Resource& r : model_.resources) {
    if (!r.launch.empty()) launchable.insert(r.id);
  }
  bool any = false;
  std::vector<const std::vector<Item>*> stack;
  for (const Organization& o : model_.organizations) stack.push_back(&o.items);
  while (!stack.empty() && !any) {
    const std::vector<Item>* items = stack.back();
    stack.pop_back();
    for (const Item& i : *items) {
      any |= launchable.count(i.resource) != 0 || submanifests_.count(i.resource) != 0;
      stack.push_back(&i.children);
    }
  }
  if (model_.organizations.empty()) {
    any = std::any_of(model_.resources.begin(), model_.resources.end(),
                      [](const Resource& r) { return r.type == "sco" && !r.launch.empty(); });
  }
  if (!any) {
    report_.Add(codes::kScormLaunchNone,
                "nothing in the package can be launched: no item points to a resource with an href", {file_},
                "give the SCO's <resource> an href (its first page) and point an <item identifierref> at it");
  }
}

void ManifestReader::ReportUnlistedFiles() {
  if (source_.kind() == SourceKind::kFile) return;
  std::vector<std::string> unlisted;
  for (const EntryInfo& e : source_.entries()) {
    if (e.is_directory || io::IsJunkPath(e.path) || listed_files_.count(e.path) != 0) continue;
    if (e.path == file_) continue;
    const std::string lower = FoldCaseAscii(e.path);
    if (lower.ends_with(".xsd") || lower.ends_with(".dtd")) continue;  // schema files travel with manifests
    unlisted.push_back(e.path);
  }
  if (unlisted.empty()) return;
  std::string examples;
  for (size_t i = 0; i < unlisted.size() && i < 5; ++i) examples += (i ? ", " : "") + Quote(unlisted[i]);
  report_.Add(codes::kScormFileUnlisted,
              std::to_string(unlisted.size()) + " file(s) are in the package but listed by no <resource> (" + examples +
                  (unlisted.size() > 5 ? ", …" : "") + "); players still serve them",
              {unlisted.front()},
              "list each file with <file href=\"...\"/> in the resource that uses it, or remove it");
}

void ManifestReader::Read(const xml::Element& root) {
  DetectVersion(root);
  model_.source.kind = version_.kind;
  model_.source.edition = version_.edition;
  model_.id = root.AttributeOr("identifier");
  CollectIdentifiers(root);
  ReadMetadata(root);
  // Items first (they decide which resources are launched), then resources.
  if (const xml::Element* orgs = root.FirstChild("organizations")) {
    for (const xml::Element* o : orgs->ChildrenNamed("organization")) {
      std::vector<const xml::Element*> stack = o->ChildrenNamed("item");
      while (!stack.empty()) {
        const xml::Element* it = stack.back();
        stack.pop_back();
        if (const xml::Attribute* ref = it->FindAttribute("identifierref")) referenced_resources_.insert(ref->value);
        for (const xml::Element* c : it->ChildrenNamed("item")) stack.push_back(c);
      }
    }
  }
  if (const xml::Element* coll = root.FirstChild("sequencingCollection", kImsss)) {
    for (const xml::Element* seq : coll->ChildrenNamed("sequencing")) sequencing_ids_.insert(seq->AttributeOr("ID"));
  }
  ReadResources(root);
  ReadOrganizations(root);
  if (const xml::Element* coll = root.FirstChild("sequencingCollection", kImsss)) {
    CheckSequencing(*coll, file_, version_.kind == "scorm2004", report_);
    model_.sequencing_collection = ToNode(*coll);
  }
  CheckLaunchable();
  ReportUnlistedFiles();
}

}  // namespace

Status ReadManifest(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  const io::DescriptorEntry found = io::FindDescriptor(source, "imsmanifest.xml");
  const EntryInfo* entry = found.entry;
  if (entry == nullptr) return Fail(Errc::kNotFound, "no imsmanifest.xml");
  if (found.name_case_differs) {
    report.Add(codes::kScormManifestNameCase,
               "the manifest is named " + Quote(entry->path) + "; SCORM requires exactly 'imsmanifest.xml'",
               {entry->path}, "rename the file to imsmanifest.xml (all lower case)");
  }
  auto doc = xml::ParseEntry(source, *entry, context.limits, report);
  if (!doc) return Fail(doc.error());
  const xml::Element& root = doc->root;
  if (!CheckStructure(root, entry->path, report)) return Ok();
  ManifestReader reader(source, context, model, report, entry->path);
  reader.Read(root);
  return Ok();
}

}  // namespace cpk::formats::scorm::internal
