// manifest.json and report.json. nlohmann/json is confined to this translation unit: the model's
// own JSON (CourseModelToJson) is reshaped into the manifest, so the mapping of every model
// field lives in one place (sdk/core) and reads back through CourseModelFromJson.
#include <nlohmann/json.hpp>

#include "cpk/formats/normalised.hpp"

namespace cpk::normalised {
namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) { return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"; }

ordered_json Generator() { return {{"name", "coursepack"}, {"version", CPK_VERSION_STRING}}; }

}  // namespace

std::string ManifestJson(const CourseModel& model, const ManifestInfo& info) {
  const ordered_json m = ordered_json::parse(CourseModelToJson(model, -1));
  ordered_json out;
  out["format"] = kFormatName;
  out["generator"] = Generator();
  out["profile"] = info.profile;
  out["id"] = m["id"];
  if (!info.identifier.empty()) out["identifier"] = info.identifier;
  for (const char* key : {"title", "description", "languages", "keywords", "source"}) out[key] = m[key];
  ordered_json others = ordered_json::array();
  bool have_default = false;
  for (const ordered_json& org : m["organizations"]) {
    if (!have_default && (org["id"] == m["defaultOrganization"] || model.default_organization.empty())) {
      out["organization"] = org;
      have_default = true;
    } else {
      others.push_back(org);
    }
  }
  if (!have_default) {
    // A course with no organisation (a lone HTML page, a PDF) still has a table of contents:
    // an empty one.
    out["organization"] = {{"id", ""}, {"title", m["title"]}, {"items", ordered_json::array()}};
  }
  if (!others.empty()) out["otherOrganizations"] = std::move(others);
  out["resources"] = m["resources"];
  out["files"] = m["files"];
  if (m.contains("sequencingCollection")) out["sequencingCollection"] = m["sequencingCollection"];
  return Dump(out);
}

Result<CourseModel> ParseManifest(std::string_view json, ManifestInfo* info) {
  // The model reader bounds the nesting before anything recursive touches the text.
  CPK_TRY(CourseModelFromJson(json));
  ordered_json j = ordered_json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(Errc::kMalformed, "manifest.json is not a JSON object");
  ordered_json orgs = ordered_json::array();
  if (const auto it = j.find("organization"); it != j.end()) {
    if (!it->is_object()) return Fail(Errc::kMalformed, "'organization' must be an object");
    if (it->contains("id") && (*it)["id"].is_string()) j["defaultOrganization"] = (*it)["id"];
    orgs.push_back(*it);
  }
  if (const auto it = j.find("otherOrganizations"); it != j.end() && it->is_array()) {
    for (const ordered_json& o : *it) orgs.push_back(o);
  }
  j["organizations"] = std::move(orgs);
  CPK_ASSIGN_OR_RETURN(CourseModel model,
                       CourseModelFromJson(j.dump(-1, ' ', false, ordered_json::error_handler_t::replace)));
  if (info != nullptr) {
    if (const auto p = j.find("profile"); p != j.end() && p->is_string()) info->profile = p->get<std::string>();
    if (const auto id = j.find("identifier"); id != j.end() && id->is_string())
      info->identifier = id->get<std::string>();
  }
  return model;
}

std::string ReportJson(const Report& report, const ReportInfo& info) {
  ordered_json j = ordered_json::parse(ReportToJson(report, -1));
  j["input"] = info.input_name;
  j["generator"] = Generator();
  j["profile"] = info.profile;
  if (info.forced) j["forced"] = true;
  ordered_json libraries = ordered_json::object();
  for (const auto& [name, version] : info.libraries) libraries[name] = version;
  j["libraries"] = std::move(libraries);
  ordered_json statistics = ordered_json::object();
  for (const auto& [name, count] : info.statistics) statistics[name] = count;
  j["statistics"] = std::move(statistics);
  return Dump(j);
}

}  // namespace cpk::normalised
