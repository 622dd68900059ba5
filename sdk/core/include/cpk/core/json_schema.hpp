#pragma once
/// @file json_schema.hpp
/// JsonSchema: a JSON Schema (draft 2020-12) validator, compiled once and applied to many
/// documents. It checks the normalised package's manifest.json and report.json against the
/// schemas the project keeps, natively (no Python, no external tool at run time).
///
/// **What it implements.** Every keyword of the 2020-12 core, applicator and validation
/// vocabularies that real-world schemas use:
///  - identifiers and references: `$schema` (must name 2020-12), `$id` (at the root and in
///    subschemas, resolved as RFC 3986 URI references), `$anchor`, `$dynamicAnchor` (as a plain
///    anchor), `$defs`, `definitions`, `$ref` to anything in the same document (`#`, `#/json/pointer`
///    with ~0 ~1 and percent escapes, `#anchor`, a URI that an embedded `$id` names); recursive
///    schemas;
///  - annotations, accepted and never asserted: `$comment`, `$vocabulary`, `title`, `description`,
///    `default`, `examples`, `deprecated`, `readOnly`, `writeOnly`, `format` (an annotation unless
///    JsonSchemaOptions::assert_format is set), `contentEncoding`, `contentMediaType`,
///    `contentSchema`;
///  - any type: `type` (a name or an array of names; `integer` is any number with a zero
///    fraction, so 1.0 is an integer), `enum`, `const` (JSON equality: 1 == 1.0, member order
///    ignored);
///  - objects: `properties`, `patternProperties`, `additionalProperties`, `propertyNames`,
///    `required`, `minProperties`, `maxProperties`, `dependentRequired`, `dependentSchemas`;
///  - arrays: `prefixItems`, `items` (the 2020-12 meaning: every item after prefixItems),
///    `contains`, `minContains`, `maxContains`, `minItems`, `maxItems`, `uniqueItems`;
///  - strings: `minLength`, `maxLength` (in Unicode code points, not bytes), `pattern`;
///  - numbers: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`
///    (integers compared exactly, whatever their size);
///  - logic: `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`; boolean schemas;
///  - `unevaluatedProperties` and `unevaluatedItems`: what the schema's own keywords and its
///    in-place subschemas that validate ($ref, allOf, anyOf, oneOf, if/then/else,
///    dependentSchemas) did not evaluate, as 2020-12 §11 defines it.
///
/// **Patterns** (`pattern`, `patternProperties`) are ECMA-262 regular expressions with Unicode
/// semantics (`.` is one code point, not one byte), searched unanchored. Supported: classes and
/// ranges, \d \w \s and their negations (ASCII \d \w, as ECMA-262 says), \b \B, ^ $ (which match
/// only at the ends of the string), groups, alternation, greedy and lazy quantifiers including
/// {n,m}, lookahead. Matching never backtracks: a DFA built when the schema is compiled, or for
/// patterns with lookahead or \b a Pike VM (linear in the text; quadratic at worst with
/// lookahead), so no document can make it exponential or overflow the stack.
///
/// **What it rejects** when compiling (never ignored: ignoring a keyword would accept what the
/// schema forbids): any keyword not listed above (including misspelt ones), `$dynamicRef`,
/// `$recursiveRef`, `$recursiveAnchor`, the draft-7 `dependencies` and
/// `additionalItems`, `items` given as an array (draft-7 style), a `$schema` other than 2020-12,
/// a `$ref` that does not resolve inside the document (no remote schemas are fetched), patterns
/// using backreferences, lookbehind or `\p{…}`, malformed keyword values (`minLength: -1`, an
/// unknown type name …), and schemas that could loop forever without descending into the instance
/// (`{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}`).
///
/// **Known differences from python3-jsonschema** (the reference the tests compare with), all
/// where the specification is on our side: `$` never matches before a final newline, \d \w are
/// ASCII only, and `[]`/`[^]` are the empty and the full class (Python's `re` differs in all three).
/// Lone UTF-16 surrogate escapes ("\ud800") and numbers beyond the range of a double (1e400) are
/// invalid JSON here. multipleOf with a fractional divisor follows python-jsonschema exactly
/// (binary floating point, exact rationals when the quotient overflows).
///
/// **Limits.** Arrays and objects nested deeper than kMaxDepth make a document (or schema)
/// invalid JSON for this validator: checked while parsing, before any recursion, so hostile
/// input nested 100,000 deep costs nothing. Documents must be smaller than 4 GiB. Validating a
/// document at the depth limit with a recursive schema needs about 300 KiB of stack in an
/// optimised build (1 MiB unoptimised). Evaluations repeated by anyOf, allOf, not, if and the
/// unevaluated* keywords are remembered for recursive subschemas, so time stays linear in the
/// document where a naive validator doubles it at every level.
/// @since 0.1

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/result.hpp"

namespace cpk {

/// How a schema is compiled.
struct JsonSchemaOptions {
  /// Check `format` as an assertion (2020-12's format-assertion vocabulary) instead of taking it
  /// as an annotation, the 2020-12 default. Checked formats, after their RFCs: date-time, date,
  /// time (RFC 3339; a leap second only at 23:59:60 UTC), duration (RFC 3339 appendix A), email
  /// (RFC 5321 addr-spec, ASCII), hostname (RFC 1123, ASCII labels), ipv4, ipv6, uri,
  /// uri-reference (RFC 3986), iri, iri-reference (RFC 3987), uri-template (RFC 6570), uuid,
  /// json-pointer (RFC 6901), relative-json-pointer, regex (what this validator compiles: so
  /// \p{…}, backreferences and lookbehind count as invalid). With this set, any other format
  /// (idn-email, idn-hostname, unknown names) makes Compile fail rather than pass unchecked.
  bool assert_format = false;
};

/// One way in which a document fails its schema.
struct SchemaViolation {
  /// JSON Pointer (RFC 6901) to the offending value, e.g. "/files/3/sha256"; "" is the document
  /// itself. For `required`, `dependentRequired` and `propertyNames` it is the object concerned;
  /// for a property forbidden by `additionalProperties: false` (or any false schema) it is the property.
  std::string instance_path;
  /// The keyword that failed: "required", "pattern", "type", … ; "json" when the document is not
  /// valid JSON (or nests deeper than JsonSchema::kMaxDepth); "false" for a false schema reached
  /// through an applicator other than properties/items; "depth" when evaluation nests too deeply.
  std::string keyword;
  /// For a person: "'sha256' must match ^[0-9a-f]{64}$, got \"xyz\"".
  std::string message;

  friend bool operator==(const SchemaViolation&, const SchemaViolation&) = default;
};

/// A compiled JSON Schema. Compile once, validate many documents.
///
/// Thread-safety: Validate and IsValid are const and keep no state between calls; any number
/// of threads may call them on one JsonSchema at once. Compile, move and destruction must not
/// race with them. A moved-from JsonSchema reports every document as invalid (keyword "schema").
class JsonSchema {
 public:
  /// Deepest nesting of arrays and objects accepted in a document or a schema.
  static constexpr size_t kMaxDepth = 512;

  /// Compiles a schema. Fails with Errc::kInvalidArgument, and a message naming the schema
  /// location, on invalid JSON, on a keyword this validator does not implement (see the file
  /// comment), on a malformed keyword value, on a `$ref` that does not resolve, and on a schema
  /// that can loop forever. Compiles every subschema, used or not, and every regular expression
  /// once.
  static Result<JsonSchema> Compile(std::string_view schema_json, const JsonSchemaOptions& options = {});

  /// Validates a document. Returns the violations in a deterministic order (object members in
  /// key order, array items in index order), at most `max_violations` of them (0 is taken as 1);
  /// an empty vector means the document is valid. Invalid JSON gives one violation at "" with
  /// keyword "json". Never throws; out of memory gives one violation with keyword "memory".
  std::vector<SchemaViolation> Validate(std::string_view document_json, size_t max_violations = 100) const;

  /// The same verdict as Validate(document_json).empty(), faster: stops at the first failure
  /// and builds no messages.
  bool IsValid(std::string_view document_json) const;

  JsonSchema(JsonSchema&&) noexcept;
  JsonSchema& operator=(JsonSchema&&) noexcept;
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;
  ~JsonSchema();

  struct Impl;  ///< the compiled form; private to json_schema.cpp

 private:
  explicit JsonSchema(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace cpk
