// Paragraph layout: measure with one shaping of the paragraph, break greedily at ICU's line
// break opportunities (between grapheme clusters when a word alone is too wide), then shape each
// line on its own and order its runs visually.

#include "cpk/fonts/layout.hpp"

#include <unicode/brkiter.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <memory>

#include "cpk/fonts/normalize.hpp"
#include "font_face_impl.hpp"
#include "utf.hpp"

namespace cpk::fonts {
namespace {

std::vector<size_t> Boundaries(std::string_view text, icu::BreakIterator* it) {
  std::vector<size_t> out;
  if (it == nullptr) return {text.size()};
  const internal::Utf16Text u = internal::ToUtf16(text);
  const icu::UnicodeString s(false, reinterpret_cast<const UChar*>(u.units.data()),
                             static_cast<int32_t>(u.units.size()));
  it->setText(s);
  for (int32_t p = it->first(); p != icu::BreakIterator::DONE; p = it->next()) out.push_back(u.utf8_offset[p]);
  if (out.empty() || out.back() != text.size()) out.push_back(text.size());
  return out;
}

bool IsTrailingSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || u_charType(c) == U_SPACE_SEPARATOR; }

/// End of the visible part of [start, end): trailing spaces cut off.
size_t VisibleEnd(std::string_view text, size_t start, size_t end) {
  size_t visible = start;
  size_t i = start;
  while (i < end) {
    const char32_t c = internal::NextCodePoint(text, i);
    if (!IsTrailingSpace(c) && c != '\r' && c != '\n') visible = i;
  }
  return visible;
}

struct Paragraph {
  size_t start = 0;
  size_t end = 0;
};

std::vector<Paragraph> SplitParagraphs(std::string_view text) {
  std::vector<Paragraph> out;
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      out.push_back({start, i > start && text[i - 1] == '\r' ? i - 1 : i});
      start = ++i;
    } else if (text.compare(i, 3, "\u2029") == 0) {
      out.push_back({start, i});
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  out.push_back({start, text.size()});
  return out;
}

}  // namespace

std::vector<size_t> LineBreakOpportunities(std::string_view text, std::string_view language) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale(std::string(language).c_str());
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createLineInstance(locale, status));
  std::vector<size_t> out = Boundaries(text, U_SUCCESS(status) ? it.get() : nullptr);
  if (!out.empty() && out.front() == 0) out.erase(out.begin());
  // UAX #14 allows a break between a space and a combining mark after it (rule LB10), which
  // is inside one grapheme cluster: keep only the opportunities on cluster boundaries.
  const std::vector<size_t> graphemes = GraphemeBoundaries(text);
  std::erase_if(out, [&](size_t at) { return !std::binary_search(graphemes.begin(), graphemes.end(), at); });
  if (out.empty() || out.back() != text.size()) out.push_back(text.size());
  return out;
}

std::vector<size_t> GraphemeBoundaries(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  std::vector<size_t> out = Boundaries(text, U_SUCCESS(status) ? it.get() : nullptr);
  if (out.empty() || out.front() != 0) out.insert(out.begin(), 0);
  return out;
}

LaidOutText LayoutText(const FontCatalog& fonts, std::string_view input, const LayoutOptions& options) {
  LaidOutText out;
  out.text = ToNfc(input);
  out.font_size = options.font_size;
  const std::string& text = out.text;
  const auto px = [&](const ShapedRun& r, int64_t units) {
    return r.font == nullptr ? 0.0 : static_cast<double>(units) * options.font_size / r.font->units_per_em();
  };
  double y = 0;
  for (const Paragraph& para : SplitParagraphs(text)) {
    const std::string_view para_text = std::string_view(text).substr(para.start, para.end - para.start);
    const bool rtl = IsRightToLeftParagraph(para_text, options.shape.direction);
    ShapeOptions shape = options.shape;
    shape.direction = rtl ? BaseDirection::kRightToLeft : BaseDirection::kLeftToRight;

    // Measure: the advance of every cluster, by the byte offset where it starts.
    const ShapedText measured = ShapeRange(fonts, text, para.start, para.end, shape);
    for (const Diagnostic& d : measured.diagnostics) {
      if (std::find(out.diagnostics.begin(), out.diagnostics.end(), d) == out.diagnostics.end()) {
        out.diagnostics.push_back(d);
      }
    }
    std::vector<double> advance_at(para.end - para.start + 1, 0.0);
    for (const ShapedRun& r : measured.runs) {
      for (const Glyph& g : r.glyphs) advance_at[g.cluster - para.start] += px(r, g.x_advance);
    }
    const auto width_of = [&](size_t a, size_t b) {  // absolute offsets
      double w = 0;
      for (size_t k = a; k < b; ++k) w += advance_at[k - para.start];
      return w;
    };

    // Break greedily.
    std::vector<std::pair<size_t, size_t>> line_ranges;
    size_t line_start = para.start;
    size_t prev = para.start;
    double line_width = 0;  // of [line_start, prev), trailing spaces included
    const std::string primary_language = options.shape.language.empty() && !measured.runs.empty()
                                             ? measured.runs.front().run.language
                                             : options.shape.language;
    std::vector<size_t> breaks;
    for (size_t rel : LineBreakOpportunities(para_text, primary_language)) breaks.push_back(para.start + rel);
    for (const size_t brk : breaks) {
      const double visible = width_of(prev, VisibleEnd(text, prev, brk));
      if (options.max_width > 0 && prev > line_start && line_width + visible > options.max_width) {
        line_ranges.emplace_back(line_start, prev);
        line_start = prev;
        line_width = 0;
      }
      if (options.max_width > 0 && prev == line_start && visible > options.max_width) {
        // A word wider than the line: break it between grapheme clusters.
        const std::vector<size_t> graphemes = GraphemeBoundaries(std::string_view(text).substr(prev, brk - prev));
        double w = 0;
        for (size_t k = 0; k + 1 < graphemes.size(); ++k) {
          const size_t a = prev + graphemes[k];
          const size_t b = prev + graphemes[k + 1];
          const double cw = width_of(a, b);
          if (a > line_start && w + cw > options.max_width) {
            line_ranges.emplace_back(line_start, a);
            line_start = a;
            w = 0;
          }
          w += cw;
        }
        line_width = width_of(line_start, brk);
      } else {
        line_width += width_of(prev, brk);
      }
      prev = brk;
    }
    line_ranges.emplace_back(line_start, para.end);

    // Shape each line on its own. Shaping in context can differ from shaping alone (a word
    // broken between clusters takes other joining forms): a line that comes out too wide gives
    // its end to the next line, at the previous break opportunity or grapheme boundary.
    std::vector<size_t> graphemes;
    for (size_t rel : GraphemeBoundaries(para_text)) graphemes.push_back(para.start + rel);
    const auto shorter_end = [&](size_t ls, size_t le) {
      for (const std::vector<size_t>* candidates : {&breaks, &graphemes}) {
        auto it = std::lower_bound(candidates->begin(), candidates->end(), le);
        if (it != candidates->begin() && *std::prev(it) > ls) return *std::prev(it);
      }
      return le;
    };
    for (size_t k = 0; k < line_ranges.size(); ++k) {
      size_t ls = line_ranges[k].first;
      size_t le = line_ranges[k].second;
      ShapedText shaped = ShapeRange(fonts, text, ls, VisibleEnd(text, ls, le), shape);
      while (options.max_width > 0) {
        double shaped_width = 0;
        for (const ShapedRun& r : shaped.runs) shaped_width += px(r, r.advance());
        if (shaped_width <= options.max_width + 1e-6) break;
        const size_t end = shorter_end(ls, le);
        if (end == le) break;  // one grapheme cluster: it overflows
        if (k + 1 < line_ranges.size()) {
          line_ranges[k + 1].first = end;
        } else {
          line_ranges.emplace_back(end, le);
        }
        le = end;
        shaped = ShapeRange(fonts, text, ls, VisibleEnd(text, ls, le), shape);
      }
      LaidOutLine line;
      line.start = ls;
      line.end = le;
      line.right_to_left = rtl;
      // Metrics: the fonts of the line, or the paragraph's first font for an empty line.
      std::vector<const FontFace*> line_fonts;
      for (const ShapedRun& r : shaped.runs) line_fonts.push_back(r.font);
      if (line_fonts.empty() && !measured.runs.empty()) line_fonts.push_back(measured.runs.front().font);
      if (line_fonts.empty()) line_fonts.push_back(fonts.PrimaryFont("Latn", options.shape.language, shape.style));
      double gap = 0;
      for (const FontFace* f : line_fonts) {
        if (f == nullptr) continue;
        const double scale = options.font_size / f->units_per_em();
        line.ascent = std::max(line.ascent, f->ascender() * scale);
        line.descent = std::max(line.descent, -f->descender() * scale);
        gap = std::max(gap, f->line_gap() * scale);
      }
      if (line.ascent + line.descent <= 0) {
        line.ascent = options.font_size * 0.8;
        line.descent = options.font_size * 0.2;
      }
      const double natural = line.ascent + line.descent + gap;
      const double height = natural * options.line_spacing;
      line.baseline = y + (height - natural) / 2 + gap / 2 + line.ascent;
      y += height;

      // Visual order of the runs (UAX #9 rule L2 over run levels).
      std::vector<UBiDiLevel> levels;
      for (const ShapedRun& r : shaped.runs) levels.push_back(r.run.level);
      std::vector<int32_t> visual(levels.size());
      if (!levels.empty()) ubidi_reorderVisual(levels.data(), static_cast<int32_t>(levels.size()), visual.data());
      double x = 0;
      for (int32_t logical : visual) {
        PlacedRun placed;
        placed.shaped = std::move(shaped.runs[static_cast<size_t>(logical)]);
        placed.x = x;
        x += px(placed.shaped, placed.shaped.advance());
        line.runs.push_back(std::move(placed));
      }
      line.width = x;
      out.lines.push_back(std::move(line));
    }
  }
  out.height = y;
  double widest = 0;
  for (const LaidOutLine& l : out.lines) widest = std::max(widest, l.width);
  out.width = options.max_width > 0 ? std::max(options.max_width, widest) : widest;
  for (LaidOutLine& l : out.lines) {
    const Align align =
        options.align == Align::kStart ? (l.right_to_left ? Align::kRight : Align::kLeft) : options.align;
    l.x = align == Align::kLeft ? 0 : align == Align::kRight ? out.width - l.width : (out.width - l.width) / 2;
  }
  return out;
}

Box InkBounds(const LaidOutText& layout) {
  Box box{0, 0, 0, 0};
  bool any = false;
  for (const LaidOutLine& line : layout.lines) {
    for (const PlacedRun& placed : line.runs) {
      const ShapedRun& run = placed.shaped;
      if (run.font == nullptr) continue;
      hb_font_t* font = internal::Loaded(*run.font).hb_font();
      const double scale = layout.font_size / run.font->units_per_em();
      double pen = line.x + placed.x;
      double pen_y = 0;
      for (const Glyph& g : run.glyphs) {
        hb_glyph_extents_t e{};
        if (hb_font_get_glyph_extents(font, g.id, &e) && e.width != 0 && e.height != 0) {
          const double left = pen + (g.x_offset + e.x_bearing) * scale;
          const double right = left + e.width * scale;
          const double top = line.baseline - (pen_y + (g.y_offset + e.y_bearing) * scale);
          const double bottom = top - e.height * scale;  // height is negative (y grows upwards)
          if (!any) box = {left, top, right, bottom};
          box = {std::min(box.left, left), std::min(box.top, top), std::max(box.right, right),
                 std::max(box.bottom, bottom)};
          any = true;
        }
        pen += g.x_advance * scale;
        pen_y += g.y_advance * scale;
      }
    }
  }
  return box;
}

}  // namespace cpk::fonts
