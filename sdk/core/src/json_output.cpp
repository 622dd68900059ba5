// JSON renderings of Report and CourseModel. nlohmann/json is costly to compile, so it is
// confined to this one translation unit.
#include <nlohmann/json.hpp>

#include "cpk/core/course_model.hpp"
#include "cpk/core/report.hpp"

namespace cpk {
namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j, int indent) {
  // Replace invalid UTF-8 rather than throw: names decoded from hostile input are already
  // valid UTF-8, but the renderer must never fail.
  return j.dump(indent < 0 ? -1 : indent, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json LangMapJson(const LangMap& m) {
  ordered_json j = ordered_json::object();
  for (const auto& [lang, text] : m) j[lang] = text;
  return j;
}

ordered_json NodeJson(const ExtensionNode& n) {
  ordered_json j;
  j["name"] = n.name;
  if (!n.ns.empty()) j["ns"] = n.ns;
  if (!n.attributes.empty()) {
    ordered_json a = ordered_json::object();
    for (const auto& [k, v] : n.attributes) a[k] = v;
    j["attributes"] = std::move(a);
  }
  if (!n.text.empty()) j["text"] = n.text;
  if (!n.children.empty()) {
    ordered_json c = ordered_json::array();
    for (const ExtensionNode& child : n.children) c.push_back(NodeJson(child));
    j["children"] = std::move(c);
  }
  return j;
}

ordered_json ItemJson(const Item& item) {
  ordered_json j;
  j["id"] = item.id;
  j["title"] = LangMapJson(item.title);
  if (!item.resource.empty()) j["resource"] = item.resource;
  if (!item.parameters.empty()) j["parameters"] = item.parameters;
  if (!item.visible) j["visible"] = false;
  if (item.mastery_score) j["masteryScore"] = *item.mastery_score;
  if (!item.move_on.empty()) j["moveOn"] = item.move_on;
  if (!item.launch_method.empty()) j["launchMethod"] = item.launch_method;
  if (!item.launch_parameters.empty()) j["launchParameters"] = item.launch_parameters;
  if (!item.activity_type.empty()) j["activityType"] = item.activity_type;
  if (!item.entitlement_key.empty()) j["entitlementKey"] = item.entitlement_key;
  if (!item.prerequisites.empty()) j["prerequisites"] = item.prerequisites;
  if (!item.time_limit_action.empty()) j["timeLimitAction"] = item.time_limit_action;
  if (!item.data_from_lms.empty()) j["dataFromLms"] = item.data_from_lms;
  if (!item.max_time_allowed.empty()) j["maxTimeAllowed"] = item.max_time_allowed;
  if (item.completion_threshold) j["completionThreshold"] = *item.completion_threshold;
  if (item.sequencing) j["sequencing"] = NodeJson(*item.sequencing);
  if (item.presentation) j["presentation"] = NodeJson(*item.presentation);
  ordered_json children = ordered_json::array();
  for (const Item& c : item.children) children.push_back(ItemJson(c));
  j["children"] = std::move(children);
  return j;
}

ordered_json ModelValue(const CourseModel& model);

ordered_json ReportValue(const Report& report) {
  ordered_json j;
  j["input"] = report.input();
  j["format"] = {{"kind", report.format().kind}, {"edition", report.format().edition}};
  ordered_json diags = ordered_json::array();
  for (const Diagnostic& d : report.Sorted()) {
    ordered_json o;
    o["code"] = d.code;
    o["severity"] = SeverityName(d.severity);
    o["message"] = d.message;
    o["location"] = {{"file", d.location.file}, {"line", d.location.line}, {"column", d.location.column}};
    o["hint"] = d.hint;
    diags.push_back(std::move(o));
  }
  j["diagnostics"] = std::move(diags);
  const Summary s = report.summary();
  j["summary"] = {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}};
  return j;
}

ordered_json ModelValue(const CourseModel& model) {
  ordered_json j;
  j["id"] = model.id;
  j["title"] = LangMapJson(model.title);
  j["description"] = LangMapJson(model.description);
  j["languages"] = model.languages;
  j["keywords"] = model.keywords;
  j["source"] = {{"kind", model.source.kind},
                 {"edition", model.source.edition},
                 {"file", model.source.file},
                 {"sha256", model.source.sha256},
                 {"bytes", model.source.bytes}};
  ordered_json orgs = ordered_json::array();
  for (const Organization& org : model.organizations) {
    ordered_json o;
    o["id"] = org.id;
    o["title"] = LangMapJson(org.title);
    ordered_json items = ordered_json::array();
    for (const Item& item : org.items) items.push_back(ItemJson(item));
    o["items"] = std::move(items);
    if (org.sequencing) o["sequencing"] = NodeJson(*org.sequencing);
    orgs.push_back(std::move(o));
  }
  j["organizations"] = std::move(orgs);
  j["defaultOrganization"] = model.default_organization;
  ordered_json resources = ordered_json::array();
  for (const Resource& r : model.resources) {
    ordered_json o;
    o["id"] = r.id;
    o["type"] = r.type;
    o["launch"] = r.launch;
    o["parameters"] = r.parameters;
    o["tracking"] = {{"standard", r.tracking.empty() ? "none" : r.tracking}};
    o["files"] = r.files;
    o["dependencies"] = r.dependencies;
    o["languages"] = r.languages;
    o["scripts"] = r.scripts;
    resources.push_back(std::move(o));
  }
  j["resources"] = std::move(resources);
  ordered_json files = ordered_json::array();
  for (const File& f : model.files) {
    ordered_json o;
    o["path"] = f.path;
    o["bytes"] = f.bytes;
    if (!f.mime.empty()) o["mime"] = f.mime;
    files.push_back(std::move(o));
  }
  j["files"] = std::move(files);
  if (model.sequencing_collection) j["sequencingCollection"] = NodeJson(*model.sequencing_collection);
  return j;
}

}  // namespace

std::string ReportToJson(const Report& report, int indent) { return Dump(ReportValue(report), indent); }

std::string ReportToJson(const Report& report, int indent, const ReportJsonExtras& extras) {
  ordered_json j = ReportValue(report);
  if (!extras.error.empty()) j["error"] = extras.error;
  if (extras.model != nullptr) j["model"] = ModelValue(*extras.model);
  return Dump(j, indent);
}

std::string CourseModelToJson(const CourseModel& model, int indent) { return Dump(ModelValue(model), indent); }

}  // namespace cpk
