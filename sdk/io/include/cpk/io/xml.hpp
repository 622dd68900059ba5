#pragma once
/// @file xml.hpp
/// Safe XML: every XML document of an input is parsed here, with no network access, no
/// external entities, no DTD loading, and bounded size and depth. The result is a small,
/// self-contained element tree with line and column for every element, so that formats never
/// touch libxml2 themselves.
/// @since 0.1

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/result.hpp"
#include "cpk/core/source.hpp"

namespace cpk::xml {

struct Attribute {
  std::string name{};  ///< local name
  std::string ns{};    ///< namespace URI; empty for unqualified attributes
  std::string value{};
};

/// An element. Text is the concatenated character data directly inside it (CDATA included,
/// internal entities expanded), untrimmed.
struct Element {
  std::string name{};    ///< local name
  std::string ns{};      ///< namespace URI; empty when none
  std::string prefix{};  ///< prefix as written; empty for the default namespace
  std::vector<Attribute> attributes{};
  /// Namespace declarations on this element: (prefix, URI); prefix empty for `xmlns=`.
  std::vector<std::pair<std::string, std::string>> namespaces{};
  std::vector<Element> children{};
  std::string text{};
  uint32_t line = 0;    ///< 1-based line of the start tag's `<`
  uint32_t column = 0;  ///< 1-based column (in characters) of the start tag's `<`

  /// The attribute with this local name (any namespace when `ns` is empty), or nullptr.
  const Attribute* FindAttribute(std::string_view local_name, std::string_view ns = {}) const;
  /// The attribute's value, or `fallback` when absent.
  std::string AttributeOr(std::string_view local_name, std::string fallback = {}) const;
  /// The first child with this local name (and namespace, unless `ns` is empty), or nullptr.
  const Element* FirstChild(std::string_view local_name, std::string_view ns = {}) const;
  /// All children with this local name (and namespace, unless `ns` is empty).
  std::vector<const Element*> ChildrenNamed(std::string_view local_name, std::string_view ns = {}) const;
  /// `text` with leading and trailing XML whitespace removed.
  std::string TrimmedText() const;
};

struct Document {
  Element root{};
  std::string encoding{};  ///< as declared (e.g. "ISO-8859-1"); content is always UTF-8 here
};

/// Parses `bytes` (any encoding libxml2 detects from a BOM or the declaration) as the file
/// `file` (used in locations). Findings go to `sink`: `xml.malformed` (with line and column),
/// `xml.entity-blocked` (external entities, entity loops), `xml.too-large`, `xml.too-deep`.
/// Returns kMalformed (or kLimitExceeded) when no tree could be built; the finding is then in
/// `sink` already. Thread-safe: call from any thread.
Result<Document> Parse(std::string_view bytes, std::string_view file, const Limits& limits, DiagnosticSink& sink);

/// Reads `entry` of `source` (at most `limits.max_xml_bytes`) and parses it as Parse() does,
/// with the entry's path as the file. A larger entry gives `xml.too-large`; an entry that
/// cannot be read gives `zip.corrupt`. Either way the finding is in `sink` when this fails.
Result<Document> ParseEntry(Source& source, const EntryInfo& entry, const Limits& limits, DiagnosticSink& sink);

/// Routes libxml2's process-wide error output away from stderr. Called by Parse() as needed;
/// the engine calls it once at start-up, before it creates threads.
void InstallQuietErrorHandlers();

}  // namespace cpk::xml
