#include "pdf_canvas.hpp"

#include "font_face_impl.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <map>
#include <mutex>

namespace cpk::fonts::internal {
namespace {

/// cairo font faces, one per font file, for the life of the process. Each has its own FT_Face
/// (never the one shaping uses), released with the cairo face.
class CairoFaces {
 public:
  static CairoFaces& Instance() {
    static CairoFaces* instance = new CairoFaces();  // never destroyed: cairo may hold faces to exit
    return *instance;
  }

  cairo_font_face_t* Face(const FontFace& font) {
    std::lock_guard lock(mutex_);
    const auto key = std::make_pair(font.path(), font.index());
    if (auto it = faces_.find(key); it != faces_.end()) return it->second;
    cairo_font_face_t* face = nullptr;
    FT_Face ft = nullptr;
    if (library_ != nullptr && FT_New_Face(library_, font.path().c_str(), font.index(), &ft) == 0) {
      face = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
      static cairo_user_data_key_t key_ft;
      if (cairo_font_face_set_user_data(face, &key_ft, ft, [](void* p) { FT_Done_Face(static_cast<FT_Face>(p)); }) !=
          CAIRO_STATUS_SUCCESS) {
        FT_Done_Face(ft);
      }
    }
    faces_[key] = face;
    return face;
  }

 private:
  CairoFaces() {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
  }
  std::mutex mutex_;
  FT_Library library_ = nullptr;
  std::map<std::pair<std::string, unsigned>, cairo_font_face_t*> faces_;
};

bool IsSpaceText(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return !s.empty();
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

struct PdfCanvas::Impl {
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
};

PdfCanvas::PdfCanvas(double width, double height) : impl_(std::make_unique<Impl>()) {
  {
    // cairo stamps the creation date with localtime(), whose time-zone set-up races between
    // threads (ThreadSanitizer shows it): surfaces are created one at a time.
    static std::mutex creation;
    std::lock_guard lock(creation);
    impl_->surface = cairo_pdf_surface_create_for_stream(AppendToString, &impl_->bytes, width, height);
  }
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "coursepack");
  impl_->cr = cairo_create(impl_->surface);
}

PdfCanvas::~PdfCanvas() {
  if (impl_->cr != nullptr) cairo_destroy(impl_->cr);
  if (impl_->surface != nullptr) cairo_surface_destroy(impl_->surface);
}

void PdfCanvas::FillPage(Rgba c) {
  cairo_set_source_rgba(impl_->cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
  cairo_paint(impl_->cr);
}

void PdfCanvas::DrawImage(const Bitmap& bitmap, double x, double y, double width, double height,
                          std::string_view jpeg) {
  if (bitmap.width == 0 || bitmap.height == 0) return;
  cairo_surface_t* image =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(bitmap.width), static_cast<int>(bitmap.height));
  const int stride = cairo_image_surface_get_stride(image);
  cairo_surface_flush(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  for (uint32_t row = 0; row < bitmap.height; ++row) {
    auto* dst = reinterpret_cast<uint32_t*>(data + static_cast<ptrdiff_t>(row) * stride);
    for (uint32_t col = 0; col < bitmap.width; ++col) {
      const uint8_t* p = &bitmap.pixels[(static_cast<size_t>(row) * bitmap.width + col) * 4];
      const uint32_t a = p[3];
      // cairo wants premultiplied native-endian ARGB.
      dst[col] = (a << 24) | ((p[0] * a / 255) << 16) | ((p[1] * a / 255) << 8) | (p[2] * a / 255);
    }
  }
  cairo_surface_mark_dirty(image);
  if (!jpeg.empty()) {
    auto* copy = new std::string(jpeg);
    if (cairo_surface_set_mime_data(
            image, CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()), copy->size(),
            [](void* p) { delete static_cast<std::string*>(p); }, copy) != CAIRO_STATUS_SUCCESS) {
      delete copy;
    }
  }
  cairo_t* cr = impl_->cr;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, width / bitmap.width, height / bitmap.height);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(image);
}

void PdfCanvas::DrawText(const LaidOutText& layout, double x, double y, Rgba colour) {
  cairo_t* cr = impl_->cr;
  cairo_set_source_rgba(cr, colour.r / 255.0, colour.g / 255.0, colour.b / 255.0, colour.a / 255.0);
  for (const LaidOutLine& line : layout.lines) {
    for (const PlacedRun& placed : line.runs) {
      const ShapedRun& run = placed.shaped;
      if (run.font == nullptr || run.glyphs.empty()) continue;
      cairo_font_face_t* face = CairoFaces::Instance().Face(*run.font);
      if (face == nullptr) continue;
      cairo_set_font_face(cr, face);
      cairo_set_font_size(cr, layout.font_size);
      const double scale = layout.font_size / run.font->units_per_em();
      std::vector<cairo_glyph_t> glyphs;
      glyphs.reserve(run.glyphs.size());
      double pen = x + line.x + placed.x;
      double pen_y = y + line.baseline;
      std::vector<double> pens;  // pen position of each glyph, before its offset
      pens.reserve(run.glyphs.size());
      for (const Glyph& g : run.glyphs) {
        pens.push_back(pen);
        glyphs.push_back({g.id, pen + g.x_offset * scale, pen_y - g.y_offset * scale});
        pen += g.x_advance * scale;
        pen_y -= g.y_advance * scale;
      }
      // Clusters: groups of glyphs sharing HarfBuzz's cluster value, in glyph order.
      const bool rtl = run.run.right_to_left();
      std::vector<cairo_text_cluster_t> clusters;
      std::vector<std::pair<size_t, size_t>> spans;  // text bytes [a, b) of each group
      // Right-to-left: each group is framed by two invisible glyphs (the space glyph) on the
      // baseline. Nastaliq raises the glyphs of a word by up to an em and lets them overlap, and
      // extraction places a cluster by its first and last glyph: without the frame pdftotext
      // puts raised glyphs on lines of their own, and overlapping ones out of order.
      const uint32_t anchor = rtl ? Loaded(*run.font).space_glyph() : 0;
      const double space_advance = anchor != 0 ? Loaded(*run.font).space_advance() * scale : 0;
      std::vector<cairo_glyph_t> anchored;
      size_t i = 0;
      while (i < run.glyphs.size()) {
        size_t j = i;
        while (j < run.glyphs.size() && run.glyphs[j].cluster == run.glyphs[i].cluster) ++j;
        if (anchor != 0) {
          // The span's extent for extraction is [pen position, pen position + advance]: the
          // group's glyphs come between two anchors, and cairo writes a backward cluster's
          // glyphs last to first, so the right anchor comes first and the left one last.
          double advance = 0;
          for (size_t k = i; k < j; ++k) advance += run.glyphs[k].x_advance * scale;
          const double left = pens[i];
          anchored.push_back({anchor, left + std::max(0.0, advance - space_advance), y + line.baseline});
          anchored.insert(anchored.end(), glyphs.begin() + static_cast<ptrdiff_t>(i),
                          glyphs.begin() + static_cast<ptrdiff_t>(j));
          anchored.push_back({anchor, left, y + line.baseline});
        }
        clusters.push_back({0, static_cast<int>(j - i) + (anchor != 0 ? 2 : 0)});
        spans.emplace_back(run.glyphs[i].cluster, 0);
        i = j;
      }
      if (anchor != 0) glyphs = std::move(anchored);
      // Byte extents: each group runs to the next group's start in text order; the first in text
      // order starts at the run's start, the last ends at the run's end.
      for (size_t k = 0; k < spans.size(); ++k) {
        const size_t next_in_text = rtl ? (k == 0 ? run.run.end : spans[k - 1].first)
                                        : (k + 1 == spans.size() ? run.run.end : spans[k + 1].first);
        spans[k].second = next_in_text;
      }
      if (rtl) {
        spans.back().first = run.run.start;
      } else {
        spans.front().first = run.run.start;
      }
      const std::string_view run_text =
          std::string_view(layout.text).substr(run.run.start, run.run.end - run.run.start);
      if (rtl) {
        // cairo reads the clusters in text order; BACKWARD makes them take glyphs from the end.
        std::reverse(clusters.begin(), clusters.end());
        std::reverse(spans.begin(), spans.end());
      }
      if (!rtl) {
        // One cluster per word: merge neighbouring groups unless either is a space.
        std::vector<cairo_text_cluster_t> words;
        std::vector<std::pair<size_t, size_t>> word_spans;
        for (size_t k = 0; k < clusters.size(); ++k) {
          const std::string_view piece =
              std::string_view(layout.text).substr(spans[k].first, spans[k].second - spans[k].first);
          const bool space = IsSpaceText(piece);
          if (!words.empty() && !space &&
              !IsSpaceText(std::string_view(layout.text)
                               .substr(word_spans.back().first, word_spans.back().second - word_spans.back().first))) {
            words.back().num_glyphs += clusters[k].num_glyphs;
            word_spans.back().second = spans[k].second;
          } else {
            words.push_back(clusters[k]);
            word_spans.push_back(spans[k]);
          }
        }
        clusters = std::move(words);
        spans = std::move(word_spans);
      }
      for (size_t k = 0; k < clusters.size(); ++k) {
        clusters[k].num_bytes = static_cast<int>(spans[k].second - spans[k].first);
      }
      cairo_show_text_glyphs(cr, run_text.data(), static_cast<int>(run_text.size()), glyphs.data(),
                             static_cast<int>(glyphs.size()), clusters.data(), static_cast<int>(clusters.size()),
                             rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : static_cast<cairo_text_cluster_flags_t>(0));
    }
  }
}

Result<std::string> PdfCanvas::Finish() {
  cairo_show_page(impl_->cr);
  cairo_destroy(impl_->cr);
  impl_->cr = nullptr;
  cairo_surface_finish(impl_->surface);
  const cairo_status_t status = cairo_surface_status(impl_->surface);
  cairo_surface_destroy(impl_->surface);
  impl_->surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(Errc::kInternal, std::string("PDF output failed: ") + cairo_status_to_string(status));
  }
  return std::move(impl_->bytes);
}

}  // namespace cpk::fonts::internal

namespace cpk::fonts {

Result<std::string> RenderPdf(const LaidOutText& layout, const DrawOptions& options) {
  const Box ink = InkBounds(layout);
  const double left = std::min(0.0, ink.left);
  const double top = std::min(0.0, ink.top);
  const double w = std::max(1.0, std::max(layout.width, ink.right) - left + 2 * options.padding);
  const double h = std::max(1.0, std::max(layout.height, ink.bottom) - top + 2 * options.padding);
  if (w > 14400 || h > 14400)
    return Fail(Errc::kLimitExceeded, "the text would make a PDF page over 200 inches a side");
  internal::PdfCanvas canvas(w, h);
  if (options.background.a != 0) canvas.FillPage(options.background);
  canvas.DrawText(layout, options.padding - left, options.padding - top, options.colour);
  return canvas.Finish();
}

}  // namespace cpk::fonts
