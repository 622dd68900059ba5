#include "cpk/formats/pdf.hpp"

#include "cpk/io/sniff.hpp"

namespace cpk::formats::pdf {

void Register(Registry& registry) {
  FormatHandler h;
  h.kind = "pdf";
  h.description = "PDF document";
  h.detect = [](Source& source) {
    if (source.kind() != SourceKind::kFile || source.entries().empty()) return Confidence::kNone;
    // The header may follow up to 1 KiB of junk (PDF 32000-1, 7.5.2 implementation note).
    const std::string head = io::ReadHead(source, source.entries().front(), 1024);
    return head.find("%PDF-") != std::string::npos ? Confidence::kLikely : Confidence::kNone;
  };
  registry.AddFormat(std::move(h));
}

}  // namespace cpk::formats::pdf
