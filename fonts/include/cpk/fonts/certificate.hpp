#pragma once
/// @file certificate.hpp
/// Certificates: a JSON template (page size, background, text boxes) filled with names and
/// course titles in any script, each text shrunk to fit its box, drawn as vector PDF whose text
/// extracts exactly, or as PNG. The template format is described in docs/certificates.md.
/// @since 0.1

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/diagnostic.hpp"
#include "cpk/core/result.hpp"
#include "cpk/fonts/font_catalog.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/render.hpp"

namespace cpk::fonts {

enum class VerticalAlign : uint8_t { kTop, kMiddle, kBottom };

/// One text box of a template. Lengths are in points (1/72 inch) from the page's top-left corner.
struct CertificateBox {
  std::string text{};  ///< with `{field}` placeholders; `{{` and `}}` are literal braces
  double x = 0, y = 0, width = 0, height = 0;
  double size = 24;     ///< preferred font size
  double min_size = 8;  ///< never smaller than this; below it the text overflows (text.does-not-fit)
  int max_lines = 0;    ///< 0: as many as fit
  Align align = Align::kCentre;
  VerticalAlign valign = VerticalAlign::kMiddle;
  Rgba colour{0, 0, 0, 255};
  FontStyle style = FontStyle::kSans;
  std::string language{};  ///< BCP 47; empty: from the script of the text
};

struct CertificateTemplate {
  double width = 842;  ///< A4 landscape by default
  double height = 595;
  Rgba background_colour{255, 255, 255, 255};
  std::string background_image{};  ///< absolute path, or empty
  std::vector<CertificateBox> boxes{};

  /// The field names the boxes use, sorted.
  std::vector<std::string> Fields() const;
};

/// Parses a template. Relative image paths are resolved against `base_folder`. Errors
/// (kMalformed, kInvalidArgument) name the member that is wrong.
Result<CertificateTemplate> ParseCertificateTemplate(std::string_view json, const std::string& base_folder);

enum class CertificateFormat : uint8_t { kPdf, kPng };

struct CertificateOptions {
  CertificateFormat format = CertificateFormat::kPdf;
  double png_scale = 2;  ///< pixels per point for PNG output
};

/// A box as it was filled: its text and the font size it got.
struct FilledBox {
  std::string text{};
  double size = 0;
  size_t lines = 0;
  bool fits = true;
};

struct Certificate {
  std::string bytes{};  ///< the PDF or PNG file
  std::vector<FilledBox> boxes{};
  std::vector<Diagnostic> diagnostics{};  ///< text.does-not-fit, text.glyph-missing, …
};

/// Fills and draws the template. Fails (kInvalidArgument) when a box uses a field that
/// `fields` lacks; the background image's errors are returned as they are.
Result<Certificate> RenderCertificate(const FontCatalog& fonts, const CertificateTemplate& tmpl,
                                      const std::map<std::string, std::string>& fields,
                                      const CertificateOptions& options = {});

}  // namespace cpk::fonts
