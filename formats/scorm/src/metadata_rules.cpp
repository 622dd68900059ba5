#include "metadata_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "cpk/formats/scorm_codes.hpp"

namespace cpk::formats::scorm::internal {
namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// xs:token's whitespace rule: runs of XML whitespace become one space, none at either end.
std::string Collapse(std::string_view s) {
  std::string out;
  bool gap = false;
  for (const char c : s) {
    if (IsSpace(c)) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

/// A value to quote in a message, cut short; collapsed unless its whitespace matters.
std::string Quote(std::string_view s, bool collapse = true) {
  std::string v = collapse ? Collapse(s) : std::string(s);
  if (v.size() > 60) v = v.substr(0, 57) + "...";
  return "'" + v + "'";
}

/// xs:language, [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*, on a collapsed value.
bool IsLanguage(std::string_view s) {
  size_t i = 0;
  for (bool first = true;; first = false) {
    const size_t start = i;
    while (i < s.size() && (IsAlpha(s[i]) || (!first && IsDigit(s[i])))) ++i;
    if (i == start || i - start > 8) return false;
    if (i == s.size()) return true;
    if (s[i++] != '-') return false;
  }
}

/// The year of a LOM dateTime. The pattern asks for four digits, not all zero. libxml2's regular
/// expression engine (which xmllint uses) runs the pattern's counted alternation so that it also
/// takes some years of five to seven digits; those are accepted here too, so that both verdicts
/// agree. For a year of n digits, one of the digits [from, to) must not be zero.
bool YearPasses(std::string_view y) {
  struct Span {
    size_t from, to;
  };
  static constexpr Span kNonZero[] = {{0, 4}, {1, 3}, {2, 5}, {3, 5}};  // 4, 5, 6 and 7 digits
  if (y.size() < 4 || y.size() > 7) return false;
  const Span span = kNonZero[y.size() - 4];
  for (size_t k = span.from; k < span.to; ++k) {
    if (y[k] != '0') return true;
  }
  return false;
}

/// Two digits at `i` whose value is in [lo, hi]; advances `i`.
bool TwoDigits(std::string_view s, size_t& i, int lo, int hi) {
  if (i + 2 > s.size() || !IsDigit(s[i]) || !IsDigit(s[i + 1])) return false;
  const int v = (s[i] - '0') * 10 + (s[i + 1] - '0');
  i += 2;
  return v >= lo && v <= hi;
}

/// LOM's DateTimeString (common/dataTypes.xsd): YYYY[-MM[-DD[Thh[:mm[:ss[.s[Z|±hh:mm]]]]]]]. The
/// type is a string, so surrounding whitespace is an error; a time zone may only follow a
/// fraction of a second.
bool IsLomDateTime(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (!YearPasses(s.substr(0, i))) return false;
  struct Part {
    char lead;
    int lo, hi;
  };
  static constexpr Part kParts[] = {{'-', 1, 12}, {'-', 1, 31}, {'T', 0, 23}, {':', 0, 59}, {':', 0, 59}};
  for (const Part& p : kParts) {
    if (i == s.size()) return true;
    if (s[i++] != p.lead || !TwoDigits(s, i, p.lo, p.hi)) return false;
  }
  if (i == s.size()) return true;
  if (s[i++] != '.') return false;
  const size_t fraction = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == fraction) return false;
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  ++i;
  if (!TwoDigits(s, i, 0, 23) || i == s.size() || s[i++] != ':' || !TwoDigits(s, i, 0, 59)) return false;
  return i == s.size();
}

/// LOM's DurationString: P[nY][nM][nD][T[nH][nM][n[.n]S]], every part optional ("P" passes).
bool IsLomDuration(std::string_view s) {
  size_t i = 0;
  // Numbers with units from `order`, each unit at most once and in that order; a fraction only
  // before the final S.
  auto units = [&](std::string_view order, bool seconds) {
    size_t next = 0;
    while (i < s.size() && IsDigit(s[i])) {
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      if (seconds && j < s.size() && s[j] == '.') {
        size_t k = j + 1;
        while (k < s.size() && IsDigit(s[k])) ++k;
        if (k == j + 1 || k == s.size() || s[k] != 'S') return false;
        i = k + 1;
        return true;
      }
      const size_t u = j < s.size() ? order.find(s[j], next) : std::string_view::npos;
      if (u == std::string_view::npos) return false;
      next = u + 1;
      i = j + 1;
    }
    return true;
  };
  if (s.empty() || s[i++] != 'P' || !units("YMD", false)) return false;
  if (i < s.size() && s[i] == 'T') {
    ++i;
    if (!units("HMS", true)) return false;
  }
  return i == s.size();
}

/// xs:nonNegativeInteger as libxml2 reads it: collapsed, an optional sign ('-' only before
/// zeros), digits, and at most 24 significant digits (libxml2's limit for integers).
bool IsNonNegativeInteger(std::string_view raw) {
  const std::string s = Collapse(raw);
  size_t i = 0;
  const bool minus = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || minus)) ++i;
  if (i == s.size()) return false;
  size_t significant = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    if (significant > 0 || s[i] != '0') ++significant;
  }
  return significant <= 24 && (!minus || significant == 0);
}

/// xs:int of IMS MD's sizeType as libxml2 reads that element: no surrounding whitespace, an
/// optional sign, digits, in [-2^31, 2^31 - 1].
bool IsInt32(std::string_view s) {
  size_t i = 0;
  const bool minus = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || minus)) ++i;
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    v = std::min<uint64_t>(v * 10 + static_cast<uint64_t>(s[i] - '0'), uint64_t{1} << 32);
  }
  return v <= (minus ? uint64_t{1} << 31 : (uint64_t{1} << 31) - 1);
}

/// "a|b|c" as "a, b, c".
std::string ListOf(std::string_view values, char separator = '|') {
  std::string out;
  for (const char c : values) {
    if (c == separator) {
      out += ", ";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Name(const xml::Element& e) { return e.prefix.empty() ? e.name : e.prefix + ":" + e.name; }

class Findings {
 public:
  Findings(const std::string& file, Report& report) : file_(file), report_(report) {}
  void Bad(const xml::Element& at, std::string message, std::string hint) {
    report_.Add(codes::kScormSchema, std::move(message), {file_, at.line, at.column}, std::move(hint));
  }
  /// xsi attributes every element may carry: the schema-location hints and xsi:type. xsi:nil
  /// needs a nillable element, which no metadata element is.
  void CheckXsi(const xml::Element& e, const xml::Attribute& a) {
    if (a.name == "schemaLocation" || a.name == "noNamespaceSchemaLocation" || a.name == "type") return;
    Bad(e,
        a.name == "nil" ? "<" + Name(e) + "> carries xsi:nil, but it is not nillable"
                        : "<" + Name(e) + "> has an attribute xsi:" + a.name + " that XML Schema does not define",
        "remove the attribute");
  }

 private:
  const std::string& file_;
  Report& report_;
};

// ---------------------------------------------------------------------------------------------
// IEEE LOM (SCORM 2004)

/// What a LOM type holds. lom.xsd makes every container a choice of its children, repeated
/// freely: order never matters, and no child is required.
enum class Lom : uint8_t {
  kElements,    // the children listed in `model`
  kLangString,  // <string language="..."> children
  kVocab,       // <source> (LOMv1.0) and <value> (one of `model`)
  kDateTime,    // <dateTime> and <description>
  kDuration,    // <duration> and <description>
  // The kinds from here on are simple content: text, no child elements.
  kText,      // any text
  kLanguage,  // a language tag (LanguageId; general/language also takes "none", which is one)
  kSize,      // a non-negative integer
  kDateTimeValue,
  kDurationValue,
  kString,  // <string>: text, and a language attribute
  kToken,   // one of `model` (whitespace collapsed)
};

struct LomType {
  std::string_view key;
  Lom content;
  /// The fixed value of the uniqueElementName attribute the type declares (unique/strict.xsd);
  /// empty when it declares none, and then it takes no attribute at all.
  std::string_view unique_name = {};
  /// kElements: the children, "name" or "name=type key", space-separated; kVocab and kToken:
  /// the vocabulary, '|'-separated.
  std::string_view model = {};
  /// Whether the element carries an xs:unique over its children's uniqueElementName, so that
  /// each child declaring one may appear only once. Every container but <requirement> and
  /// <resource> does.
  bool unique_children = true;
};

// Element names are LOM's; type keys that differ from the element name tell apart the
// same-named elements of different types (language, entity, role, contribute, source, entry).
constexpr LomType kLomTypes[] = {
    {"lom", Lom::kElements, "",
     "general lifeCycle metaMetadata technical educational rights relation annotation classification"},
    // 1 General
    {"general", Lom::kElements, "general",
     "identifier title language=languageOrNone description=langString keyword coverage structure aggregationLevel"},
    {"identifier", Lom::kElements, "", "catalog entry"},
    {"catalog", Lom::kText, "catalog"},
    {"entry", Lom::kText, "entry"},
    {"title", Lom::kLangString, "title"},
    {"languageOrNone", Lom::kLanguage},
    {"langString", Lom::kLangString},
    {"keyword", Lom::kLangString},
    {"coverage", Lom::kLangString},
    {"structure", Lom::kVocab, "structure", "atomic|collection|networked|hierarchical|linear"},
    {"aggregationLevel", Lom::kVocab, "aggregationLevel", "1|2|3|4"},
    // 2 Life cycle
    {"lifeCycle", Lom::kElements, "lifeCycle", "version status contribute"},
    {"version", Lom::kLangString, "version"},
    {"status", Lom::kVocab, "status", "draft|final|revised|unavailable"},
    {"contribute", Lom::kElements, "", "role entity=vCard date"},
    {"role", Lom::kVocab, "role",
     "author|publisher|unknown|initiator|terminator|validator|editor|graphical designer|technical implementer|"
     "content provider|technical validator|educational validator|script writer|instructional designer|"
     "subject matter expert"},
    {"vCard", Lom::kText},
    {"date", Lom::kDateTime, "date"},
    // 3 Meta-metadata
    {"metaMetadata", Lom::kElements, "metaMetadata",
     "identifier contribute=contributeMeta metadataSchema language=metaLanguage"},
    {"contributeMeta", Lom::kElements, "", "role=roleMeta entity=vCard date"},
    {"roleMeta", Lom::kVocab, "role", "creator|validator"},
    {"metadataSchema", Lom::kText},
    {"metaLanguage", Lom::kLanguage, "language"},
    // 4 Technical
    {"technical", Lom::kElements, "technical",
     "format size location requirement installationRemarks otherPlatformRequirements duration"},
    {"format", Lom::kText},
    {"size", Lom::kSize, "size"},
    {"location", Lom::kText},
    {"requirement", Lom::kElements, "", "orComposite", false},
    {"orComposite", Lom::kElements, "", "type name minimumVersion maximumVersion"},
    {"type", Lom::kVocab, "type", "operating system|browser"},
    {"name", Lom::kVocab, "name",
     "pc-dos|ms-windows|macos|unix|multi-os|none|any|netscape communicator|ms-internet explorer|opera|amaya"},
    {"minimumVersion", Lom::kText, "minimumVersion"},
    {"maximumVersion", Lom::kText, "maximumVersion"},
    {"installationRemarks", Lom::kLangString, "installationRemarks"},
    {"otherPlatformRequirements", Lom::kLangString},
    {"duration", Lom::kDuration, "duration"},
    // 5 Educational
    {"educational", Lom::kElements, "",
     "interactivityType learningResourceType interactivityLevel semanticDensity intendedEndUserRole context "
     "typicalAgeRange difficulty typicalLearningTime description=langString language=languageId"},
    {"interactivityType", Lom::kVocab, "interactivityType", "active|expositive|mixed"},
    {"learningResourceType", Lom::kVocab, "",
     "exercise|simulation|questionnaire|diagram|figure|graph|index|slide|table|narrative text|exam|experiment|"
     "problem statement|self assessment|lecture"},
    {"interactivityLevel", Lom::kVocab, "interactivityLevel", "very low|low|medium|high|very high"},
    {"semanticDensity", Lom::kVocab, "semanticDensity", "very low|low|medium|high|very high"},
    {"intendedEndUserRole", Lom::kVocab, "", "teacher|author|learner|manager"},
    {"context", Lom::kVocab, "", "school|higher education|training|other"},
    {"typicalAgeRange", Lom::kLangString},
    {"difficulty", Lom::kVocab, "difficulty", "very easy|easy|medium|difficult|very difficult"},
    {"typicalLearningTime", Lom::kDuration, "typicalLearningTime"},
    {"languageId", Lom::kLanguage},
    // 6 Rights
    {"rights", Lom::kElements, "rights", "cost copyrightAndOtherRestrictions description"},
    {"cost", Lom::kVocab, "cost", "yes|no"},
    {"copyrightAndOtherRestrictions", Lom::kVocab, "copyrightAndOtherRestrictions", "yes|no"},
    {"description", Lom::kLangString, "description"},
    // 7 Relation
    {"relation", Lom::kElements, "", "kind resource"},
    {"kind", Lom::kVocab, "kind",
     "ispartof|haspart|isversionof|hasversion|isformatof|hasformat|references|isreferencedby|isbasedon|isbasisfor|"
     "requires|isrequiredby"},
    {"resource", Lom::kElements, "resource", "identifier description", false},
    // 8 Annotation
    {"annotation", Lom::kElements, "", "entity=annotationEntity date description"},
    {"annotationEntity", Lom::kText, "entity"},
    // 9 Classification
    {"classification", Lom::kElements, "", "purpose taxonPath description keyword"},
    {"purpose", Lom::kVocab, "purpose",
     "discipline|idea|prerequisite|educational objective|accessibility restrictions|educational level|skill level|"
     "security level|competency"},
    {"taxonPath", Lom::kElements, "", "source=taxonSource taxon"},
    {"taxonSource", Lom::kLangString, "source"},
    {"taxon", Lom::kElements, "", "id entry=taxonEntry"},
    {"id", Lom::kText, "id"},
    {"taxonEntry", Lom::kLangString, "entry"},
};

// The children that kLangString, kVocab, kDateTime and kDuration types imply.
constexpr LomType kLangStringChild = {"string", Lom::kString};
constexpr LomType kVocabSource = {"source", Lom::kToken, "source", "LOMv1.0"};
constexpr LomType kDateTimeChild = {"dateTime", Lom::kDateTimeValue, "dateTime"};
constexpr LomType kDurationChild = {"duration", Lom::kDurationValue, "duration"};

const LomType* FindLomType(std::string_view key) {
  static const std::map<std::string_view, const LomType*> kByKey = [] {
    std::map<std::string_view, const LomType*> m;
    for (const LomType& t : kLomTypes) m.emplace(t.key, &t);
    return m;
  }();
  auto it = kByKey.find(key);
  return it == kByKey.end() ? nullptr : it->second;
}

/// Calls `f(name, type key)` for each child of a kElements model until it returns true.
template <class F>
bool ForEachChild(std::string_view model, F&& f) {
  size_t start = 0;
  while (start < model.size()) {
    size_t end = model.find(' ', start);
    if (end == std::string_view::npos) end = model.size();
    const std::string_view token = model.substr(start, end - start);
    const size_t eq = token.find('=');
    if (eq == std::string_view::npos ? f(token, token) : f(token.substr(0, eq), token.substr(eq + 1))) return true;
    start = end + 1;
  }
  return false;
}

/// The type of child `name` inside an element of type `t`, or nothing when `t` does not take it.
std::optional<LomType> LomChild(const LomType& t, std::string_view name) {
  switch (t.content) {
    case Lom::kElements: {
      const LomType* found = nullptr;
      ForEachChild(t.model, [&](std::string_view child, std::string_view key) {
        if (child == name) found = FindLomType(key);
        return found != nullptr;
      });
      if (found != nullptr) return *found;
      return std::nullopt;
    }
    case Lom::kLangString:
      if (name == "string") return kLangStringChild;
      return std::nullopt;
    case Lom::kVocab:
      if (name == "source") return kVocabSource;
      if (name == "value") return LomType{"value", Lom::kToken, "value", t.model};
      return std::nullopt;
    case Lom::kDateTime:
    case Lom::kDuration:
      if (name == "description") return *FindLomType("description");
      if (t.content == Lom::kDateTime && name == "dateTime") return kDateTimeChild;
      if (t.content == Lom::kDuration && name == "duration") return kDurationChild;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

/// The children a type takes, for messages.
std::string LomChildren(const LomType& t) {
  switch (t.content) {
    case Lom::kElements: {
      std::string out;
      ForEachChild(t.model, [&](std::string_view child, std::string_view) {
        out += (out.empty() ? "<" : ", <") + std::string(child) + ">";
        return false;
      });
      return out;
    }
    case Lom::kLangString:
      return "<string>";
    case Lom::kVocab:
      return "<source>, <value>";
    case Lom::kDateTime:
      return "<dateTime>, <description>";
    case Lom::kDuration:
      return "<duration>, <description>";
    default:
      return "text only";
  }
}

/// Where LOM does allow an element named `name` (at most three places), for the hint of a
/// misplaced one.
std::string LomParents(std::string_view name) {
  if (name == "string") return "a language string such as <title> or <description>";
  if (name == "source" || name == "value") return "a vocabulary element such as <structure>";
  if (name == "dateTime") return "<date>";
  std::vector<std::string_view> parents;
  for (const LomType& t : kLomTypes) {
    if (t.content == Lom::kElements && LomChild(t, name) && parents.size() < 3) {
      parents.push_back(t.key == "contributeMeta" ? "contribute" : t.key);
    }
  }
  std::string out;
  for (const std::string_view p : parents) out += (out.empty() ? "<" : " or <") + std::string(p) + ">";
  return out;
}

class LomChecker {
 public:
  explicit LomChecker(Findings& findings) : f_(findings) {}

  void Check(const xml::Element& e, const LomType& t) {
    CheckAttributes(e, t);
    if (t.content >= Lom::kText) {  // simple content
      for (const xml::Element& c : e.children) {
        f_.Bad(c, "<" + Name(c) + "> is not allowed inside <" + Name(e) + ">, which holds text only",
               "move the element out of <" + Name(e) + ">");
      }
      CheckValue(e, t);
      return;
    }
    if (const std::string text = e.TrimmedText(); !text.empty()) {
      f_.Bad(e,
             "<" + Name(e) + "> holds text (" + Quote(text) + "), but it may only contain elements (" + LomChildren(t) +
                 ")",
             t.content == Lom::kLangString ? "put the text in a <string language=\"en\"> inside <" + Name(e) + ">"
             : t.content == Lom::kVocab    ? "write <source>LOMv1.0</source> and the term in <value>"
                                           : "remove the text");
    }
    std::map<std::string_view, uint32_t> seen;  // uniqueElementName -> line of the first child
    for (const xml::Element& c : e.children) {
      if (c.ns != kLomNs) {
        f_.Bad(c,
               "<" + Name(c) + "> " + (c.ns.empty() ? "has no namespace" : "(namespace '" + c.ns + "')") +
                   " is not allowed inside the LOM element <" + Name(e) +
                   ">; SCORM's LOM schema admits no extension elements",
               c.ns.empty() ? "put the element in the LOM namespace (xmlns=\"http://ltsc.ieee.org/xsd/LOM\")"
                            : "remove it, or move it out of <lom> into <metadata>, which takes extensions");
        continue;
      }
      const std::optional<LomType> ct = LomChild(t, c.name);
      if (!ct) {
        const std::string parents = LomParents(c.name);
        f_.Bad(c, "<" + Name(c) + "> is not allowed inside <" + Name(e) + ">; it takes " + LomChildren(t),
               parents.empty() ? "remove it (LOM element names are case-sensitive, e.g. <lifeCycle>, <metaMetadata>)"
                               : "<" + c.name + "> belongs inside " + parents);
        continue;
      }
      if (t.unique_children && !ct->unique_name.empty()) {
        if (auto [it, inserted] = seen.emplace(ct->unique_name, c.line); !inserted) {
          f_.Bad(c,
                 "<" + Name(c) + "> appears again inside <" + Name(e) + "> (first on line " +
                     std::to_string(it->second) + "); LOM allows it only once there",
                 ct->content == Lom::kLangString ? "merge them: one <" + c.name + "> takes a <string> per language"
                                                 : "keep one <" + c.name + "> and remove the other");
        }
      }
      Check(c, *ct);
    }
  }

 private:
  void CheckAttributes(const xml::Element& e, const LomType& t) {
    for (const xml::Attribute& a : e.attributes) {
      if (a.ns == kXsiNs) {
        f_.CheckXsi(e, a);
      } else if (a.ns.empty() && a.name == "uniqueElementName" && !t.unique_name.empty()) {
        if (a.value != t.unique_name) {
          f_.Bad(e,
                 "<" + Name(e) + "> attribute uniqueElementName='" + a.value + "' must be '" +
                     std::string(t.unique_name) + "' (the schema fixes it)",
                 "remove the attribute: it is only there for the schema's uniqueness check");
        }
      } else if (a.ns.empty() && a.name == "language" && t.content == Lom::kString) {
        if (!IsLanguage(Collapse(a.value))) {
          f_.Bad(e, "language='" + a.value + "' of <" + Name(e) + "> is not a language tag",
                 "use an RFC 3066 tag: letters, then '-'-separated parts of up to 8 letters or digits, e.g. "
                 "'en' or 'en-US'");
        }
      } else {
        const std::string shown = a.ns == kXmlNs ? "xml:" + a.name : a.ns.empty() ? a.name : "{" + a.ns + "}" + a.name;
        f_.Bad(e, "<" + Name(e) + "> has an attribute " + shown + " that the LOM schema does not allow",
               a.ns == kXmlNs && a.name == "lang" && t.content == Lom::kString
                   ? std::string("LOM names the language of a <string> with language=\"...\", not xml:lang")
                   : std::string("remove the attribute"));
      }
    }
  }

  void CheckValue(const xml::Element& e, const LomType& t) {
    const std::string& v = e.text;
    switch (t.content) {
      case Lom::kLanguage:
        if (!IsLanguage(Collapse(v))) {
          f_.Bad(e, "<" + Name(e) + "> " + Quote(v) + " is not a language tag",
                 std::string("use an RFC 3066 tag such as 'en' or 'en-US'") +
                     (t.key == "languageOrNone" ? ", or 'none'" : ""));
        }
        break;
      case Lom::kSize:
        if (!IsNonNegativeInteger(v)) {
          f_.Bad(e, "<" + Name(e) + "> " + Quote(v) + " is not a size in bytes (a whole number, 0 or more)",
                 "write the number of bytes in digits only, e.g. 12288");
        }
        break;
      case Lom::kDateTimeValue:
        if (!IsLomDateTime(v)) {
          f_.Bad(e,
                 "<" + Name(e) + "> " + Quote(v, false) +
                     " is not a LOM date and time (YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], no spaces)",
                 "e.g. 2009-01-23 or 2009-01-23T10:30:00.0Z; LOM's pattern takes a time zone only after a "
                 "fraction of a second");
        }
        break;
      case Lom::kDurationValue:
        if (!IsLomDuration(v)) {
          f_.Bad(e,
                 "<" + Name(e) + "> " + Quote(v, false) + " is not a LOM duration (P[nY][nM][nD][T[nH][nM][n[.n]S]])",
                 "e.g. PT10M or P1DT2H30M, with no spaces (weeks are not allowed)");
        }
        break;
      case Lom::kToken:
        if (!InVocabulary(t.model, Collapse(v))) {
          f_.Bad(e,
                 t.unique_name == "source" ? "<" + Name(e) + "> " + Quote(v) +
                                                 " is not 'LOMv1.0', the only vocabulary source SCORM's LOM "
                                                 "schema accepts"
                                           : "<" + Name(e) + "> " + Quote(v) +
                                                 " is not a LOMv1.0 value here; expected one of: " + ListOf(t.model),
                 "LOM vocabulary values are case-sensitive; use one of the listed values");
        }
        break;
      default:
        break;
    }
  }

  Findings& f_;
};

// ---------------------------------------------------------------------------------------------
// IMS Metadata 1.2.1 (SCORM 1.2)

enum class Md : uint8_t {
  kSequence,    // the children in `sequence`, then (when `open`) any globally declared element
  kString,      // text, no attributes
  kLangString,  // text and xml:lang
  kLocation,    // text and type="URI|TEXT"
  kInt,         // an xs:int
};

struct MdElement {
  std::string_view name;
  Md content;
  /// The children in order, each with its occurrence: "" once, "?" at most once, "*" any
  /// number, "+" at least once.
  std::string_view sequence = {};
  bool mixed = false;  // text may stand between the children
  bool open = false;   // ends with IMS MD's `##any` strict wildcard
};

constexpr std::string_view kSourceValue = "source value";
constexpr std::string_view kLangStrings = "langstring+";

constexpr MdElement kMdElements[] = {
    {"lom", Md::kSequence,
     "general? lifecycle? metametadata? technical? educational? rights? relation* annotation* classification*"},
    {"general", Md::kSequence,
     "identifier? title? catalogentry* language* description* keyword* coverage* structure? aggregationlevel?", true,
     true},
    {"lifecycle", Md::kSequence, "version? status? contribute*", true, true},
    {"metametadata", Md::kSequence, "identifier? catalogentry* contribute* metadatascheme* language?", true, true},
    {"technical", Md::kSequence,
     "format* size? location* requirement* installationremarks? otherplatformrequirements? duration?", true, true},
    {"educational", Md::kSequence,
     "interactivitytype? learningresourcetype* interactivitylevel? semanticdensity? intendedenduserrole* context* "
     "typicalagerange* difficulty? typicallearningtime? description? language*",
     true, true},
    {"rights", Md::kSequence, "cost? copyrightandotherrestrictions? description?", true, true},
    {"relation", Md::kSequence, "kind? resource?", true, true},
    {"resource", Md::kSequence, "identifier? description? catalogentry*", true, true},
    {"annotation", Md::kSequence, "person? date? description?", true, true},
    {"classification", Md::kSequence, "purpose? taxonpath* description? keyword*", true, true},
    {"catalogentry", Md::kSequence, "catalog entry", true, true},
    {"contribute", Md::kSequence, "role centity* date?", true, true},
    {"requirement", Md::kSequence, "type? name? minimumversion? maximumversion?", true, true},
    {"taxonpath", Md::kSequence, "source? taxon?"},
    {"taxon", Md::kSequence, "id? entry? taxon?"},
    {"centity", Md::kSequence, "vcard"},
    {"person", Md::kSequence, "vcard"},
    {"date", Md::kSequence, "datetime? description?"},
    {"duration", Md::kSequence, "datetime? description?"},
    {"typicallearningtime", Md::kSequence, "datetime? description?"},
    {"source", Md::kSequence, "langstring"},
    {"value", Md::kSequence, "langstring"},
    {"title", Md::kSequence, kLangStrings},
    {"description", Md::kSequence, kLangStrings},
    {"keyword", Md::kSequence, kLangStrings},
    {"coverage", Md::kSequence, kLangStrings},
    {"entry", Md::kSequence, kLangStrings},
    {"version", Md::kSequence, kLangStrings},
    {"installationremarks", Md::kSequence, kLangStrings},
    {"otherplatformrequirements", Md::kSequence, kLangStrings},
    {"typicalagerange", Md::kSequence, kLangStrings},
    // Vocabulary elements: free text in IMS MD 1.2.1, as a <source>/<value> pair.
    {"structure", Md::kSequence, kSourceValue},
    {"aggregationlevel", Md::kSequence, kSourceValue},
    {"status", Md::kSequence, kSourceValue},
    {"role", Md::kSequence, kSourceValue},
    {"type", Md::kSequence, kSourceValue},
    {"name", Md::kSequence, kSourceValue},
    {"interactivitytype", Md::kSequence, kSourceValue},
    {"learningresourcetype", Md::kSequence, kSourceValue},
    {"interactivitylevel", Md::kSequence, kSourceValue},
    {"semanticdensity", Md::kSequence, kSourceValue},
    {"intendedenduserrole", Md::kSequence, kSourceValue},
    {"context", Md::kSequence, kSourceValue},
    {"difficulty", Md::kSequence, kSourceValue},
    {"cost", Md::kSequence, kSourceValue},
    {"copyrightandotherrestrictions", Md::kSequence, kSourceValue},
    {"kind", Md::kSequence, kSourceValue},
    {"purpose", Md::kSequence, kSourceValue},
    {"langstring", Md::kLangString},
    {"location", Md::kLocation},
    {"size", Md::kInt},
    {"identifier", Md::kString},
    {"language", Md::kString},
    {"vcard", Md::kString},
    {"catalog", Md::kString},
    {"format", Md::kString},
    {"datetime", Md::kString},
    {"id", Md::kString},
    {"metadatascheme", Md::kString},
    {"minimumversion", Md::kString},
    {"maximumversion", Md::kString},
};

const MdElement* FindMd(std::string_view name) {
  static const std::map<std::string_view, const MdElement*> kByName = [] {
    std::map<std::string_view, const MdElement*> m;
    for (const MdElement& e : kMdElements) m.emplace(e.name, &e);
    return m;
  }();
  auto it = kByName.find(name);
  return it == kByName.end() ? nullptr : it->second;
}

struct Particle {
  std::string_view name;
  int min;
  int max;  // -1: unbounded
};

std::vector<Particle> Particles(std::string_view sequence) {
  std::vector<Particle> out;
  size_t start = 0;
  while (start < sequence.size()) {
    size_t end = sequence.find(' ', start);
    if (end == std::string_view::npos) end = sequence.size();
    std::string_view token = sequence.substr(start, end - start);
    const char last = token.back();
    const bool suffix = last == '?' || last == '*' || last == '+';
    if (suffix) token.remove_suffix(1);
    out.push_back({token, last == '?' || last == '*' ? 0 : 1, last == '*' || last == '+' ? -1 : 1});
    start = end + 1;
  }
  return out;
}

std::string Expected(const std::vector<Particle>& particles, size_t from) {
  std::string out;
  for (size_t k = from; k < particles.size(); ++k)
    out += (out.empty() ? "<" : ", <") + std::string(particles[k].name) + ">";
  return out;
}

class MdChecker {
 public:
  MdChecker(Findings& findings, const std::function<void(const xml::Element&)>& foreign)
      : f_(findings), foreign_(foreign) {}

  void Check(const xml::Element& e, const MdElement& m) {
    CheckAttributes(e, m);
    if (m.content != Md::kSequence) {
      for (const xml::Element& c : e.children) {
        f_.Bad(c, "<" + Name(c) + "> is not allowed inside <" + Name(e) + ">, which holds text only",
               "move the element out of <" + Name(e) + ">");
      }
      if (m.content == Md::kInt && !IsInt32(e.text)) {
        f_.Bad(e, "<" + Name(e) + "> '" + e.text + "' is not a whole number (xs:int)",
               "write the size in bytes as digits only, with no spaces around them");
      }
      return;
    }
    if (!m.mixed) {
      if (const std::string text = e.TrimmedText(); !text.empty()) {
        f_.Bad(e, "<" + Name(e) + "> holds text (" + Quote(text) + "), but it may only contain elements",
               m.sequence == kLangStrings || m.sequence == "langstring"
                   ? "put the text in a <langstring xml:lang=\"en\"> inside <" + Name(e) + ">"
                   : std::string("remove the text"));
      }
    }
    CheckChildren(e, m);
  }

 private:
  /// Matches the longest prefix of the children that the sequence takes. Its names are
  /// distinct, so the match is unique; the rest is left to the wildcard, which (strict, `##any`)
  /// takes any globally declared element, in any order, even one the sequence names: so in an
  /// open element only a missing required child or an undeclared element is an error.
  void CheckChildren(const xml::Element& e, const MdElement& m) {
    const std::vector<Particle> particles = Particles(m.sequence);
    std::vector<int> counts(particles.size(), 0);
    size_t p = 0;  // the particle the last child matched
    size_t i = 0;
    for (; i < e.children.size(); ++i) {
      const xml::Element& c = e.children[i];
      if (c.ns != kImsmdNs) break;
      size_t r = p;
      while (r < particles.size() && particles[r].name != c.name) ++r;
      if (r == particles.size()) break;
      if (r == p && particles[p].max >= 0 && counts[p] >= particles[p].max) break;
      bool skips_required = false;
      for (size_t k = p; k < r; ++k) skips_required |= counts[k] < particles[k].min;
      if (skips_required) break;
      p = r;
      ++counts[r];
    }
    size_t missing = p;
    while (missing < particles.size() && counts[missing] >= particles[missing].min) ++missing;
    if (missing < particles.size()) {
      const std::string need = std::string(particles[missing].name);
      if (i < e.children.size()) {
        const xml::Element& at = e.children[i];
        f_.Bad(at,
               "<" + Name(at) + "> is not expected inside <" + Name(e) + ">: <" + need + "> must come " +
                   (counts[p] > 0 || p > 0 ? "here" : "first"),
               "write the children of <" + Name(e) + "> in the order " + Expected(particles, 0));
      } else {
        f_.Bad(e, "<" + Name(e) + "> has no <" + need + ">, which is required",
               need == "langstring" ? "add <" + need + " xml:lang=\"en\">...</" + need + ">"
                                    : "add the <" + need + "> element");
      }
    } else if (i < e.children.size() && !m.open) {
      const xml::Element& at = e.children[i];
      const std::string order = "write the children of <" + Name(e) + "> in the order " + Expected(particles, 0);
      size_t known = 0;
      while (known < particles.size() && (at.ns != kImsmdNs || particles[known].name != at.name)) ++known;
      if (known == p) {
        f_.Bad(at, "<" + Name(e) + "> may hold only one <" + Name(at) + ">", "remove the extra <" + Name(at) + ">");
      } else if (known < p) {
        f_.Bad(at,
               "<" + Name(at) + "> is out of order inside <" + Name(e) + ">: it must come before <" +
                   std::string(particles[p].name) + ">",
               order);
      } else {
        const size_t from = counts[p] < particles[p].max || particles[p].max < 0 ? p : p + 1;
        f_.Bad(at,
               "<" + Name(at) + "> is not allowed inside <" + Name(e) + ">; " +
                   (from < particles.size() ? "expected " + Expected(particles, from) : "nothing more is expected"),
               at.ns == kImsmdNs ? "remove it, or fix its name (IMS Metadata element names are lower case)"
                                 : "remove it: <" + Name(e) + "> takes no extensions");
      }
    }
    for (size_t k = 0; k < e.children.size(); ++k) {
      const xml::Element& c = e.children[k];
      if (k >= i && !m.open) break;
      if (c.ns != kImsmdNs) {
        foreign_(c);
      } else if (const MdElement* cm = FindMd(c.name)) {
        Check(c, *cm);
      } else {
        f_.Bad(c, "<" + Name(c) + "> is not an element of IMS Metadata 1.2.1",
               "remove it (IMS Metadata element names are lower case, e.g. <lifecycle>, <metametadata>)");
      }
    }
  }

  void CheckAttributes(const xml::Element& e, const MdElement& m) {
    for (const xml::Attribute& a : e.attributes) {
      if (a.ns == kXsiNs) {
        f_.CheckXsi(e, a);
      } else if (m.content == Md::kLangString && a.ns == kXmlNs && a.name == "lang") {
        if (!IsLanguage(Collapse(a.value))) {
          f_.Bad(e, "xml:lang='" + a.value + "' of <" + Name(e) + "> is not a language tag",
                 "use an RFC 3066 tag: letters, then '-'-separated parts of up to 8 letters or digits, e.g. "
                 "'en' or 'en-US'");
        }
      } else if (m.content == Md::kLocation && a.ns.empty() && a.name == "type") {
        if (a.value != "URI" && a.value != "TEXT") {
          f_.Bad(e, "<" + Name(e) + "> attribute type='" + a.value + "' is not 'URI' or 'TEXT'",
                 "write type=\"URI\" or type=\"TEXT\" (upper case)");
        }
      } else {
        const std::string shown = a.ns == kXmlNs ? "xml:" + a.name : a.ns.empty() ? a.name : "{" + a.ns + "}" + a.name;
        f_.Bad(e, "<" + Name(e) + "> has an attribute " + shown + " that IMS Metadata 1.2.1 does not allow",
               m.content == Md::kSequence && a.name == "lang"
                   ? "put xml:lang on the <langstring> elements inside <" + Name(e) + ">"
                   : std::string("remove the attribute"));
      }
    }
  }

  Findings& f_;
  const std::function<void(const xml::Element&)>& foreign_;
};

}  // namespace

void CheckLom(const xml::Element& lom, const std::string& file, Report& report) {
  Findings findings(file, report);
  LomChecker(findings).Check(lom, *FindLomType("lom"));
}

bool IsImsmdElement(std::string_view name) { return FindMd(name) != nullptr; }

void CheckImsmd(const xml::Element& e, const std::string& file, Report& report,
                const std::function<void(const xml::Element&)>& foreign) {
  const MdElement* m = FindMd(e.name);
  if (m == nullptr) return;
  Findings findings(file, report);
  MdChecker(findings, foreign).Check(e, *m);
}

bool InVocabulary(std::string_view values, std::string_view v) {
  size_t start = 0;
  while (start <= values.size()) {
    size_t end = values.find('|', start);
    if (end == std::string_view::npos) end = values.size();
    if (values.substr(start, end - start) == v) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace cpk::formats::scorm::internal
