#pragma once
// A one-page vector PDF (cairo) to draw laid-out text and images on. Text goes in as glyphs of
// subset embedded fonts with their clusters, so that extraction gives back the original text:
// one cluster per word for left-to-right runs (pdftotext then keeps words whole and spaces
// exact for every Indic script), HarfBuzz's clusters backwards for right-to-left runs.

#include <memory>
#include <string>

#include "cpk/core/result.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/render.hpp"

namespace cpk::fonts::internal {

class PdfCanvas {
 public:
  /// A page of `width` x `height` points.
  PdfCanvas(double width, double height);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  void FillPage(Rgba colour);
  /// Draws `bitmap` scaled into the rectangle. When `jpeg` holds the JPEG file the bitmap was
  /// decoded from, the PDF embeds those bytes as they are (no re-compression, no quality loss).
  void DrawImage(const Bitmap& bitmap, double x, double y, double width, double height, std::string_view jpeg = {});
  /// Draws `layout` with the text block's top-left corner at (x, y).
  void DrawText(const LaidOutText& layout, double x, double y, Rgba colour);
  /// Ends the page and returns the PDF bytes.
  Result<std::string> Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpk::fonts::internal
