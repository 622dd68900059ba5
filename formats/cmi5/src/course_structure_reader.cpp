#include "course_structure_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cpk/formats/cmi5/codes.hpp"
#include "cpk/io/sniff.hpp"
#include "cpk/io/uri.hpp"
#include "cpk/io/xml.hpp"

namespace cpk::formats::cmi5::internal {
namespace {

using namespace ::cpk::io;  // IRIs, URLs, language tags

constexpr std::string_view kNamespace = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
constexpr std::string_view kSchemaRequirement = " (cmi5 requirement 13.2.0.0-1)";
constexpr size_t kUnbounded = SIZE_MAX;

constexpr std::string_view kMoveOnValues[] = {"Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed",
                                              "NotApplicable"};
/// Query parameters the LMS adds to every AU launch (cmi5 8.1).
constexpr std::string_view kReservedParameters[] = {"endpoint", "fetch", "actor", "registration", "activityId"};

/// One place in an element's content model: the child names that fit there and how often.
struct Particle {
  std::vector<std::string_view> names;
  size_t min = 1;
  size_t max = 1;
};

/// The cmi5 children an element may have (CourseStructure.xsd). Elements of other namespaces
/// (extensions) may follow them.
struct ContentModel {
  std::vector<Particle> particles;
  bool any_order = false;  ///< xs:all (objective definitions): each once, in any order
};

const ContentModel kCourseStructureModel{{{{"course"}}, {{"objectives"}, 0, 1}, {{"au", "block"}, 1, kUnbounded}}};
const ContentModel kCourseModel{{{{"title"}}, {{"description"}}}};
const ContentModel kTextModel{{{{"langstring"}, 1, kUnbounded}}};
const ContentModel kObjectivesModel{{{{"objective"}, 1, kUnbounded}}};
const ContentModel kObjectiveModel{{{{"title"}}, {{"description"}}}, true};
const ContentModel kBlockModel{
    {{{"title"}}, {{"description"}}, {{"objectives"}, 0, 1}, {{"au", "block"}, 1, kUnbounded}}};
const ContentModel kAuModel{{{{"title"}},
                             {{"description"}},
                             {{"objectives"}, 0, 1},
                             {{"url"}},
                             {{"launchParameters"}, 0, 1},
                             {{"entitlementKey"}, 0, 1}}};

std::string Tag(std::string_view name) { return "<" + std::string(name) + ">"; }

std::string Tag(const xml::Element& e) { return "<" + (e.prefix.empty() ? "" : e.prefix + ":") + e.name + ">"; }

std::string Names(const Particle& p) {
  std::string out;
  for (size_t i = 0; i < p.names.size(); ++i) {
    if (i > 0) out += " or ";
    out += Tag(p.names[i]);
  }
  return out;
}

/// "<title>, <description>, <objectives> (optional), <url>, ..." for messages and hints.
std::string Order(const ContentModel& model) {
  std::string out;
  for (const Particle& p : model.particles) {
    if (!out.empty()) out += ", ";
    out += Names(p);
    if (p.min == 0) out += " (optional)";
    if (p.max == kUnbounded) out += " (one or more)";
  }
  return out;
}

/// xs:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*.
bool IsLanguageTag(std::string_view tag) {
  bool first = true;
  while (true) {
    const size_t dash = tag.find('-');
    const std::string_view part = tag.substr(0, dash);
    if (part.empty() || part.size() > 8) return false;
    for (const char c : part) {
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && (first || c < '0' || c > '9')) return false;
    }
    if (dash == std::string_view::npos) return true;
    tag.remove_prefix(dash + 1);
    first = false;
  }
}

/// xs:decimal's lexical form: an optional sign, digits, an optional '.' and digits.
std::optional<double> ParseDecimal(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  bool dot = false;
  for (size_t j = i; j < text.size(); ++j) {
    if (text[j] >= '0' && text[j] <= '9') {
      ++digits;
    } else if (text[j] == '.' && !dot) {
      dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  double value = 0;
  const char* begin = text.data() + (i > 0 && text[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) { return FoldCaseAscii(a) == FoldCaseAscii(b); }

/// The shortest decimal form of `value` ("0.8", not "0.800000").
std::string Decimal(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

/// A hint for an id without a scheme: "https://" + id when it starts like a host name.
std::string IriHint(const std::string& id) {
  const size_t slash = id.find('/');
  const std::string_view head = std::string_view(id).substr(0, slash);
  if (!id.empty() && id.find(':') == std::string::npos && head.find('.') != std::string_view::npos) {
    return "write the full IRI with its scheme, e.g. 'https://" + id + "'";
  }
  return "use an absolute IRI that you control, e.g. 'https://example.org/courses/fire-safety/au/1'";
}

class Reader {
 public:
  Reader(Source& source, std::string file, Report& report)
      : source_(source), file_(std::move(file)), report_(report), standalone_(source.kind() == SourceKind::kFile) {}

  void Read(const xml::Element& root, CourseModel& model);

 private:
  Location At(const xml::Element& e) const { return {file_, e.line, e.column}; }

  void Schema(const xml::Element& e, const std::string& message, std::string hint) {
    report_.Add(codes::kCmi5Schema, message + std::string(kSchemaRequirement), At(e), std::move(hint));
  }

  bool IsOwn(const xml::Element& e) const { return e.ns == ns_; }
  bool IsForeign(const xml::Element& e) const { return !e.ns.empty() && e.ns != ns_; }

  std::vector<const xml::Element*> Own(const xml::Element& parent, std::string_view name) const {
    std::vector<const xml::Element*> out;
    for (const xml::Element& c : parent.children) {
      if (c.name == name && IsOwn(c)) out.push_back(&c);
    }
    return out;
  }
  const xml::Element* FirstOwn(const xml::Element& parent, std::string_view name) const {
    for (const xml::Element& c : parent.children) {
      if (c.name == name && IsOwn(c)) return &c;
    }
    return nullptr;
  }

  /// The attribute without a namespace (cmi5's own attributes are unqualified).
  static const xml::Attribute* Attr(const xml::Element& e, std::string_view name) {
    for (const xml::Attribute& a : e.attributes) {
      if (a.name == name && a.ns.empty()) return &a;
    }
    return nullptr;
  }

  void CheckAttributes(const xml::Element& e, std::initializer_list<std::string_view> allowed);
  void CheckContent(const xml::Element& e, const ContentModel& model);
  void CheckTextOnly(const xml::Element& e);
  LangMap ReadText(const xml::Element* text);
  std::string ReadId(const xml::Element& e, std::string_view what);
  void CheckUnique(std::map<std::string, const xml::Element*>& seen, const std::string& id, const xml::Element& e,
                   std::string_view what, std::string_view requirement);
  void ReadObjectiveDefinitions(const xml::Element& objectives);
  void ReadObjectiveReferences(const xml::Element& parent);
  void ResolveObjectiveReferences();
  void ReadChildren(const xml::Element& parent, std::vector<Item>& items, CourseModel& model);
  Item ReadBlock(const xml::Element& block, CourseModel& model);
  Item ReadAu(const xml::Element& au, CourseModel& model);
  void ReadMoveOn(const xml::Element& au, Item& item);
  void ReadUrl(const xml::Element& au, const std::string& au_name, Resource& resource);
  void CheckLaunchFile(const xml::Element& url, const std::string& au_name, const std::string& value,
                       Resource& resource);

  Source& source_;
  std::string file_;
  Report& report_;
  bool standalone_;
  std::string ns_;
  bool unqualified_reported_ = false;
  std::map<std::string, const xml::Element*> block_ids_;
  std::map<std::string, const xml::Element*> au_ids_;
  std::map<std::string, const xml::Element*> objective_ids_;
  std::vector<const xml::Element*> objective_references_;
  std::map<std::string, size_t> language_uses_;
  std::vector<std::string> language_order_;
};

void Reader::CheckAttributes(const xml::Element& e, std::initializer_list<std::string_view> allowed) {
  for (const xml::Attribute& a : e.attributes) {
    if (!a.ns.empty()) continue;  // attributes of other namespaces are allowed everywhere
    bool known = false;
    for (const std::string_view name : allowed) known |= a.name == name;
    if (known) continue;
    std::string expected;
    for (const std::string_view name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
    std::string message = "attribute '" + a.name + "' is not allowed on " + Tag(e);
    for (const std::string_view name : allowed) {
      if (EqualsIgnoringCase(a.name, name))
        message += " (names are case-sensitive: did you mean '" + std::string(name) + "'?)";
    }
    Schema(e, message,
           expected.empty() ? "remove the attribute; " + Tag(e) + " takes no attributes"
                            : "remove or rename the attribute; " + Tag(e) + " takes: " + expected);
  }
}

void Reader::CheckContent(const xml::Element& e, const ContentModel& model) {
  std::vector<size_t> counts(model.particles.size(), 0);
  const xml::Element* first_extension = nullptr;
  bool extension_order_reported = false;
  bool order_reported = false;
  size_t furthest = 0;
  const xml::Element* furthest_element = nullptr;
  for (const xml::Element& c : e.children) {
    if (IsForeign(c)) {
      if (first_extension == nullptr) first_extension = &c;
      continue;
    }
    if (!IsOwn(c)) {  // no namespace inside a namespaced document
      if (!unqualified_reported_) {
        unqualified_reported_ = true;
        Schema(c,
               "element " + Tag(c) + " in " + Tag(e) +
                   " has no namespace, so it is not a cmi5 element (the cmi5 elements are in the namespace '" + ns_ +
                   "')",
               "declare the cmi5 namespace as the default namespace on <courseStructure> (xmlns=\"" + ns_ +
                   "\") and write the elements without a prefix");
      }
      continue;
    }
    size_t index = model.particles.size();
    for (size_t i = 0; i < model.particles.size() && index == model.particles.size(); ++i) {
      for (const std::string_view name : model.particles[i].names) {
        if (c.name == name) index = i;
      }
    }
    if (index == model.particles.size()) {
      std::string message = "unknown element " + Tag(c) + " in " + Tag(e);
      for (const Particle& p : model.particles) {
        for (const std::string_view name : p.names) {
          if (EqualsIgnoringCase(c.name, name))
            message += " (names are case-sensitive: did you mean " + Tag(name) + "?)";
        }
      }
      Schema(c, message,
             model.particles.empty()
                 ? Tag(e) + " holds no cmi5 elements; remove it (extensions must be in a namespace of their own)"
                 : Tag(e) + " may hold " + Order(model) +
                       "; remove the element, or put extensions in a namespace of their own after these");
      continue;
    }
    if (first_extension != nullptr && !extension_order_reported) {
      extension_order_reported = true;
      Schema(
          *first_extension,
          "extension element " + Tag(*first_extension) + " comes before the cmi5 element " + Tag(c) + " in " + Tag(e),
          "move extension elements (other namespaces) after all cmi5 elements of " + Tag(e));
    }
    const Particle& p = model.particles[index];
    if (++counts[index] == p.max + 1 && p.max != kUnbounded) {
      Schema(c, Tag(e) + " has more than one " + Tag(c.name), "keep one " + Tag(c.name) + " in " + Tag(e));
    }
    if (model.any_order) continue;
    if (furthest_element != nullptr && index < furthest && !order_reported) {
      order_reported = true;
      Schema(*furthest_element,
             Tag(*furthest_element) + " is out of order in " + Tag(e) + ": it must come after " + Tag(c.name),
             "write the children of " + Tag(e) + " in this order: " + Order(model));
    }
    if (furthest_element == nullptr || index > furthest) {
      furthest = index;
      furthest_element = &c;
    }
  }
  for (size_t i = 0; i < model.particles.size(); ++i) {
    const Particle& p = model.particles[i];
    if (counts[i] >= p.min) continue;
    std::string hint = "add " + Names(p) + " to " + Tag(e) + "; its children are, in order: " + Order(model);
    if (p.names.front() == "url") hint = "add the AU's launch address, e.g. <url>index.html</url>, after <description>";
    if (p.names.front() == "langstring") hint = "add the text, e.g. <langstring lang=\"en\">Fire safety</langstring>";
    Schema(e, Tag(e) + " has no " + Names(p), hint);
  }
}

void Reader::CheckTextOnly(const xml::Element& e) {
  if (e.children.empty()) return;
  const xml::Element& c = e.children.front();  // one finding per element is enough
  Schema(c, Tag(e) + " may hold text only, not the element " + Tag(c),
         "remove " + Tag(c) + " (write '&lt;' for a '<' in the text)");
}

LangMap Reader::ReadText(const xml::Element* text) {
  LangMap out;
  if (text == nullptr) return out;
  CheckAttributes(*text, {});
  CheckContent(*text, kTextModel);
  for (const xml::Element* ls : Own(*text, "langstring")) {
    CheckAttributes(*ls, {"lang"});
    CheckTextOnly(*ls);
    std::string lang;
    if (const xml::Attribute* a = Attr(*ls, "lang")) {
      lang = TrimXmlSpace(a->value);
      if (!IsLanguageTag(lang)) {
        Schema(*ls, "lang '" + a->value + "' is not a language tag",
               "use a BCP 47 language tag such as 'en', 'hi' or 'en-IN', or leave out the attribute");
        lang.clear();
      }
      lang = CanonicalLanguageTag(lang);
    }
    const std::string key = lang.empty() ? std::string("und") : lang;
    if (!lang.empty() && language_uses_[lang]++ == 0) language_order_.push_back(lang);
    out.emplace(key, TrimXmlSpace(ls->text));
  }
  return out;
}

std::string Reader::ReadId(const xml::Element& e, std::string_view what) {
  const xml::Attribute* a = Attr(e, "id");
  if (a == nullptr) {
    Schema(e, std::string(what) + " " + Tag(e) + " has no id attribute, which is required",
           "add id=\"...\" with an absolute IRI that you control, e.g. "
           "id=\"https://example.org/courses/fire-safety/au/1\"");
    return {};
  }
  std::string id = TrimXmlSpace(a->value);
  if (const std::string problem = IriProblem(id); !problem.empty()) {
    report_.Add(codes::kCmi5IdNotIri,
                "the " + std::string(what) + " id '" + id + "' is not a fully qualified IRI: it " + problem +
                    " (cmi5 requirement 3.0.0.0-1)",
                At(e), IriHint(id));
  }
  return id;
}

void Reader::CheckUnique(std::map<std::string, const xml::Element*>& seen, const std::string& id, const xml::Element& e,
                         std::string_view what, std::string_view requirement) {
  if (id.empty()) return;
  const auto [it, inserted] = seen.emplace(id, &e);
  if (inserted) return;
  report_.Add(codes::kCmi5IdDuplicate,
              "the " + std::string(what) + " id '" + id + "' is already used by the " + std::string(what) +
                  " at line " + std::to_string(it->second->line) + " (cmi5 requirement " + std::string(requirement) +
                  ")",
              At(e), "give every " + std::string(what) + " an id of its own");
}

void Reader::ReadObjectiveDefinitions(const xml::Element& objectives) {
  CheckAttributes(objectives, {});
  CheckContent(objectives, kObjectivesModel);
  for (const xml::Element* o : Own(objectives, "objective")) {
    CheckAttributes(*o, {"id"});
    CheckContent(*o, kObjectiveModel);
    CheckUnique(objective_ids_, ReadId(*o, "objective"), *o, "objective", "13.1.3.0-1");
    ReadText(FirstOwn(*o, "title"));
    ReadText(FirstOwn(*o, "description"));
  }
}

void Reader::ReadObjectiveReferences(const xml::Element& parent) {
  const xml::Element* objectives = FirstOwn(parent, "objectives");
  if (objectives == nullptr) return;
  CheckAttributes(*objectives, {});
  CheckContent(*objectives, kObjectivesModel);
  for (const xml::Element* o : Own(*objectives, "objective")) {
    CheckAttributes(*o, {"idref"});
    CheckTextOnly(*o);
    objective_references_.push_back(o);
  }
}

void Reader::ResolveObjectiveReferences() {
  for (const xml::Element* o : objective_references_) {
    const xml::Attribute* a = Attr(*o, "idref");
    const std::string idref = a != nullptr ? TrimXmlSpace(a->value) : std::string();
    if (idref.empty()) {
      report_.Add(codes::kCmi5ObjectiveUnresolved, "objective reference <objective> has no idref", At(*o),
                  "add idref=\"...\" with the id of an objective declared in the course's <objectives>");
      continue;
    }
    if (objective_ids_.count(idref) != 0) continue;
    std::string hint = "declare the objective in <objectives> after <course>, or correct the idref";
    for (const auto& [id, e] : objective_ids_) {
      if (id.ends_with("://" + idref) || EqualsIgnoringCase(id, idref)) {
        hint = "did you mean '" + id + "' (declared at line " + std::to_string(e->line) + ")? Correct the idref";
      }
    }
    report_.Add(codes::kCmi5ObjectiveUnresolved,
                "objective reference idref '" + idref + "' names no objective declared in the course's <objectives>",
                At(*o), hint);
  }
}

void Reader::ReadChildren(const xml::Element& parent, std::vector<Item>& items, CourseModel& model) {
  for (const xml::Element& c : parent.children) {
    if (!IsOwn(c)) continue;
    if (c.name == "au") items.push_back(ReadAu(c, model));
    if (c.name == "block") items.push_back(ReadBlock(c, model));
  }
}

Item Reader::ReadBlock(const xml::Element& block, CourseModel& model) {
  CheckAttributes(block, {"id"});
  CheckContent(block, kBlockModel);
  Item item;
  item.id = ReadId(block, "block");
  CheckUnique(block_ids_, item.id, block, "block", "13.1.2.0-1");
  item.title = ReadText(FirstOwn(block, "title"));
  ReadText(FirstOwn(block, "description"));
  ReadObjectiveReferences(block);
  ReadChildren(block, item.children, model);
  return item;
}

Item Reader::ReadAu(const xml::Element& au, CourseModel& model) {
  CheckAttributes(au, {"id", "moveOn", "masteryScore", "launchMethod", "activityType"});
  CheckContent(au, kAuModel);
  Item item;
  item.id = ReadId(au, "AU");
  CheckUnique(au_ids_, item.id, au, "AU", "13.1.4.0-1");
  item.title = ReadText(FirstOwn(au, "title"));
  ReadText(FirstOwn(au, "description"));
  ReadObjectiveReferences(au);
  ReadMoveOn(au, item);
  if (const xml::Attribute* a = Attr(au, "launchMethod"); a != nullptr) {
    if (a->value != "AnyWindow" && a->value != "OwnWindow") {
      Schema(au, "launchMethod '" + a->value + "' is not AnyWindow or OwnWindow",
             "use launchMethod=\"AnyWindow\" (the default) or launchMethod=\"OwnWindow\"");
    } else {
      item.launch_method = a->value;
    }
  }
  if (item.launch_method.empty()) item.launch_method = "AnyWindow";  // the default (cmi5 13.1.4)
  if (const xml::Attribute* a = Attr(au, "activityType")) item.activity_type = TrimXmlSpace(a->value);
  if (const xml::Element* p = FirstOwn(au, "launchParameters")) item.launch_parameters = TrimXmlSpace(p->text);
  if (const xml::Element* k = FirstOwn(au, "entitlementKey")) item.entitlement_key = TrimXmlSpace(k->text);

  Resource resource;
  resource.id = item.id;
  resource.type = "au";
  resource.tracking = "cmi5";
  for (const auto& [lang, text] : item.title) {
    if (lang != "und") resource.languages.push_back(lang);
  }
  const std::string au_name = item.id.empty() ? "the AU at line " + std::to_string(au.line) : "AU '" + item.id + "'";
  ReadUrl(au, au_name, resource);
  item.resource = resource.id;
  model.resources.push_back(std::move(resource));
  return item;
}

void Reader::ReadMoveOn(const xml::Element& au, Item& item) {
  if (const xml::Attribute* a = Attr(au, "moveOn"); a != nullptr) {
    bool known = false;
    std::string suggestion;
    for (const std::string_view v : kMoveOnValues) {
      known |= a->value == v;
      if (EqualsIgnoringCase(TrimXmlSpace(a->value), v)) suggestion = std::string(v);
    }
    if (known) item.move_on = a->value;
    if (!known) {
      report_.Add(codes::kCmi5MoveOnInvalid,
                  "moveOn '" + a->value +
                      "' is not one of Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable" +
                      std::string(kSchemaRequirement),
                  At(au),
                  suggestion.empty() ? "use one of the five values exactly as written, or leave out moveOn "
                                       "(NotApplicable)"
                                     : "values are case-sensitive: write moveOn=\"" + suggestion + "\"");
    }
  }
  if (item.move_on.empty()) item.move_on = "NotApplicable";  // the default (cmi5 13.1.4)
  if (const xml::Attribute* a = Attr(au, "masteryScore"); a != nullptr) {
    const std::string text = TrimXmlSpace(a->value);
    const std::optional<double> score = ParseDecimal(text);
    if (!score) {
      report_.Add(codes::kCmi5MoveOnInvalid,
                  "masteryScore '" + a->value + "' is not a decimal number" + std::string(kSchemaRequirement), At(au),
                  "write the passing score as a decimal between 0 and 1, e.g. masteryScore=\"0.8\" for 80%");
    } else if (*score < 0 || *score > 1) {
      report_.Add(codes::kCmi5MoveOnInvalid,
                  "masteryScore '" + text + "' is outside 0 to 1" + std::string(kSchemaRequirement), At(au),
                  *score > 1 && *score <= 100 ? "masteryScore is a fraction, not a percentage: write " + text +
                                                    "% as masteryScore=\"" + Decimal(*score / 100) + "\""
                                              : "write the passing score as a decimal between 0 and 1, e.g. 0.8");
    } else {
      item.mastery_score = *score;
    }
  }
}

void Reader::ReadUrl(const xml::Element& au, const std::string& au_name, Resource& resource) {
  const xml::Element* url = FirstOwn(au, "url");
  if (url == nullptr) return;  // reported by CheckContent
  CheckAttributes(*url, {});
  CheckTextOnly(*url);
  const std::string value = TrimXmlSpace(url->text);
  if (value.empty()) {
    Schema(*url, "the <url> of " + au_name + " is empty",
           "write the AU's launch address, relative to cmi5.xml (e.g. index.html) or absolute (https://...)");
    return;
  }
  const UrlParts parts = SplitUrl(value);
  resource.launch = parts.path;
  resource.parameters = parts.suffix;
  if (const std::string problem = UrlSyntaxProblem(value); !problem.empty()) {
    report_.Add(codes::kCmi5AuUrlInvalid,
                "the url '" + value + "' of " + au_name + " is not a valid URL: it " + problem +
                    " (cmi5 requirement 13.1.4.0-2)",
                At(*url), "write the url as an RFC 1738 URL: escape spaces and special characters (%20 for a space)");
  }
  for (const std::string& name : QueryParameterNames(value)) {
    for (const std::string_view reserved : kReservedParameters) {
      if (name != reserved) continue;
      report_.Add(codes::kCmi5AuUrlInvalid,
                  "the url '" + value + "' of " + au_name + " has the query parameter '" + name +
                      "', which the LMS adds itself at launch (cmi5 requirement 8.1.0.0-6)",
                  At(*url),
                  "rename the parameter; endpoint, fetch, actor, registration and activityId are reserved for the "
                  "LMS");
    }
  }
  if (HasScheme(value)) return;  // an absolute URL: content outside the package
  if (standalone_) {
    report_.Add(codes::kCmi5AuUrlRelativeNoZip,
                "the url '" + value + "' of " + au_name +
                    " is relative, but this course structure came without a package, so there is nothing it can "
                    "point to (cmi5 requirement 14.2.0.0-1)",
                At(*url),
                "upload a zip with cmi5.xml and the AU's files, or use a fully qualified url (https://...) to where "
                "the AU is hosted");
    return;
  }
  CheckLaunchFile(*url, au_name, value, resource);
}

void Reader::CheckLaunchFile(const xml::Element& url, const std::string& au_name, const std::string& value,
                             Resource& resource) {
  const UrlParts parts = SplitUrl(value);
  const std::optional<std::string> decoded = PercentDecode(parts.path);
  if (!decoded) return;  // a broken escape: reported as cmi5.au.url-invalid
  auto missing = [&](const std::string& why, std::string hint) {
    report_.Add(codes::kCmi5AuLaunchMissing,
                "the url '" + value + "' of " + au_name + " " + why + " (cmi5 requirement 14.1.0.0-4)", At(url),
                std::move(hint));
  };
  if (parts.path.starts_with("//")) return;  // reported as cmi5.au.url-invalid
  if (decoded->starts_with("/")) {
    missing("starts with '/', which points outside the package",
            "write the path relative to cmi5.xml, without the leading '/'");
    return;
  }
  const std::optional<std::string> path = NormalisePackagePath(*decoded);
  if (!path) {
    missing("climbs above the top of the package with '..'", "write the path relative to cmi5.xml, inside the package");
    return;
  }
  if (path->empty()) {
    missing("names no file", "write the path of the AU's launch page, e.g. index.html");
    return;
  }
  resource.launch = *path;
  if (source_.Find(*path) != nullptr) return;
  const std::vector<const EntryInfo*> near = source_.FindIgnoringCase(*path);
  if (!near.empty()) {
    missing("names '" + *path + "', but the package has '" + near.front()->path +
                "', which differs in letter case (phones and web servers treat names as case-sensitive)",
            "rename the file or correct the url so that both are written '" + near.front()->path + "' exactly");
    return;
  }
  missing("names '" + *path + "', which is not in the package",
          "add the file to the zip, correct the url, or use a fully qualified url (https://...) for content hosted "
          "elsewhere");
}

void Reader::Read(const xml::Element& root, CourseModel& model) {
  if (root.name != "courseStructure") {
    Schema(root, "the root element is " + Tag(root) + ", not <courseStructure>",
           "cmi5.xml must be a cmi5 course structure: <courseStructure xmlns=\"" + std::string(kNamespace) +
               "\"> with <course> and its AUs");
    return;
  }
  ns_ = root.ns;
  if (root.ns != kNamespace) {
    Schema(root,
           root.ns.empty() ? "<courseStructure> has no namespace"
                           : "<courseStructure> is in the namespace '" + root.ns + "', not the cmi5 namespace",
           "declare the cmi5 namespace on the root: <courseStructure xmlns=\"" + std::string(kNamespace) + "\">");
  }
  CheckAttributes(root, {});
  CheckContent(root, kCourseStructureModel);

  Organization org;
  if (const xml::Element* course = FirstOwn(root, "course")) {
    CheckAttributes(*course, {"id"});
    CheckContent(*course, kCourseModel);
    model.id = ReadId(*course, "course");
    model.title = ReadText(FirstOwn(*course, "title"));
    model.description = ReadText(FirstOwn(*course, "description"));
    org.id = model.id;
    org.title = model.title;
  }
  if (const xml::Element* objectives = FirstOwn(root, "objectives")) ReadObjectiveDefinitions(*objectives);
  ReadChildren(root, org.items, model);
  ResolveObjectiveReferences();

  model.default_organization = org.id;
  model.organizations.push_back(std::move(org));
  std::vector<std::string> languages = language_order_;
  std::stable_sort(languages.begin(), languages.end(),
                   [&](const std::string& a, const std::string& b) { return language_uses_[a] > language_uses_[b]; });
  model.languages = std::move(languages);
}

}  // namespace

Status ReadCourseStructure(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  const io::DescriptorEntry found = io::FindDescriptor(source, "cmi5.xml");
  const EntryInfo* entry = found.entry;
  if (found.name_case_differs) {
    report.Add(codes::kCmi5Schema,
               "the course structure is named '" + entry->path +
                   "'; cmi5 requires the name 'cmi5.xml' in lower case (cmi5 requirements 13.2.0.0-1, 14.1.0.0-2)",
               {entry->path}, "rename the file to cmi5.xml");
  }
  if (entry == nullptr) return Fail(Errc::kNotFound, "no cmi5.xml");
  auto doc = xml::ParseEntry(source, *entry, context.limits, report);
  if (!doc) return Fail(doc.error());
  model.source.kind = "cmi5";
  Reader reader(source, entry->path, report);
  reader.Read(doc->root, model);
  return Ok();
}

}  // namespace cpk::formats::cmi5::internal
