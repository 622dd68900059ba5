#include "structure_rules.hpp"

#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "cpk/formats/scorm_codes.hpp"
#include "metadata_rules.hpp"

namespace cpk::formats::scorm::internal {
namespace {

constexpr std::string_view kCp12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
constexpr std::string_view kCp2004 = "http://www.imsglobal.org/xsd/imscp_v1p1";
constexpr std::string_view kAdlcp12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
constexpr std::string_view kAdlcp13 = "http://www.adlnet.org/xsd/adlcp_v1p3";
constexpr std::string_view kImsmd12 = kImsmdNs;
constexpr std::string_view kLom = kLomNs;
constexpr std::string_view kImsss = "http://www.imsglobal.org/xsd/imsss";
constexpr std::string_view kAdlseq = "http://www.adlnet.org/xsd/adlseq_v1p3";
constexpr std::string_view kAdlnav = "http://www.adlnet.org/xsd/adlnav_v1p3";
constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXsi = "http://www.w3.org/2001/XMLSchema-instance";

enum class AttrType { kString, kId, kIdRef, kBoolean };

struct AttrRule {
  std::string_view name;
  bool required;
  AttrType type;
  std::string_view values = {};  // '|'-separated vocabulary; empty: any value of the type
};

struct ChildRule {
  std::string_view name;
  int min;
  int max;  // -1: unbounded
};

struct ElementModel {
  std::vector<ChildRule> children;  // a sequence, in order, followed by foreign elements
  std::vector<AttrRule> attributes;
  bool xml_base = false;              // declares xml:base
  bool text_only = false;             // simple content (title, schema, schemaversion)
  std::string_view text_values = {};  // '|'-separated vocabulary of a text-only element
};

const std::map<std::string_view, ElementModel>& Models(bool v2004) {
  static const std::map<std::string_view, ElementModel> k12 = {
      {"manifest",
       {{{"metadata", 0, 1}, {"organizations", 1, 1}, {"resources", 1, 1}, {"manifest", 0, -1}},
        {{"identifier", true, AttrType::kId}, {"version", false, AttrType::kString}},
        true}},
      {"metadata", {{{"schema", 0, 1}, {"schemaversion", 0, 1}}, {}}},
      {"organizations", {{{"organization", 0, -1}}, {{"default", false, AttrType::kIdRef}}}},
      {"organization",
       {{{"title", 0, 1}, {"item", 0, -1}, {"metadata", 0, 1}},
        {{"identifier", true, AttrType::kId}, {"structure", false, AttrType::kString}}}},
      {"item",
       {{{"title", 0, 1}, {"item", 0, -1}, {"metadata", 0, 1}},
        {{"identifier", true, AttrType::kId},
         {"identifierref", false, AttrType::kString},
         {"isvisible", false, AttrType::kBoolean},
         {"parameters", false, AttrType::kString}}}},
      {"resources", {{{"resource", 0, -1}}, {}, true}},
      {"resource",
       {{{"metadata", 0, 1}, {"file", 0, -1}, {"dependency", 0, -1}},
        {{"identifier", true, AttrType::kId}, {"type", true, AttrType::kString}, {"href", false, AttrType::kString}},
        true}},
      {"file", {{{"metadata", 0, 1}}, {{"href", true, AttrType::kString}}}},
      {"dependency", {{}, {{"identifierref", true, AttrType::kString}}}},
      {"title", {{}, {}, false, true}},
      {"schema", {{}, {}, false, true}},
      {"schemaversion", {{}, {}, false, true}},
  };
  static const std::map<std::string_view, ElementModel> k2004 = [] {
    auto m = k12;
    m["organization"].children[1].min = 1;  // IMS CP 1.1.4: at least one item
    return m;
  }();
  return v2004 ? k2004 : k12;
}

/// IMS Simple Sequencing 1.0 (imsss_v1p0*.xsd): child sequences and declared attributes. Value
/// vocabularies, booleans and ranges are checked in sequencing_rules.cpp.
const std::map<std::string_view, ElementModel>& ImsssModels() {
  using A = AttrRule;
  constexpr AttrType S = AttrType::kString;
  static const std::map<std::string_view, ElementModel> k = {
      {"sequencing",
       {{{"controlMode", 0, 1},
         {"sequencingRules", 0, 1},
         {"limitConditions", 0, 1},
         {"auxiliaryResources", 0, 1},
         {"rollupRules", 0, 1},
         {"objectives", 0, 1},
         {"randomizationControls", 0, 1},
         {"deliveryControls", 0, 1}},
        {A{"ID", false, AttrType::kId}, A{"IDRef", false, S}}}},
      {"sequencingCollection", {{{"sequencing", 1, -1}}, {}}},
      {"controlMode",
       {{},
        {A{"choice", false, S}, A{"choiceExit", false, S}, A{"flow", false, S}, A{"forwardOnly", false, S},
         A{"useCurrentAttemptObjectiveInfo", false, S}, A{"useCurrentAttemptProgressInfo", false, S}}}},
      {"sequencingRules",
       {{{"preConditionRule", 0, -1}, {"exitConditionRule", 0, -1}, {"postConditionRule", 0, -1}}, {}}},
      {"preConditionRule", {{{"ruleConditions", 0, 1}, {"ruleAction", 1, 1}}, {}}},
      {"exitConditionRule", {{{"ruleConditions", 0, 1}, {"ruleAction", 1, 1}}, {}}},
      {"postConditionRule", {{{"ruleConditions", 0, 1}, {"ruleAction", 1, 1}}, {}}},
      {"ruleConditions", {{{"ruleCondition", 1, -1}}, {A{"conditionCombination", false, S}}}},
      {"ruleCondition",
       {{},
        {A{"referencedObjective", false, S}, A{"measureThreshold", false, S}, A{"operator", false, S},
         A{"condition", true, S}}}},
      {"ruleAction", {{}, {A{"action", true, S}}}},
      {"limitConditions",
       {{},
        {A{"attemptLimit", false, S}, A{"attemptAbsoluteDurationLimit", false, S},
         A{"attemptExperiencedDurationLimit", false, S}, A{"activityAbsoluteDurationLimit", false, S},
         A{"activityExperiencedDurationLimit", false, S}, A{"beginTimeLimit", false, S}, A{"endTimeLimit", false, S}}}},
      {"auxiliaryResources", {{{"auxiliaryResource", 0, -1}}, {}}},
      {"auxiliaryResource", {{}, {A{"auxiliaryResourceID", true, S}, A{"purpose", true, S}}}},
      {"rollupRules",
       {{{"rollupRule", 0, -1}},
        {A{"rollupObjectiveSatisfied", false, S}, A{"rollupProgressCompletion", false, S},
         A{"objectiveMeasureWeight", false, S}}}},
      {"rollupRule",
       {{{"rollupConditions", 1, 1}, {"rollupAction", 1, 1}},
        {A{"childActivitySet", false, S}, A{"minimumCount", false, S}, A{"minimumPercent", false, S}}}},
      {"rollupConditions", {{{"rollupCondition", 1, -1}}, {A{"conditionCombination", false, S}}}},
      {"rollupCondition", {{}, {A{"operator", false, S}, A{"condition", true, S}}}},
      {"rollupAction", {{}, {A{"action", true, S}}}},
      {"objectives", {{{"primaryObjective", 1, 1}, {"objective", 0, -1}}, {}}},
      {"primaryObjective",
       {{{"minNormalizedMeasure", 0, 1}, {"mapInfo", 0, -1}},
        {A{"satisfiedByMeasure", false, S}, A{"objectiveID", false, S}}}},
      {"objective",
       {{{"minNormalizedMeasure", 0, 1}, {"mapInfo", 0, -1}},
        {A{"satisfiedByMeasure", false, S}, A{"objectiveID", true, S}}}},
      {"minNormalizedMeasure", {{}, {}, false, true}},
      {"mapInfo",
       {{},
        {A{"targetObjectiveID", true, S}, A{"readSatisfiedStatus", false, S}, A{"readNormalizedMeasure", false, S},
         A{"writeSatisfiedStatus", false, S}, A{"writeNormalizedMeasure", false, S}}}},
      {"randomizationControls",
       {{},
        {A{"randomizationTiming", false, S}, A{"selectCount", false, S}, A{"reorderChildren", false, S},
         A{"selectionTiming", false, S}}}},
      {"deliveryControls",
       {{}, {A{"tracked", false, S}, A{"completionSetByContent", false, S}, A{"objectiveSetByContent", false, S}}}},
  };
  return k;
}

/// ADL navigation (adlnav_v1p3.xsd).
const std::map<std::string_view, ElementModel>& AdlnavModels() {
  static const std::map<std::string_view, ElementModel> k = {
      {"presentation", {{{"navigationInterface", 0, 1}}, {}}},
      {"navigationInterface", {{{"hideLMSUI", 0, -1}}, {}}},
      {"hideLMSUI", {{}, {}, false, true, "abandon|continue|exit|previous|suspendAll|exitAll|abandonAll"}},
  };
  return k;
}

/// ADL sequencing extensions (adlseq_v1p3.xsd).
const std::map<std::string_view, ElementModel>& AdlseqModels() {
  using A = AttrRule;
  constexpr AttrType B = AttrType::kBoolean;
  constexpr std::string_view kConsideration = "always|ifAttempted|ifNotSkipped|ifNotSuspended";
  static const std::map<std::string_view, ElementModel> k = {
      {"constrainedChoiceConsiderations", {{}, {A{"preventActivation", false, B}, A{"constrainChoice", false, B}}}},
      {"rollupConsiderations",
       {{},
        {A{"requiredForSatisfied", false, AttrType::kString, kConsideration},
         A{"requiredForNotSatisfied", false, AttrType::kString, kConsideration},
         A{"requiredForCompleted", false, AttrType::kString, kConsideration},
         A{"requiredForIncomplete", false, AttrType::kString, kConsideration},
         A{"measureSatisfactionIfActive", false, B}}}},
      {"objectives", {{{"objective", 1, -1}}, {}}},
      {"objective", {{{"mapInfo", 1, -1}}, {A{"objectiveID", true, AttrType::kString}}}},
      {"mapInfo",
       {{},
        {A{"targetObjectiveID", true, AttrType::kString}, A{"readRawScore", false, B}, A{"readMinScore", false, B},
         A{"readMaxScore", false, B}, A{"readCompletionStatus", false, B}, A{"readProgressMeasure", false, B},
         A{"writeRawScore", false, B}, A{"writeMinScore", false, B}, A{"writeMaxScore", false, B},
         A{"writeCompletionStatus", false, B}, A{"writeProgressMeasure", false, B}}}},
  };
  return k;
}

/// Extension elements each edition's schemas declare, by namespace.
bool KnownExtension(bool v2004, std::string_view ns, std::string_view name) {
  static const std::set<std::string_view> kAdlcp12Elements = {"location",        "prerequisites", "maxtimeallowed",
                                                              "timelimitaction", "datafromlms",   "masteryscore",
                                                              "schema",          "schemaversion"};
  static const std::set<std::string_view> kAdlcp13Elements = {
      "location", "dataFromLMS", "timeLimitAction", "completionThreshold", "data", "map"};
  if (!v2004) {
    if (ns == kAdlcp12) return kAdlcp12Elements.count(name) != 0;
    return ns == kImsmd12 && IsImsmdElement(name);
  }
  if (ns == kAdlcp13) return kAdlcp13Elements.count(name) != 0;
  if (ns == kImsss) return name == "sequencing" || name == "sequencingCollection";
  if (ns == kAdlnav) return name == "presentation";
  if (ns == kAdlseq) return name == "objectives";
  return ns == kLom;
}

bool IsNcName(std::string_view s) {
  if (s.empty()) return false;
  auto name_start = [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
  };
  if (!name_start(static_cast<unsigned char>(s[0]))) return false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

class StructureChecker {
 public:
  StructureChecker(bool v2004, std::string_view cp_ns, const std::string& file, Report& report)
      : v2004_(v2004), cp_ns_(cp_ns), own_ns_(cp_ns), file_(file), report_(report) {}

  const std::map<std::string_view, ElementModel>& ModelsFor(std::string_view ns) const {
    if (ns == kImsss) return ImsssModels();
    if (ns == kAdlnav) return AdlnavModels();
    if (ns == kAdlseq) return AdlseqModels();
    return Models(v2004_);
  }

  /// Elements of the SCORM 2004 extension namespaces whose content model is checked here.
  bool Modelled(const xml::Element& c) const {
    return v2004_ && (c.ns == kImsss || c.ns == kAdlnav || c.ns == kAdlseq) && ModelsFor(c.ns).count(c.name) != 0;
  }

  void Check(const xml::Element& e) {
    const bool extension = e.ns != cp_ns_;
    const auto& models = ModelsFor(e.ns);
    auto it = models.find(e.name);
    if (it == models.end()) return;  // reported by the parent
    const ElementModel& model = it->second;
    own_ns_ = extension ? std::string_view(e.ns) : cp_ns_;
    CheckAttributes(e, model);
    if (model.text_only && !model.text_values.empty() && !InVocabulary(model.text_values, Trim(e.text))) {
      Bad(e, "<" + Name(e) + "> '" + Trim(e.text) + "' is not one of: " + std::string(model.text_values),
          "use one of the listed values (they are case-sensitive)");
    }
    if (model.text_only) {
      for (const xml::Element& c : e.children) {
        Bad(c, "<" + Name(c) + "> is not allowed inside <" + e.name + ">, which holds text only",
            "move the element out of <" + e.name + ">");
      }
      return;
    }
    if (!Trim(e.text).empty()) {
      Bad(e, "<" + e.name + "> holds text ('" + Trim(e.text).substr(0, 40) + "'), but it may only contain elements",
          "remove the text or put it in a <title>");
    }
    CheckChildren(e, model);
    for (const xml::Element& c : e.children) {
      if (c.ns == e.ns || Modelled(c)) Check(c);
    }
    own_ns_ = extension ? std::string_view(e.ns) : cp_ns_;
  }

 private:
  static std::string Name(const xml::Element& e) { return e.prefix.empty() ? e.name : e.prefix + ":" + e.name; }

  void Bad(const xml::Element& at, std::string message, std::string hint) {
    report_.Add(codes::kScormSchema, std::move(message), {file_, at.line, at.column}, std::move(hint));
  }

  void CheckAttributes(const xml::Element& e, const ElementModel& model) {
    for (const AttrRule& rule : model.attributes) {
      const xml::Attribute* a = nullptr;
      for (const xml::Attribute& x : e.attributes) {
        if (x.ns.empty() && x.name == rule.name) a = &x;
      }
      if (a == nullptr) {
        if (rule.required) {
          Bad(e, "<" + e.name + "> has no '" + std::string(rule.name) + "' attribute, which is required",
              rule.name == "identifier"
                  ? "give the " + e.name + " a unique identifier, e.g. identifier=\"" + e.name + "_1\""
              : rule.name == "type" ? std::string("add type=\"webcontent\"")
                                    : "add the " + std::string(rule.name) + " attribute");
        }
        continue;
      }
      const std::string v = Trim(a->value);
      if (rule.type == AttrType::kId) {
        if (!IsNcName(v)) {
          Bad(e,
              "identifier '" + a->value + "' of <" + e.name +
                  "> is not a valid XML ID (it must start with a letter or '_' and hold no spaces or ':')",
              "use letters, digits, '_', '-' and '.', starting with a letter, e.g. 'item_1'");
        } else if (auto [it, inserted] = ids_.emplace(v, e.line); !inserted) {
          report_.Add(codes::kScormIdentifierDuplicate,
                      "identifier '" + v + "' is used again (first on line " + std::to_string(it->second) +
                          "); identifiers must be unique in the manifest",
                      {file_, e.line, e.column},
                      "rename one of them, and the identifierref attributes that point to it");
        }
      } else if (!rule.values.empty() && !InVocabulary(rule.values, v)) {
        Bad(e,
            "<" + Name(e) + "> attribute " + std::string(rule.name) + "='" + a->value +
                "' is not one of: " + std::string(rule.values),
            "use one of the listed values (they are case-sensitive)");
      } else if (rule.type == AttrType::kBoolean && v != "true" && v != "false" && v != "1" && v != "0") {
        Bad(e, "<" + e.name + "> attribute " + std::string(rule.name) + "='" + a->value + "' is not a boolean",
            "write true or false");
      } else if (rule.type == AttrType::kIdRef && !IsNcName(v)) {
        Bad(e, "<" + e.name + "> attribute " + std::string(rule.name) + "='" + a->value + "' is not a valid XML IDREF",
            "name the identifier of an element of the manifest");
      }
    }
    for (const xml::Attribute& a : e.attributes) {
      if (a.ns.empty()) {
        bool declared = false;
        for (const AttrRule& rule : model.attributes) declared |= rule.name == a.name;
        if (!declared) {
          Bad(e, "<" + e.name + "> has an attribute '" + a.name + "' that its schema does not define",
              "remove it, or qualify it with the namespace of an extension");
        }
        continue;
      }
      if (a.ns == kXsi || (a.ns == kXml && (a.name == "lang" || a.name == "base" || a.name == "space"))) continue;
      if (a.ns == kAdlcp12 || a.ns == kAdlcp13) {
        const bool v13 = a.ns == kAdlcp13;
        const std::string_view type_name = v13 ? "scormType" : "scormtype";
        if (a.name == type_name) {
          if (a.value != "sco" && a.value != "asset") {
            Bad(e, "adlcp:" + a.name + "='" + a.value + "' is not 'sco' or 'asset'",
                "use exactly 'sco' or 'asset' (lower case)");
          }
        } else if (v13 && a.name == "sharedDataGlobalToSystem") {
          if (a.value != "true" && a.value != "false")
            Bad(e, "adlcp:sharedDataGlobalToSystem must be true or false", "write true or false");
        } else if (!v2004_ || v13) {
          Bad(e,
              "adlcp:" + a.name + " is not an attribute of SCORM " + (v2004_ ? "2004" : "1.2") +
                  (a.name == "scormType" || a.name == "scormtype"
                       ? std::string(" (it is spelled adlcp:") + (v2004_ ? "scormType" : "scormtype") + ")"
                       : ""),
              "attribute names are case-sensitive: fix or remove it");
        }
      } else if (!v2004_) {
        Bad(e, "attribute '" + a.name + "' of namespace '" + a.ns + "' is not part of SCORM 1.2",
            "remove it: SCORM 1.2 manifests only take adlcp and xsi attributes");
      }
    }
  }

  void CheckChildren(const xml::Element& e, const ElementModel& model) {
    size_t rule = 0;
    std::vector<int> counts(model.children.size(), 0);
    const xml::Element* first_foreign = nullptr;
    const bool in_imsss = own_ns_ == kImsss;
    for (const xml::Element& c : e.children) {
      if (c.ns != own_ns_) {
        if (first_foreign == nullptr) first_foreign = &c;
        if (in_imsss) {
          // imsss's wildcard (at the end of <sequencing>) is strict: it takes the adlseq
          // extensions, and LOM's <lom>, which is then checked as declared.
          if (e.name == "sequencing" && c.ns == kLom && c.name == "lom") {
            CheckLom(c, file_, report_);
          } else if (c.ns != kAdlseq || (c.name != "constrainedChoiceConsiderations" &&
                                         c.name != "rollupConsiderations" && c.name != "objectives")) {
            Bad(c, "<" + Name(c) + "> is not allowed inside <imsss:" + e.name + ">",
                "remove it (sequencing elements are case-sensitive and take only the adlseq extensions)");
          }
          continue;
        }
        if (KnownExtension(v2004_, c.ns, c.name)) {
          CheckExtension(c);
        } else if (!v2004_ || c.ns.empty()) {
          // SCORM 1.2's wildcard is strict: every extension element must be declared.
          Bad(c,
              "<" + Name(c) + "> " +
                  (c.ns.empty()
                       ? std::string("has no namespace")
                       : "(namespace '" + c.ns + "') is not an element of SCORM " + (v2004_ ? "2004" : "1.2")) +
                  " and is not allowed inside <" + e.name + ">",
              c.ns == kAdlcp12 || c.ns == kAdlcp13 ? "element names are case-sensitive: check the spelling"
                                                   : "remove it, or declare the right namespace for it");
        } else {
          if (c.ns == kAdlcp13 || c.ns == kImsss || c.ns == kAdlnav || c.ns == kAdlseq) {
            // SCORM 2004's wildcard is lax: the schema accepts it, but no player will understand it.
            report_.Add(codes::kScormExtensionUnknown,
                        "<" + Name(c) + "> is not an element of SCORM 2004's " + c.ns + " namespace; players ignore it",
                        {file_, c.line, c.column},
                        "element names are case-sensitive: check the spelling against the SCORM 2004 books");
          }
          LaxDescend(c);
        }
        continue;
      }
      if (first_foreign != nullptr) {
        Bad(c, "<" + c.name + "> must come before <" + Name(*first_foreign) + "> inside <" + e.name + ">",
            "move the extension elements after the content-packaging elements");
        continue;
      }
      size_t r = rule;
      while (r < model.children.size() && model.children[r].name != c.name) ++r;
      if (r == model.children.size()) {
        const bool known_elsewhere = std::any_of(model.children.begin(), model.children.end(),
                                                 [&](const ChildRule& cr) { return cr.name == c.name; });
        Bad(c,
            "<" + c.name + "> is " + (known_elsewhere ? "out of order" : "not allowed") + " inside <" + e.name +
                ">; expected " + Expected(model, rule),
            known_elsewhere ? "put the children of <" + e.name + "> in the order " + Expected(model, 0)
                            : "remove the element (element names are case-sensitive)");
        continue;
      }
      for (size_t k = rule; k < r; ++k) {
        if (counts[k] < model.children[k].min) {
          Bad(c, "<" + e.name + "> needs <" + std::string(model.children[k].name) + "> before <" + c.name + ">",
              "add the missing <" + std::string(model.children[k].name) + ">");
        }
      }
      rule = r;
      if (++counts[r] > model.children[r].max && model.children[r].max >= 0) {
        Bad(c, "<" + e.name + "> may hold only one <" + c.name + ">", "remove the extra <" + c.name + ">");
      }
    }
    for (size_t k = rule; k < model.children.size(); ++k) {
      if (counts[k] < model.children[k].min) {
        Bad(e, "<" + e.name + "> has no <" + std::string(model.children[k].name) + ">, at least one is required",
            e.name == "organization" ? std::string("add an <item identifierref=\"...\"> for each SCO")
                                     : "add the <" + std::string(model.children[k].name) + "> element");
      }
    }
  }

  /// Below an element that a lax wildcard took without a declaration, the schema still checks
  /// every element it declares globally; for metadata that is LOM's <lom>.
  void LaxDescend(const xml::Element& e) {
    for (const xml::Element& c : e.children) {
      if (c.ns == kLom && c.name == "lom") {
        CheckLom(c, file_, report_);
      } else {
        LaxDescend(c);
      }
    }
  }

  /// An element outside IMS Metadata that IMS Metadata's wildcard (`##any`, strict) holds: it
  /// must be declared by one of the SCORM 1.2 schemas, and is then checked as declared.
  void ImsmdWildcard(const xml::Element& c) {
    if (c.ns == cp_ns_ && Models(false).count(c.name) != 0) {
      const std::string_view own = own_ns_;
      Check(c);
      own_ns_ = own;
    } else if (KnownExtension(false, c.ns, c.name)) {
      CheckExtension(c);
    } else {
      Bad(c,
          "<" + Name(c) + "> " + (c.ns.empty() ? std::string("has no namespace") : "(namespace '" + c.ns + "')") +
              " is not declared by the SCORM 1.2 schemas, which IMS Metadata's wildcard requires",
          "remove it, or use the IMS Metadata element it stands for");
    }
  }

  void CheckExtension(const xml::Element& c) {
    if (c.ns == kLom) {
      // Only <lom> is a global element of LOM; anything else is taken laxly, unchecked.
      if (c.name == "lom") {
        CheckLom(c, file_, report_);
      } else {
        LaxDescend(c);
      }
      return;
    }
    if (c.ns == kImsmd12) {
      CheckImsmd(c, file_, report_, [this](const xml::Element& x) { ImsmdWildcard(x); });
      return;
    }
    const std::string v = Trim(c.text);
    if (c.name == "timelimitaction" || c.name == "timeLimitAction") {
      if (v != "exit,message" && v != "exit,no message" && v != "continue,message" && v != "continue,no message") {
        Bad(c,
            "<" + Name(c) + "> '" + v +
                "' is not one of: exit,message; exit,no message; continue,message; continue,no message",
            "use one of the four values exactly");
      }
    } else if (c.name == "prerequisites" && c.ns == kAdlcp12) {
      const xml::Attribute* t = c.FindAttribute("type");
      if (t == nullptr || t->value != "aicc_script") {
        Bad(c, "<adlcp:prerequisites> needs type=\"aicc_script\"", "add type=\"aicc_script\"");
      }
    } else if (c.name == "completionThreshold" && c.ns == kAdlcp13) {
      for (const xml::Attribute& a : c.attributes) {
        if (a.name == "completedByMeasure" && a.value != "true" && a.value != "false") {
          Bad(c, "completedByMeasure='" + a.value + "' must be true or false", "write true or false");
        }
      }
    }
  }

  std::string Expected(const ElementModel& model, size_t from) const {
    std::string out;
    for (size_t k = from; k < model.children.size(); ++k) {
      out += (out.empty() ? "<" : ", <") + std::string(model.children[k].name) + ">";
    }
    return out.empty() ? "no more content-packaging elements" : out;
  }

  bool v2004_;
  std::string_view cp_ns_;
  std::string_view own_ns_;  // the namespace of the content model being checked
  const std::string& file_;
  Report& report_;
  std::map<std::string, uint32_t> ids_;
};

}  // namespace

bool CheckStructure(const xml::Element& root, const std::string& file, Report& report) {
  if (root.name != "manifest") {
    report.Add(codes::kScormSchema,
               "the root element is <" + root.name + ">; an imsmanifest.xml must start with <manifest>",
               {file, root.line, root.column}, "export the course again as a SCORM package");
    return false;
  }
  const bool v2004 = root.ns == kCp2004;
  if (root.ns != kCp12 && root.ns != kCp2004) {
    report.Add(codes::kScormSchema,
               "<manifest> is in namespace '" + root.ns + "', which is not IMS content packaging (expected '" +
                   std::string(kCp12) + "' for SCORM 1.2 or '" + std::string(kCp2004) + "' for SCORM 2004)",
               {file, root.line, root.column}, "set xmlns on <manifest> to the namespace of the SCORM version");
    return true;
  }
  StructureChecker checker(v2004, root.ns, file, report);
  checker.Check(root);
  return true;
}

}  // namespace cpk::formats::scorm::internal
