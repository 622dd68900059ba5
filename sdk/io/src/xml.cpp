// Safe XML on libxml2 2.9: XML_PARSE_NONET | XML_PARSE_BIG_LINES only (never NOENT or DTDLOAD,
// so no entity is ever loaded from a file or the network), per-parse error capture through the
// parser context, and a start-element hook that records where each start tag begins.
#include "cpk/io/xml.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "cpk/io/codes.hpp"

namespace cpk::xml {
namespace {

struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

struct ParseState {
  DiagnosticSink* sink = nullptr;
  std::string file;
  uint32_t max_depth = 0;
  uint32_t depth = 0;
  bool too_deep = false;
  bool entity_problem = false;
  size_t errors_reported = 0;
  std::unordered_map<const xmlNode*, Position> positions;
  startElementNsSAX2Func sax_start = nullptr;
  endElementNsSAX2Func sax_end = nullptr;
};

void Quiet(void*, const char*, ...) {}
void QuietStructured(void*, xmlErrorPtr) {}

std::string Str(const xmlChar* s) { return s ? std::string(reinterpret_cast<const char*>(s)) : std::string(); }

std::string TrimMessage(const char* m) {
  std::string s = m ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

uint32_t CodePoints(const xmlChar* from, const xmlChar* to) {
  uint32_t n = 0;
  for (const xmlChar* p = from; p < to; ++p) {
    if ((*p & 0xC0) != 0x80) ++n;
  }
  return n;
}

/// Where the start tag that was just parsed begins: scans back from the parser's cursor to its
/// `<` (a start tag cannot contain `<`).
Position StartTagPosition(xmlParserCtxtPtr ctxt) {
  xmlParserInputPtr in = ctxt->input;
  if (in == nullptr || in->cur == nullptr || in->base == nullptr) return {};
  const xmlChar* p = in->cur;
  uint32_t newlines = 0;
  while (p > in->base && *(p - 1) != '<') {
    --p;
    if (*p == '\n') ++newlines;
  }
  if (p == in->base) return {static_cast<uint32_t>(in->line), 0};
  const xmlChar* lt = p - 1;
  Position pos;
  pos.line = static_cast<uint32_t>(in->line) - newlines;
  if (newlines == 0) {
    const uint32_t span = CodePoints(lt, in->cur);
    pos.column = static_cast<uint32_t>(in->col) > span ? static_cast<uint32_t>(in->col) - span : 1;
  } else {
    const xmlChar* q = lt;
    while (q > in->base && *(q - 1) != '\n') --q;
    pos.column = CodePoints(q, lt) + 1;
  }
  return pos;
}

void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int nb_namespaces,
                    const xmlChar** namespaces, int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
  auto ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* state = static_cast<ParseState*>(ctxt->_private);
  const Position pos = StartTagPosition(ctxt);
  state->sax_start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
  if (ctxt->node != nullptr) state->positions[ctxt->node] = pos;
  if (++state->depth > state->max_depth && !state->too_deep) {
    state->too_deep = true;
    state->sink->Add(codes::kXmlTooDeep,
                     "elements are nested more than " + std::to_string(state->max_depth) + " levels deep",
                     {state->file, pos.line, pos.column}, "flatten the document; real manifests nest a few levels");
    xmlStopParser(ctxt);
  }
}

void OnEndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  auto ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* state = static_cast<ParseState*>(ctxt->_private);
  if (state->depth > 0) --state->depth;
  state->sax_end(ctx, localname, prefix, uri);
}

void OnError(void* user, xmlErrorPtr e) {
  auto ctxt = static_cast<xmlParserCtxtPtr>(user);
  if (ctxt == nullptr || e == nullptr) return;
  auto* state = static_cast<ParseState*>(ctxt->_private);
  if (state == nullptr || e->level == XML_ERR_WARNING || e->code == XML_ERR_USER_STOP) return;
  ++state->errors_reported;
  const Location where{state->file, static_cast<uint32_t>(e->line > 0 ? e->line : 0),
                       static_cast<uint32_t>(e->int2 > 0 ? e->int2 : 0)};
  const std::string message = TrimMessage(e->message);
  if (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_ENTITY_PE_INTERNAL) {
    if (!state->entity_problem) {
      state->entity_problem = true;
      state->sink->Add(codes::kXmlEntityBlocked,
                       "the document defines entities that refer to each other (an entity-expansion attack such as "
                       "'billion laughs'); it was not expanded",
                       where, "remove the <!DOCTYPE> block with its <!ENTITY> declarations");
    }
    return;
  }
  if (e->domain == XML_FROM_NAMESPACE) {
    state->sink->Add(
        codes::kXmlNamespace, "namespace error: " + message, where,
        "declare the prefix on the root element, e.g. xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"");
    return;
  }
  // A bare '&' (e.g. "Q&A" in a title) is the most common way authoring tools break XML.
  const bool ampersand = e->code == XML_ERR_ENTITYREF_SEMICOL_MISSING || e->code == XML_ERR_NAME_REQUIRED ||
                         e->code == XML_ERR_UNDECLARED_ENTITY;
  state->sink->Add(codes::kXmlMalformed, "not well-formed XML: " + message, where,
                   ampersand ? "write a literal '&' as '&amp;' (e.g. 'Q&amp;A'); '<' as '&lt;'"
                             : "fix the XML at this line (an editor with XML checking shows it)");
}

/// Reports external entity declarations (they are never loaded: XXE attempts read nothing).
void CheckEntityDeclarations(xmlDocPtr doc, ParseState& state) {
  if (doc->intSubset == nullptr) return;
  for (xmlNodePtr n = doc->intSubset->children; n != nullptr; n = n->next) {
    if (n->type != XML_ENTITY_DECL) continue;
    auto ent = reinterpret_cast<xmlEntityPtr>(n);
    const bool external = ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
                          ent->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
                          ent->etype == XML_EXTERNAL_PARAMETER_ENTITY;
    if (!external) continue;
    state.sink->Add(codes::kXmlEntityBlocked,
                    "external entity '" + Str(ent->name) + "' (" + Str(ent->SystemID) +
                        ") was not loaded: documents may not read other files or the network",
                    {state.file, static_cast<uint32_t>(xmlGetLineNo(n) > 0 ? xmlGetLineNo(n) : 0), 0},
                    "remove the <!DOCTYPE> block with its <!ENTITY> declarations");
  }
}

void AppendText(const xmlNode* n, std::string& out) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    out += Str(n->content);
  } else if (n->type == XML_ENTITY_REF_NODE) {
    // Internal entities expand to their (already parsed, bounded) literal text; external ones
    // were never loaded and expand to nothing.
    auto ent = reinterpret_cast<const xmlEntity*>(n->children);
    if (ent != nullptr && ent->etype == XML_INTERNAL_GENERAL_ENTITY && ent->content != nullptr) {
      const std::string content = Str(ent->content);
      if (content.find('&') == std::string::npos && content.find('<') == std::string::npos) out += content;
    }
  }
}

void Convert(const xmlNode* node, const ParseState& state, Element& out) {
  out.name = Str(node->name);
  if (node->ns != nullptr) {
    out.ns = Str(node->ns->href);
    out.prefix = Str(node->ns->prefix);
  }
  if (auto it = state.positions.find(node); it != state.positions.end()) {
    out.line = it->second.line;
    out.column = it->second.column;
  } else {
    out.line = static_cast<uint32_t>(std::max(0L, xmlGetLineNo(node)));
  }
  for (const xmlNs* ns = node->nsDef; ns != nullptr; ns = ns->next)
    out.namespaces.emplace_back(Str(ns->prefix), Str(ns->href));
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    Attribute attr;
    attr.name = Str(a->name);
    if (a->ns != nullptr) attr.ns = Str(a->ns->href);
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) AppendText(c, attr.value);
    out.attributes.push_back(std::move(attr));
  }
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      out.children.emplace_back();
      Convert(c, state, out.children.back());
    } else {
      AppendText(c, out.text);
    }
  }
}

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void InstallQuietErrorHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlThrDefSetGenericErrorFunc(nullptr, Quiet);
    xmlThrDefSetStructuredErrorFunc(nullptr, QuietStructured);
  });
  // The handlers are per thread; threads that existed before the defaults were set need this.
  xmlSetGenericErrorFunc(nullptr, Quiet);
  xmlSetStructuredErrorFunc(nullptr, QuietStructured);
}

Result<Document> Parse(std::string_view bytes, std::string_view file, const Limits& limits, DiagnosticSink& sink) {
  InstallQuietErrorHandlers();
  const std::string file_name(file);
  if (bytes.size() > limits.max_xml_bytes) {
    sink.Add(codes::kXmlTooLarge,
             "the XML document has " + std::to_string(bytes.size()) + " bytes, more than the limit of " +
                 std::to_string(limits.max_xml_bytes),
             {file_name}, "descriptors of real courses are far smaller; remove embedded data");
    return Fail(Errc::kLimitExceeded, "XML document too large", {file_name});
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Fail(Errc::kLimitExceeded, "XML too large");

  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(), &xmlFreeParserCtxt);
  if (!ctxt) return Fail(Errc::kInternal, "cannot create an XML parser");
  ParseState state;
  state.sink = &sink;
  state.file = file_name;
  state.max_depth = limits.max_xml_depth;
  state.sax_start = ctxt->sax->startElementNs;
  state.sax_end = ctxt->sax->endElementNs;
  ctxt->_private = &state;
  ctxt->sax->serror = OnError;
  ctxt->sax->startElementNs = OnStartElement;
  ctxt->sax->endElementNs = OnEndElement;
  ctxt->vctxt.error = nullptr;
  ctxt->vctxt.warning = nullptr;

  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), file_name.c_str(), nullptr,
                        XML_PARSE_NONET | XML_PARSE_BIG_LINES),
      &xmlFreeDoc);
  if (state.too_deep) return Fail(Errc::kLimitExceeded, "XML nesting too deep", {file_name});
  if (!doc || !ctxt->wellFormed || state.entity_problem) {
    if (state.errors_reported == 0) {
      // libxml2 reported nothing through the callback (e.g. an empty document): say it.
      sink.Add(codes::kXmlMalformed, "not well-formed XML: the document is empty or has no root element",
               {file_name, 1, 1}, "the file must contain one root element, such as <manifest>");
    }
    return Fail(Errc::kMalformed, "XML document is not well-formed", {file_name});
  }
  CheckEntityDeclarations(doc.get(), state);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    sink.Add(codes::kXmlMalformed, "not well-formed XML: the document has no root element", {file_name, 1, 1},
             "the file must contain one root element, such as <manifest>");
    return Fail(Errc::kMalformed, "XML document has no root element", {file_name});
  }
  Document out;
  out.encoding = Str(doc->encoding);
  Convert(root, state, out.root);
  return out;
}

Result<Document> ParseEntry(Source& source, const EntryInfo& entry, const Limits& limits, DiagnosticSink& sink) {
  auto bytes = source.ReadAll(entry, limits.max_xml_bytes);
  if (!bytes) {
    if (bytes.error().code == Errc::kLimitExceeded) {
      sink.Add(codes::kXmlTooLarge,
               "the XML document is larger than the limit of " + std::to_string(limits.max_xml_bytes) + " bytes",
               {entry.path}, "descriptors of real courses are far smaller; remove embedded data");
    } else if (bytes.error().code != Errc::kCancelled) {
      sink.Add(codes::kZipCorrupt, "cannot read the XML document: " + bytes.error().message, {entry.path},
               "the upload was probably damaged; zip the course again and upload it");
    }
    return Fail(bytes.error());
  }
  return Parse(*bytes, entry.path, limits, sink);
}

const Attribute* Element::FindAttribute(std::string_view local_name, std::string_view ns_uri) const {
  for (const Attribute& a : attributes) {
    if (a.name == local_name && (ns_uri.empty() || a.ns == ns_uri)) return &a;
  }
  return nullptr;
}

std::string Element::AttributeOr(std::string_view local_name, std::string fallback) const {
  const Attribute* a = FindAttribute(local_name);
  return a != nullptr ? a->value : std::move(fallback);
}

const Element* Element::FirstChild(std::string_view local_name, std::string_view ns_uri) const {
  for (const Element& c : children) {
    if (c.name == local_name && (ns_uri.empty() || c.ns == ns_uri)) return &c;
  }
  return nullptr;
}

std::vector<const Element*> Element::ChildrenNamed(std::string_view local_name, std::string_view ns_uri) const {
  std::vector<const Element*> out;
  for (const Element& c : children) {
    if (c.name == local_name && (ns_uri.empty() || c.ns == ns_uri)) out.push_back(&c);
  }
  return out;
}

std::string Element::TrimmedText() const {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && IsXmlSpace(text[b])) ++b;
  while (e > b && IsXmlSpace(text[e - 1])) --e;
  return text.substr(b, e - b);
}

}  // namespace cpk::xml
