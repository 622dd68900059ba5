// Fuzz harness for caption files: cpk::formats::video::ReadCaptions on the raw bytes, read both
// as SRT and as WebVTT. Oracle: no crash, no sanitizer report; cues are in start order, end
// after they start and have text; what WriteWebVtt writes is valid UTF-8 NFC WebVTT that reads
// back to the same cues without a single finding (the repair is complete and stable).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpk/core/report.hpp"
#include "cpk/formats/video_captions.hpp"
#include "cpk/io/unicode.hpp"
#include "fuzz_common.hpp"

namespace {

using cpk::fuzz::Die;
namespace fv = cpk::formats::video;

void Check(std::string_view bytes, const std::string& name) {
  cpk::Report report;
  const fv::Captions captions = fv::ReadCaptions(bytes, name, report);
  for (size_t i = 0; i < captions.cues.size(); ++i) {
    const fv::Cue& c = captions.cues[i];
    if (c.end_ms <= c.start_ms) Die("a cue ends before it starts");
    if (c.text.empty()) Die("a cue without text");
    if (i > 0 && captions.cues[i - 1].start_ms > c.start_ms) Die("cues out of order");
  }
  const std::string vtt = fv::WriteWebVtt(captions);
  if (!cpk::io::IsValidUtf8(vtt)) Die("WebVTT output is not UTF-8");
  if (cpk::io::ToNfc(vtt) != vtt) Die("WebVTT output is not NFC");
  cpk::Report again;
  const fv::Captions back = fv::ReadCaptions(vtt, "again.vtt", again);
  // An empty track is only ever "no cue that can be shown".
  if (again.diagnostics().size() > (captions.cues.empty() ? 1u : 0u)) {
    Die("the written WebVTT has findings: " + again.diagnostics().front().message);
  }
  if (back.cues.size() != captions.cues.size()) Die("the written WebVTT reads back to another number of cues");
  for (size_t i = 0; i < back.cues.size(); ++i) {
    const fv::Cue& a = captions.cues[i];
    const fv::Cue& b = back.cues[i];
    if (a.start_ms != b.start_ms || a.end_ms != b.end_ms || a.text != b.text || a.settings != b.settings) {
      Die("cue " + std::to_string(i) + " reads back differently");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes, "fuzz.srt");
  Check(bytes, "fuzz.vtt");
  return 0;
}
