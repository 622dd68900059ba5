// Fuzz harness for cpk::JsonSchema and the regex engine under it.
// Input: "SCHEMA\0DOCUMENT", or a document alone (validated against a fixed schema that uses
// most keywords; the bytes are also compiled as a schema and used as a pattern).
// Oracle: no crash, no sanitizer report; Compile fails only with kInvalidArgument or
// kLimitExceeded; IsValid agrees with Validate; violations are well formed and capped; a
// pattern gives the same answer from the DFA as from the Pike VM.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpk/core/json_schema.hpp"
#include "ecma_regex.hpp"
#include "fuzz_common.hpp"

namespace {

using cpk::fuzz::Die;

constexpr std::string_view kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "item": {"type": "object", "required": ["id"],
             "properties": {"id": {"type": "string", "pattern": "^[A-Za-z_][\\w.-]*$", "maxLength": 64},
                            "children": {"type": "array", "items": {"$ref": "#/$defs/item"}}},
             "unevaluatedProperties": {"type": ["string", "number", "boolean"]}},
    "file": {"type": "object", "required": ["path"],
             "properties": {"path": {"type": "string", "format": "uri-reference", "pattern": "^[^/]"},
                            "bytes": {"type": "integer", "minimum": 0, "multipleOf": 1},
                            "sha256": {"pattern": "^[0-9a-f]{64}$"}},
             "additionalProperties": false}
  },
  "anyOf": [
    {"type": "object", "properties": {"files": {"type": "array", "items": {"$ref": "#/$defs/file"},
                                                "uniqueItems": true, "maxItems": 100000},
                                      "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
                                      "languages": {"type": "array", "prefixItems": [{"const": "en"}],
                                                    "contains": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
                                                    "maxContains": 5}},
     "patternProperties": {"^x-": true}, "propertyNames": {"minLength": 1},
     "dependentRequired": {"files": ["id"]},
     "if": {"required": ["id"]}, "then": {"properties": {"id": {"type": "string"}}},
     "else": {"maxProperties": 50}},
    {"type": "array", "items": {"$ref": "#"}},
    {"not": {"type": ["object", "array"]}, "enum": [null, true, 1, 1.5, "x", "é"]}
  ]
})json";

void CheckCompileError(const cpk::Result<cpk::JsonSchema>& s) {
  if (!s && s.error().code != cpk::Errc::kInvalidArgument && s.error().code != cpk::Errc::kLimitExceeded) {
    Die("Compile failed with an unexpected code: " + s.error().message);
  }
}

void CheckValidate(const cpk::JsonSchema& schema, std::string_view doc) {
  const auto all = schema.Validate(doc, 1000);
  if (all.size() > 1000) Die("more violations than max_violations");
  if (schema.IsValid(doc) != all.empty()) Die("IsValid disagrees with Validate");
  for (const cpk::SchemaViolation& v : all) {
    if (v.keyword.empty() || v.message.empty()) Die("a violation without keyword or message");
    if (!v.instance_path.empty() && v.instance_path[0] != '/') Die("a path that is not a JSON Pointer");
  }
  const auto one = schema.Validate(doc, 1);
  if (one.size() != (all.empty() ? 0u : 1u)) Die("max_violations = 1 not honoured");
}

// The DFA (built when a pattern allows it) against the Pike VM, which "(?=)" forces.
void CheckPattern(std::string_view pattern, std::string_view text) {
  std::string error;
  const auto dfa = cpk::internal::EcmaRegex::Compile(pattern, error);
  const auto vm = cpk::internal::EcmaRegex::Compile("(?=)" + std::string(pattern), error);
  if (!dfa || !vm) return;
  cpk::internal::RegexScratch scratch;
  if (dfa->Search(text, scratch) != vm->Search(text, scratch)) {
    Die("the DFA and the VM disagree on /" + std::string(pattern) + "/");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    const std::string_view schema_text = bytes.substr(0, nul);
    const std::string_view doc = bytes.substr(nul + 1);
    for (const bool assert_format : {false, true}) {
      const auto schema = cpk::JsonSchema::Compile(schema_text, {.assert_format = assert_format});
      CheckCompileError(schema);
      if (schema) CheckValidate(*schema, doc);
    }
    if (schema_text.size() <= 256) CheckPattern(schema_text, doc.substr(0, 4096));
    return 0;
  }
  static const cpk::JsonSchema* fixed = [] {
    auto s = cpk::JsonSchema::Compile(kSchema, {.assert_format = true});
    if (!s) Die("the harness's own schema does not compile: " + s.error().message);
    return new cpk::JsonSchema(std::move(*s));
  }();
  CheckValidate(*fixed, bytes);
  CheckCompileError(cpk::JsonSchema::Compile(bytes));
  if (size <= 256) CheckPattern(bytes, bytes);
  return 0;
}
