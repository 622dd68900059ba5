#include "cpk/core/json_schema.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <new>
#include <optional>
#include <unordered_map>
#include <utility>

#include "ecma_regex.hpp"
#include "json_dom.hpp"
#include "json_format.hpp"

namespace cpk {
namespace internal {

constexpr int32_t kNoNode = -1;
constexpr uint32_t kNoValue = std::numeric_limits<uint32_t>::max();

enum TypeBit : uint8_t {
  kTypeNull = 1,
  kTypeBoolean = 2,
  kTypeObject = 4,
  kTypeArray = 8,
  kTypeNumber = 16,
  kTypeString = 32,
  kTypeInteger = 64,
};

/// One compiled schema. Values (bounds, enum, const) stay in the schema's JsonDoc and are
/// referred to by index.
struct SchemaNode {
  std::string location;    ///< "#/properties/files": where the schema is, for messages
  int8_t boolean = -1;     ///< 0 or 1 for the false and true schemas; -1 for an object schema
  bool recursive = false;  ///< on a cycle of subschemas: its yes/no results are memoised while validating
  uint8_t types = 0;       ///< TypeBit mask; 0 when there is no "type"
  bool number_checks = false;
  bool string_checks = false;
  bool array_checks = false;
  bool object_checks = false;

  uint32_t const_value = kNoValue;
  uint32_t enum_values = kNoValue;  ///< an array
  int32_t ref = kNoNode;
  std::vector<int32_t> all_of, any_of, one_of;
  int32_t not_schema = kNoNode;
  int32_t if_schema = kNoNode;
  int32_t then_schema = kNoNode;
  int32_t else_schema = kNoNode;

  uint32_t minimum = kNoValue;
  uint32_t maximum = kNoValue;
  uint32_t exclusive_minimum = kNoValue;
  uint32_t exclusive_maximum = kNoValue;
  uint32_t multiple_of = kNoValue;

  std::optional<uint64_t> min_length, max_length;
  int32_t pattern = -1;          ///< index into Impl::regexes
  FormatCheck format = nullptr;  ///< only with JsonSchemaOptions::assert_format
  std::string format_name;

  std::vector<int32_t> prefix_items;
  int32_t items = kNoNode;
  int32_t contains = kNoNode;
  uint64_t min_contains = 1;
  std::optional<uint64_t> max_contains;
  std::optional<uint64_t> min_items, max_items;
  bool unique_items = false;

  std::vector<std::pair<std::string, int32_t>> properties;      ///< sorted by name
  std::vector<std::pair<int32_t, int32_t>> pattern_properties;  ///< regex → schema
  int32_t additional_properties = kNoNode;
  int32_t property_names = kNoNode;
  std::vector<std::string> required;
  std::optional<uint64_t> min_properties, max_properties;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependent_required;
  std::vector<std::pair<std::string, int32_t>> dependent_schemas;

  int32_t unevaluated_properties = kNoNode;
  int32_t unevaluated_items = kNoNode;
};

}  // namespace internal

struct JsonSchema::Impl {
  internal::JsonDoc doc;  ///< the schema itself: enum, const and bounds point into it
  std::vector<internal::SchemaNode> nodes;
  std::vector<std::unique_ptr<internal::EcmaRegex>> regexes;
  std::vector<std::string> regex_sources;
  int32_t root = 0;
};

namespace {

using internal::JsonDoc;
using internal::JsonKind;
using internal::JsonMember;
using internal::JsonValue;
using internal::kNoNode;
using internal::kNoValue;
using internal::SchemaNode;

// Evaluation nests one level per instance level plus the in-place applicators ($ref, allOf, …)
// between them; the cycle check at compile time makes that finite, this makes it bounded.
constexpr int kMaxEvalDepth = 4 * static_cast<int>(JsonSchema::kMaxDepth);

constexpr std::string_view kDraft202012 = "https://json-schema.org/draft/2020-12/schema";

// ---------------------------------------------------------------------------------------------
// URI references (RFC 3986 §5), enough to resolve $id and $ref against each other.

struct Uri {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

Uri ParseUri(std::string_view s) {
  Uri u;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    bool scheme = true;
    for (size_t i = 0; i < colon; ++i) {
      const char c = s[i];
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') scheme = false;
    }
    if (scheme) {
      u.scheme = std::string(s.substr(0, colon));
      s.remove_prefix(colon + 1);
    }
  }
  if (const size_t hash = s.find('#'); hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (const size_t q = s.find('?'); q != std::string_view::npos) {
    u.has_query = true;
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    u.has_authority = true;
    s.remove_prefix(2);
    const size_t slash = s.find('/');
    u.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  u.path = std::string(s);
  return u;
}

std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const size_t next = in.find('/', 1);
      const size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

std::string Recompose(const Uri& u) {
  std::string s;
  if (!u.scheme.empty()) s += u.scheme + ":";
  if (u.has_authority) s += "//" + u.authority;
  s += u.path;
  if (u.has_query) s += "?" + u.query;
  if (u.has_fragment) s += "#" + u.fragment;
  return s;
}

std::string ResolveUri(std::string_view base_text, std::string_view ref_text) {
  const Uri base = ParseUri(base_text);
  const Uri ref = ParseUri(ref_text);
  Uri t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = RemoveDotSegments(ref.path);
  } else {
    if (ref.has_authority) {
      t.has_authority = true;
      t.authority = ref.authority;
      t.path = RemoveDotSegments(ref.path);
      t.has_query = ref.has_query;
      t.query = ref.query;
    } else {
      if (ref.path.empty()) {
        t.path = base.path;
        t.has_query = ref.has_query || base.has_query;
        t.query = ref.has_query ? ref.query : base.query;
      } else {
        if (ref.path.starts_with('/')) {
          t.path = RemoveDotSegments(ref.path);
        } else {
          std::string merged;
          if (base.has_authority && base.path.empty()) {
            merged = "/" + ref.path;
          } else {
            const size_t slash = base.path.rfind('/');
            merged = (slash == std::string::npos ? std::string() : base.path.substr(0, slash + 1)) + ref.path;
          }
          t.path = RemoveDotSegments(merged);
        }
        t.has_query = ref.has_query;
        t.query = ref.query;
      }
      t.has_authority = base.has_authority;
      t.authority = base.authority;
    }
    t.scheme = base.scheme;
  }
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  return Recompose(t);
}

std::string WithoutFragment(std::string_view uri) { return std::string(uri.substr(0, uri.find('#'))); }

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool ValidAnchor(std::string_view a) {
  if (a.empty() || !(std::isalpha(static_cast<unsigned char>(a[0])) || a[0] == '_')) return false;
  return std::all_of(a.begin(), a.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// ---------------------------------------------------------------------------------------------
// Compilation.

enum class Sub { kOne, kArray, kMap };  // how a keyword holds subschemas

// Keywords whose values are (or hold) subschemas: the walk that indexes $id and $anchor and the
// compiler must agree on them.
const std::vector<std::pair<std::string_view, Sub>>& SubschemaKeywords() {
  static const std::vector<std::pair<std::string_view, Sub>> k = {
      {"additionalProperties", Sub::kOne},
      {"propertyNames", Sub::kOne},
      {"items", Sub::kOne},
      {"contains", Sub::kOne},
      {"not", Sub::kOne},
      {"if", Sub::kOne},
      {"then", Sub::kOne},
      {"else", Sub::kOne},
      {"contentSchema", Sub::kOne},
      {"prefixItems", Sub::kArray},
      {"allOf", Sub::kArray},
      {"anyOf", Sub::kArray},
      {"oneOf", Sub::kArray},
      {"$defs", Sub::kMap},
      {"definitions", Sub::kMap},
      {"properties", Sub::kMap},
      {"patternProperties", Sub::kMap},
      {"dependentSchemas", Sub::kMap},
      {"unevaluatedProperties", Sub::kOne},
      {"unevaluatedItems", Sub::kOne},
  };
  return k;
}

class Compiler {
 public:
  Compiler(JsonSchema::Impl& impl, const JsonSchemaOptions& options) : impl_(impl), doc_(impl.doc), options_(options) {}

  Status Run() {
    CPK_TRY(Index());
    impl_.root = NodeFor(0);
    while (!queue_.empty()) {
      const auto [node, value] = queue_.front();
      queue_.pop_front();
      CPK_TRY(CompileNode(node, value));
    }
    CPK_TRY(CheckLoops());
    MarkRecursive();
    return Ok();
  }

 private:
  // Pass 1: every schema object's base URI and location, every $id and $anchor. Iterative, so a
  // deep schema costs no stack.
  Status Index() {
    struct Item {
      uint32_t value;
      std::string base;
      std::string location;
    };
    std::vector<Item> stack{{0, "", "#"}};
    while (!stack.empty()) {
      Item item = std::move(stack.back());
      stack.pop_back();
      const JsonValue& v = doc_.at(item.value);
      if (v.kind != JsonKind::kObject) {
        location_[item.value] = item.location;
        base_[item.value] = item.base;
        if (item.value == 0) resources_.emplace("", 0);
        continue;
      }
      std::string base = item.base;
      if (const JsonValue* id = doc_.Find(v, "$id")) {
        if (id->kind != JsonKind::kString) return Bad(item.location, "'$id' must be a string");
        const std::string resolved = ResolveUri(base, doc_.String(*id));
        const size_t hash = resolved.find('#');
        if (hash != std::string::npos && hash + 1 != resolved.size()) {
          return Bad(item.location, "'$id' must not have a fragment (use $anchor): " + std::string(doc_.String(*id)));
        }
        base = WithoutFragment(resolved);
        resources_[base] = item.value;
      }
      if (item.value == 0) {
        resources_.emplace("", 0);
        resources_.emplace(base, 0);
      }
      for (const char* key : {"$anchor", "$dynamicAnchor"}) {
        if (const JsonValue* a = doc_.Find(v, key)) {
          if (a->kind != JsonKind::kString || !ValidAnchor(doc_.String(*a))) {
            return Bad(item.location, std::string("'") + key + "' must be a name like \"node\"");
          }
          anchors_[base + "#" + std::string(doc_.String(*a))] = item.value;
        }
      }
      location_[item.value] = item.location;
      base_[item.value] = base;
      for (const auto& [keyword, shape] : SubschemaKeywords()) {
        const JsonValue* sub = doc_.Find(v, keyword);
        if (sub == nullptr) continue;
        const std::string loc = item.location + "/" + EscapePointerToken(keyword);
        if (shape == Sub::kOne) {
          stack.push_back({doc_.IndexOf(*sub), base, loc});
        } else if (shape == Sub::kArray && sub->kind == JsonKind::kArray) {
          for (uint32_t i = 0; i < sub->count; ++i) {
            stack.push_back({doc_.IndexOf(doc_.Element(*sub, i)), base, loc + "/" + std::to_string(i)});
          }
        } else if (shape == Sub::kMap && sub->kind == JsonKind::kObject) {
          for (const JsonMember* m = doc_.MembersBegin(*sub); m != doc_.MembersEnd(*sub); ++m) {
            stack.push_back({m->value, base, loc + "/" + EscapePointerToken(doc_.Key(*m))});
          }
        }
      }
    }
    return Ok();
  }

  static tl::unexpected<Error> Bad(const std::string& location, const std::string& message) {
    return Fail(Errc::kInvalidArgument, "invalid schema at " + location + ": " + message);
  }

  int32_t NodeFor(uint32_t value) {
    if (const auto it = node_of_.find(value); it != node_of_.end()) return it->second;
    const auto id = static_cast<int32_t>(impl_.nodes.size());
    impl_.nodes.emplace_back();
    const auto loc = location_.find(value);
    impl_.nodes.back().location = loc != location_.end() ? loc->second : "(referenced value)";
    node_of_[value] = id;
    queue_.emplace_back(id, value);
    return id;
  }

  // Resolves a $ref found in the schema at `value`.
  Result<uint32_t> ResolveRef(uint32_t value, std::string_view ref) {
    const auto b = base_.find(value);
    const std::string absolute = ResolveUri(b != base_.end() ? b->second : std::string(), ref);
    const size_t hash = absolute.find('#');
    const std::string resource = absolute.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? std::string() : absolute.substr(hash + 1);
    const auto res = resources_.find(resource);
    const auto loc = location_.find(value);
    const std::string where = loc != location_.end() ? loc->second : std::string(ref);
    if (res == resources_.end()) {
      return Bad(where, "$ref '" + std::string(ref) + "' does not resolve (no schema in this document has the URI '" +
                            resource + "'; remote schemas are not fetched)");
    }
    if (fragment.empty()) return res->second;
    if (fragment[0] != '/') {
      const auto a = anchors_.find(resource + "#" + PercentDecode(fragment));
      if (a == anchors_.end()) return Bad(where, "$ref '" + std::string(ref) + "' names no $anchor in this document");
      return a->second;
    }
    // A JSON Pointer, percent-decoded first (it is a URI fragment), then ~1 → / and ~0 → ~.
    const std::string pointer = PercentDecode(fragment);
    uint32_t at = res->second;
    size_t pos = 0;
    while (pos < pointer.size()) {
      const size_t next = pointer.find('/', pos + 1);
      std::string token = pointer.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
      pos = next == std::string::npos ? pointer.size() : next;
      std::string unescaped;
      for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
          unescaped += token[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          unescaped += token[i];
        }
      }
      const JsonValue& cur = doc_.at(at);
      const JsonValue* next_value = nullptr;
      if (cur.kind == JsonKind::kObject) {
        next_value = doc_.Find(cur, unescaped);
      } else if (cur.kind == JsonKind::kArray && !unescaped.empty() && unescaped.size() < 10 &&
                 std::all_of(unescaped.begin(), unescaped.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                 (unescaped == "0" || unescaped[0] != '0')) {
        const auto index = static_cast<uint32_t>(std::stoul(unescaped));
        if (index < cur.count) next_value = &doc_.Element(cur, index);
      }
      if (next_value == nullptr) {
        return Bad(where, "$ref '" + std::string(ref) + "' points to nothing in this document");
      }
      at = doc_.IndexOf(*next_value);
    }
    return at;
  }

  Result<int32_t> Subschema(const std::string& where, std::string_view keyword, const JsonValue& v) {
    if (v.kind != JsonKind::kObject && v.kind != JsonKind::kBool) {
      return Bad(where, "'" + std::string(keyword) + "' must be a schema (an object or a boolean)");
    }
    return NodeFor(doc_.IndexOf(v));
  }

  Result<std::vector<int32_t>> SubschemaArray(const std::string& where, std::string_view keyword, const JsonValue& v) {
    if (v.kind != JsonKind::kArray || v.count == 0) {
      return Bad(where, "'" + std::string(keyword) + "' must be a non-empty array of schemas");
    }
    std::vector<int32_t> out;
    for (uint32_t i = 0; i < v.count; ++i) {
      CPK_ASSIGN_OR_RETURN(const int32_t n, Subschema(where, keyword, doc_.Element(v, i)));
      out.push_back(n);
    }
    return out;
  }

  Result<std::vector<std::pair<std::string, int32_t>>> SubschemaMap(const std::string& where, std::string_view keyword,
                                                                    const JsonValue& v) {
    if (v.kind != JsonKind::kObject) return Bad(where, "'" + std::string(keyword) + "' must be an object of schemas");
    std::vector<std::pair<std::string, int32_t>> out;  // sorted: members are
    for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m) {
      CPK_ASSIGN_OR_RETURN(const int32_t n, Subschema(where, keyword, doc_.at(m->value)));
      out.emplace_back(std::string(doc_.Key(*m)), n);
    }
    return out;
  }

  Result<uint64_t> Count(const std::string& where, std::string_view keyword, const JsonValue& v) {
    const bool integral = internal::IsIntegral(v);
    if (!integral || (v.kind == JsonKind::kInt && v.number.i < 0) || (v.kind == JsonKind::kDouble && v.number.d < 0)) {
      return Bad(where, "'" + std::string(keyword) + "' must be a non-negative integer");
    }
    if (v.kind == JsonKind::kUint) return v.number.u;
    if (v.kind == JsonKind::kInt) return uint64_t{0};  // -0
    return v.number.d >= 18446744073709551615.0 ? std::numeric_limits<uint64_t>::max()
                                                : static_cast<uint64_t>(v.number.d);
  }

  Result<std::vector<std::string>> Strings(const std::string& where, std::string_view keyword, const JsonValue& v) {
    if (v.kind != JsonKind::kArray) return Bad(where, "'" + std::string(keyword) + "' must be an array of strings");
    std::vector<std::string> out;
    for (uint32_t i = 0; i < v.count; ++i) {
      const JsonValue& e = doc_.Element(v, i);
      if (e.kind != JsonKind::kString) return Bad(where, "'" + std::string(keyword) + "' must be an array of strings");
      out.emplace_back(doc_.String(e));
    }
    return out;
  }

  Result<int32_t> Regex(const std::string& where, std::string_view keyword, std::string_view pattern) {
    std::string error;
    auto re = internal::EcmaRegex::Compile(pattern, error);
    if (!re) return Bad(where, "'" + std::string(keyword) + "' /" + std::string(pattern) + "/: " + error);
    impl_.regexes.push_back(std::move(re));
    impl_.regex_sources.emplace_back(pattern);
    return static_cast<int32_t>(impl_.regexes.size() - 1);
  }

  Status CompileNode(int32_t id, uint32_t value) {
    const JsonValue& v = doc_.at(value);
    const std::string where = impl_.nodes[static_cast<size_t>(id)].location;
    if (v.kind == JsonKind::kBool) {
      impl_.nodes[static_cast<size_t>(id)].boolean = v.boolean ? 1 : 0;
      return Ok();
    }
    if (v.kind != JsonKind::kObject) return Bad(where, "a schema must be an object or a boolean");
    // Work on a copy: NodeFor() grows impl_.nodes, which would move a reference.
    SchemaNode n = std::move(impl_.nodes[static_cast<size_t>(id)]);
    for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m) {
      CPK_TRY(CompileKeyword(n, value, where, doc_.Key(*m), doc_.at(m->value)));
    }
    n.number_checks = n.minimum != kNoValue || n.maximum != kNoValue || n.exclusive_minimum != kNoValue ||
                      n.exclusive_maximum != kNoValue || n.multiple_of != kNoValue;
    n.string_checks = n.min_length || n.max_length || n.pattern >= 0 || n.format != nullptr;
    n.array_checks = !n.prefix_items.empty() || n.items != kNoNode || n.contains != kNoNode || n.min_items ||
                     n.max_items || n.unique_items || n.unevaluated_items != kNoNode;
    n.object_checks = !n.properties.empty() || !n.pattern_properties.empty() || n.additional_properties != kNoNode ||
                      n.property_names != kNoNode || !n.required.empty() || n.min_properties || n.max_properties ||
                      !n.dependent_required.empty() || !n.dependent_schemas.empty() ||
                      n.unevaluated_properties != kNoNode;
    impl_.nodes[static_cast<size_t>(id)] = std::move(n);
    return Ok();
  }

  Status CompileKeyword(SchemaNode& n, uint32_t value, const std::string& where, std::string_view key,
                        const JsonValue& v) {
    const auto number = [&](uint32_t& slot) -> Status {
      if (!v.IsNumber()) return Bad(where, "'" + std::string(key) + "' must be a number");
      slot = doc_.IndexOf(v);
      return Ok();
    };
    // Identifiers, references, annotations.
    if (key == "$schema") {
      std::string_view s = v.kind == JsonKind::kString ? doc_.String(v) : std::string_view();
      if (s.ends_with('#')) s.remove_suffix(1);
      if (s != kDraft202012) {
        return Bad(where, "only JSON Schema 2020-12 is supported (\"$schema\": \"" + std::string(kDraft202012) +
                              "\"), not " + internal::JsonPreview(doc_, v));
      }
      return Ok();
    }
    if (key == "$id" || key == "$anchor" || key == "$dynamicAnchor") return Ok();  // checked by Index()
    if (key == "$ref") {
      if (v.kind != JsonKind::kString) return Bad(where, "'$ref' must be a string");
      CPK_ASSIGN_OR_RETURN(const uint32_t target, ResolveRef(value, doc_.String(v)));
      n.ref = NodeFor(target);
      return Ok();
    }
    if (key == "$defs" || key == "definitions") {
      CPK_TRY(SubschemaMap(where, key, v));  // compiled, so checked, even if unused
      return Ok();
    }
    if (key == "$comment" || key == "$vocabulary" || key == "title" || key == "description" || key == "default" ||
        key == "examples" || key == "deprecated" || key == "readOnly" || key == "writeOnly" ||
        key == "contentEncoding" || key == "contentMediaType") {
      return Ok();
    }
    if (key == "format") {
      if (v.kind != JsonKind::kString) return Bad(where, "'format' must be a string");
      if (!options_.assert_format) return Ok();  // an annotation, as 2020-12 says by default
      n.format = internal::FindFormat(doc_.String(v));
      n.format_name = std::string(doc_.String(v));
      if (n.format == nullptr) {
        return Bad(where, "format '" + n.format_name + "' cannot be checked by this validator (assert_format is on)");
      }
      return Ok();
    }
    if (key == "contentSchema") {
      CPK_TRY(Subschema(where, key, v));  // an annotation: checked, never applied
      return Ok();
    }
    // Any instance type.
    if (key == "type") {
      auto bit = [](std::string_view name) -> uint8_t {
        if (name == "null") return internal::kTypeNull;
        if (name == "boolean") return internal::kTypeBoolean;
        if (name == "object") return internal::kTypeObject;
        if (name == "array") return internal::kTypeArray;
        if (name == "number") return internal::kTypeNumber;
        if (name == "string") return internal::kTypeString;
        if (name == "integer") return internal::kTypeInteger;
        return 0;
      };
      std::vector<const JsonValue*> names;
      if (v.kind == JsonKind::kString) names.push_back(&v);
      if (v.kind == JsonKind::kArray) {
        for (uint32_t i = 0; i < v.count; ++i) names.push_back(&doc_.Element(v, i));
      }
      if (names.empty()) return Bad(where, "'type' must be a type name or a non-empty array of them");
      for (const JsonValue* t : names) {
        const uint8_t b = t->kind == JsonKind::kString ? bit(doc_.String(*t)) : 0;
        if (b == 0) return Bad(where, "unknown type " + internal::JsonPreview(doc_, *t));
        n.types |= b;
      }
      return Ok();
    }
    if (key == "enum") {
      if (v.kind != JsonKind::kArray) return Bad(where, "'enum' must be an array");
      n.enum_values = doc_.IndexOf(v);
      return Ok();
    }
    if (key == "const") {
      n.const_value = doc_.IndexOf(v);
      return Ok();
    }
    if (key == "allOf") {
      CPK_ASSIGN_OR_RETURN(n.all_of, SubschemaArray(where, key, v));
      return Ok();
    }
    if (key == "anyOf") {
      CPK_ASSIGN_OR_RETURN(n.any_of, SubschemaArray(where, key, v));
      return Ok();
    }
    if (key == "oneOf") {
      CPK_ASSIGN_OR_RETURN(n.one_of, SubschemaArray(where, key, v));
      return Ok();
    }
    if (key == "not") {
      CPK_ASSIGN_OR_RETURN(n.not_schema, Subschema(where, key, v));
      return Ok();
    }
    if (key == "if") {
      CPK_ASSIGN_OR_RETURN(n.if_schema, Subschema(where, key, v));
      return Ok();
    }
    if (key == "then") {
      CPK_ASSIGN_OR_RETURN(n.then_schema, Subschema(where, key, v));
      return Ok();
    }
    if (key == "else") {
      CPK_ASSIGN_OR_RETURN(n.else_schema, Subschema(where, key, v));
      return Ok();
    }
    // Numbers.
    if (key == "minimum") return number(n.minimum);
    if (key == "maximum") return number(n.maximum);
    if (key == "exclusiveMinimum") return number(n.exclusive_minimum);
    if (key == "exclusiveMaximum") return number(n.exclusive_maximum);
    if (key == "multipleOf") {
      CPK_TRY(number(n.multiple_of));
      if (v.kind == JsonKind::kInt || internal::AsDouble(v) <= 0)
        return Bad(where, "'multipleOf' must be greater than 0");
      return Ok();
    }
    // Strings.
    if (key == "minLength") {
      CPK_ASSIGN_OR_RETURN(n.min_length, Count(where, key, v));
      return Ok();
    }
    if (key == "maxLength") {
      CPK_ASSIGN_OR_RETURN(n.max_length, Count(where, key, v));
      return Ok();
    }
    if (key == "pattern") {
      if (v.kind != JsonKind::kString) return Bad(where, "'pattern' must be a string");
      CPK_ASSIGN_OR_RETURN(n.pattern, Regex(where, key, doc_.String(v)));
      return Ok();
    }
    // Arrays.
    if (key == "prefixItems") {
      CPK_ASSIGN_OR_RETURN(n.prefix_items, SubschemaArray(where, key, v));
      return Ok();
    }
    if (key == "items") {
      if (v.kind == JsonKind::kArray) {
        return Bad(where, "'items' must be a schema; an array of schemas is draft-7 style, use 'prefixItems'");
      }
      CPK_ASSIGN_OR_RETURN(n.items, Subschema(where, key, v));
      return Ok();
    }
    if (key == "contains") {
      CPK_ASSIGN_OR_RETURN(n.contains, Subschema(where, key, v));
      return Ok();
    }
    if (key == "minContains") {
      CPK_ASSIGN_OR_RETURN(n.min_contains, Count(where, key, v));
      return Ok();
    }
    if (key == "maxContains") {
      CPK_ASSIGN_OR_RETURN(n.max_contains, Count(where, key, v));
      return Ok();
    }
    if (key == "minItems") {
      CPK_ASSIGN_OR_RETURN(n.min_items, Count(where, key, v));
      return Ok();
    }
    if (key == "maxItems") {
      CPK_ASSIGN_OR_RETURN(n.max_items, Count(where, key, v));
      return Ok();
    }
    if (key == "uniqueItems") {
      if (v.kind != JsonKind::kBool) return Bad(where, "'uniqueItems' must be true or false");
      n.unique_items = v.boolean;
      return Ok();
    }
    // Objects.
    if (key == "properties") {
      CPK_ASSIGN_OR_RETURN(n.properties, SubschemaMap(where, key, v));
      return Ok();
    }
    if (key == "patternProperties") {
      CPK_ASSIGN_OR_RETURN(auto map, SubschemaMap(where, key, v));
      for (const auto& [pattern, schema] : map) {
        CPK_ASSIGN_OR_RETURN(const int32_t re, Regex(where, key, pattern));
        n.pattern_properties.emplace_back(re, schema);
      }
      return Ok();
    }
    if (key == "additionalProperties") {
      CPK_ASSIGN_OR_RETURN(n.additional_properties, Subschema(where, key, v));
      return Ok();
    }
    if (key == "propertyNames") {
      CPK_ASSIGN_OR_RETURN(n.property_names, Subschema(where, key, v));
      return Ok();
    }
    if (key == "required") {
      CPK_ASSIGN_OR_RETURN(n.required, Strings(where, key, v));
      return Ok();
    }
    if (key == "minProperties") {
      CPK_ASSIGN_OR_RETURN(n.min_properties, Count(where, key, v));
      return Ok();
    }
    if (key == "maxProperties") {
      CPK_ASSIGN_OR_RETURN(n.max_properties, Count(where, key, v));
      return Ok();
    }
    if (key == "dependentRequired") {
      if (v.kind != JsonKind::kObject) return Bad(where, "'dependentRequired' must be an object of string arrays");
      for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m) {
        CPK_ASSIGN_OR_RETURN(auto names, Strings(where, key, doc_.at(m->value)));
        n.dependent_required.emplace_back(std::string(doc_.Key(*m)), std::move(names));
      }
      return Ok();
    }
    if (key == "dependentSchemas") {
      CPK_ASSIGN_OR_RETURN(n.dependent_schemas, SubschemaMap(where, key, v));
      return Ok();
    }
    if (key == "unevaluatedProperties") {
      CPK_ASSIGN_OR_RETURN(n.unevaluated_properties, Subschema(where, key, v));
      return Ok();
    }
    if (key == "unevaluatedItems") {
      CPK_ASSIGN_OR_RETURN(n.unevaluated_items, Subschema(where, key, v));
      return Ok();
    }
    // Known, deliberately unsupported.
    if (key == "$dynamicRef" || key == "$recursiveRef" || key == "$recursiveAnchor") {
      return Bad(where, "keyword '" + std::string(key) + "' is not supported by this validator");
    }
    if (key == "dependencies" || key == "additionalItems") {
      return Bad(where,
                 "keyword '" + std::string(key) +
                     "' belongs to drafts before 2019-09 (use dependentRequired/dependentSchemas, prefixItems/items)");
    }
    return Bad(where, "unknown keyword '" + std::string(key) + "'");
  }

  // A schema that applies itself to the same instance again, through in-place applicators only,
  // would evaluate forever: refuse it now rather than overflow later.
  // Every subschema a schema applies, to the same value or to a part of it.
  static std::vector<int32_t> AllEdges(const SchemaNode& n) {
    std::vector<int32_t> e = n.all_of;
    e.insert(e.end(), n.any_of.begin(), n.any_of.end());
    e.insert(e.end(), n.one_of.begin(), n.one_of.end());
    e.insert(e.end(), n.prefix_items.begin(), n.prefix_items.end());
    for (const int32_t k : {n.ref, n.not_schema, n.if_schema, n.then_schema, n.else_schema, n.items, n.contains,
                            n.additional_properties, n.property_names, n.unevaluated_properties, n.unevaluated_items}) {
      if (k != kNoNode) e.push_back(k);
    }
    for (const auto& p : n.properties) e.push_back(p.second);
    for (const auto& p : n.pattern_properties) e.push_back(p.second);
    for (const auto& p : n.dependent_schemas) e.push_back(p.second);
    return e;
  }

  // Flags the schemas on a cycle (strongly connected components, Tarjan's algorithm without
  // recursion). Only they can make the same evaluation repeat once per level of a document, which
  // anyOf, oneOf, not, if and the unevaluated* keywords would otherwise turn into 2^depth work.
  void MarkRecursive() {
    auto& nodes = impl_.nodes;
    const size_t count = nodes.size();
    std::vector<std::vector<int32_t>> edges(count);
    for (size_t i = 0; i < count; ++i) edges[i] = AllEdges(nodes[i]);
    std::vector<int32_t> index(count, -1), low(count, 0);
    std::vector<uint8_t> on_stack(count, 0);
    std::vector<int32_t> stack;
    int32_t next_index = 0;
    struct Frame {
      int32_t node;
      size_t edge;
    };
    for (size_t root = 0; root < count; ++root) {
      if (index[root] >= 0) continue;
      std::vector<Frame> work{{static_cast<int32_t>(root), 0}};
      index[root] = low[root] = next_index++;
      stack.push_back(static_cast<int32_t>(root));
      on_stack[root] = 1;
      while (!work.empty()) {
        Frame& f = work.back();
        const auto v = static_cast<size_t>(f.node);
        if (f.edge < edges[v].size()) {
          const auto w = static_cast<size_t>(edges[v][f.edge++]);
          if (w == v) nodes[v].recursive = true;
          if (index[w] < 0) {
            index[w] = low[w] = next_index++;
            stack.push_back(static_cast<int32_t>(w));
            on_stack[w] = 1;
            work.push_back({static_cast<int32_t>(w), 0});
          } else if (on_stack[w]) {
            low[v] = std::min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          std::vector<int32_t> component;
          int32_t w = -1;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack[static_cast<size_t>(w)] = 0;
            component.push_back(w);
          } while (static_cast<size_t>(w) != v);
          if (component.size() > 1) {
            for (const int32_t c : component) nodes[static_cast<size_t>(c)].recursive = true;
          }
        }
        work.pop_back();
        if (!work.empty()) {
          const auto parent = static_cast<size_t>(work.back().node);
          low[parent] = std::min(low[parent], low[v]);
        }
      }
    }
  }

  Status CheckLoops() {
    const auto& nodes = impl_.nodes;
    auto edges = [&](const SchemaNode& n) {
      std::vector<int32_t> e;
      if (n.ref != kNoNode) e.push_back(n.ref);
      e.insert(e.end(), n.all_of.begin(), n.all_of.end());
      e.insert(e.end(), n.any_of.begin(), n.any_of.end());
      e.insert(e.end(), n.one_of.begin(), n.one_of.end());
      for (const int32_t k : {n.not_schema, n.if_schema, n.then_schema, n.else_schema}) {
        if (k != kNoNode) e.push_back(k);
      }
      for (const auto& d : n.dependent_schemas) e.push_back(d.second);
      return e;
    };
    std::vector<uint8_t> state(nodes.size(), 0);  // 0 new, 1 on the path, 2 done
    for (size_t start = 0; start < nodes.size(); ++start) {
      if (state[start] != 0) continue;
      std::vector<std::pair<int32_t, std::vector<int32_t>>> stack;
      stack.emplace_back(static_cast<int32_t>(start), edges(nodes[start]));
      state[start] = 1;
      while (!stack.empty()) {
        auto& [node, pending] = stack.back();
        if (pending.empty()) {
          state[static_cast<size_t>(node)] = 2;
          stack.pop_back();
          continue;
        }
        const int32_t next = pending.back();
        pending.pop_back();
        if (state[static_cast<size_t>(next)] == 1) {
          return Bad(nodes[static_cast<size_t>(next)].location,
                     "the schema applies itself to the same value again (through $ref or allOf/anyOf/oneOf/not/if/"
                     "dependentSchemas) and would never finish");
        }
        if (state[static_cast<size_t>(next)] == 0) {
          state[static_cast<size_t>(next)] = 1;
          stack.emplace_back(next, edges(nodes[static_cast<size_t>(next)]));
        }
      }
    }
    return Ok();
  }

  JsonSchema::Impl& impl_;
  const JsonDoc& doc_;
  const JsonSchemaOptions& options_;
  std::unordered_map<uint32_t, std::string> base_;       // schema value → its base URI
  std::unordered_map<uint32_t, std::string> location_;   // schema value → "#/json/pointer"
  std::unordered_map<std::string, uint32_t> resources_;  // absolute URI, no fragment → value
  std::unordered_map<std::string, uint32_t> anchors_;    // URI#name → value
  std::unordered_map<uint32_t, int32_t> node_of_;        // value → compiled node
  std::deque<std::pair<int32_t, uint32_t>> queue_;       // nodes to compile
};

// ---------------------------------------------------------------------------------------------
// Validation.

// How a subschema was reached: names the keyword and phrases the message of a false schema.
enum class Via : uint8_t {
  kRoot,
  kProperty,
  kPatternProperty,
  kAdditional,
  kUnevaluatedProperty,
  kPrefixItem,
  kItem,
  kUnevaluatedItem,
  kOther
};

struct PathSegment {
  std::string_view key;
  uint32_t index = 0;
  bool is_index = false;
};

// Out-of-line helpers keep the frames of the recursive path (Eval → Apply → Arrays/Objects →
// Eval) small: every message is built elsewhere, so nesting 512 levels deep fits a 512 KiB stack.
#if defined(__GNUC__)
#define CPK_NOINLINE [[gnu::noinline]]
#elif defined(_MSC_VER)
#define CPK_NOINLINE __declspec(noinline)
#else
#define CPK_NOINLINE
#endif

// What failed, for Explain() to phrase.
enum class Why : uint8_t {
  kType,
  kConst,
  kEnum,
  kMinimum,
  kMaximum,
  kExclusiveMinimum,
  kExclusiveMaximum,
  kMultipleOf,
  kMinLength,
  kMaxLength,
  kPattern,
  kFormat,
  kMinItems,
  kMaxItems,
  kUniqueItems,
  kMinContains,
  kMaxContains,
  kMinProperties,
  kMaxProperties,
  kRequired,
  kDependentRequired,
  kAnyOf,
  kOneOfNone,
  kOneOfMany,
  kNot,
  kDepth,
  kFalseRoot,
  kFalseProperty,
  kFalsePatternProperty,
  kFalseAdditional,
  kFalsePrefixItem,
  kFalseItem,
  kFalseOther,
  kFalseUnevaluatedProperty,
  kFalseUnevaluatedItem,
};

class Validator {
 public:
  Validator(const JsonSchema::Impl& impl, const JsonDoc& doc, std::vector<SchemaViolation>* out, size_t max)
      : impl_(impl), schema_(impl.doc), doc_(doc), out_(out), max_(max) {}

  bool Validate() { return Eval(impl_.root, doc_.root(), out_ != nullptr, Via::kRoot); }
  bool too_deep() const { return too_deep_; }

 private:
  bool Full() const { return out_ != nullptr && out_->size() >= max_; }

  // On failure: in yes/no mode stop at once; when collecting, record why and go on unless the
  // list is full.
#define CPK_FAIL(...)           \
  do {                          \
    if (!collect) return false; \
    Explain(__VA_ARGS__);       \
    ok = false;                 \
    if (Full()) return false;   \
  } while (false)
#define CPK_FAILED()            \
  do {                          \
    if (!collect) return false; \
    ok = false;                 \
    if (Full()) return false;   \
  } while (false)

  bool Eval(int32_t id, const JsonValue& v, bool collect, Via via) {
    const SchemaNode& n = impl_.nodes[static_cast<size_t>(id)];
    if (n.boolean >= 0) {
      if (n.boolean == 1) return true;
      if (collect) FalseSchema(n, v, via);
      return false;
    }
    if (depth_ >= kMaxEvalDepth) {
      too_deep_ = true;
      if (collect) Explain(Why::kDepth, n, v);
      return false;
    }
    uint64_t key = kNoKey;
    if (n.recursive) {
      bool result = false;
      if (Remembered(id, v, collect, key, result)) return result;
    }
    ++depth_;
    const bool ok = Apply(n, v, collect);
    --depth_;
    if (key != kNoKey) Remember(key, collect, ok);
    return ok;
  }

  // Whether `v` is valid against schema `id`, for applicators that only need yes or no.
  bool Test(int32_t id, const JsonValue& v) { return Eval(id, v, false, Via::kOther); }

  // Results of schemas on a cycle are remembered per (schema, value): evaluating the same pair
  // again, as anyOf after a failed branch, two allOf branches reaching the same subschema, or
  // unevaluatedProperties after the other keywords do, then costs nothing instead of doubling
  // the work at every level of a deep document. A remembered "valid" also spares a collecting
  // pass, which could report nothing; a remembered "invalid" is collected once, since a second
  // pass would report the same messages at the same path.
  enum Memo : uint8_t { kValid = 1, kInvalid = 2, kCollected = 3 };

  CPK_NOINLINE bool Remembered(int32_t id, const JsonValue& v, bool collect, uint64_t& key, bool& result) {
    if (&v < doc_.values.data() || &v >= doc_.values.data() + doc_.values.size()) return false;  // a name
    key = (static_cast<uint64_t>(id) << 32) | doc_.IndexOf(v);
    const auto it = memo_.find(key);
    if (it == memo_.end() || (collect && it->second == kInvalid)) return false;
    result = it->second == kValid;
    return true;
  }

  CPK_NOINLINE void Remember(uint64_t key, bool collect, bool ok) {
    // Messages gathered for WhyNot() go to a scratch list: they do not count as collected.
    memo_[key] = ok ? kValid : (collect && !explaining_ ? kCollected : kInvalid);
  }

  bool Child(int32_t node, const JsonValue& v, bool collect, Via via, PathSegment segment) {
    path_.push_back(segment);
    const bool ok = Eval(node, v, collect, via);
    path_.pop_back();
    return ok;
  }

  bool Apply(const SchemaNode& n, const JsonValue& v, bool collect) {
    bool ok = true;
    if (n.types != 0 && !TypeMatches(n.types, v)) CPK_FAIL(Why::kType, n, v);
    if (n.const_value != kNoValue && !internal::JsonEqual(doc_, v, schema_, schema_.at(n.const_value))) {
      CPK_FAIL(Why::kConst, n, v);
    }
    if (n.enum_values != kNoValue && !InEnum(n.enum_values, v)) CPK_FAIL(Why::kEnum, n, v);
    switch (v.kind) {
      case JsonKind::kInt:
      case JsonKind::kUint:
      case JsonKind::kDouble:
        if (n.number_checks && !Numbers(n, v, collect)) CPK_FAILED();
        break;
      case JsonKind::kString:
        if (n.string_checks && !Strings(n, v, collect)) CPK_FAILED();
        break;
      case JsonKind::kArray:
        if (n.array_checks && !Arrays(n, v, collect)) CPK_FAILED();
        break;
      case JsonKind::kObject:
        if (n.object_checks && !Objects(n, v, collect)) CPK_FAILED();
        break;
      default:
        break;
    }
    if (n.ref != kNoNode && !Eval(n.ref, v, collect, Via::kOther)) CPK_FAILED();
    for (const int32_t k : n.all_of) {
      if (!Eval(k, v, collect, Via::kOther)) CPK_FAILED();
    }
    if (!n.any_of.empty()) {
      bool any = false;
      for (const int32_t k : n.any_of) {
        if (Test(k, v)) {
          any = true;
          break;
        }
      }
      if (!any) CPK_FAIL(Why::kAnyOf, n, v);
    }
    if (!n.one_of.empty()) {
      uint64_t matched = 0, first = 0, second = 0;
      for (size_t k = 0; k < n.one_of.size() && matched < 2; ++k) {
        if (!Test(n.one_of[k], v)) continue;
        (matched == 0 ? first : second) = k;
        ++matched;
      }
      if (matched == 0) CPK_FAIL(Why::kOneOfNone, n, v);
      if (matched > 1) CPK_FAIL(Why::kOneOfMany, n, v, first, second);
    }
    if (n.not_schema != kNoNode && Test(n.not_schema, v)) CPK_FAIL(Why::kNot, n, v);
    if (n.if_schema != kNoNode) {
      const int32_t branch = Test(n.if_schema, v) ? n.then_schema : n.else_schema;
      if (branch != kNoNode && !Eval(branch, v, collect, Via::kOther)) CPK_FAILED();
    }
    return ok;
  }

  bool InEnum(uint32_t values, const JsonValue& v) const {
    const JsonValue& list = schema_.at(values);
    for (uint32_t i = 0; i < list.count; ++i) {
      if (internal::JsonEqual(doc_, v, schema_, schema_.Element(list, i))) return true;
    }
    return false;
  }

  // A finite number as odd * 2^exp (odd is 0 for zero): every double and 64-bit integer is one.
  static void Dyadic(const JsonValue& v, uint64_t& odd, int& exp) {
    if (v.kind == JsonKind::kDouble) {
      int e = 0;
      const double m = std::frexp(std::fabs(v.number.d), &e);  // m in [0.5, 1)
      odd = static_cast<uint64_t>(std::ldexp(m, 53));
      exp = e - 53;
    } else {
      odd = v.kind == JsonKind::kUint ? v.number.u : 0 - static_cast<uint64_t>(v.number.i);
      exp = 0;
    }
    if (odd == 0) return;
    const int zeros = std::countr_zero(odd);
    odd >>= zeros;
    exp += zeros;
  }

  static bool MultipleOf(const JsonValue& v, const JsonValue& divisor) {
    // As python-jsonschema does: exact for integers; for a fractional divisor, the quotient in
    // floating point must be a whole number, and when it overflows the exact rational quotient.
    if (divisor.kind != JsonKind::kDouble) {
      if (v.kind != JsonKind::kDouble) {
        const uint64_t d = divisor.number.u;  // > 0: checked when compiling
        const uint64_t x = v.kind == JsonKind::kUint ? v.number.u : 0 - static_cast<uint64_t>(v.number.i);
        return x % d == 0;
      }
      return std::fmod(v.number.d, internal::AsDouble(divisor)) == 0.0;
    }
    const double q = internal::AsDouble(v) / divisor.number.d;
    if (std::isfinite(q)) return std::trunc(q) == q;
    uint64_t x = 0, d = 0;
    int x_exp = 0, d_exp = 0;
    Dyadic(v, x, x_exp);
    Dyadic(divisor, d, d_exp);
    return x == 0 || (x % d == 0 && x_exp >= d_exp);
  }

  CPK_NOINLINE bool Numbers(const SchemaNode& n, const JsonValue& v, bool collect) {
    bool ok = true;
    if (n.minimum != kNoValue && internal::CompareNumbers(v, schema_.at(n.minimum)) < 0) CPK_FAIL(Why::kMinimum, n, v);
    if (n.maximum != kNoValue && internal::CompareNumbers(v, schema_.at(n.maximum)) > 0) CPK_FAIL(Why::kMaximum, n, v);
    if (n.exclusive_minimum != kNoValue && internal::CompareNumbers(v, schema_.at(n.exclusive_minimum)) <= 0) {
      CPK_FAIL(Why::kExclusiveMinimum, n, v);
    }
    if (n.exclusive_maximum != kNoValue && internal::CompareNumbers(v, schema_.at(n.exclusive_maximum)) >= 0) {
      CPK_FAIL(Why::kExclusiveMaximum, n, v);
    }
    if (n.multiple_of != kNoValue && !MultipleOf(v, schema_.at(n.multiple_of))) CPK_FAIL(Why::kMultipleOf, n, v);
    return ok;
  }

  static uint64_t CodePoints(std::string_view s) {
    // Every byte that does not continue a UTF-8 sequence starts a code point.
    return static_cast<uint64_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }

  CPK_NOINLINE bool Strings(const SchemaNode& n, const JsonValue& v, bool collect) {
    bool ok = true;
    const std::string_view s = doc_.String(v);
    if (n.min_length || n.max_length) {
      const uint64_t length = CodePoints(s);
      if (n.min_length && length < *n.min_length) CPK_FAIL(Why::kMinLength, n, v, length);
      if (n.max_length && length > *n.max_length) CPK_FAIL(Why::kMaxLength, n, v, length);
    }
    if (n.pattern >= 0 && !impl_.regexes[static_cast<size_t>(n.pattern)]->Search(s, scratch_)) {
      CPK_FAIL(Why::kPattern, n, v);
    }
    if (n.format != nullptr && !n.format(s)) CPK_FAIL(Why::kFormat, n, v);
    return ok;
  }

  // Indices of two equal items, if any: hashing first, so 5,000 items cost 5,000 hashes.
  CPK_NOINLINE std::optional<std::pair<uint32_t, uint32_t>> Duplicate(const JsonValue& v) const {
    if (v.count < 2) return std::nullopt;
    if (v.count <= 8) {
      for (uint32_t i = 0; i < v.count; ++i) {
        for (uint32_t j = i + 1; j < v.count; ++j) {
          if (internal::JsonEqual(doc_, doc_.Element(v, i), doc_, doc_.Element(v, j))) return std::make_pair(i, j);
        }
      }
      return std::nullopt;
    }
    std::vector<std::pair<size_t, uint32_t>> hashed;
    hashed.reserve(v.count);
    for (uint32_t i = 0; i < v.count; ++i) hashed.emplace_back(internal::JsonHash(doc_, doc_.Element(v, i)), i);
    std::sort(hashed.begin(), hashed.end());
    std::optional<std::pair<uint32_t, uint32_t>> first;
    for (size_t a = 0; a < hashed.size(); ++a) {
      for (size_t b = a + 1; b < hashed.size() && hashed[b].first == hashed[a].first; ++b) {
        if (!internal::JsonEqual(doc_, doc_.Element(v, hashed[a].second), doc_, doc_.Element(v, hashed[b].second))) {
          continue;
        }
        const auto pair = std::make_pair(hashed[a].second, hashed[b].second);
        if (!first || pair < *first) first = pair;  // report the earliest pair, whatever the hashes
      }
    }
    return first;
  }

  CPK_NOINLINE bool Arrays(const SchemaNode& n, const JsonValue& v, bool collect) {
    bool ok = true;
    if (n.min_items && v.count < *n.min_items) CPK_FAIL(Why::kMinItems, n, v);
    if (n.max_items && v.count > *n.max_items) CPK_FAIL(Why::kMaxItems, n, v);
    if (n.unique_items) {
      if (const auto dup = Duplicate(v)) CPK_FAIL(Why::kUniqueItems, n, v, dup->first, dup->second);
    }
    const auto prefix = static_cast<uint32_t>(std::min<size_t>(n.prefix_items.size(), v.count));
    for (uint32_t i = 0; i < prefix; ++i) {
      if (!Child(n.prefix_items[i], doc_.Element(v, i), collect, Via::kPrefixItem, {{}, i, true})) CPK_FAILED();
    }
    if (n.items != kNoNode) {
      for (uint32_t i = prefix; i < v.count; ++i) {
        if (!Child(n.items, doc_.Element(v, i), collect, Via::kItem, {{}, i, true})) CPK_FAILED();
      }
    }
    if (n.contains != kNoNode) {
      uint64_t found = 0;
      for (uint32_t i = 0; i < v.count; ++i) {
        if (Test(n.contains, doc_.Element(v, i))) ++found;
        if (!n.max_contains && found >= n.min_contains) break;  // enough: the rest cannot change it
      }
      if (found < n.min_contains) CPK_FAIL(Why::kMinContains, n, v, found);
      if (n.max_contains && found > *n.max_contains) CPK_FAIL(Why::kMaxContains, n, v, found);
    }
    if (n.unevaluated_items != kNoNode) {
      std::vector<uint8_t> evaluated(v.count, 0);
      MarkItems(n, v, evaluated, /*valid=*/false);
      for (uint32_t i = 0; i < v.count; ++i) {
        if (evaluated[i]) continue;
        if (!Child(n.unevaluated_items, doc_.Element(v, i), collect, Via::kUnevaluatedItem, {{}, i, true})) {
          CPK_FAILED();
        }
      }
    }
    return ok;
  }

  // unevaluatedItems/unevaluatedProperties: which items or members the schema `n` evaluates,
  // through its own keywords and through every in-place subschema that validates (2020-12
  // §11). `valid` says `n` is known to validate, so its $ref, allOf, dependentSchemas and the
  // chosen then/else validate too and need no second look. The in-place graph is acyclic
  // (CheckLoops), so this recursion ends.
  template <class Mark>
  void MarkInPlace(const SchemaNode& n, const JsonValue& v, bool valid, Mark&& mark) {
    auto sub = [&](int32_t id, bool known) {
      if (known || Test(id, v)) mark(impl_.nodes[static_cast<size_t>(id)]);
    };
    if (n.ref != kNoNode) sub(n.ref, valid);
    for (const int32_t k : n.all_of) sub(k, valid);
    for (const int32_t k : n.any_of) sub(k, false);
    for (const int32_t k : n.one_of) sub(k, false);
    if (n.if_schema != kNoNode) {
      if (Test(n.if_schema, v)) {
        mark(impl_.nodes[static_cast<size_t>(n.if_schema)]);
        if (n.then_schema != kNoNode) sub(n.then_schema, valid);
      } else if (n.else_schema != kNoNode) {
        sub(n.else_schema, valid);
      }
    }
    if (v.kind == JsonKind::kObject) {
      for (const auto& [name, schema] : n.dependent_schemas) {
        if (doc_.Find(v, name) != nullptr) sub(schema, valid);
      }
    }
  }

  CPK_NOINLINE void MarkItems(const SchemaNode& n, const JsonValue& v, std::vector<uint8_t>& evaluated, bool valid) {
    if (n.boolean >= 0) return;  // boolean schemas make no annotations
    if (n.items != kNoNode || (valid && n.unevaluated_items != kNoNode)) {
      std::fill(evaluated.begin(), evaluated.end(), 1);
      return;
    }
    for (size_t i = 0; i < n.prefix_items.size() && i < v.count; ++i) evaluated[i] = 1;
    if (n.contains != kNoNode) {
      for (uint32_t i = 0; i < v.count; ++i) {
        if (!evaluated[i] && Test(n.contains, doc_.Element(v, i))) evaluated[i] = 1;
      }
    }
    MarkInPlace(n, v, valid, [&](const SchemaNode& s) { MarkItems(s, v, evaluated, true); });
  }

  CPK_NOINLINE void MarkProperties(const SchemaNode& n, const JsonValue& v, std::vector<uint8_t>& evaluated,
                                   bool valid) {
    if (n.boolean >= 0) return;
    if (valid && n.unevaluated_properties != kNoNode) {
      std::fill(evaluated.begin(), evaluated.end(), 1);
      return;
    }
    if (!n.properties.empty() || !n.pattern_properties.empty() || n.additional_properties != kNoNode) {
      uint32_t i = 0;
      for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m, ++i) {
        const std::string_view key = doc_.Key(*m);
        const auto it = std::lower_bound(n.properties.begin(), n.properties.end(), key,
                                         [](const auto& p, std::string_view k) { return p.first < k; });
        bool matched = it != n.properties.end() && it->first == key;
        for (size_t k = 0; !matched && k < n.pattern_properties.size(); ++k) {
          matched = impl_.regexes[static_cast<size_t>(n.pattern_properties[k].first)]->Search(key, scratch_);
        }
        // additionalProperties evaluates every member the other two leave.
        if (matched || n.additional_properties != kNoNode) evaluated[i] = 1;
      }
    }
    MarkInPlace(n, v, valid, [&](const SchemaNode& s) { MarkProperties(s, v, evaluated, true); });
  }

  CPK_NOINLINE bool Objects(const SchemaNode& n, const JsonValue& v, bool collect) {
    bool ok = true;
    if (n.min_properties && v.count < *n.min_properties) CPK_FAIL(Why::kMinProperties, n, v);
    if (n.max_properties && v.count > *n.max_properties) CPK_FAIL(Why::kMaxProperties, n, v);
    for (size_t k = 0; k < n.required.size(); ++k) {
      if (doc_.Find(v, n.required[k]) == nullptr) CPK_FAIL(Why::kRequired, n, v, k);
    }
    for (size_t k = 0; k < n.dependent_required.size(); ++k) {
      if (doc_.Find(v, n.dependent_required[k].first) == nullptr) continue;
      const std::vector<std::string>& needs = n.dependent_required[k].second;
      for (size_t j = 0; j < needs.size(); ++j) {
        if (doc_.Find(v, needs[j]) == nullptr) CPK_FAIL(Why::kDependentRequired, n, v, k, j);
      }
    }
    for (const auto& [name, schema] : n.dependent_schemas) {
      if (doc_.Find(v, name) != nullptr && !Eval(schema, v, collect, Via::kOther)) CPK_FAILED();
    }
    const bool members = !n.properties.empty() || !n.pattern_properties.empty() || n.additional_properties != kNoNode;
    for (const JsonMember* m = doc_.MembersBegin(v); members && m != doc_.MembersEnd(v); ++m) {
      const std::string_view key = doc_.Key(*m);
      const JsonValue& value = doc_.at(m->value);
      const PathSegment segment{key, 0, false};
      bool matched = false;
      if (!n.properties.empty()) {
        const auto it = std::lower_bound(n.properties.begin(), n.properties.end(), key,
                                         [](const auto& p, std::string_view k) { return p.first < k; });
        if (it != n.properties.end() && it->first == key) {
          matched = true;
          if (!Child(it->second, value, collect, Via::kProperty, segment)) CPK_FAILED();
        }
      }
      for (const auto& [re, schema] : n.pattern_properties) {
        if (!impl_.regexes[static_cast<size_t>(re)]->Search(key, scratch_)) continue;
        matched = true;
        if (!Child(schema, value, collect, Via::kPatternProperty, segment)) CPK_FAILED();
      }
      if (!matched && n.additional_properties != kNoNode &&
          !Child(n.additional_properties, value, collect, Via::kAdditional, segment)) {
        CPK_FAILED();
      }
    }
    if (n.property_names != kNoNode) {
      for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m) {
        // The name as a string value: same bytes, no copy.
        JsonValue name;
        name.kind = JsonKind::kString;
        name.offset = m->key_offset;
        name.count = m->key_size;
        const JsonValue* saved = property_name_;
        property_name_ = &name;
        const bool good = Eval(n.property_names, name, collect, Via::kOther);
        property_name_ = saved;
        if (!good) CPK_FAILED();
      }
    }
    if (n.unevaluated_properties != kNoNode) {
      std::vector<uint8_t> evaluated(v.count, 0);
      MarkProperties(n, v, evaluated, /*valid=*/false);
      uint32_t i = 0;
      for (const JsonMember* m = doc_.MembersBegin(v); m != doc_.MembersEnd(v); ++m, ++i) {
        if (evaluated[i]) continue;
        if (!Child(n.unevaluated_properties, doc_.at(m->value), collect, Via::kUnevaluatedProperty,
                   {doc_.Key(*m), 0, false})) {
          CPK_FAILED();
        }
      }
    }
    return ok;
  }

#undef CPK_FAIL
#undef CPK_FAILED

  // ---- Messages: everything below runs only for a failure that is being reported.

  std::string PathString() const {
    std::string s;
    for (const PathSegment& p : path_) {
      s += '/';
      s += p.is_index ? std::to_string(p.index) : EscapePointerToken(p.key);
    }
    return s;
  }

  // How messages name the value: 'sha256', 'files[3]', property name "X", the document.
  std::string Subject() const {
    if (property_name_ != nullptr) return "property name " + internal::JsonPreview(doc_, *property_name_);
    if (path_.empty()) return "the document";
    std::string indices;
    size_t i = path_.size();
    while (i > 0 && path_[i - 1].is_index) {
      indices.insert(0, "[" + std::to_string(path_[i - 1].index) + "]");
      --i;
    }
    return "'" + (i > 0 ? std::string(path_[i - 1].key) : std::string()) + indices + "'";
  }

  static const char* KindName(const JsonValue& v) {
    switch (v.kind) {
      case JsonKind::kNull:
        return "null";
      case JsonKind::kBool:
        return "boolean";
      case JsonKind::kInt:
      case JsonKind::kUint:
        return "integer";
      case JsonKind::kDouble:
        return "number";
      case JsonKind::kString:
        return "string";
      case JsonKind::kArray:
        return "array";
      case JsonKind::kObject:
        return "object";
    }
    return "?";
  }

  static bool TypeMatches(uint8_t types, const JsonValue& v) {
    switch (v.kind) {
      case JsonKind::kNull:
        return types & internal::kTypeNull;
      case JsonKind::kBool:
        return types & internal::kTypeBoolean;
      case JsonKind::kObject:
        return types & internal::kTypeObject;
      case JsonKind::kArray:
        return types & internal::kTypeArray;
      case JsonKind::kString:
        return types & internal::kTypeString;
      case JsonKind::kInt:
      case JsonKind::kUint:
        return types & (internal::kTypeNumber | internal::kTypeInteger);
      case JsonKind::kDouble:
        return (types & internal::kTypeNumber) || ((types & internal::kTypeInteger) && internal::IsIntegral(v));
    }
    return false;
  }

  static std::string TypeNames(uint8_t types) {
    static const std::pair<uint8_t, const char*> kNames[] = {
        {internal::kTypeObject, "object"},   {internal::kTypeArray, "array"},   {internal::kTypeString, "string"},
        {internal::kTypeInteger, "integer"}, {internal::kTypeNumber, "number"}, {internal::kTypeBoolean, "boolean"},
        {internal::kTypeNull, "null"}};
    std::string s;
    for (const auto& [bit, name] : kNames) {
      if (!(types & bit)) continue;
      if (!s.empty()) s += " or ";
      s += name;
    }
    return s;
  }

  // The first message of each alternative of an anyOf/oneOf, for the person reading why none fit.
  // Only for the outermost one: an anyOf failing inside another gets no detail, which keeps this
  // from recursing through Explain() once per level of a deep document.
  std::string WhyNot(const std::vector<int32_t>& alternatives, const JsonValue& v) {
    if (explaining_) return {};
    explaining_ = true;
    std::string why;
    std::vector<SchemaViolation>* saved = out_;
    const size_t saved_max = max_;
    for (size_t k = 0; k < alternatives.size() && k < 3; ++k) {
      std::vector<SchemaViolation> one;
      out_ = &one;
      max_ = 1;
      Eval(alternatives[k], v, true, Via::kOther);
      if (one.empty()) continue;
      std::string m = one[0].message;
      if (m.size() > 160) m = m.substr(0, 157) + "...";
      why += (why.empty() ? " (" : "; ") + std::to_string(k) + ": " + m;
    }
    out_ = saved;
    max_ = saved_max;
    explaining_ = false;
    if (!why.empty()) why += alternatives.size() > 3 ? "; ...)" : ")";
    return why;
  }

  CPK_NOINLINE void FalseSchema(const SchemaNode& n, const JsonValue& v, Via via) {
    switch (via) {
      case Via::kAdditional:
        return Explain(Why::kFalseAdditional, n, v);
      case Via::kProperty:
        return Explain(Why::kFalseProperty, n, v);
      case Via::kPatternProperty:
        return Explain(Why::kFalsePatternProperty, n, v);
      case Via::kItem:
        return Explain(Why::kFalseItem, n, v);
      case Via::kPrefixItem:
        return Explain(Why::kFalsePrefixItem, n, v);
      case Via::kRoot:
        return Explain(Why::kFalseRoot, n, v);
      case Via::kUnevaluatedProperty:
        return Explain(Why::kFalseUnevaluatedProperty, n, v);
      case Via::kUnevaluatedItem:
        return Explain(Why::kFalseUnevaluatedItem, n, v);
      case Via::kOther:
        return Explain(Why::kFalseOther, n, v);
    }
  }

  // Records one violation; `a` and `b` carry what the message needs (a count, indices).
  CPK_NOINLINE void Explain(Why why, const SchemaNode& n, const JsonValue& v, uint64_t a = 0, uint64_t b = 0) {
    if (out_ == nullptr || out_->size() >= max_) return;
    const std::string subject = Subject();
    const std::string got = internal::JsonPreview(doc_, v);
    auto bound = [&](uint32_t value) { return internal::JsonPreview(schema_, schema_.at(value)); };
    std::string keyword, message;
    switch (why) {
      case Why::kType:
        keyword = "type";
        message = subject + " must be of type " + TypeNames(n.types) + ", got " + KindName(v) + " " + got;
        break;
      case Why::kConst:
        keyword = "const";
        message = subject + " must be " + bound(n.const_value) + ", got " + got;
        break;
      case Why::kEnum:
        keyword = "enum";
        message = subject + " must be one of " + bound(n.enum_values) + ", got " + got;
        break;
      case Why::kMinimum:
        keyword = "minimum";
        message = subject + " must be >= " + bound(n.minimum) + ", got " + got;
        break;
      case Why::kMaximum:
        keyword = "maximum";
        message = subject + " must be <= " + bound(n.maximum) + ", got " + got;
        break;
      case Why::kExclusiveMinimum:
        keyword = "exclusiveMinimum";
        message = subject + " must be > " + bound(n.exclusive_minimum) + ", got " + got;
        break;
      case Why::kExclusiveMaximum:
        keyword = "exclusiveMaximum";
        message = subject + " must be < " + bound(n.exclusive_maximum) + ", got " + got;
        break;
      case Why::kMultipleOf:
        keyword = "multipleOf";
        message = subject + " must be a multiple of " + bound(n.multiple_of) + ", got " + got;
        break;
      case Why::kMinLength:
        keyword = "minLength";
        message = subject + " must be at least " + std::to_string(*n.min_length) + " characters long, got " +
                  std::to_string(a) + ": " + got;
        break;
      case Why::kMaxLength:
        keyword = "maxLength";
        message = subject + " must be at most " + std::to_string(*n.max_length) + " characters long, got " +
                  std::to_string(a) + ": " + got;
        break;
      case Why::kPattern:
        keyword = "pattern";
        message = subject + " must match " + impl_.regex_sources[static_cast<size_t>(n.pattern)] + ", got " + got;
        break;
      case Why::kFormat:
        keyword = "format";
        message = subject + " must be a valid " + n.format_name + ", got " + got;
        break;
      case Why::kMinItems:
        keyword = "minItems";
        message = subject + " must have at least " + std::to_string(*n.min_items) + " item(s), got " +
                  std::to_string(v.count);
        break;
      case Why::kMaxItems:
        keyword = "maxItems";
        message =
            subject + " must have at most " + std::to_string(*n.max_items) + " item(s), got " + std::to_string(v.count);
        break;
      case Why::kUniqueItems:
        keyword = "uniqueItems";
        message = subject + " must have unique items, but items " + std::to_string(a) + " and " + std::to_string(b) +
                  " are equal: " + internal::JsonPreview(doc_, doc_.Element(v, static_cast<uint32_t>(a)));
        break;
      case Why::kMinContains:
        keyword = n.min_contains == 1 ? "contains" : "minContains";
        message = subject + " must contain at least " + std::to_string(n.min_contains) +
                  " item(s) matching the schema of 'contains', found " + std::to_string(a);
        break;
      case Why::kMaxContains:
        keyword = "maxContains";
        message = subject + " must contain at most " + std::to_string(*n.max_contains) +
                  " item(s) matching the schema of 'contains', found " + std::to_string(a);
        break;
      case Why::kMinProperties:
        keyword = "minProperties";
        message = subject + " must have at least " + std::to_string(*n.min_properties) + " properties, got " +
                  std::to_string(v.count);
        break;
      case Why::kMaxProperties:
        keyword = "maxProperties";
        message = subject + " must have at most " + std::to_string(*n.max_properties) + " properties, got " +
                  std::to_string(v.count);
        break;
      case Why::kRequired:
        keyword = "required";
        message = subject + " is missing the required property '" + n.required[a] + "'";
        break;
      case Why::kDependentRequired:
        keyword = "dependentRequired";
        message = subject + " has property '" + n.dependent_required[a].first + "', so it must also have '" +
                  n.dependent_required[a].second[b] + "'";
        break;
      case Why::kAnyOf:
        keyword = "anyOf";
        message = subject + " must match at least one schema of 'anyOf', but matches none" + WhyNot(n.any_of, v);
        break;
      case Why::kOneOfNone:
        keyword = "oneOf";
        message = subject + " must match exactly one schema of 'oneOf', but matches none" + WhyNot(n.one_of, v);
        break;
      case Why::kOneOfMany:
        keyword = "oneOf";
        message = subject + " must match exactly one schema of 'oneOf', but matches " + std::to_string(a) + " and " +
                  std::to_string(b);
        break;
      case Why::kNot:
        keyword = "not";
        message = subject + " must not match the schema of 'not'";
        break;
      case Why::kDepth:
        keyword = "depth";
        message =
            "the schema nests more than " + std::to_string(kMaxEvalDepth) + " levels deep while validating " + subject;
        break;
      case Why::kFalseRoot:
        keyword = "false";
        message = "the schema is false: no document is valid";
        break;
      case Why::kFalseProperty:
        keyword = "properties";
        message = subject + " must not be present";
        break;
      case Why::kFalsePatternProperty:
        keyword = "patternProperties";
        message = subject + " must not be present";
        break;
      case Why::kFalseAdditional:
        keyword = "additionalProperties";
        message = subject + " is not an allowed property";
        break;
      case Why::kFalsePrefixItem:
        keyword = "prefixItems";
        message = subject + " is not allowed";
        break;
      case Why::kFalseItem:
        keyword = "items";
        message = subject + " is one item too many: no more items are allowed here";
        break;
      case Why::kFalseOther:
        keyword = "false";
        message = subject + " is not allowed here (false schema)";
        break;
      case Why::kFalseUnevaluatedProperty:
        keyword = "unevaluatedProperties";
        message = subject + " is not an allowed property (no schema here evaluates it)";
        break;
      case Why::kFalseUnevaluatedItem:
        keyword = "unevaluatedItems";
        message = subject + " is one item too many: no schema here evaluates it";
        break;
    }
    // WhyNot() may have used the list for a moment; it is restored, and still has room.
    out_->push_back(SchemaViolation{PathString(), std::move(keyword), std::move(message)});
  }

  const JsonSchema::Impl& impl_;
  const JsonDoc& schema_;
  const JsonDoc& doc_;
  std::vector<SchemaViolation>* out_;
  size_t max_;
  std::vector<PathSegment> path_;
  const JsonValue* property_name_ = nullptr;  // set while checking propertyNames
  internal::RegexScratch scratch_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool explaining_ = false;  // inside WhyNot()
  static constexpr uint64_t kNoKey = ~uint64_t{0};
  std::unordered_map<uint64_t, uint8_t> memo_;  // (schema << 32 | value) → Memo, for recursive schemas
};

std::vector<SchemaViolation> One(std::string keyword, std::string message) {
  return {SchemaViolation{"", std::move(keyword), std::move(message)}};
}

}  // namespace

JsonSchema::JsonSchema(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;
JsonSchema::~JsonSchema() = default;

Result<JsonSchema> JsonSchema::Compile(std::string_view schema_json, const JsonSchemaOptions& options) {
  try {
    auto impl = std::make_unique<Impl>();
    const internal::JsonParseResult parsed = internal::ParseJsonDom(schema_json, kMaxDepth, impl->doc);
    if (!parsed.ok) return Fail(Errc::kInvalidArgument, "the schema is not valid JSON: " + parsed.error);
    Compiler compiler(*impl, options);
    CPK_TRY(compiler.Run());
    return JsonSchema(std::move(impl));
  } catch (const std::bad_alloc&) {
    return Fail(Errc::kLimitExceeded, "out of memory while compiling the schema");
  }
}

std::vector<SchemaViolation> JsonSchema::Validate(std::string_view document_json, size_t max_violations) const {
  if (!impl_) return One("schema", "no schema: this JsonSchema was moved from");
  try {
    internal::JsonDoc doc;
    const internal::JsonParseResult parsed = internal::ParseJsonDom(document_json, kMaxDepth, doc);
    if (!parsed.ok) return One("json", "not valid JSON: " + parsed.error);
    std::vector<SchemaViolation> out;
    const size_t max = std::max<size_t>(max_violations, 1);
    Validator validator(*impl_, doc, &out, max);
    validator.Validate();
    // Nesting too deep inside anyOf/not/… leaves no message of its own, yet must not pass.
    if (validator.too_deep() &&
        std::none_of(out.begin(), out.end(), [](const SchemaViolation& v) { return v.keyword == "depth"; })) {
      if (out.size() >= max) out.pop_back();
      out.push_back({"", "depth",
                     "the schema nests more than " + std::to_string(kMaxEvalDepth) +
                         " levels deep while validating this document"});
    }
    return out;
  } catch (const std::bad_alloc&) {
    return One("memory", "out of memory while validating");
  }
}

bool JsonSchema::IsValid(std::string_view document_json) const {
  if (!impl_) return false;
  try {
    internal::JsonDoc doc;
    if (!internal::ParseJsonDom(document_json, kMaxDepth, doc).ok) return false;
    Validator validator(*impl_, doc, nullptr, 0);
    return validator.Validate() && !validator.too_deep();
  } catch (const std::bad_alloc&) {
    return false;
  }
}

}  // namespace cpk
