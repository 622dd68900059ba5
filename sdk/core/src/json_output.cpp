// JSON renderings of Report and CourseModel. nlohmann/json is costly to compile, so it is
// confined to this one translation unit.
#include <nlohmann/json.hpp>

#include "cpk/core/course_model.hpp"
#include "cpk/core/report.hpp"

namespace cpk {
namespace {

using nlohmann::ordered_json;

/// The manifest's `video` object (coursepack-1.schema.json, $defs/video): optional members only
/// when set.
ordered_json VideoJson(const VideoDetails& v) {
  ordered_json o;
  o["duration"] = v.duration;
  if (!v.master.empty()) o["master"] = v.master;
  if (!v.renditions.empty()) {
    ordered_json rungs = ordered_json::array();
    for (const VideoRendition& r : v.renditions) {
      ordered_json x;
      x["height"] = r.height;
      x["width"] = r.width;
      x["bandwidth"] = r.bandwidth;
      if (r.average_bandwidth != 0) x["averageBandwidth"] = r.average_bandwidth;
      if (r.frame_rate > 0) x["frameRate"] = r.frame_rate;
      x["codecs"] = r.codecs;
      x["playlist"] = r.playlist;
      if (!r.download.empty()) x["download"] = r.download;
      rungs.push_back(std::move(x));
    }
    o["renditions"] = std::move(rungs);
  }
  if (!v.audio_only_playlist.empty()) {
    ordered_json a;
    a["bandwidth"] = v.audio_only_bandwidth;
    a["playlist"] = v.audio_only_playlist;
    if (!v.audio_only_download.empty()) a["download"] = v.audio_only_download;
    o["audioOnly"] = std::move(a);
  }
  if (!v.poster.empty()) o["poster"] = v.poster;
  if (!v.thumbnails.empty()) o["thumbnails"] = v.thumbnails;
  if (!v.captions.empty()) {
    ordered_json caps = ordered_json::array();
    for (const CaptionTrack& c : v.captions) caps.push_back({{"lang", c.lang}, {"path", c.path}});
    o["captions"] = std::move(caps);
  }
  return o;
}

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
    if (r.bytes != 0) o["bytes"] = r.bytes;
    if (r.video) o["video"] = VideoJson(*r.video);
    resources.push_back(std::move(o));
  }
  j["resources"] = std::move(resources);
  ordered_json files = ordered_json::array();
  for (const File& f : model.files) {
    ordered_json o;
    o["path"] = f.path;
    o["bytes"] = f.bytes;
    if (!f.sha256.empty()) o["sha256"] = f.sha256;
    if (!f.mime.empty()) o["mime"] = f.mime;
    files.push_back(std::move(o));
  }
  j["files"] = std::move(files);
  if (model.sequencing_collection) j["sequencingCollection"] = NodeJson(*model.sequencing_collection);
  return j;
}

/// Reading back what ModelValue wrote. Every accessor checks the type it expects, so a hostile
/// document gives an error, never an exception or a crash.
class ModelReader {
 public:
  std::string error;

  std::string Str(const ordered_json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) return Bad(key, "a string");
    return it->get<std::string>();
  }
  uint64_t U64(const ordered_json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return 0;
    if (!it->is_number_unsigned()) {
      Bad(key, "a non-negative integer");
      return 0;
    }
    return it->get<uint64_t>();
  }
  std::optional<double> Number(const ordered_json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (!it->is_number()) {
      Bad(key, "a number");
      return std::nullopt;
    }
    return it->get<double>();
  }
  bool Bool(const ordered_json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (!it->is_boolean()) {
      Bad(key, "true or false");
      return fallback;
    }
    return it->get<bool>();
  }
  std::vector<std::string> Strings(const ordered_json& j, const char* key) {
    std::vector<std::string> out;
    for (const ordered_json& v : Array(j, key)) {
      if (!v.is_string()) return Bad(key, "an array of strings"), out;
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  const ordered_json& Array(const ordered_json& j, const char* key) {
    static const ordered_json kEmpty = ordered_json::array();
    const auto it = j.find(key);
    if (it == j.end()) return kEmpty;
    if (!it->is_array()) return Bad(key, "an array"), kEmpty;
    return *it;
  }
  LangMap Lang(const ordered_json& j, const char* key) {
    LangMap m;
    const auto it = j.find(key);
    if (it == j.end()) return m;
    if (!it->is_object()) return Bad(key, "an object of language → text"), m;
    for (const auto& [lang, text] : it->items()) {
      if (!text.is_string()) return Bad(key, "an object of language → text"), m;
      m[lang] = text.get<std::string>();
    }
    return m;
  }
  std::optional<ExtensionNode> Node(const ordered_json& j, const char* key, int depth) {
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    return NodeOf(*it, depth);
  }
  ExtensionNode NodeOf(const ordered_json& j, int depth) {
    ExtensionNode n;
    if (!j.is_object() || depth > 64) return Bad("sequencing", "an element object nested at most 64 deep"), n;
    n.name = Str(j, "name");
    n.ns = Str(j, "ns");
    n.text = Str(j, "text");
    if (const auto a = j.find("attributes"); a != j.end()) {
      if (!a->is_object()) return Bad("attributes", "an object"), n;
      for (const auto& [k, v] : a->items()) {
        if (!v.is_string()) return Bad("attributes", "string values"), n;
        n.attributes.emplace_back(k, v.get<std::string>());
      }
    }
    for (const ordered_json& c : Array(j, "children")) n.children.push_back(NodeOf(c, depth + 1));
    return n;
  }
  Item ItemOf(const ordered_json& j, int depth) {
    Item item;
    if (!j.is_object() || depth > 256) return Bad("items", "item objects nested at most 256 deep"), item;
    item.id = Str(j, "id");
    item.title = Lang(j, "title");
    item.resource = Str(j, "resource");
    item.parameters = Str(j, "parameters");
    item.visible = Bool(j, "visible", true);
    item.mastery_score = Number(j, "masteryScore");
    item.move_on = Str(j, "moveOn");
    item.launch_method = Str(j, "launchMethod");
    item.launch_parameters = Str(j, "launchParameters");
    item.activity_type = Str(j, "activityType");
    item.entitlement_key = Str(j, "entitlementKey");
    item.prerequisites = Str(j, "prerequisites");
    item.time_limit_action = Str(j, "timeLimitAction");
    item.data_from_lms = Str(j, "dataFromLms");
    item.max_time_allowed = Str(j, "maxTimeAllowed");
    item.completion_threshold = Number(j, "completionThreshold");
    item.sequencing = Node(j, "sequencing", 0);
    item.presentation = Node(j, "presentation", 0);
    for (const ordered_json& c : Array(j, "children")) item.children.push_back(ItemOf(c, depth + 1));
    return item;
  }
  Organization OrganizationOf(const ordered_json& j) {
    Organization org;
    if (!j.is_object()) return Bad("organizations", "objects"), org;
    org.id = Str(j, "id");
    org.title = Lang(j, "title");
    for (const ordered_json& i : Array(j, "items")) org.items.push_back(ItemOf(i, 0));
    org.sequencing = Node(j, "sequencing", 0);
    return org;
  }
  Resource ResourceOf(const ordered_json& j) {
    Resource r;
    if (!j.is_object()) return Bad("resources", "objects"), r;
    r.id = Str(j, "id");
    r.type = Str(j, "type");
    r.launch = Str(j, "launch");
    r.parameters = Str(j, "parameters");
    if (const auto t = j.find("tracking"); t != j.end()) {
      if (!t->is_object()) return Bad("tracking", "an object"), r;
      r.tracking = Str(*t, "standard");
      if (r.tracking == "none") r.tracking.clear();
    }
    r.files = Strings(j, "files");
    r.dependencies = Strings(j, "dependencies");
    r.languages = Strings(j, "languages");
    r.scripts = Strings(j, "scripts");
    r.bytes = U64(j, "bytes");
    if (const auto v = j.find("video"); v != j.end()) {
      if (!v->is_object()) return Bad("video", "an object"), r;
      r.video = VideoOf(*v);
    }
    return r;
  }
  VideoDetails VideoOf(const ordered_json& j) {
    VideoDetails v;
    v.duration = Number(j, "duration").value_or(0);
    v.master = Str(j, "master");
    for (const ordered_json& x : Array(j, "renditions")) {
      if (!x.is_object()) return Bad("renditions", "objects"), v;
      VideoRendition r;
      r.height = static_cast<int>(U64(x, "height"));
      r.width = static_cast<int>(U64(x, "width"));
      r.bandwidth = U64(x, "bandwidth");
      r.average_bandwidth = U64(x, "averageBandwidth");
      r.frame_rate = Number(x, "frameRate").value_or(0);
      r.codecs = Str(x, "codecs");
      r.playlist = Str(x, "playlist");
      r.download = Str(x, "download");
      v.renditions.push_back(std::move(r));
    }
    if (const auto a = j.find("audioOnly"); a != j.end()) {
      if (!a->is_object()) return Bad("audioOnly", "an object"), v;
      v.audio_only_bandwidth = U64(*a, "bandwidth");
      v.audio_only_playlist = Str(*a, "playlist");
      v.audio_only_download = Str(*a, "download");
    }
    v.poster = Str(j, "poster");
    v.thumbnails = Str(j, "thumbnails");
    for (const ordered_json& c : Array(j, "captions")) {
      if (!c.is_object()) return Bad("captions", "objects"), v;
      v.captions.push_back({Str(c, "lang"), Str(c, "path")});
    }
    return v;
  }
  File FileOf(const ordered_json& j) {
    File f;
    if (!j.is_object()) return Bad("files", "objects"), f;
    f.path = Str(j, "path");
    f.bytes = U64(j, "bytes");
    f.sha256 = Str(j, "sha256");
    f.mime = Str(j, "mime");
    return f;
  }

 private:
  std::string Bad(const char* key, const char* expected) {
    if (error.empty()) error = std::string("'") + key + "' must be " + expected;
    return {};
  }
};

/// Largest nesting of arrays and objects in `text`, counted without parsing (the parser
/// recurses, so a hostile document is measured before it is parsed).
size_t NestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<CourseModel> CourseModelFromJson(std::string_view json) {
  if (NestingDepth(json) > 600) return Fail(Errc::kMalformed, "the JSON is nested too deeply");
  const ordered_json j = ordered_json::parse(json, nullptr, false);
  if (j.is_discarded()) return Fail(Errc::kMalformed, "not valid JSON");
  if (!j.is_object()) return Fail(Errc::kMalformed, "the course model must be a JSON object");
  ModelReader r;
  CourseModel model;
  model.id = r.Str(j, "id");
  model.title = r.Lang(j, "title");
  model.description = r.Lang(j, "description");
  model.languages = r.Strings(j, "languages");
  model.keywords = r.Strings(j, "keywords");
  if (const auto s = j.find("source"); s != j.end() && s->is_object()) {
    model.source.kind = r.Str(*s, "kind");
    model.source.edition = r.Str(*s, "edition");
    model.source.file = r.Str(*s, "file");
    model.source.sha256 = r.Str(*s, "sha256");
    model.source.bytes = r.U64(*s, "bytes");
  }
  for (const ordered_json& o : r.Array(j, "organizations")) model.organizations.push_back(r.OrganizationOf(o));
  model.default_organization = r.Str(j, "defaultOrganization");
  for (const ordered_json& o : r.Array(j, "resources")) model.resources.push_back(r.ResourceOf(o));
  for (const ordered_json& o : r.Array(j, "files")) model.files.push_back(r.FileOf(o));
  if (const auto sc = j.find("sequencingCollection"); sc != j.end()) model.sequencing_collection = r.NodeOf(*sc, 0);
  if (!r.error.empty()) return Fail(Errc::kMalformed, r.error);
  return model;
}

std::string ReportToJson(const Report& report, int indent) { return Dump(ReportValue(report), indent); }

std::string ReportToJson(const Report& report, int indent, const ReportJsonExtras& extras) {
  ordered_json j = ReportValue(report);
  if (!extras.error.empty()) j["error"] = extras.error;
  if (extras.model != nullptr) j["model"] = ModelValue(*extras.model);
  return Dump(j, indent);
}

std::string CourseModelToJson(const CourseModel& model, int indent) { return Dump(ModelValue(model), indent); }

}  // namespace cpk
