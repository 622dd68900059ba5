// The `text` command (shape, render, convert-legacy) and the `certificate` command.

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "cpk/core/registry.hpp"
#include "cpk/fonts/certificate.hpp"
#include "cpk/fonts/fonts.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/legacy.hpp"
#include "cpk/fonts/render.hpp"
#include "cpk/fonts/shaping.hpp"
#include "legacy_rules.hpp"
#include "text_command_support.hpp"

namespace cpk::fonts {
namespace {

using internal::Args;

constexpr int kDone = 0;
constexpr int kUsage = 2;
constexpr int kCouldNotRun = 3;

const char* const kTextUsage =
    "usage: coursepack text shape  (--text T | --text-file F) [--lang L] [--style sans|serif]\n"
    "                              [--direction auto|ltr|rtl] [--fonts DIR] [--json]\n"
    "       coursepack text render (--text T | --text-file F) -o OUT.png|OUT.pdf [--lang L] [--width PX]\n"
    "                              [--size PX] [--colour #RRGGBB] [--background #RRGGBB[AA]] [--style sans|serif]\n"
    "                              [--direction auto|ltr|rtl] [--fonts DIR]\n";

nlohmann::ordered_json DiagnosticsJson(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    nlohmann::ordered_json j;
    j["code"] = d.code;
    j["severity"] = SeverityName(d.severity);
    j["message"] = d.message;
    if (!d.hint.empty()) j["hint"] = d.hint;
    list.push_back(std::move(j));
  }
  return list;
}

/// `text.legacy-encoding` first when the input looks typed in a legacy Hindi font.
void AddLegacyFinding(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  const LegacyDetection detection = DetectLegacyEncoding(text);
  if (detection.encoding) diagnostics.insert(diagnostics.begin(), LegacyEncodingDiagnostic(detection));
}

void PrintDiagnostics(const std::vector<Diagnostic>& diagnostics, std::ostream& err) {
  for (const Diagnostic& d : diagnostics) {
    err << SeverityName(d.severity) << " " << d.code << ": " << d.message << "\n";
    if (!d.hint.empty()) err << "  hint: " << d.hint << "\n";
  }
}

int RunShape(Args& args, CommandContext& context) {
  internal::TextInput input;
  if (int rc = input.Parse(args, context.err); rc != kDone) return rc;
  const bool json = args.Flag("--json");
  if (!args.Finish(context.err)) return kUsage;
  FontCatalog catalog;
  if (int rc = input.AddFonts(catalog, context.err); rc != kDone) return rc;
  ShapedText shaped = ShapeText(catalog, input.text, input.shape);
  AddLegacyFinding(input.text, shaped.diagnostics);
  if (!json) {
    for (const ShapedRun& r : shaped.runs) {
      context.out << "[" << r.run.start << "," << r.run.end << ") " << r.run.script << " " << r.run.language << " "
                  << (r.run.right_to_left() ? "rtl" : "ltr") << " " << (r.font ? r.font->path() : "(no font)") << ": "
                  << r.glyphs.size() << " glyphs, advance " << r.advance() << "\n";
    }
    PrintDiagnostics(shaped.diagnostics, context.err);
    return kDone;
  }
  nlohmann::ordered_json out;
  out["text"] = shaped.text;
  out["language"] = input.shape.language;
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const ShapedRun& r : shaped.runs) {
    nlohmann::ordered_json run;
    run["text"] = shaped.text.substr(r.run.start, r.run.end - r.run.start);
    run["start"] = r.run.start;
    run["end"] = r.run.end;
    run["script"] = r.run.script;
    run["language"] = r.run.language;
    run["direction"] = r.run.right_to_left() ? "rtl" : "ltr";
    run["level"] = r.run.level;
    run["font"] = r.font != nullptr ? nlohmann::ordered_json(r.font->path()) : nlohmann::ordered_json(nullptr);
    run["units_per_em"] = r.font != nullptr ? r.font->units_per_em() : 0;
    nlohmann::ordered_json glyphs = nlohmann::ordered_json::array();
    for (const Glyph& g : r.glyphs) {
      glyphs.push_back(nlohmann::ordered_json{
          {"id", g.id}, {"cluster", g.cluster}, {"advance", g.x_advance}, {"offset", {g.x_offset, g.y_offset}}});
    }
    run["glyphs"] = std::move(glyphs);
    runs.push_back(std::move(run));
  }
  out["runs"] = std::move(runs);
  out["diagnostics"] = DiagnosticsJson(shaped.diagnostics);
  context.out << out.dump(2) << "\n";
  return kDone;
}

int RunRender(Args& args, CommandContext& context) {
  internal::TextInput input;
  if (int rc = input.Parse(args, context.err); rc != kDone) return rc;
  LayoutOptions layout;
  layout.shape = input.shape;
  DrawOptions draw;
  const std::optional<std::string> output = args.Value("-o", "--output");
  const std::optional<std::string> width = args.Value("--width");
  const std::optional<std::string> size = args.Value("--size");
  const std::optional<std::string> colour = args.Value("--colour", "--color");
  const std::optional<std::string> background = args.Value("--background");
  if (!args.Finish(context.err)) return kUsage;
  if (!output) {
    context.err << "coursepack text render: -o OUT.png|OUT.pdf is required\n";
    return kUsage;
  }
  const bool pdf = internal::EndsWithIgnoreCase(*output, ".pdf");
  if (!pdf && !internal::EndsWithIgnoreCase(*output, ".png")) {
    context.err << "coursepack text render: the output must end in .png or .pdf\n";
    return kUsage;
  }
  if ((width && !internal::ParseNumber(*width, 0, 100000, layout.max_width)) ||
      (size && !internal::ParseNumber(*size, 1, 2000, layout.font_size))) {
    context.err << "coursepack text render: --width is 0..100000 and --size 1..2000 (pixels)\n";
    return kUsage;
  }
  for (auto [value, target] : {std::pair{&colour, &draw.colour}, std::pair{&background, &draw.background}}) {
    if (!*value) continue;
    Result<Rgba> parsed = ParseColour(**value);
    if (!parsed) {
      context.err << "coursepack text render: " << parsed.error().message << "\n";
      return kUsage;
    }
    *target = *parsed;
  }
  FontCatalog catalog;
  if (int rc = input.AddFonts(catalog, context.err); rc != kDone) return rc;
  LaidOutText laid_out = LayoutText(catalog, input.text, layout);
  AddLegacyFinding(input.text, laid_out.diagnostics);
  PrintDiagnostics(laid_out.diagnostics, context.err);
  Result<std::string> bytes = pdf ? RenderPdf(laid_out, draw) : [&]() -> Result<std::string> {
    Result<Bitmap> bitmap = RenderBitmap(laid_out, draw);
    if (!bitmap) return tl::unexpected(bitmap.error());
    return EncodePng(*bitmap);
  }();
  if (!bytes) {
    context.err << "coursepack text render: " << bytes.error().message << "\n";
    return kCouldNotRun;
  }
  if (Status s = WriteFileAtomically(*output, *bytes); !s) {
    context.err << "coursepack text render: " << s.error().message << "\n";
    return kCouldNotRun;
  }
  return kDone;
}

int RunConvertLegacy(Args& args, CommandContext& context) {
  internal::TextInput input;
  if (int rc = input.Parse(args, context.err); rc != kDone) return rc;
  const std::string font = args.Value("--font").value_or("auto");
  const bool json = args.Flag("--json");
  if (!args.Finish(context.err)) return kUsage;
  LegacyDetection detection = DetectLegacyEncoding(input.text);
  std::optional<LegacyEncoding> encoding = detection.encoding;
  if (font != "auto") {
    encoding = LegacyEncodingFromName(font);
    if (!encoding) {
      context.err << "coursepack text convert-legacy: --font is krutidev, devlys or auto, not '" << font << "'\n";
      return kUsage;
    }
  } else if (!encoding) {
    context.err << "coursepack text convert-legacy: the text does not look typed in a legacy Hindi font; "
                   "name the font with --font krutidev or --font devlys\n";
    return kUsage;
  }
  Result<std::string> unicode = ConvertLegacyToUnicode(input.text, *encoding);
  if (!unicode) {
    context.err << "coursepack text convert-legacy: " << unicode.error().message << "\n";
    return unicode.error().code == Errc::kUnsupported ? kUsage : kCouldNotRun;
  }
  if (json) {
    nlohmann::ordered_json out;
    out["font"] = std::string(LegacyEncodingName(*encoding));
    out["detected"] = detection.encoding ? nlohmann::ordered_json(std::string(LegacyEncodingName(*detection.encoding)))
                                         : nlohmann::ordered_json(nullptr);
    out["evidence"] = detection.evidence;
    out["text"] = *unicode;
    context.out << out.dump(2) << "\n";
  } else {
    context.out << *unicode << "\n";
  }
  return kDone;
}

int RunText(const std::vector<std::string>& arguments, CommandContext& context) {
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
    (arguments.empty() ? context.err : context.out) << kTextUsage;
    return arguments.empty() ? kUsage : kDone;
  }
  Args args(std::vector<std::string>(arguments.begin() + 1, arguments.end()), "coursepack text " + arguments[0]);
  if (arguments[0] == "shape") return RunShape(args, context);
  if (arguments[0] == "render") return RunRender(args, context);
  if (arguments[0] == "convert-legacy") return RunConvertLegacy(args, context);
  context.err << "coursepack text: unknown subcommand '" << arguments[0] << "'\n" << kTextUsage;
  return kUsage;
}

const char* const kCertificateUsage =
    "usage: coursepack certificate --template T.json --field NAME=VALUE [--field ...] -o OUT.pdf|OUT.png\n"
    "                              [--scale PX_PER_PT] [--fonts DIR] [--json]\n";

int RunCertificate(const std::vector<std::string>& arguments, CommandContext& context) {
  if (!arguments.empty() && (arguments[0] == "--help" || arguments[0] == "-h")) {
    context.out << kCertificateUsage;
    return kDone;
  }
  Args args(arguments, "coursepack certificate");
  const std::optional<std::string> template_path = args.Value("--template");
  const std::vector<std::string> field_args = args.Values("--field");
  const std::optional<std::string> output = args.Value("-o", "--output");
  const std::optional<std::string> scale = args.Value("--scale");
  const std::vector<std::string> font_folders = args.Values("--fonts");
  const bool json = args.Flag("--json");
  if (!args.Finish(context.err)) return kUsage;
  if (!template_path || !output) {
    context.err << kCertificateUsage;
    return kUsage;
  }
  CertificateOptions options;
  options.format = internal::EndsWithIgnoreCase(*output, ".png") ? CertificateFormat::kPng : CertificateFormat::kPdf;
  if (!internal::EndsWithIgnoreCase(*output, ".png") && !internal::EndsWithIgnoreCase(*output, ".pdf")) {
    context.err << "coursepack certificate: the output must end in .pdf or .png\n";
    return kUsage;
  }
  if (scale && !internal::ParseNumber(*scale, 0.1, 16, options.png_scale)) {
    context.err << "coursepack certificate: --scale is 0.1..16 pixels per point\n";
    return kUsage;
  }
  std::map<std::string, std::string> fields;
  for (const std::string& f : field_args) {
    const size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0) {
      context.err << "coursepack certificate: --field takes NAME=VALUE, not '" << f << "'\n";
      return kUsage;
    }
    fields[f.substr(0, eq)] = f.substr(eq + 1);
  }
  std::ifstream in(*template_path, std::ios::binary);
  if (!in) {
    context.err << "coursepack certificate: cannot read " << *template_path << "\n";
    return kUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string folder = std::filesystem::path(*template_path).parent_path().string();
  Result<CertificateTemplate> tmpl = ParseCertificateTemplate(text.str(), folder.empty() ? "." : folder);
  if (!tmpl) {
    context.err << "coursepack certificate: " << *template_path << ": " << tmpl.error().message << "\n";
    return kUsage;
  }
  FontCatalog catalog;
  for (const std::string& folder_name : font_folders) {
    if (Status s = catalog.AddFolder(folder_name); !s) {
      context.err << "coursepack certificate: --fonts " << folder_name << ": " << s.error().message << "\n";
      return kUsage;
    }
  }
  Result<Certificate> cert = RenderCertificate(catalog, *tmpl, fields, options);
  if (cert) {
    for (const auto& [name, value] : fields) AddLegacyFinding(value, cert->diagnostics);
  }
  if (!cert) {
    context.err << "coursepack certificate: " << cert.error().message << "\n";
    return cert.error().code == Errc::kInvalidArgument ? kUsage : kCouldNotRun;
  }
  if (Status s = WriteFileAtomically(*output, cert->bytes); !s) {
    context.err << "coursepack certificate: " << s.error().message << "\n";
    return kCouldNotRun;
  }
  if (json) {
    nlohmann::ordered_json out;
    out["output"] = *output;
    out["bytes"] = cert->bytes.size();
    nlohmann::ordered_json boxes = nlohmann::ordered_json::array();
    for (const FilledBox& b : cert->boxes) {
      boxes.push_back({{"text", b.text}, {"size", std::round(b.size * 10) / 10}, {"lines", b.lines}, {"fits", b.fits}});
    }
    out["boxes"] = std::move(boxes);
    out["diagnostics"] = DiagnosticsJson(cert->diagnostics);
    context.out << out.dump(2) << "\n";
  } else {
    PrintDiagnostics(cert->diagnostics, context.err);
  }
  return kDone;
}

}  // namespace

void Register(Registry& registry) {
  registry.AddRuleSet({"legacy-fonts", internal::CheckLegacyFonts});
  registry.AddCommand(
      {"certificate", "fill a certificate template with names in any script, as PDF or PNG", RunCertificate});
  registry.AddCommand({"text", "shape, render or convert text in any Indian script (see docs/text.md)", RunText});
}

}  // namespace cpk::fonts
