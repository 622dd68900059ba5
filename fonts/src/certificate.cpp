// Certificates: template parsing, placeholder filling, shrink-to-fit, PDF and PNG drawing.

#include "cpk/fonts/certificate.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "cpk/fonts/codes.hpp"
#include "pdf_canvas.hpp"

namespace cpk::fonts {
namespace {

using Json = nlohmann::json;

Result<double> NumberMember(const Json& object, const char* name, double fallback, double min, double max,
                            const std::string& where) {
  if (!object.contains(name)) return fallback;
  const Json& v = object.at(name);
  if (!v.is_number() || !(v.get<double>() >= min && v.get<double>() <= max)) {
    return Fail(Errc::kInvalidArgument, where + "." + name + " must be a number from " +
                                            std::to_string(static_cast<int>(min)) + " to " +
                                            std::to_string(static_cast<int>(max)));
  }
  return v.get<double>();
}

Result<std::string> StringMember(const Json& object, const char* name, const std::string& fallback,
                                 const std::string& where) {
  if (!object.contains(name)) return fallback;
  if (!object.at(name).is_string()) return Fail(Errc::kInvalidArgument, where + "." + name + " must be a string");
  return object.at(name).get<std::string>();
}

/// `{field}` → value; `{{`/`}}` → braces. Unknown fields are collected in `missing`.
std::string Fill(const std::string& text, const std::map<std::string, std::string>& fields, std::set<std::string>* used,
                 std::set<std::string>* missing) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      out += text[i];
      ++i;
    } else if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      const std::string name = text.substr(i + 1, close - i - 1);
      if (used != nullptr) used->insert(name);
      if (auto it = fields.find(name); it != fields.end()) {
        out += it->second;
      } else if (missing != nullptr) {
        missing->insert(name);
      }
      i = close;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Bilinear scaling of `src` into the rectangle, blended over `dst`.
void DrawImageOnBitmap(const Bitmap& src, Bitmap& dst, double x, double y, double width, double height) {
  if (src.width == 0 || src.height == 0 || width <= 0 || height <= 0) return;
  const int x0 = std::max(0, static_cast<int>(std::floor(x)));
  const int y0 = std::max(0, static_cast<int>(std::floor(y)));
  const int x1 = std::min(static_cast<int>(dst.width), static_cast<int>(std::ceil(x + width)));
  const int y1 = std::min(static_cast<int>(dst.height), static_cast<int>(std::ceil(y + height)));
  for (int py = y0; py < y1; ++py) {
    const double sy = std::clamp((py + 0.5 - y) * src.height / height - 0.5, 0.0, src.height - 1.0);
    const auto sy0 = static_cast<uint32_t>(sy);
    const uint32_t sy1 = std::min(sy0 + 1, src.height - 1);
    const double fy = sy - sy0;
    for (int px = x0; px < x1; ++px) {
      const double sx = std::clamp((px + 0.5 - x) * src.width / width - 0.5, 0.0, src.width - 1.0);
      const auto sx0 = static_cast<uint32_t>(sx);
      const uint32_t sx1 = std::min(sx0 + 1, src.width - 1);
      const double fx = sx - sx0;
      double c[4];
      for (int k = 0; k < 4; ++k) {
        const auto at = [&](uint32_t cx, uint32_t cy) {
          return src.pixels[(static_cast<size_t>(cy) * src.width + cx) * 4 + k];
        };
        c[k] = (at(sx0, sy0) * (1 - fx) + at(sx1, sy0) * fx) * (1 - fy) +
               (at(sx0, sy1) * (1 - fx) + at(sx1, sy1) * fx) * fy;
      }
      uint8_t* p = &dst.pixels[(static_cast<size_t>(py) * dst.width + px) * 4];
      const double a = c[3] / 255.0;
      const double da = p[3] / 255.0;
      const double out_a = a + da * (1 - a);
      if (out_a <= 0) continue;
      for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>(std::lround((c[k] * a + p[k] * da * (1 - a)) / out_a));
      p[3] = static_cast<uint8_t>(std::lround(out_a * 255));
    }
  }
}

/// Lays `text` out in `box` at the largest size from box.size down to box.min_size that fits.
LaidOutText FitText(const FontCatalog& fonts, const std::string& text, const CertificateBox& box, double scale,
                    FilledBox& filled) {
  LayoutOptions options;
  options.max_width = box.width * scale;
  options.align = box.align;
  options.shape.language = box.language;
  options.shape.style = box.style;
  const auto fits = [&](const LaidOutText& l) {
    double widest = 0;
    for (const LaidOutLine& line : l.lines) widest = std::max(widest, line.width);
    return l.height <= box.height * scale + 1e-6 && widest <= box.width * scale + 1e-6 &&
           (box.max_lines <= 0 || l.lines.size() <= static_cast<size_t>(box.max_lines));
  };
  const auto layout_at = [&](double size) {
    options.font_size = size * scale;
    return LayoutText(fonts, text, options);
  };
  LaidOutText best = layout_at(box.size);
  filled.size = box.size;
  if (!fits(best)) {
    // Binary search for the largest size that fits, to a tenth of a point.
    double lo = box.min_size, hi = box.size;
    LaidOutText at_lo = layout_at(lo);
    if (!fits(at_lo)) {
      best = std::move(at_lo);
      filled.size = lo;
      filled.fits = false;
    } else {
      best = std::move(at_lo);
      filled.size = lo;
      while (hi - lo > 0.1) {
        const double mid = (lo + hi) / 2;
        LaidOutText candidate = layout_at(mid);
        if (fits(candidate)) {
          lo = mid;
          best = std::move(candidate);
          filled.size = mid;
        } else {
          hi = mid;
        }
      }
    }
  }
  filled.lines = best.lines.size();
  return best;
}

double TopOf(const CertificateBox& box, const LaidOutText& layout, double scale) {
  const double free = box.height * scale - layout.height;
  switch (box.valign) {
    case VerticalAlign::kTop:
      return box.y * scale;
    case VerticalAlign::kBottom:
      return box.y * scale + free;
    case VerticalAlign::kMiddle:
      break;
  }
  return box.y * scale + free / 2;
}

}  // namespace

std::vector<std::string> CertificateTemplate::Fields() const {
  std::set<std::string> used;
  for (const CertificateBox& box : boxes) Fill(box.text, {}, &used, nullptr);
  return {used.begin(), used.end()};
}

Result<CertificateTemplate> ParseCertificateTemplate(std::string_view text, const std::string& base_folder) {
  const Json json = Json::parse(text.begin(), text.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Fail(Errc::kMalformed, "the template is not a JSON object");
  CertificateTemplate t;
  if (json.contains("page")) {
    const Json& page = json.at("page");
    if (!page.is_object()) return Fail(Errc::kInvalidArgument, "page must be an object with width and height");
    CPK_ASSIGN_OR_RETURN(t.width, NumberMember(page, "width", t.width, 36, 14400, "page"));
    CPK_ASSIGN_OR_RETURN(t.height, NumberMember(page, "height", t.height, 36, 14400, "page"));
  }
  if (json.contains("background")) {
    const Json& bg = json.at("background");
    if (!bg.is_object()) return Fail(Errc::kInvalidArgument, "background must be an object with image and/or colour");
    CPK_ASSIGN_OR_RETURN(const std::string image, StringMember(bg, "image", "", "background"));
    CPK_ASSIGN_OR_RETURN(const std::string colour, StringMember(bg, "colour", "#ffffff", "background"));
    CPK_ASSIGN_OR_RETURN(t.background_colour, ParseColour(colour));
    if (!image.empty()) {
      std::filesystem::path p(image);
      if (p.is_relative()) p = std::filesystem::path(base_folder) / p;
      t.background_image = p.lexically_normal().string();
    }
  }
  if (!json.contains("boxes") || !json.at("boxes").is_array() || json.at("boxes").empty()) {
    return Fail(Errc::kInvalidArgument, "boxes must be a non-empty array of text boxes");
  }
  size_t index = 0;
  for (const Json& b : json.at("boxes")) {
    const std::string where = "boxes[" + std::to_string(index++) + "]";
    if (!b.is_object()) return Fail(Errc::kInvalidArgument, where + " must be an object");
    CertificateBox box;
    CPK_ASSIGN_OR_RETURN(const std::string field, StringMember(b, "field", "", where));
    CPK_ASSIGN_OR_RETURN(box.text, StringMember(b, "text", field.empty() ? "" : "{" + field + "}", where));
    if (box.text.empty()) return Fail(Errc::kInvalidArgument, where + " needs a text or a field");
    CPK_ASSIGN_OR_RETURN(box.x, NumberMember(b, "x", 0, 0, t.width, where));
    CPK_ASSIGN_OR_RETURN(box.y, NumberMember(b, "y", 0, 0, t.height, where));
    CPK_ASSIGN_OR_RETURN(box.width, NumberMember(b, "width", t.width - box.x, 1, t.width, where));
    CPK_ASSIGN_OR_RETURN(box.height, NumberMember(b, "height", 0, 1, t.height, where));
    CPK_ASSIGN_OR_RETURN(box.size, NumberMember(b, "size", 24, 1, 1000, where));
    CPK_ASSIGN_OR_RETURN(box.min_size, NumberMember(b, "minSize", std::min(8.0, box.size), 1, box.size, where));
    CPK_ASSIGN_OR_RETURN(const double lines, NumberMember(b, "maxLines", 0, 0, 100, where));
    box.max_lines = static_cast<int>(lines);
    CPK_ASSIGN_OR_RETURN(const std::string align, StringMember(b, "align", "centre", where));
    CPK_ASSIGN_OR_RETURN(const std::string valign, StringMember(b, "valign", "middle", where));
    CPK_ASSIGN_OR_RETURN(const std::string colour, StringMember(b, "colour", "#000000", where));
    CPK_ASSIGN_OR_RETURN(const std::string style, StringMember(b, "style", "sans", where));
    CPK_ASSIGN_OR_RETURN(box.language, StringMember(b, "lang", "", where));
    if (align == "left") {
      box.align = Align::kLeft;
    } else if (align == "right") {
      box.align = Align::kRight;
    } else if (align == "centre" || align == "center") {
      box.align = Align::kCentre;
    } else if (align == "start") {
      box.align = Align::kStart;
    } else {
      return Fail(Errc::kInvalidArgument, where + ".align must be left, centre, right or start");
    }
    if (valign == "top") {
      box.valign = VerticalAlign::kTop;
    } else if (valign == "bottom") {
      box.valign = VerticalAlign::kBottom;
    } else if (valign == "middle") {
      box.valign = VerticalAlign::kMiddle;
    } else {
      return Fail(Errc::kInvalidArgument, where + ".valign must be top, middle or bottom");
    }
    if (style != "sans" && style != "serif")
      return Fail(Errc::kInvalidArgument, where + ".style must be sans or serif");
    box.style = style == "serif" ? FontStyle::kSerif : FontStyle::kSans;
    Result<Rgba> c = ParseColour(colour);
    if (!c) return Fail(Errc::kInvalidArgument, where + ".colour: " + c.error().message);
    box.colour = *c;
    if (box.height <= 0) box.height = box.size * 1.5;
    if (box.x + box.width > t.width + 0.5 || box.y + box.height > t.height + 0.5) {
      return Fail(Errc::kInvalidArgument, where + " reaches outside the page");
    }
    t.boxes.push_back(std::move(box));
  }
  return t;
}

Result<Certificate> RenderCertificate(const FontCatalog& fonts, const CertificateTemplate& tmpl,
                                      const std::map<std::string, std::string>& fields,
                                      const CertificateOptions& options) {
  std::set<std::string> missing;
  std::vector<std::string> texts;
  for (const CertificateBox& box : tmpl.boxes) texts.push_back(Fill(box.text, fields, nullptr, &missing));
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    return Fail(Errc::kInvalidArgument, "the template needs a value for: " + list);
  }
  Bitmap background;
  std::string background_jpeg;  // the file's bytes, when it is a JPEG (embedded as it is in PDF)
  if (!tmpl.background_image.empty()) {
    CPK_ASSIGN_OR_RETURN(background, DecodeImage(tmpl.background_image));
    std::ifstream file(tmpl.background_image, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() > 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8) {
      background_jpeg = std::move(bytes);
    }
  }
  const double scale = options.format == CertificateFormat::kPng ? options.png_scale : 1.0;
  Certificate out;
  std::vector<LaidOutText> layouts;
  for (size_t i = 0; i < tmpl.boxes.size(); ++i) {
    FilledBox filled;
    filled.text = texts[i];
    layouts.push_back(FitText(fonts, texts[i], tmpl.boxes[i], scale, filled));
    for (const Diagnostic& d : layouts.back().diagnostics) {
      if (std::find(out.diagnostics.begin(), out.diagnostics.end(), d) == out.diagnostics.end())
        out.diagnostics.push_back(d);
    }
    if (!filled.fits) {
      const CertificateBox& b = tmpl.boxes[i];
      out.diagnostics.push_back(MakeDiagnostic(
          codes::kTextDoesNotFit,
          "box " + std::to_string(i) + " ('" + texts[i] + "') does not fit its " +
              std::to_string(std::lround(b.width)) + " x " + std::to_string(std::lround(b.height)) + " box even at " +
              std::to_string(std::lround(b.min_size)) + " pt; it is drawn at that size and overflows",
          {}, "make the box bigger or minSize smaller in the template, or shorten the text"));
    }
    out.boxes.push_back(std::move(filled));
  }
  if (options.format == CertificateFormat::kPdf) {
    internal::PdfCanvas canvas(tmpl.width, tmpl.height);
    canvas.FillPage(tmpl.background_colour);
    if (!tmpl.background_image.empty()) canvas.DrawImage(background, 0, 0, tmpl.width, tmpl.height, background_jpeg);
    for (size_t i = 0; i < tmpl.boxes.size(); ++i) {
      const CertificateBox& b = tmpl.boxes[i];
      canvas.DrawText(layouts[i], b.x, TopOf(b, layouts[i], 1.0), b.colour);
    }
    CPK_ASSIGN_OR_RETURN(out.bytes, canvas.Finish());
    return out;
  }
  Bitmap page;
  page.width = static_cast<uint32_t>(std::lround(tmpl.width * scale));
  page.height = static_cast<uint32_t>(std::lround(tmpl.height * scale));
  if (page.width == 0 || page.height == 0 || page.width > 16384 || page.height > 16384) {
    return Fail(Errc::kLimitExceeded, "the PNG would be over 16384 pixels a side: use a smaller scale");
  }
  page.pixels.resize(static_cast<size_t>(page.width) * page.height * 4);
  for (size_t i = 0; i < page.pixels.size(); i += 4) {
    page.pixels[i] = tmpl.background_colour.r;
    page.pixels[i + 1] = tmpl.background_colour.g;
    page.pixels[i + 2] = tmpl.background_colour.b;
    page.pixels[i + 3] = tmpl.background_colour.a;
  }
  if (!tmpl.background_image.empty()) DrawImageOnBitmap(background, page, 0, 0, page.width, page.height);
  for (size_t i = 0; i < tmpl.boxes.size(); ++i) {
    const CertificateBox& b = tmpl.boxes[i];
    CPK_TRY(DrawOnBitmap(layouts[i], page, b.x * scale, TopOf(b, layouts[i], scale), b.colour));
  }
  CPK_ASSIGN_OR_RETURN(out.bytes, EncodePng(page));
  return out;
}

}  // namespace cpk::fonts
