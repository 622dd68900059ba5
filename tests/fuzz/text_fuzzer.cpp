// Fuzz harness for the text engine: normalisation, itemisation, font choice, shaping, line
// breaking, raster and PDF drawing.
// Input: the first byte chooses the mode. Even: the rest is UTF-8 taken as it is (invalid
// sequences included). Odd: every two bytes pick a code point from the blocks the platform's
// scripts use (Latin, Devanagari … Malayalam, Arabic, Ol Chiki, Meetei Mayek) plus spaces,
// digits, joiners, bidi controls, brackets and newlines, so that random input is dense
// mixed-script text with stray marks and broken sequences.
// Oracle: no crash, no sanitizer report; runs tile the text; glyph clusters lie inside their
// run; laid-out lines re-join to the text in order and never start inside a grapheme cluster.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "cpk/core/text_encoding.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/normalize.hpp"
#include "cpk/fonts/render.hpp"
#include "cpk/fonts/shaping.hpp"
#include "fuzz_common.hpp"

namespace {

using cpk::fuzz::Die;

constexpr size_t kMaxInput = 2048;

std::string MixedScriptText(const uint8_t* data, size_t size) {
  struct Block {
    char32_t first;
    char32_t count;
  };
  static constexpr Block kBlocks[] = {
      {0x0020, 0x5F}, {0x0900, 0x80}, {0x0980, 0x80}, {0x0A00, 0x80}, {0x0A80, 0x80},  {0x0B00, 0x80},
      {0x0B80, 0x80}, {0x0C00, 0x80}, {0x0C80, 0x80}, {0x0D00, 0x80}, {0x0600, 0x100}, {0x1C50, 0x30},
      {0xABC0, 0x40}, {0xAAE0, 0x20}, {0x06F0, 0x10}, {0x200B, 0x05}, {0x202A, 0x05},  {0x2066, 0x04},
      {0x0964, 0x02}, {0x25CC, 0x01}, {0x000A, 0x01}, {0x0028, 0x02}, {0x10FFFD, 1},   {0xFFFD, 1},
  };
  constexpr size_t kBlockCount = sizeof kBlocks / sizeof kBlocks[0];
  std::string out;
  for (size_t i = 0; i + 1 < size; i += 2) {
    const Block& b = kBlocks[data[i] % kBlockCount];
    cpk::AppendUtf8(out, b.first + data[i + 1] % b.count);
  }
  return out;
}

const cpk::fonts::FontCatalog& Fonts() {
  static const cpk::fonts::FontCatalog catalog;
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxInput) return 0;
  const uint8_t mode = data[0];
  const std::string text = (mode & 1) != 0 ? MixedScriptText(data + 1, size - 1)
                                           : std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kLanguages[] = {"", "hi", "mr", "bn", "ta", "ml", "ur", "sat", "mni", "mni-Beng", "en"};
  cpk::fonts::ShapeOptions shape;
  shape.language = kLanguages[(mode >> 1) % (sizeof kLanguages / sizeof kLanguages[0])];
  shape.direction = static_cast<cpk::fonts::BaseDirection>((mode >> 5) % 3);

  const cpk::fonts::ShapedText shaped = cpk::fonts::ShapeText(Fonts(), text, shape);
  if (shaped.text != cpk::fonts::ToNfc(text)) Die("ShapedText::text is not the NFC of the input");
  size_t at = 0;
  for (const cpk::fonts::ShapedRun& r : shaped.runs) {
    if (r.run.start != at || r.run.end <= r.run.start) Die("runs do not tile the text");
    for (const cpk::fonts::Glyph& g : r.glyphs) {
      if (g.cluster < r.run.start || g.cluster >= r.run.end) Die("a glyph's cluster lies outside its run");
    }
    at = r.run.end;
  }
  if (at != shaped.text.size()) Die("runs do not cover the text");

  cpk::fonts::LayoutOptions layout;
  layout.shape = shape;
  layout.font_size = 8 + (mode % 7) * 3;
  layout.max_width = (mode & 0x10) != 0 ? 0 : 20 + (size % 200);
  const cpk::fonts::LaidOutText laid_out = cpk::fonts::LayoutText(Fonts(), text, layout);
  const std::vector<size_t> graphemes = cpk::fonts::GraphemeBoundaries(laid_out.text);
  size_t previous_end = 0;
  for (const cpk::fonts::LaidOutLine& line : laid_out.lines) {
    if (line.start < previous_end || line.end < line.start || line.end > laid_out.text.size()) {
      Die("lines are out of order");
    }
    if (!std::binary_search(graphemes.begin(), graphemes.end(), line.start)) {
      Die("a line starts inside a grapheme cluster");
    }
    previous_end = line.end;
  }
  if (!text.empty() && (mode & 0x40) != 0) {
    (void)cpk::fonts::RenderBitmap(laid_out);
  } else if (!text.empty() && (mode & 0x80) != 0) {
    (void)cpk::fonts::RenderPdf(laid_out);
  }
  return 0;
}
