// Shaping: itemised runs → font per run (split per grapheme cluster where the preferred font
// lacks glyphs another font has) → HarfBuzz.

#include "cpk/fonts/shaping.hpp"

#include <hb.h>

#include <algorithm>
#include <memory>
#include <set>

#include "cpk/fonts/codes.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/normalize.hpp"
#include "font_face_impl.hpp"
#include "utf.hpp"

namespace cpk::fonts {
namespace {

/// A piece of a run that one font draws.
struct Piece {
  size_t start = 0;
  size_t end = 0;
  const FontFace* font = nullptr;
};

/// Splits `run` where fonts change: the whole run goes to one font when one has every glyph;
/// otherwise each grapheme cluster goes to the first font that has its glyphs.
std::vector<Piece> ChooseFonts(const FontCatalog& fonts, std::string_view text, const TextRun& run, FontStyle style) {
  const FontFace* whole =
      fonts.FontFor(run.script, run.language, style, internal::CodePoints(text, run.start, run.end));
  std::vector<Piece> pieces;
  const auto covers = [](const FontFace* f, const std::vector<char32_t>& cps) {
    return f != nullptr &&
           std::all_of(cps.begin(), cps.end(), [f](char32_t c) { return f->Covers(c) || internal::NeedsNoGlyph(c); });
  };
  if (covers(whole, internal::CodePoints(text, run.start, run.end))) return {{run.start, run.end, whole}};
  const std::string_view piece_text = text.substr(run.start, run.end - run.start);
  const std::vector<size_t> bounds = GraphemeBoundaries(piece_text);
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    const size_t a = run.start + bounds[k];
    const size_t b = run.start + bounds[k + 1];
    const std::vector<char32_t> cps = internal::CodePoints(text, a, b);
    // Keep the current font while it can draw the cluster: fewer, longer pieces shape better.
    const FontFace* f = !pieces.empty() && covers(pieces.back().font, cps) ? pieces.back().font
                        : covers(whole, cps)                               ? whole
                                             : fonts.FontFor(run.script, run.language, style, cps);
    if (!pieces.empty() && pieces.back().font == f) {
      pieces.back().end = b;
    } else {
      pieces.push_back({a, b, f});
    }
  }
  return pieces;
}

struct BufferDeleter {
  void operator()(hb_buffer_t* b) const { hb_buffer_destroy(b); }
};

}  // namespace

int64_t ShapedRun::advance() const {
  int64_t sum = 0;
  for (const Glyph& g : glyphs) sum += g.x_advance;
  return sum;
}

ShapedText ShapeRange(const FontCatalog& fonts, std::string_view text, size_t start, size_t end,
                      const ShapeOptions& options) {
  ShapedText out;
  end = std::min(end, text.size());
  if (start >= end) return out;
  const std::string_view range = text.substr(start, end - start);
  std::vector<TextRun> runs = ItemizeText(range, options.language, options.direction);
  std::set<char32_t> missing;
  std::vector<size_t> invalid_at;
  const std::unique_ptr<hb_buffer_t, BufferDeleter> buffer(hb_buffer_create());
  for (TextRun& run : runs) {
    run.start += start;
    run.end += start;
    for (const Piece& piece : ChooseFonts(fonts, text, run, options.style)) {
      ShapedRun shaped;
      shaped.run = run;
      shaped.run.start = piece.start;
      shaped.run.end = piece.end;
      shaped.font = piece.font;
      if (piece.font == nullptr) {
        for (char32_t c : internal::CodePoints(text, piece.start, piece.end)) missing.insert(c);
        out.runs.push_back(std::move(shaped));
        continue;
      }
      const internal::LoadedFace& face = internal::Loaded(*piece.font);
      hb_buffer_t* b = buffer.get();
      hb_buffer_clear_contents(b);
      hb_buffer_add_utf8(b, range.data(), static_cast<int>(range.size()), static_cast<unsigned>(piece.start - start),
                         static_cast<int>(piece.end - piece.start));
      hb_buffer_set_direction(b, run.right_to_left() ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
      hb_buffer_set_script(b, hb_script_from_string(run.script.c_str(), -1));
      hb_buffer_set_language(b, hb_language_from_string(run.language.c_str(), -1));
      hb_shape(face.hb_font(), b, nullptr, 0);
      unsigned count = 0;
      const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(b, &count);
      const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(b, &count);
      shaped.glyphs.reserve(count);
      std::vector<size_t> cluster_starts;  // sorted, filled on the first .notdef
      const bool text_has_circle =
          range.substr(piece.start - start, piece.end - piece.start).find("\u25CC") != std::string_view::npos;
      for (unsigned i = 0; i < count; ++i) {
        Glyph g;
        g.id = info[i].codepoint;
        g.cluster = static_cast<uint32_t>(info[i].cluster + start);
        g.x_advance = pos[i].x_advance;
        g.y_advance = pos[i].y_advance;
        g.x_offset = pos[i].x_offset;
        g.y_offset = pos[i].y_offset;
        shaped.glyphs.push_back(g);
        if (g.id == 0) {
          // The code points of this cluster that needed a glyph (the cluster ends where the next
          // cluster value begins).
          if (cluster_starts.empty()) {
            for (unsigned j = 0; j < count; ++j) cluster_starts.push_back(info[j].cluster + start);
            std::sort(cluster_starts.begin(), cluster_starts.end());
          }
          const auto next = std::upper_bound(cluster_starts.begin(), cluster_starts.end(), size_t{g.cluster});
          const size_t cluster_end = next != cluster_starts.end() ? std::min(*next, piece.end) : piece.end;
          for (char32_t c : internal::CodePoints(text, g.cluster, cluster_end)) {
            if (!internal::NeedsNoGlyph(c) && !face.Covers(c)) {
              missing.insert(c);
            }
          }
        } else if (face.dotted_circle() != 0 && g.id == face.dotted_circle() && !text_has_circle) {
          invalid_at.push_back(g.cluster);
        }
      }
      out.runs.push_back(std::move(shaped));
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (char32_t c : missing) {
      if (!list.empty()) list += ", ";
      list += internal::CodePointName(c);
    }
    out.diagnostics.push_back(MakeDiagnostic(
        codes::kGlyphMissing,
        "no installed font has a glyph for " + list + "; these characters would show as empty boxes (tofu)", {},
        "install a font that covers them (Debian's fonts-noto-core has every Indian script) or add one with --fonts "
        "DIR"));
  }
  for (size_t at : invalid_at) {
    size_t i = at;
    const char32_t c = i < text.size() ? internal::NextCodePoint(text, i) : 0;
    out.diagnostics.push_back(MakeDiagnostic(
        codes::kInvalidSequence,
        "the sign " + internal::CodePointName(c) + " at byte " + std::to_string(at) +
            " has no letter to attach to, so it is drawn on a dotted circle",
        {}, "check the spelling: a vowel sign or virama must follow a consonant (a zero-width joiner may be missing)"));
  }
  return out;
}

ShapedText ShapeText(const FontCatalog& fonts, std::string_view text, const ShapeOptions& options) {
  std::string nfc = ToNfc(text);
  ShapedText out = ShapeRange(fonts, nfc, 0, nfc.size(), options);
  out.text = std::move(nfc);
  return out;
}

}  // namespace cpk::fonts
