// JsonSchema: the official JSON Schema Test Suite (from the Debian package json-schema-test-suite),
// our own cases for messages, paths, limits and hostile input, and agreement with
// python3-jsonschema on a set of schema/document pairs.
#include "cpk/core/json_schema.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "json_dom.hpp"  // sdk/core/src: the reader is compared with nlohmann's

#ifndef CPK_JSON_SCHEMA_SUITE_DIR
#define CPK_JSON_SCHEMA_SUITE_DIR ""
#endif

namespace cpk {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

JsonSchema MustCompile(std::string_view schema) {
  Result<JsonSchema> s = JsonSchema::Compile(schema);
  if (!s) ADD_FAILURE() << "schema rejected: " << s.error().message << "\n" << schema;
  return s ? std::move(*s) : std::move(*JsonSchema::Compile("true"));
}

std::string CompileError(std::string_view schema) {
  Result<JsonSchema> s = JsonSchema::Compile(schema);
  if (s) return "(compiled)";
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  return s.error().message;
}

std::string Describe(const std::vector<SchemaViolation>& violations) {
  std::string out;
  for (const SchemaViolation& v : violations) out += v.instance_path + " [" + v.keyword + "] " + v.message + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// The official test suite.
//
// Debian 12 packages version 2.0.0 of the suite, which has draft3..draft7 but no draft2020-12.
// The test runs draft2020-12 when the suite directory has it (point CPK_JSON_SCHEMA_SUITE_DIR,
// the CMake cache variable or the environment variable, at a newer checkout's tests/), and
// otherwise the draft7 files whose keywords mean the same in 2020-12. Every file of the
// directory runs unless listed below with the reason; every listed case that does not behave as
// 2020-12 says it should is listed with the reason, and a listed case that starts passing fails
// the test (so the lists stay exact).

struct SkippedFile {
  std::string_view file;
  std::string_view reason;
};

// A group ("" test: all of it) whose expected result under 2020-12 differs from the suite's, or
// whose schema we reject on purpose.
struct KnownCase {
  std::string_view file;
  std::string_view group;
  std::string_view test;
  std::string_view reason;
};

const std::vector<SkippedFile> kSkipped7 = {
    {"additionalItems.json", "draft-7 keyword, replaced by prefixItems/items in 2020-12: rejected when compiling"},
    {"dependencies.json", "draft-7 keyword, split into dependentRequired/dependentSchemas in 2020-12: rejected"},
    {"refRemote.json", "remote references (http://localhost:1234/...): this validator fetches nothing"},
    {"definitions.json", "validates against the draft-07 metaschema, a remote document"},
    {"optional/zeroTerminatedFloats.json", "asks that 1.0 not be an integer; 2020-12 says it is one"},
    {"optional/format/idn-email.json", "needs IDNA tables: refused when compiling with assert_format"},
    {"optional/format/idn-hostname.json", "needs IDNA tables: refused when compiling with assert_format"},
    {"optional/content.json", "asserts contentMediaType/contentEncoding, which 2020-12 makes annotations only"},
};

const std::vector<KnownCase> kKnown7 = {
    // items: the array form is draft-7 only; 2020-12 spells it prefixItems.
    {"items.json", "an array of schemas for items", "",
     "array-form items is draft-7 (prefixItems in 2020-12): rejected"},
    {"items.json", "items with boolean schemas", "", "array-form items is draft-7 (prefixItems in 2020-12): rejected"},
    // ref: in draft 7 $ref replaces its siblings; in 2020-12 they apply too.
    {"ref.json", "ref overrides any sibling keywords", "ref valid, maxItems ignored",
     "2020-12 applies keywords beside $ref (draft 7 ignored them)"},
    {"ref.json", "remote ref, containing refs itself", "", "refers to the draft-07 metaschema, a remote document"},
    {"ref.json", "relative pointer ref to array", "", "array-form items is draft-7 (prefixItems in 2020-12): rejected"},
    {"ref.json", "escaped pointer ref", "",
     "the targets sit under unknown top-level keywords (2020-12's version of the test uses $defs): rejected"},
};

// The draft2020-12 lists were written against the upstream suite's files of 2023-24 and checked
// by running those groups outside this repository; names differ between suite versions, so a
// listed group missing from the suite only gives a note there.
const std::vector<SkippedFile> kSkipped2020 = {
    {"dynamicRef.json", "$dynamicRef is rejected when compiling (not implemented)"},
    {"refRemote.json", "remote references (http://localhost:1234/...): this validator fetches nothing"},
    {"vocabulary.json", "custom metaschemas ($schema other than 2020-12) are rejected"},
    {"unknownKeyword.json", "unknown keywords are rejected, never ignored"},
    {"optional/format/idn-email.json", "needs IDNA tables: refused when compiling with assert_format"},
    {"optional/format/idn-hostname.json", "needs IDNA tables: refused when compiling with assert_format"},
    {"optional/format/unknown.json", "asks that unknown formats pass; with assert_format they are refused"},
    {"optional/format-assertion.json", "needs a custom metaschema with the format-assertion vocabulary"},
    {"optional/dynamicRef.json", "$dynamicRef is rejected when compiling (not implemented)"},
    {"optional/cross-draft.json", "refers to remote schemas of other drafts"},
    {"optional/refOfUnknownKeyword.json", "unknown keywords are rejected, never ignored"},
    {"optional/unknownKeyword.json", "unknown keywords are rejected, never ignored"},
    {"should", "SHOULD-level behaviour, not required"},
};

const std::vector<KnownCase> kKnown2020 = {
    {"anchor.json", "invalid anchors", "", "validates against the remote 2020-12 metaschema"},
    {"defs.json", "validate definition against metaschema", "", "validates against the remote 2020-12 metaschema"},
    {"id.json", "Invalid use of fragments in location-independent $id", "", "remote 2020-12 metaschema"},
    {"id.json", "Valid use of empty fragments in location-independent $id", "", "remote 2020-12 metaschema"},
    {"id.json", "Unnormalized $ids are allowed but discouraged", "", "remote 2020-12 metaschema"},
    {"ref.json", "remote ref, containing refs itself", "", "refers to the remote 2020-12 metaschema"},
    {"ref.json", "URN base URI with f-component", "", "validates against the remote 2020-12 metaschema"},
    {"ref.json", "$ref to $dynamicRef finds detached $dynamicAnchor", "", "$dynamicRef is rejected when compiling"},
    {"unevaluatedProperties.json", "unevaluatedProperties with $dynamicRef", "", "$dynamicRef is rejected"},
    {"unevaluatedItems.json", "unevaluatedItems with $dynamicRef", "", "$dynamicRef is rejected"},
    {"optional/ecmascript-regex.json", "\\a is not an ECMA 262 control escape", "",
     "validates against the remote 2020-12 metaschema (the pattern itself is refused, as it should be)"},
    {"optional/ecmascript-regex.json", "unicode semantics should be used for all pattern matching", "",
     "uses \\p{Letter}: Unicode property escapes need Unicode tables, rejected when compiling"},
    {"optional/ecmascript-regex.json", "unicode semantics should be used for all patternProperties matching", "",
     "uses \\p{Letter}: rejected when compiling"},
    {"optional/ecmascript-regex.json", "unicode digits are more than 0 through 9", "",
     "uses \\p{digit}: rejected when compiling"},
};

fs::path SuiteRoot() {
  if (const char* env = std::getenv("CPK_JSON_SCHEMA_SUITE_DIR"); env != nullptr && *env != '\0') return env;
  return CPK_JSON_SCHEMA_SUITE_DIR;
}

struct FileTally {
  int groups = 0;
  int cases = 0;
  int passed = 0;
  int known = 0;  // listed in the known cases, and behaving as listed
};

bool Listed(const std::vector<SkippedFile>& skipped, const std::string& rel, std::string_view* reason) {
  for (const SkippedFile& s : skipped) {
    if (rel == s.file || rel.starts_with(std::string(s.file) + "/")) {
      *reason = s.reason;
      return true;
    }
  }
  return false;
}

const KnownCase* FindKnown(const std::vector<KnownCase>& known, const std::string& rel, const std::string& group,
                           const std::string& test) {
  for (const KnownCase& k : known) {
    if (rel == k.file && group == k.group && (k.test.empty() || test == k.test)) return &k;
  }
  return nullptr;
}

TEST(JsonSchemaSuite, Official) {
  const fs::path root = SuiteRoot();
  fs::path dir = root / "draft2020-12";
  bool draft2020 = true;
  if (!fs::is_directory(dir)) {
    dir = root / "draft7";
    draft2020 = false;
  }
  if (!fs::is_directory(dir)) GTEST_SKIP() << "the JSON Schema Test Suite is not installed at " << root;
  const auto& skipped = draft2020 ? kSkipped2020 : kSkipped7;
  const auto& known = draft2020 ? kKnown2020 : kKnown7;

  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> known_seen;
  FileTally total;
  int files_run = 0;
  std::cout << "suite: " << dir.string() << "\n";
  for (const fs::path& file : files) {
    const std::string rel = fs::relative(file, dir).generic_string();
    std::string_view reason;
    if (Listed(skipped, rel, &reason)) {
      std::cout << "  skip " << rel << ": " << reason << "\n";
      continue;
    }
    std::ifstream in(file);
    const json groups = json::parse(in);
    FileTally t;
    // optional/format/ asks for format as an assertion, and so does draft 7's ecmascript-regex
    // (format "regex"); everywhere else it is an annotation.
    const JsonSchemaOptions options{.assert_format =
                                        rel.starts_with("optional/format/") || rel == "optional/ecmascript-regex.json"};
    for (const json& group : groups) {
      ++t.groups;
      const std::string gname = group.at("description").get<std::string>();
      Result<JsonSchema> schema = JsonSchema::Compile(group.at("schema").dump(), options);
      for (const json& test : group.at("tests")) {
        ++t.cases;
        const std::string tname = test.at("description").get<std::string>();
        const bool expected = test.at("valid").get<bool>();
        const std::string doc = test.at("data").dump();
        std::string got;
        bool ok = false;
        if (!schema) {
          got = "schema rejected: " + schema.error().message;
        } else {
          const std::vector<SchemaViolation> v = schema->Validate(doc);
          ok = v.empty() == expected;
          EXPECT_EQ(v.empty(), schema->IsValid(doc)) << rel << " / " << gname << " / " << tname;
          got = v.empty() ? "valid" : "invalid: " + Describe(v);
        }
        const KnownCase* k = FindKnown(known, rel, gname, tname);
        if (k != nullptr) {
          known_seen.insert(std::string(k->file) + "|" + std::string(k->group) + "|" + std::string(k->test));
          EXPECT_FALSE(ok) << rel << " / " << gname << " / " << tname
                           << ": listed as a known difference, but passes now: update the list";
          ++t.known;
        } else if (ok) {
          ++t.passed;
        } else {
          ADD_FAILURE() << rel << " / " << gname << " / " << tname << ": expected " << (expected ? "valid" : "invalid")
                        << ", got " << got << "\nschema: " << group.at("schema") << "\ndata: " << doc;
        }
      }
    }
    ++files_run;
    std::cout << "  " << rel << ": " << t.groups << " groups, " << t.cases << " cases, " << t.passed << " passed";
    if (t.known != 0) std::cout << ", " << t.known << " known differences (listed)";
    std::cout << "\n";
    total.groups += t.groups;
    total.cases += t.cases;
    total.passed += t.passed;
    total.known += t.known;
  }
  for (const KnownCase& k : known) {
    const std::string id = std::string(k.file) + "|" + std::string(k.group) + "|" + std::string(k.test);
    if (known_seen.count(id) != 0) continue;
    if (draft2020) {
      std::cout << "  note: listed group not in this version of the suite: " << k.file << " / " << k.group << "\n";
    } else {
      ADD_FAILURE() << "listed known case not found in the suite: " << k.file << " / " << k.group << " / " << k.test;
    }
  }
  std::cout << "suite total: " << files_run << " files, " << total.cases << " cases, " << total.passed << " passed, "
            << total.known << " known differences\n";
  EXPECT_GT(files_run, 0);
}

// ---------------------------------------------------------------------------------------------
// Our own cases.

constexpr std::string_view kManifestSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://coursepack.example/schema/manifest.json",
  "title": "coursepack manifest (test copy)",
  "type": "object",
  "required": ["format", "id", "files"],
  "additionalProperties": false,
  "properties": {
    "format": {"const": "coursepack/1"},
    "id": {"type": "string", "minLength": 1},
    "title": {"$ref": "#/$defs/langMap"},
    "languages": {"type": "array", "items": {"$ref": "#/$defs/bcp47"}, "uniqueItems": true},
    "files": {"type": "array", "items": {"$ref": "#/$defs/file"}},
    "organizations": {"type": "array", "items": {"$ref": "#/$defs/item"}}
  },
  "$defs": {
    "bcp47": {"type": "string", "pattern": "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"},
    "langMap": {"type": "object", "propertyNames": {"$ref": "#/$defs/bcp47"},
                "additionalProperties": {"type": "string"}},
    "file": {
      "type": "object",
      "required": ["path", "bytes", "sha256"],
      "additionalProperties": false,
      "properties": {
        "path": {"type": "string", "minLength": 1, "pattern": "^[^/]"},
        "bytes": {"type": "integer", "minimum": 0},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "mime": {"type": "string"}
      }
    },
    "item": {
      "type": "object",
      "required": ["id"],
      "properties": {
        "id": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/item"}}
      }
    }
  }
})json";

std::string Sha(int i) {
  char buf[65];
  for (int k = 0; k < 64; ++k) buf[k] = "0123456789abcdef"[(i * 7 + k * 13) % 16];
  buf[64] = '\0';
  return buf;
}

std::string Manifest(int files, const std::string& bad_sha_at_3 = "") {
  std::string s = R"({"format":"coursepack/1","id":"course-1","title":{"en":"Road safety","hi":"सड़क सुरक्षा"},)"
                  R"("languages":["hi","en"],"files":[)";
  for (int i = 0; i < files; ++i) {
    if (i != 0) s += ',';
    const std::string sha = (i == 3 && !bad_sha_at_3.empty()) ? bad_sha_at_3 : Sha(i);
    s += R"({"path":"content/module-)" + std::to_string(i / 50) + "/page-" + std::to_string(i) + R"(.html","bytes":)" +
         std::to_string(1000 + i * 37) + R"(,"sha256":")" + sha + R"(","mime":"text/html; charset=utf-8"})";
  }
  s += R"(],"organizations":[{"id":"org","children":[{"id":"a","children":[{"id":"b"}]}]}]})";
  return s;
}

TEST(JsonSchema, ValidManifestHasNoViolations) {
  const JsonSchema schema = MustCompile(kManifestSchema);
  EXPECT_EQ(Describe(schema.Validate(Manifest(20))), "");
  EXPECT_TRUE(schema.IsValid(Manifest(20)));
}

TEST(JsonSchema, ViolationPathsAndMessages) {
  const JsonSchema schema = MustCompile(kManifestSchema);
  auto v = schema.Validate(Manifest(5, "xyz"));
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  EXPECT_EQ(v[0].instance_path, "/files/3/sha256");
  EXPECT_EQ(v[0].keyword, "pattern");
  EXPECT_EQ(v[0].message, "'sha256' must match ^[0-9a-f]{64}$, got \"xyz\"");

  std::string doc = Manifest(2);
  doc.replace(doc.find(R"("bytes":1000)"), 12, R"("bytes":-4,"extra/~x":true)");
  doc.replace(doc.find(R"("format":"coursepack/1",)"), 24, "");
  doc.replace(doc.find(R"("hi":"सड़क)"), 4, R"("h i")");
  v = schema.Validate(doc);
  EXPECT_EQ(Describe(v),
            " [required] the document is missing the required property 'format'\n"
            "/files/0/bytes [minimum] 'bytes' must be >= 0, got -4\n"
            "/files/0/extra~1~0x [additionalProperties] 'extra/~x' is not an allowed property\n"
            "/title [pattern] property name \"h i\" must match ^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$, got \"h i\"\n");
}

TEST(JsonSchema, MessagesForEachKeyword) {
  struct Case {
    std::string schema, doc, path, keyword, message;
  };
  const std::vector<Case> cases = {
      {R"({"type":["string","null"]})", "12", "", "type",
       "the document must be of type string or null, got integer 12"},
      {R"({"items":{"type":"integer"}})", "[1, 2.5]", "/1", "type", "'[1]' must be of type integer, got number 2.5"},
      {R"({"properties":{"a":{"enum":["x","y"]}}})", R"({"a":"z"})", "/a", "enum",
       R"('a' must be one of ["x","y"], got "z")"},
      {R"({"const":{"a":[1,2]}})", R"({"a":[1,3]})", "", "const",
       R"(the document must be {"a":[1,2]}, got {"a":[1,3]})"},
      {R"({"exclusiveMaximum":10})", "10", "", "exclusiveMaximum", "the document must be < 10, got 10"},
      {R"({"multipleOf":0.5})", "0.3", "", "multipleOf", "the document must be a multiple of 0.5, got 0.3"},
      {R"({"minLength":5})", R"("सड़क")", "", "minLength",
       "the document must be at least 5 characters long, got 4: \"सड़क\""},
      {R"({"maxItems":1})", "[1,2]", "", "maxItems", "the document must have at most 1 item(s), got 2"},
      {R"({"uniqueItems":true})", R"([1,{"a":1,"b":2},1.0,{"b":2,"a":1}])", "", "uniqueItems",
       "the document must have unique items, but items 0 and 2 are equal: 1"},
      {R"({"contains":{"type":"string"},"minContains":2})", R"(["a",1])", "", "minContains",
       "the document must contain at least 2 item(s) matching the schema of 'contains', found 1"},
      {R"({"prefixItems":[true],"items":false})", "[1,2]", "/1", "items",
       "'[1]' is one item too many: no more items are allowed here"},
      {R"({"dependentRequired":{"a":["b"]}})", R"({"a":1})", "", "dependentRequired",
       "the document has property 'a', so it must also have 'b'"},
      {R"({"properties":{"n":{"not":{"type":"null"}}}})", R"({"n":null})", "/n", "not",
       "'n' must not match the schema of 'not'"},
      {R"({"oneOf":[{"type":"integer"},{"minimum":0}]})", "3", "", "oneOf",
       "the document must match exactly one schema of 'oneOf', but matches 0 and 1"},
      {R"({"anyOf":[{"type":"string"},{"type":"null"}]})", "3", "", "anyOf",
       "the document must match at least one schema of 'anyOf', but matches none (0: the document must be of type "
       "string, got integer 3; 1: the document must be of type null, got integer 3)"},
      {R"({"minProperties":1})", "{}", "", "minProperties", "the document must have at least 1 properties, got 0"},
      {"false", "1", "", "false", "the schema is false: no document is valid"},
      {R"({"properties":{"a":false}})", R"({"a":1})", "/a", "properties", "'a' must not be present"},
      {R"({"if":{"required":["a"]},"then":{"required":["b"]}})", R"({"a":1})", "", "required",
       "the document is missing the required property 'b'"},
  };
  for (const Case& c : cases) {
    const JsonSchema schema = MustCompile(c.schema);
    const auto v = schema.Validate(c.doc);
    ASSERT_EQ(v.size(), 1u) << c.schema << " " << c.doc << "\n" << Describe(v);
    EXPECT_EQ(v[0].instance_path, c.path) << c.schema;
    EXPECT_EQ(v[0].keyword, c.keyword) << c.schema;
    EXPECT_EQ(v[0].message, c.message) << c.schema;
  }
}

TEST(JsonSchema, UnsupportedKeywordsAreRejected) {
  for (const char* keyword : {"$dynamicRef", "$recursiveRef", "$recursiveAnchor", "dependencies", "additionalItems"}) {
    const std::string schema = std::string(R"({"properties":{"a":{")") + keyword + R"(":false}}})";
    const std::string error = CompileError(schema);
    EXPECT_NE(error.find(keyword), std::string::npos) << error;
    EXPECT_NE(error.find("#/properties/a"), std::string::npos) << error;
  }
  EXPECT_NE(CompileError(R"({"requried":["a"]})").find("unknown keyword 'requried'"), std::string::npos);
  EXPECT_NE(CompileError(R"({"items":[{"type":"string"}]})").find("prefixItems"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$schema":"http://json-schema.org/draft-07/schema#"})").find("2020-12"),
            std::string::npos);
  // Malformed values of known keywords.
  EXPECT_NE(CompileError(R"({"minLength":-1})").find("non-negative integer"), std::string::npos);
  EXPECT_NE(CompileError(R"({"minLength":1.5})").find("non-negative integer"), std::string::npos);
  EXPECT_NE(CompileError(R"({"type":"strin"})").find("unknown type"), std::string::npos);
  EXPECT_NE(CompileError(R"({"multipleOf":0})").find("greater than 0"), std::string::npos);
  EXPECT_NE(CompileError(R"({"required":"a"})").find("array of strings"), std::string::npos);
  EXPECT_NE(CompileError(R"({"allOf":[]})").find("non-empty array"), std::string::npos);
  EXPECT_NE(CompileError(R"({"properties":{"a":3}})").find("must be a schema"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"(a"})").find("missing ')'"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"(a)\\1"})").find("backreferences"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"\\p{L}"})").find("property escapes"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"(?<=a)b"})").find("lookbehind"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"\\a"})").find("unknown escape"), std::string::npos);  // not ECMA-262
  EXPECT_NE(CompileError(R"({"pattern":"a**"})").find("nothing to repeat"), std::string::npos);
  EXPECT_NE(CompileError(R"({"pattern":"(a{1000}){1000}"})").find("too large"), std::string::npos);
  // 1.0 is a valid count, as 2020-12 says.
  EXPECT_TRUE(JsonSchema::Compile(R"({"minLength":2.0})").has_value());
}

TEST(JsonSchema, RefsResolveOrAreRejected) {
  EXPECT_NE(CompileError(R"({"$ref":"#/$defs/missing"})").find("#/$defs/missing"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$ref":"other.json#/a"})").find("does not resolve"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$ref":"https://example.com/s.json"})").find("does not resolve"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$ref":"#nope"})").find("$anchor"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$defs":{"a":{"$ref":"#/$defs/b"}}})").find("#/$defs/a"), std::string::npos);

  // Pointer escapes ~0 ~1 and percent-encoding; "#" is the root; recursion through the root.
  const JsonSchema s = MustCompile(R"({
    "$defs": {"a/b": {"type": "integer"}, "c~d": {"type": "string"}, "e%f": {"type": "null"}},
    "properties": {"x": {"$ref": "#/$defs/a~1b"}, "y": {"$ref": "#/$defs/c~0d"}, "z": {"$ref": "#/$defs/e%25f"},
                   "self": {"$ref": "#"}},
    "additionalProperties": false})");
  EXPECT_TRUE(s.IsValid(R"({"x":1,"y":"s","z":null,"self":{"x":2,"self":{}}})"));
  EXPECT_EQ(Describe(s.Validate(R"({"self":{"self":{"x":"no"}}})")),
            "/self/self/x [type] 'x' must be of type integer, got string \"no\"\n");

  // $id in subschemas changes the base URI; $anchor names a schema.
  const JsonSchema ids = MustCompile(R"({
    "$id": "https://example.com/root.json",
    "properties": {"a": {"$ref": "item.json"}, "b": {"$ref": "#positive"}, "c": {"$ref": "nested/leaf.json#/$defs/x"}},
    "$defs": {
      "item": {"$id": "item.json", "type": "string"},
      "pos": {"$anchor": "positive", "exclusiveMinimum": 0},
      "leaf": {"$id": "nested/leaf.json", "$defs": {"x": {"$ref": "../item.json"}}}
    }})");
  EXPECT_TRUE(ids.IsValid(R"({"a":"s","b":1,"c":"t"})"));
  EXPECT_FALSE(ids.IsValid(R"({"a":1})"));
  EXPECT_FALSE(ids.IsValid(R"({"b":0})"));
  EXPECT_FALSE(ids.IsValid(R"({"c":2})"));
}

TEST(JsonSchema, EndlessSchemasAreRejected) {
  EXPECT_NE(CompileError(R"({"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"})").find("never finish"),
            std::string::npos);
  EXPECT_NE(CompileError(R"({"anyOf":[{"type":"string"},{"$ref":"#"}]})").find("never finish"), std::string::npos);
  EXPECT_NE(CompileError(R"({"$defs":{"a":{"not":{"$ref":"#/$defs/b"}},"b":{"allOf":[{"$ref":"#/$defs/a"}]}}})")
                .find("never finish"),
            std::string::npos);
  // Descending into the instance in between is fine: that is an ordinary recursive schema.
  EXPECT_TRUE(JsonSchema::Compile(R"({"properties":{"next":{"$ref":"#"}}})").has_value());
}

TEST(JsonSchema, InvalidJson) {
  const JsonSchema schema = MustCompile(R"({"type":"object"})");
  for (const char* bad : {"", "{", R"({"a":1,})", "[1 2]", "nul", R"({"a":1} x)", "\"\xff\"", "1e999"}) {
    const auto v = schema.Validate(bad);
    ASSERT_EQ(v.size(), 1u) << bad;
    EXPECT_EQ(v[0].instance_path, "");
    EXPECT_EQ(v[0].keyword, "json");
    EXPECT_TRUE(v[0].message.starts_with("not valid JSON")) << v[0].message;
    EXPECT_FALSE(schema.IsValid(bad));
  }
  EXPECT_NE(CompileError(R"({"type":)").find("not valid JSON"), std::string::npos);
  // Duplicate keys: the last wins, as in python's json module.
  EXPECT_TRUE(MustCompile(R"({"properties":{"a":{"type":"string"}}})").IsValid(R"({"a":1,"a":"s"})"));
}

TEST(JsonSchema, HostileNestingIsRefusedWithoutRecursion) {
  const JsonSchema schema = MustCompile(R"({"items":{"$ref":"#"}})");
  for (const char open : {'[', '{'}) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open == '[' ? "[" : R"({"a":)";
    const auto v = schema.Validate(deep);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].keyword, "json");
    EXPECT_NE(v[0].message.find("nested more than 512"), std::string::npos) << v[0].message;
    EXPECT_NE(CompileError(deep).find("nested more than"), std::string::npos);
  }
  // Right at the limit, a recursive schema validates all the way down.
  const size_t depth = JsonSchema::kMaxDepth;
  const std::string ok = std::string(depth, '[') + std::string(depth, ']');
  EXPECT_TRUE(schema.IsValid(ok));
  std::string bad = std::string(depth - 1, '[') + "[1]" + std::string(depth - 1, ']');
  const JsonSchema arrays_only = MustCompile(R"({"type":"array","items":{"$ref":"#"}})");
  const auto v = arrays_only.Validate(bad);
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  EXPECT_EQ(v[0].keyword, "type");
  EXPECT_EQ(std::count(v[0].instance_path.begin(), v[0].instance_path.end(), '/'), static_cast<long>(depth));
}

TEST(JsonSchema, FormatIsAnAnnotationUnlessAsserted) {
  const std::string schema = R"({"properties":{"at":{"format":"date-time"},"href":{"format":"uri-reference"},)"
                             R"("id":{"format":"uuid"},"host":{"format":"hostname"}}})";
  const std::string bad = R"({"at":"2024-02-30T10:00:00Z","href":"a b","id":"x","host":"-x-"})";
  EXPECT_TRUE(MustCompile(schema).IsValid(bad));  // 2020-12: an annotation
  Result<JsonSchema> asserted = JsonSchema::Compile(schema, {.assert_format = true});
  ASSERT_TRUE(asserted.has_value()) << asserted.error().message;
  EXPECT_TRUE(
      asserted->IsValid(
          R"({"at":"2024-02-29T23:59:60Z","href":"content/page 1.html#top","id":"123e4567-e89b-12d3-a456-426614174000"})") ==
      false);  // the space in the reference
  EXPECT_TRUE(asserted->IsValid(
      R"({"at":"2024-02-29T23:59:60Z","href":"content/page%201.html#top","id":"123e4567-e89b-12d3-a456-426614174000",)"
      R"("host":"cdn.example.org"})"));
  const auto v = asserted->Validate(bad);
  EXPECT_EQ(Describe(v),
            "/at [format] 'at' must be a valid date-time, got \"2024-02-30T10:00:00Z\"\n"
            "/host [format] 'host' must be a valid hostname, got \"-x-\"\n"
            "/href [format] 'href' must be a valid uri-reference, got \"a b\"\n"
            "/id [format] 'id' must be a valid uuid, got \"x\"\n");
  // Formats it cannot check are refused rather than passed unchecked.
  const Result<JsonSchema> idn = JsonSchema::Compile(R"({"format":"idn-hostname"})", {.assert_format = true});
  ASSERT_FALSE(idn.has_value());
  EXPECT_NE(idn.error().message.find("cannot be checked"), std::string::npos);
  EXPECT_FALSE(JsonSchema::Compile(R"({"format":"colour"})", {.assert_format = true}).has_value());
  EXPECT_TRUE(JsonSchema::Compile(R"({"format":"colour"})").has_value());

  struct Case {
    const char* format;
    const char* text;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"date-time", "1985-04-12T23:20:50.52Z", true},
      {"date-time", "1996-12-19T16:39:57-08:00", true},
      {"date-time", "1990-12-31T15:59:60-08:00", true},
      {"date-time", "1990-12-31T23:59:60+01:00", false},
      {"date-time", "2021-02-29T00:00:00Z", false},
      {"date-time", "2020-02-29T00:00:00Z", true},
      {"date-time", "2021-01-01 00:00:00Z", false},
      {"date", "2000-02-29", true},
      {"date", "1900-02-29", false},
      {"date", "2020-1-01", false},
      {"time", "12:00:00+05:30", true},
      {"time", "12:00:00", false},
      {"time", "24:00:00Z", false},
      {"duration", "P4DT12H30M5S", true},
      {"duration", "PT36H", true},
      {"duration", "P2W", true},
      {"duration", "P1Y2W", false},
      {"duration", "PT", false},
      {"duration", "P2D1Y", false},
      {"duration", "P1D2H", false},
      {"email", "joe.bloggs@example.com", true},
      {"email", "\"joe bloggs\"@example.com", true},
      {"email", "joe..bloggs@example.com", false},
      {"email", "joe@[IPv6:::1]", true},
      {"email", "joe@invalid=domain.com", false},
      {"hostname", "xn--4gbwdl.xn--wgbh1c", true},
      {"hostname", "a_b.example", false},
      {"ipv4", "192.168.0.1", true},
      {"ipv4", "192.168.0.01", false},
      {"ipv4", "1.2.3.256", false},
      {"ipv6", "::ffff:192.168.0.1", true},
      {"ipv6", "1:2:3:4:5:6:7:8", true},
      {"ipv6", "1:2:3:4::5:6:7:8", false},
      {"ipv6", "fe80::1%eth0", false},
      {"ipv6", "1::2::3", false},
      {"uri", "https://example.com:8080/a?b#c", true},
      {"uri", "urn:isbn:0451450523", true},
      {"uri", "/relative", false},
      {"uri", "http://[::1]:80/", true},
      {"uri", "http://exa mple.com/", false},
      {"uri", "http://example.com/%zz", false},
      {"uri-reference", "../a/b?x#y", true},
      {"uri-reference", "a:b:c", true},
      {"uri-reference", "1a:b", false},
      {"iri", "http://ƒøø.ßår/", true},
      {"uri", "http://ƒøø.ßår/", false},
      {"uri-template", "/items{/id}{?fields*}", true},
      {"uri-template", "/items{id", false},
      {"uuid", "123E4567-E89B-12D3-A456-426614174000", true},
      {"uuid", "123e4567e89b12d3a456426614174000", false},
      {"json-pointer", "/a~1b/~0", true},
      {"json-pointer", "/a~2", false},
      {"relative-json-pointer", "0#", true},
      {"relative-json-pointer", "01/a", false},
      {"regex", "^[a-z]+$", true},
      {"regex", "(", false},
      // Leap seconds: only at 23:59:60 UTC, whatever the offset.
      {"time", "23:59:60Z", true},
      {"time", "22:59:60Z", false},
      {"time", "01:29:60+01:30", true},
      {"time", "23:29:60+23:30", true},
      {"time", "00:29:60-23:30", true},
      {"time", "23:59:60+01:00", false},
      {"time", "01:02:03Z+00:30", false},
      {"time", "08:30:06z", true},
      {"ipv6", "::", true},
      {"ipv6", "d6::", true},
      {"ipv6", ":2:3:4:5:6:7:8", false},
      {"ipv6", "1:2:3:4:5:6:7:", false},
      {"ipv6", "1:2:3:4:5:::8", false},
      {"ipv6", "1:2:3:4:1.2.3", false},
      {"ipv6", "1000:1000:1000:1000:1000:1000:255.255.255.255", true},
      {"ipv6", "100:100:100:100:100:100:100:255.255.255.255", false},
      {"ipv6", "1:2::192.16৪.0.1", false},
      {"ipv6", "fe80::/64", false},
      {"uri", "bar,baz:foo", false},
      {"uri", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", true},
  };
  for (const Case& c : cases) {
    Result<JsonSchema> s = JsonSchema::Compile(json{{"format", c.format}}.dump(), {.assert_format = true});
    ASSERT_TRUE(s.has_value()) << c.format;
    EXPECT_EQ(s->IsValid(json(c.text).dump()), c.valid) << c.format << ": " << c.text;
  }
  // Only strings are checked.
  EXPECT_TRUE(JsonSchema::Compile(R"({"format":"date"})", {.assert_format = true})->IsValid("12"));
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)  // clang spells it this way
#define CPK_TEST_ASAN 1
#endif
#endif

// Runs `fn` on a thread with a stack of `bytes`: a stack overflow there crashes the test.
void WithStack(size_t bytes, void (*fn)()) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  pthread_t thread;
  ASSERT_EQ(pthread_create(
                &thread, &attr,
                [](void* f) -> void* {
                  reinterpret_cast<void (*)()>(f)();
                  return nullptr;
                },
                reinterpret_cast<void*>(fn)),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

TEST(JsonSchema, DeepestDocumentsFitASmallStack) {
  // Recursion through anyOf, items, $ref, allOf and additionalProperties at every level, failing at
  // the bottom so that every level builds its message.
  WithStack(
#if defined(__SANITIZE_ADDRESS__) || defined(CPK_TEST_ASAN)
      16 * 1024 * 1024,  // AddressSanitizer's redzones make every frame several times larger
#elif defined(__OPTIMIZE__)
      512 * 1024,
#else
      1024 * 1024,
#endif
      [] {
        const JsonSchema arrays =
            MustCompile(R"({"$defs":{"n":{"anyOf":[{"type":"array","items":{"$ref":"#/$defs/n"}},{"type":"string"}]}},)"
                        R"("$ref":"#/$defs/n"})");
        const JsonSchema objects =
            MustCompile(R"({"type":["object","string"],"additionalProperties":{"allOf":[{"$ref":"#"}]}})");
        const size_t depth = JsonSchema::kMaxDepth;
        std::string a = std::string(depth, '[') + "1" + std::string(depth, ']');
        std::string o;
        for (size_t i = 0; i < depth; ++i) o += R"({"a":)";
        o += "1" + std::string(depth, '}');
        const auto va = arrays.Validate(a);
        ASSERT_EQ(va.size(), 1u);
        EXPECT_EQ(va[0].keyword, "anyOf");
        const auto vo = objects.Validate(o);
        ASSERT_EQ(vo.size(), 1u);
        EXPECT_EQ(vo[0].keyword, "type");
        EXPECT_EQ(vo[0].instance_path.size(), 2 * depth);
      });
}

TEST(JsonSchema, RepeatedEvaluationStaysLinear) {
  // Each schema evaluates the same subschema twice at every level (a failed anyOf branch, two
  // allOf branches, unevaluatedProperties looking at anyOf again): 2^500 steps without memory.
  const std::vector<std::string> schemas = {
      R"({"anyOf":[{"properties":{"a":{"$ref":"#"}},"not":{"required":["a"]}},{"properties":{"a":{"$ref":"#"}}}]})",
      R"({"anyOf":[{"properties":{"a":{"$ref":"#"}}}],"unevaluatedProperties":false})",
      R"({"allOf":[{"properties":{"a":{"$ref":"#"}}},{"properties":{"a":{"$ref":"#"}}}]})",
      R"({"allOf":[{"properties":{"a":{"$ref":"#"}}},{"properties":{"a":{"$ref":"#"}}}],"required":["a"]})",
  };
  std::string doc;
  for (int i = 0; i < 500; ++i) doc += R"({"a":)";
  doc += "{}" + std::string(500, '}');
  const auto start = std::chrono::steady_clock::now();
  for (size_t k = 0; k < schemas.size(); ++k) {
    const auto v = MustCompile(schemas[k]).Validate(doc);
    // The last one fails once, at the bottom, however many paths lead there.
    EXPECT_EQ(v.size(), k == 3 ? 1u : 0u) << schemas[k] << "\n" << Describe(v);
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0);
}

TEST(JsonSchema, MaxViolationsCapsTheList) {
  const JsonSchema schema = MustCompile(R"({"items":{"type":"string"}})");
  std::string doc = "[";
  for (int i = 0; i < 1000; ++i) doc += i == 0 ? "1" : ",1";
  doc += "]";
  EXPECT_EQ(schema.Validate(doc).size(), 100u);
  EXPECT_EQ(schema.Validate(doc, 7).size(), 7u);
  EXPECT_EQ(schema.Validate(doc, 0).size(), 1u);
  EXPECT_EQ(schema.Validate(doc, 5000).size(), 1000u);
  EXPECT_EQ(schema.Validate(doc, 3)[2].instance_path, "/2");
}

TEST(JsonSchema, LengthsCountCodePoints) {
  const JsonSchema schema = MustCompile(R"({"minLength":4,"maxLength":4})");
  EXPECT_TRUE(schema.IsValid(R"("सड़क")"));   // 4 code points, 12 bytes
  EXPECT_TRUE(schema.IsValid(R"("🐲🐲🐲🐲")"));  // 4 code points outside the BMP, 16 bytes
  EXPECT_TRUE(schema.IsValid(R"("\u00e9t\u00e9s")"));
  EXPECT_FALSE(schema.IsValid(R"("abc")"));
  EXPECT_FALSE(schema.IsValid(R"("சென்னை")"));  // 6 code points
}

TEST(JsonSchema, PatternsWorkOnCodePoints) {
  struct Case {
    const char* pattern;
    const char* text;
    bool match;
  };
  const std::vector<Case> cases = {
      {"^.{4}$", "सड़क", true},
      {"^.{4}$", "abcd\n", false},  // $ only at the very end, and . excludes line terminators
      {"^abc$", "abc\n", false},
      {"^[\\u0900-\\u097F]+$", "सड़क", true},
      {"^[\\u0900-\\u097F]+$", "सड़क road", false},
      {"^[अ-ह]+$", "कख", true},
      {"^🐲*$", "🐲🐲", true},
      {"^[🐲]$", "🐲", true},
      {"^\\d+$", "१२३", false},  // \d is ASCII only in ECMA-262
      {"^\\w+$", "é", false},
      {"^\\s$", "\u00a0", true},
      {"^\\S$", "\u00a0", false},
      {"x", "aaxbb", true},  // unanchored search
      {"^(?!draft-)[a-z-]+$", "draft-x", false},
      {"^(?!draft-)[a-z-]+$", "final-x", true},
      {"^(?=.*\\d)(?=.*[a-z]).{6,}$", "abc123", true},
      {"^(?=.*\\d)(?=.*[a-z]).{6,}$", "abcdef", false},
      {"\\bword\\b", "a word here", true},
      {"\\bword\\b", "swordfish", false},
      {"^a{2,3}$", "aaaa", false},
      {"^a{2,}?$", "aaaa", true},
      {"^(ab|cd){2}$", "abcd", true},
      {"[^]", "\n", true},
      {"[]", "a", false},
      {"^[\\d-z]+$", "1-z", true},
      {"a{,3}", "a{,3}", true},  // not a quantifier: literal, as in ECMA-262 Annex B
      {"^\\u{1F432}$", "🐲", true},
      {"^\\uD83D\\uDC32$", "🐲", true},
      {"^[a-z]+\\.json$", "manifest.json", true},
      {"^\\/\\[x\\]$", "/[x]", true},
      {"^(?<year>\\d{4})-\\d{2}$", "2024-05", true},
      // ECMA-262 escapes and classes.
      {"^\\t$", "\\t", false},
      {"^\\t$", "\t", true},
      {"^\\cC$", "\x03", true},
      {"^\\cc$", "\x03", true},
      {"^\\d$", "߀", false},
      {"^\\D$", "߀", true},
      {"^\\W$", "é", true},
      {"^\\s$", "\v", true},
      {"^\\s$", "\ufeff", true},
      {"^\\s$", "\u2029", true},
      {"^\\s$", "\u2003", true},
      {"^\\s$", "\x01", false},
      {"^\\s$", "\u2013", false},
      {"^\\S$", "\u2013", true},
      {"\\wcole", "l'école", false},
      {"\\wcole", "l'ecole", true},
      {"[a-z]cole", "l'école", false},
      {"^\\d+$", "৪২", false},
  };
  for (const Case& c : cases) {
    const std::string schema = json{{"pattern", c.pattern}}.dump();
    const JsonSchema s = MustCompile(schema);
    EXPECT_EQ(s.IsValid(json(c.text).dump()), c.match) << c.pattern << " on " << c.text;
    // An empty lookahead changes nothing but forces the Pike VM instead of the DFA: both agree.
    const JsonSchema vm = MustCompile(json{{"pattern", std::string("(?=)") + c.pattern}}.dump());
    EXPECT_EQ(vm.IsValid(json(c.text).dump()), c.match) << "(?=)" << c.pattern << " on " << c.text;
  }
}

TEST(JsonSchema, PatternsAreLinearAndStackSafe) {
  const JsonSchema s = MustCompile(R"({"pattern":"^(a*)*b$"})");
  const std::string many_a = "\"" + std::string(200000, 'a') + "\"";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.IsValid(many_a));  // exponential for a backtracking engine
  const JsonSchema dot = MustCompile(R"({"pattern":"^(.|\\n)*x$"})");
  EXPECT_FALSE(dot.IsValid(many_a));  // std::regex recurses per character here and overflows the stack
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms, 20000.0);
}

TEST(JsonSchema, NumbersCompareExactly) {
  const JsonSchema integer = MustCompile(R"({"type":"integer"})");
  EXPECT_TRUE(integer.IsValid("1.0"));
  EXPECT_TRUE(integer.IsValid("1e10"));
  EXPECT_TRUE(integer.IsValid("-9223372036854775808"));
  EXPECT_TRUE(integer.IsValid("18446744073709551615"));
  EXPECT_FALSE(integer.IsValid("1.5"));
  EXPECT_TRUE(MustCompile(R"({"const":1})").IsValid("1.0"));
  EXPECT_TRUE(MustCompile(R"({"enum":[[1,{"a":2.0}]]})").IsValid(R"([1.0,{"a":2}])"));
  EXPECT_FALSE(MustCompile(R"({"const":false})").IsValid("0"));
  // 2^53 + 1 and 2^53 are one double apart from each other, but not equal.
  EXPECT_FALSE(MustCompile(R"({"const":9007199254740993})").IsValid("9007199254740992"));
  EXPECT_TRUE(MustCompile(R"({"maximum":18446744073709551615})").IsValid("18446744073709551615"));
  EXPECT_FALSE(MustCompile(R"({"maximum":18446744073709551614})").IsValid("18446744073709551615"));
  EXPECT_FALSE(MustCompile(R"({"minimum":-9223372036854775807})").IsValid("-9223372036854775808"));
  EXPECT_FALSE(MustCompile(R"({"exclusiveMinimum":0.5})").IsValid("0"));
  EXPECT_TRUE(MustCompile(R"({"exclusiveMinimum":-0.5})").IsValid("0"));
  EXPECT_TRUE(MustCompile(R"({"multipleOf":3})").IsValid("-9"));
  EXPECT_TRUE(MustCompile(R"({"multipleOf":0.0001})").IsValid("0.0075"));
  // Binary floating point, as in python-jsonschema: 19.99 / 0.01 is 1998.9999999999998.
  EXPECT_FALSE(MustCompile(R"({"multipleOf":0.01})").IsValid("19.99"));
  EXPECT_FALSE(MustCompile(R"({"multipleOf":0.123456789})").IsValid("1e308"));
  EXPECT_TRUE(MustCompile(R"({"multipleOf":0.5})").IsValid("1e308"));  // the quotient overflows; exact then
  EXPECT_FALSE(MustCompile(R"({"multipleOf":0.3})").IsValid("1e308"));
  EXPECT_TRUE(MustCompile(R"({"multipleOf":0.375})").IsValid("1.5e308"));
  EXPECT_TRUE(MustCompile(R"({"multipleOf":2})").IsValid("4.0"));
  EXPECT_FALSE(MustCompile(R"({"multipleOf":2})").IsValid("4.5"));
}

TEST(JsonSchema, ArraysAndObjects) {
  const JsonSchema tuple = MustCompile(R"({"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false})");
  EXPECT_TRUE(tuple.IsValid(R"(["a",1])"));
  EXPECT_TRUE(tuple.IsValid(R"(["a"])"));
  EXPECT_FALSE(tuple.IsValid(R"(["a",1,2])"));
  const JsonSchema contains = MustCompile(R"({"contains":{"const":1},"minContains":0,"maxContains":2})");
  EXPECT_TRUE(contains.IsValid("[]"));
  EXPECT_TRUE(contains.IsValid("[1,1,2]"));
  EXPECT_FALSE(contains.IsValid("[1,1,1]"));
  const JsonSchema unique = MustCompile(R"({"uniqueItems":true})");
  std::string big = "[";
  for (int i = 0; i < 5000; ++i) big += (i ? "," : "") + std::string(R"({"n":)") + std::to_string(i) + "}";
  EXPECT_TRUE(unique.IsValid(big + "]"));
  EXPECT_FALSE(unique.IsValid(big + R"(,{"n":4999.0}])"));
  const JsonSchema objects = MustCompile(R"({
    "patternProperties": {"^x-": {"type": "string"}},
    "additionalProperties": {"type": "integer"},
    "propertyNames": {"maxLength": 5},
    "dependentSchemas": {"a": {"required": ["b"]}},
    "maxProperties": 3})");
  EXPECT_TRUE(objects.IsValid(R"({"x-a":"s","n":1})"));
  EXPECT_FALSE(objects.IsValid(R"({"x-a":1})"));
  EXPECT_FALSE(objects.IsValid(R"({"n":"s"})"));
  EXPECT_FALSE(objects.IsValid(R"({"toolong":1})"));
  EXPECT_FALSE(objects.IsValid(R"({"a":1})"));
  EXPECT_TRUE(objects.IsValid(R"({"a":1,"b":2})"));
  EXPECT_FALSE(objects.IsValid(R"({"a":1,"b":2,"c":3,"d":4})"));
}

TEST(JsonSchema, UnevaluatedPropertiesAndItems) {
  // The 2020-12 way to close a schema built from parts: allOf + unevaluatedProperties.
  const JsonSchema closed = MustCompile(R"({
    "$defs": {
      "named": {"properties": {"id": {"type": "string"}, "title": {"type": "string"}}, "required": ["id"]},
      "video": {"properties": {"kind": {"const": "video"}, "duration": {"type": "number"}}, "required": ["kind"]},
      "pdf": {"properties": {"kind": {"const": "pdf"}, "pages": {"type": "integer"}}, "required": ["kind"]}
    },
    "allOf": [{"$ref": "#/$defs/named"}],
    "oneOf": [{"$ref": "#/$defs/video"}, {"$ref": "#/$defs/pdf"}],
    "unevaluatedProperties": false})");
  EXPECT_TRUE(closed.IsValid(R"({"id":"r1","kind":"video","duration":3.5})"));
  EXPECT_TRUE(closed.IsValid(R"({"id":"r1","title":"t","kind":"pdf","pages":3})"));
  // "pages" belongs to the pdf branch, which did not validate: nothing evaluated it.
  const auto v = closed.Validate(R"({"id":"r1","kind":"video","pages":3})");
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  EXPECT_EQ(v[0].instance_path, "/pages");
  EXPECT_EQ(v[0].keyword, "unevaluatedProperties");
  EXPECT_EQ(v[0].message, "'pages' is not an allowed property (no schema here evaluates it)");
  // A sibling cannot see inside a cousin.
  EXPECT_FALSE(
      MustCompile(R"({"allOf":[{"properties":{"a":true}},{"unevaluatedProperties":false}]})").IsValid(R"({"a":1})"));

  const JsonSchema items =
      MustCompile(R"({"prefixItems":[{"type":"string"}],"anyOf":[{"prefixItems":[true,{"type":"integer"}]},true],)"
                  R"("contains":{"type":"boolean"},"unevaluatedItems":false})");
  EXPECT_TRUE(items.IsValid(R"(["a",1,true])"));
  EXPECT_TRUE(items.IsValid(R"(["a",true])"));
  const auto vi = items.Validate(R"(["a",1,true,null])");
  ASSERT_EQ(vi.size(), 1u) << Describe(vi);
  EXPECT_EQ(vi[0].instance_path, "/3");
  EXPECT_EQ(vi[0].keyword, "unevaluatedItems");
}

TEST(JsonSchema, MovedFromIsInvalidNotUndefined) {
  JsonSchema a = MustCompile("true");
  JsonSchema b = std::move(a);
  EXPECT_TRUE(b.IsValid("1"));
  EXPECT_FALSE(a.IsValid("1"));  // NOLINT(bugprone-use-after-move): documented behaviour
  ASSERT_EQ(a.Validate("1").size(), 1u);
  EXPECT_EQ(a.Validate("1")[0].keyword, "schema");
}

TEST(JsonSchema, ConcurrentValidation) {
  const JsonSchema schema = MustCompile(kManifestSchema);
  const std::string good = Manifest(300);
  const std::string bad = Manifest(300, "nothex");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        if (!schema.Validate(good).empty()) ++failures[static_cast<size_t>(t)];
        const auto v = schema.Validate(bad);
        if (v.size() != 1 || v[0].instance_path != "/files/3/sha256") ++failures[static_cast<size_t>(t)];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST(JsonSchema, LargeManifestIsFast) {
  const JsonSchema schema = MustCompile(kManifestSchema);
  const std::string doc = Manifest(5000);
  ASSERT_GT(doc.size(), 700000u);
  double best_ms = 1e9;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const auto v = schema.Validate(doc);
    best_ms =
        std::min(best_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ASSERT_TRUE(v.empty()) << Describe(v);
  }
  std::cout << "validated a 5,000-file manifest of " << doc.size() / 1024 << " KiB in " << best_ms
            << " ms (best of 5; this build's optimisation level applies)\n";
  // Generous: an unoptimised debug build is several times slower than a release build.
  EXPECT_LT(best_ms, 2000.0);
}

// ---------------------------------------------------------------------------------------------
// The JSON reader against nlohmann's parser.

json ToNlohmann(const internal::JsonDoc& doc, const internal::JsonValue& v) {
  using internal::JsonKind;
  switch (v.kind) {
    case JsonKind::kNull:
      return nullptr;
    case JsonKind::kBool:
      return v.boolean;
    case JsonKind::kInt:
      return v.number.i;
    case JsonKind::kUint:
      return v.number.u;
    case JsonKind::kDouble:
      return v.number.d;
    case JsonKind::kString:
      return std::string(doc.String(v));
    case JsonKind::kArray: {
      json a = json::array();
      for (uint32_t i = 0; i < v.count; ++i) a.push_back(ToNlohmann(doc, doc.Element(v, i)));
      return a;
    }
    case JsonKind::kObject: {
      json o = json::object();
      for (const internal::JsonMember* m = doc.MembersBegin(v); m != doc.MembersEnd(v); ++m) {
        o[std::string(doc.Key(*m))] = ToNlohmann(doc, doc.at(m->value));
      }
      return o;
    }
  }
  return nullptr;
}

void ExpectSameParse(const std::string& text) {
  internal::JsonDoc doc;
  const internal::JsonParseResult ours = internal::ParseJsonDom(text, 10000, doc);
  const json theirs = json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_EQ(ours.ok, !theirs.is_discarded()) << text.substr(0, 200) << "\n" << ours.error;
  if (!ours.ok) return;
  const json mine = ToNlohmann(doc, doc.root());
  EXPECT_EQ(mine, theirs) << text.substr(0, 200);
  EXPECT_EQ(mine.dump(), theirs.dump()) << text.substr(0, 200);  // same number kinds too
}

TEST(JsonDom, ReadsLikeNlohmann) {
  const std::vector<std::string> texts = {
      "0", "-0", "1", "-1", "1.5", "-0.0", "1e2", "1E+2", "1e-2", "123456789012345678901234567890",
      "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "1e-400", "0.1e1",
      "5e-324", "true", "false", "null", R"("")", R"("a\"b\\c\/d\b\f\n\r\t")", R"("\u00e9\u0915\ud83d\ude00")",
      "\"é क 🐲\"", R"({"b":1,"a":2,"c":{"z":[],"y":{}}})", R"({"a":1,"a":2})", R"([1,[2,[3,[4]]],{"k":[null]}])",
      " \t\r\n[ 1 , 2 ]\n ", R"({"":0," ":1})",
      // Invalid.
      "", " ", "01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity", "1e400", "-1e400", "tru",
      "nulll", "[1,]", "[,1]", "{,}", R"({"a"})", R"({"a":})", R"({"a":1,})", R"({1:2})", "[1 2]", R"({"a":1 "b":2})",
      "[", "]", "{", "}", R"("abc)", "\"a\tb\"", R"("\x")", R"("\u12")", R"("\ud800")", R"("\udc00x")",
      R"("\ud800\u0041")", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "1 2", "[1]]",
      "{}{}", std::string("\"a\0b\"", 5)};
  for (const std::string& t : texts) ExpectSameParse(t);
  // Every file of the installed test suite, whole.
  const fs::path root = SuiteRoot();
  int files = 0;
  if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      std::ifstream in(e.path(), std::ios::binary);
      ExpectSameParse(std::string(std::istreambuf_iterator<char>(in), {}));
      ++files;
    }
  }
  std::cout << "compared with nlohmann on " << texts.size() << " texts and " << files << " suite files\n";
}

// ---------------------------------------------------------------------------------------------
// Agreement with python3-jsonschema (Draft202012Validator) on our own schema/document pairs.

TEST(JsonSchema, AgreesWithPythonJsonschema) {
  if (std::system("python3 -c 'import jsonschema; jsonschema.Draft202012Validator' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 with jsonschema (Draft202012Validator) is not available";
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {std::string(kManifestSchema),
       {Manifest(3), Manifest(3, "XYZ"), Manifest(3, std::string(64, 'A')), R"({"format":"coursepack/1"})",
        R"({"format":"coursepack/2","id":"x","files":[]})", R"({"format":"coursepack/1","id":"","files":[]})",
        R"({"format":"coursepack/1","id":"x","files":[],"title":{"en-IN":"t","x y":"t"}})",
        R"({"format":"coursepack/1","id":"x","files":[],"languages":["hi","hi"]})",
        R"({"format":"coursepack/1","id":"x","files":[{"path":"/abs","bytes":1,"sha256":")" + Sha(1) + R"("}]})",
        R"({"format":"coursepack/1","id":"x","files":[{"path":"a","bytes":1.0,"sha256":")" + Sha(1) + R"("}]})",
        R"({"format":"coursepack/1","id":"x","files":[],"organizations":[{"id":"a","children":[{"id":3}]}]})"}},
      {R"({"type":"integer","multipleOf":0.5,"minimum":-2,"exclusiveMaximum":1e3})",
       {"1", "1.0", "2.5", "-2", "-2.5", "1000", "999.0", "\"1\"", "18446744073709551615"}},
      {R"({"minLength":2,"maxLength":3,"pattern":"^[^0-9]+$"})",
       {R"("ab")", R"("सड़क")", R"("क")", R"("a1")", R"("🐲🐲")", R"("aaaa")", "12"}},
      {R"({"prefixItems":[{"type":"null"}],"items":{"type":"string"},"contains":{"const":"x"},"maxContains":1,)"
       R"("uniqueItems":true,"minItems":2})",
       {R"([null,"x"])", R"([null,"x","x"])", R"([null,"y"])", R"(["x"])", R"([null,"x","y"])", "[null]"}},
      {R"({"oneOf":[{"required":["a"]},{"required":["b"]}],"not":{"required":["c"]},)"
       R"("if":{"properties":{"a":{"const":1}}},"then":{"required":["d"]},"else":{"maxProperties":1}})",
       {R"({"a":1,"d":0})", R"({"a":1})", R"({"a":2})", R"({"a":2,"b":1})", R"({"b":1,"c":1})", "[]"}},
      {R"({"anyOf":[{"type":"string","format":"date-time"},{"type":"array","items":{"$ref":"#"}}]})",
       {R"("not a date")", R"([["x"],[]])", R"([1])", "{}"}},
      {R"({"dependentRequired":{"a":["b","c"]},"propertyNames":{"pattern":"^[a-z]$"},)"
       R"("patternProperties":{"^[a-c]$":{"type":"integer"}},"additionalProperties":false})",
       {R"({"a":1,"b":2,"c":3})", R"({"a":1,"b":2})", R"({"d":1})", R"({"ab":1})", R"({"b":"x"})"}},
      {R"({"$defs":{"pos":{"$anchor":"pos","exclusiveMinimum":0}},"items":{"$ref":"#pos"},"enum":[[1,2],[0]]})",
       {"[1,2]", "[1.0,2.0]", "[0]", "[2,1]"}},
      {R"({"multipleOf":0.3})", {"1e308", "0.9", "3", "0.6000000000000001", "-0.3", "0"}},
      {R"({"multipleOf":0.375})", {"1.5e308", "0.75", "1"}},
      {R"({"uniqueItems":true})", {R"([1,1.0])", R"([{"a":1,"b":[2]},{"b":[2.0],"a":1}])", R"([0,false])", "[[],{}]"}},
      {R"({"properties":{"a":true},"anyOf":[{"properties":{"b":{"type":"integer"}}},{"required":["c"]}],)"
       R"("if":{"required":["d"]},"then":{"properties":{"e":true}},"unevaluatedProperties":{"type":"string"}})",
       {R"({"a":1,"b":2})", R"({"a":1,"b":"x"})", R"({"b":"x","c":1})", R"({"d":"x","e":1})", R"({"e":1})",
        R"({"z":"s"})"}},
      {R"({"prefixItems":[true],"allOf":[{"contains":{"const":2}}],"unevaluatedItems":{"type":"string"}})",
       {"[1,2]", R"([1,2,"s"])", "[1,2,3]", R"([1,"s",2,2])"}},
  };
  const fs::path dir = fs::temp_directory_path() / ("cpk_schema_agree_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  json input = json::array();
  for (const auto& [schema, docs] : cases) {
    for (const std::string& doc : docs) input.push_back({{"schema", schema}, {"doc", doc}});
  }
  std::ofstream(dir / "cases.json") << input.dump();
  std::ofstream(dir / "check.py") << R"(import json, sys
from jsonschema import Draft202012Validator
out = []
for c in json.load(open(sys.argv[1])):
    v = Draft202012Validator(json.loads(c["schema"]))
    out.append(v.is_valid(json.loads(c["doc"])))
json.dump(out, open(sys.argv[2], "w"))
)";
  const std::string cmd = "python3 " + (dir / "check.py").string() + " " + (dir / "cases.json").string() + " " +
                          (dir / "verdicts.json").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream verdicts_in(dir / "verdicts.json");
  const json verdicts = json::parse(verdicts_in);
  ASSERT_EQ(verdicts.size(), input.size());
  int valid = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    const JsonSchema s = MustCompile(input[i]["schema"].get<std::string>());
    const std::string doc = input[i]["doc"].get<std::string>();
    const bool ours = s.Validate(doc).empty();
    EXPECT_EQ(ours, verdicts[i].get<bool>()) << "schema: " << input[i]["schema"] << "\ndoc: " << doc;
    valid += ours ? 1 : 0;
  }
  std::cout << "agreement with python3-jsonschema: " << input.size() << " documents (" << valid << " valid)\n";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cpk
