#include "manifest_reader.hpp"

#include "cpk/formats/scorm.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::scorm::internal {
namespace {

constexpr std::string_view kAdlcp12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
constexpr std::string_view kAdlcp13 = "http://www.adlnet.org/xsd/adlcp_v1p3";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

bool DeclaresNamespace(const xml::Element& e, std::string_view uri) {
  for (const auto& [prefix, href] : e.namespaces) {
    if (href == uri) return true;
  }
  return false;
}

/// The version from <metadata><schemaversion>, else from the namespaces the root declares.
ScormVersion DetectVersion(const xml::Element& root) {
  if (const xml::Element* md = root.FirstChild("metadata")) {
    if (const xml::Element* sv = md->FirstChild("schemaversion")) {
      ScormVersion v = VersionFromSchemaVersion(sv->TrimmedText());
      if (!v.kind.empty()) return v;
    }
  }
  if (DeclaresNamespace(root, kAdlcp13)) return {"scorm2004", "2004"};
  if (DeclaresNamespace(root, kAdlcp12)) return {"scorm12", "1.2"};
  return {};
}

LangMap Title(const xml::Element& e) {
  LangMap m;
  if (const xml::Element* t = e.FirstChild("title")) {
    std::string text = t->TrimmedText();
    if (!text.empty()) m["und"] = std::move(text);
  }
  return m;
}

void SplitQuery(std::string href, std::string& path, std::string& query) {
  const size_t q = href.find_first_of("?#");
  if (q == std::string::npos) {
    path = std::move(href);
    return;
  }
  query = href.substr(q);
  path = href.substr(0, q);
}

Item ReadItem(const xml::Element& e) {
  Item item;
  item.id = e.AttributeOr("identifier");
  item.title = Title(e);
  item.resource = e.AttributeOr("identifierref");
  item.parameters = e.AttributeOr("parameters");
  item.visible = e.AttributeOr("isvisible", "true") != "false";
  for (const xml::Element* c : e.ChildrenNamed("item")) item.children.push_back(ReadItem(*c));
  return item;
}

}  // namespace

Status ReadManifest(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  const EntryInfo* entry = source.Find("imsmanifest.xml");
  if (entry == nullptr) {
    auto candidates = source.FindIgnoringCase("imsmanifest.xml");
    if (candidates.empty()) return Fail(Errc::kNotFound, "no imsmanifest.xml");
    entry = candidates.front();
  }
  auto doc = xml::ParseEntry(source, *entry, context.limits, report);
  if (!doc) return Fail(doc.error());
  const xml::Element& root = doc->root;

  const ScormVersion version = DetectVersion(root);
  model.source.kind = version.kind.empty() ? "scorm" : version.kind;
  model.source.edition = version.edition;
  model.id = root.AttributeOr("identifier");
  const std::string tracking = version.kind.empty() ? "scorm12" : version.kind;

  if (const xml::Element* orgs = root.FirstChild("organizations")) {
    model.default_organization = orgs->AttributeOr("default");
    for (const xml::Element* o : orgs->ChildrenNamed("organization")) {
      Organization org;
      org.id = o->AttributeOr("identifier");
      org.title = Title(*o);
      for (const xml::Element* i : o->ChildrenNamed("item")) org.items.push_back(ReadItem(*i));
      model.organizations.push_back(std::move(org));
    }
  }
  for (const Organization& org : model.organizations) {
    if (org.id == model.default_organization || model.title.empty()) model.title = org.title;
  }
  if (const xml::Element* rs = root.FirstChild("resources")) {
    const std::string base = rs->FindAttribute("base", kXmlNs) ? rs->FindAttribute("base", kXmlNs)->value : "";
    for (const xml::Element* r : rs->ChildrenNamed("resource")) {
      Resource res;
      res.id = r->AttributeOr("identifier");
      std::string type = r->AttributeOr("scormtype");
      if (type.empty()) type = r->AttributeOr("scormType");
      res.type = FoldCaseAscii(type) == "sco" ? "sco" : "asset";
      res.tracking = res.type == "sco" ? tracking : "none";
      const xml::Attribute* rbase = r->FindAttribute("base", kXmlNs);
      const std::string href = r->AttributeOr("href");
      if (!href.empty()) SplitQuery(base + (rbase ? rbase->value : "") + href, res.launch, res.parameters);
      for (const xml::Element* f : r->ChildrenNamed("file")) res.files.push_back(f->AttributeOr("href"));
      for (const xml::Element* d : r->ChildrenNamed("dependency"))
        res.dependencies.push_back(d->AttributeOr("identifierref"));
      model.resources.push_back(std::move(res));
    }
  }
  return Ok();
}

}  // namespace cpk::formats::scorm::internal
