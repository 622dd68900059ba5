// Driver of tests/bench/text/run: shapes, lays out and draws every sentence of a TSV file
// (columns lang, id, kind, text) ITERATIONS times, and fills a certificate per sentence, printing
// the timings as one JSON object. The script runs the reference tools on the same sentences.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cpk/fonts/certificate.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/render.hpp"
#include "cpk/fonts/shaping.hpp"

namespace {

struct Sentence {
  std::string lang;
  std::string text;
};

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: text_bench SENTENCES.tsv ITERATIONS CERTIFICATE_TEMPLATE.json\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  const int iterations = std::atoi(argv[2]);
  std::vector<Sentence> sentences;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() >= 4 && !cols[0].empty() && cols[0][0] != '#') sentences.push_back({cols[0], cols[3]});
  }
  if (sentences.empty() || iterations <= 0) {
    std::cerr << "text_bench: no sentences\n";
    return 2;
  }
  const cpk::fonts::FontCatalog fonts;
  // Warm up: load every font once (the reference tools also open their font per call).
  for (const Sentence& s : sentences) (void)cpk::fonts::ShapeText(fonts, s.text, {s.lang});

  size_t clusters = 0;
  for (const Sentence& s : sentences) clusters += cpk::fonts::GraphemeBoundaries(s.text).size() - 1;
  size_t glyphs = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) {
    for (const Sentence& s : sentences) {
      for (const auto& r : cpk::fonts::ShapeText(fonts, s.text, {s.lang}).runs) glyphs += r.glyphs.size();
    }
  }
  const double shape_seconds = Seconds(start);

  size_t png_bytes = 0;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) {
    for (const Sentence& s : sentences) {
      cpk::fonts::LayoutOptions options;
      options.font_size = 32;
      options.shape.language = s.lang;
      auto bitmap = cpk::fonts::RenderBitmap(cpk::fonts::LayoutText(fonts, s.text, options));
      if (bitmap) png_bytes += cpk::fonts::EncodePng(*bitmap).value_or("").size();
    }
  }
  const double png_seconds = Seconds(start);

  size_t pdf_bytes = 0;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) {
    for (const Sentence& s : sentences) {
      cpk::fonts::LayoutOptions options;
      options.font_size = 32;
      options.shape.language = s.lang;
      pdf_bytes += cpk::fonts::RenderPdf(cpk::fonts::LayoutText(fonts, s.text, options)).value_or("").size();
    }
  }
  const double pdf_seconds = Seconds(start);

  std::ifstream template_file(argv[3]);
  std::stringstream template_text;
  template_text << template_file.rdbuf();
  std::string folder = argv[3];
  folder = folder.substr(0, folder.find_last_of('/'));
  auto tmpl = cpk::fonts::ParseCertificateTemplate(template_text.str(), folder);
  if (!tmpl) {
    std::cerr << "text_bench: " << tmpl.error().message << "\n";
    return 3;
  }
  size_t certificates = 0;
  size_t certificate_bytes = 0;
  start = std::chrono::steady_clock::now();
  for (const Sentence& s : sentences) {
    auto cert = cpk::fonts::RenderCertificate(fonts, *tmpl,
                                              {{"name", s.text.substr(0, s.text.find(' ', 20))},
                                               {"course", s.text},
                                               {"date", "2026-11-25"},
                                               {"institution", "iGOT Karmayogi"}});
    if (cert) {
      ++certificates;
      certificate_bytes += cert->bytes.size();
    }
  }
  const double certificate_seconds = Seconds(start);

  std::printf(
      "{\"sentences\": %zu, \"iterations\": %d, \"clusters\": %zu, \"glyphs\": %zu, \"shape_seconds\": %.6f, "
      "\"png_seconds\": %.6f, "
      "\"png_bytes\": %zu, \"pdf_seconds\": %.6f, \"pdf_bytes\": %zu, \"certificates\": %zu, "
      "\"certificate_seconds\": %.6f, \"certificate_bytes\": %zu}\n",
      sentences.size(), iterations, clusters * static_cast<size_t>(iterations), glyphs, shape_seconds, png_seconds,
      png_bytes, pdf_seconds, pdf_bytes, certificates, certificate_seconds, certificate_bytes);
  return 0;
}
