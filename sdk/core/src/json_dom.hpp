#pragma once
// A compact, read-only JSON tree for validation: one parse into flat arrays (no node per
// allocation, no recursion), object members sorted by key for binary search. Private to
// sdk/core; nlohmann/json stays in json_dom.cpp.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cpk::internal {

enum class JsonKind : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

/// One JSON value. Numbers keep the kind the parser saw: kInt for negative integers, kUint for
/// non-negative ones, kDouble for everything with a fraction or an exponent (or out of 64-bit range).
struct JsonValue {
  JsonKind kind = JsonKind::kNull;
  bool boolean = false;
  uint32_t offset = 0;  ///< kString: into JsonDoc::chars; kArray: into elements; kObject: into members
  uint32_t count = 0;   ///< kString: bytes; kArray: elements; kObject: members
  union {
    int64_t i;
    uint64_t u;
    double d;
  } number{};

  bool IsNumber() const { return kind == JsonKind::kInt || kind == JsonKind::kUint || kind == JsonKind::kDouble; }
};

struct JsonMember {
  uint32_t key_offset = 0;
  uint32_t key_size = 0;
  uint32_t value = 0;  ///< index into JsonDoc::values
};

/// A parsed document. values[0] is the root. Strings are valid UTF-8 (the parser checks).
struct JsonDoc {
  std::vector<JsonValue> values;
  std::vector<uint32_t> elements;   ///< array elements, contiguous per array
  std::vector<JsonMember> members;  ///< object members, contiguous per object, sorted by key, unique
  std::string chars;                ///< string and key bytes

  const JsonValue& root() const { return values[0]; }
  const JsonValue& at(uint32_t index) const { return values[index]; }
  uint32_t IndexOf(const JsonValue& v) const { return static_cast<uint32_t>(&v - values.data()); }
  std::string_view String(const JsonValue& v) const { return {chars.data() + v.offset, v.count}; }
  std::string_view Key(const JsonMember& m) const { return {chars.data() + m.key_offset, m.key_size}; }
  const JsonValue& Element(const JsonValue& array, uint32_t i) const { return values[elements[array.offset + i]]; }
  const JsonMember* MembersBegin(const JsonValue& object) const { return members.data() + object.offset; }
  const JsonMember* MembersEnd(const JsonValue& object) const { return members.data() + object.offset + object.count; }
  /// The member named `key`, or nullptr (binary search).
  const JsonValue* Find(const JsonValue& object, std::string_view key) const;
};

struct JsonParseResult {
  bool ok = false;
  bool too_deep = false;  ///< the document nests deeper than max_depth (it was not parsed further)
  std::string error;      ///< why it failed, for a person
};

/// Parses `text` into `doc`. Never recurses and never throws: arrays and objects nested deeper
/// than `max_depth` stop the parse with too_deep set. Duplicate keys keep the last value.
JsonParseResult ParseJsonDom(std::string_view text, size_t max_depth, JsonDoc& doc);

/// JSON equality: numbers compare by value (1 == 1.0), objects ignore member order.
bool JsonEqual(const JsonDoc& a_doc, const JsonValue& a, const JsonDoc& b_doc, const JsonValue& b);
/// A hash consistent with JsonEqual.
size_t JsonHash(const JsonDoc& doc, const JsonValue& v);
/// Compact JSON text of a value, cut to about `max_chars` characters with "…" when longer.
std::string JsonPreview(const JsonDoc& doc, const JsonValue& v, size_t max_chars = 60);

/// Three-way comparison of two JSON numbers by exact value (-1, 0, 1). Both must be numbers.
int CompareNumbers(const JsonValue& a, const JsonValue& b);
/// True for integers and for doubles with no fraction.
bool IsIntegral(const JsonValue& v);
double AsDouble(const JsonValue& v);

}  // namespace cpk::internal
