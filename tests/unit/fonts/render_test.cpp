// Raster and PDF output of the text engine: golden images, text that survives pdftotext, and
// certificates.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <string>
#include <thread>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "cpk/fonts/certificate.hpp"
#include "cpk/fonts/layout.hpp"
#include "cpk/fonts/render.hpp"
#include "zip_builder.hpp"

namespace cpk::fonts {
namespace {

const FontCatalog& Fonts() {
  static const FontCatalog catalog;
  return catalog;
}

struct Sample {
  const char* name;
  const char* lang;
  const char* text;
};

// One line per script: conjuncts, reph, nukta, two-part vowels, ligatures, bidi.
const Sample kSamples[] = {
    {"hi", "hi", "राष्ट्रीय प्रशिक्षण कार्यक्रम: स्त्री शक्ति, ज़िला क्षेत्र"},
    {"mr", "mr",
     "महाराष्ट्र शासनाचा प्रशिक्षण कार्यक्रम "
     "र्‍य"},
    {"bn", "bn", "পশ্চিমবঙ্গ সরকারের কার্যক্রম: কৌশল, ক্ষেত্র"},
    {"as", "as", "অসম চৰকাৰৰ প্ৰশিক্ষণ কাৰ্যসূচী"},
    {"pa", "pa", "ਪੰਜਾਬ ਸਰਕਾਰ ਦਾ ਸਿਖਲਾਈ ਪ੍ਰੋਗਰਾਮ ਜ਼ਿਲ੍ਹਾ"},
    {"gu", "gu", "ગુજરાત સરકારનો તાલીમ કાર્યક્રમ ક્ષેત્ર"},
    {"or", "or", "ଓଡ଼ିଶା ସରକାରଙ୍କ ପ୍ରଶିକ୍ଷଣ କାର୍ଯ୍ୟକ୍ରମ କୌଶଳ"},
    {"ta", "ta", "தமிழ்நாடு அரசின் பயிற்சித் திட்டம் ஸ்ரீ க்ஷேத்திரம்"},
    {"te", "te", "తెలంగాణ ప్రభుత్వ శిక్షణ కార్యక్రమం క్షేత్రం"},
    {"kn", "kn", "ಕರ್ನಾಟಕ ಸರ್ಕಾರದ ತರಬೇತಿ ಕಾರ್ಯಕ್ರಮ ಕ್ಷೇತ್ರ"},
    {"ml", "ml", "കേരള സർക്കാരിന്റെ പരിശീലന പരിപാടി ക്ഷേത്രം"},
    {"ur", "ur", "وزارت تعلیم نے 2024 میں Google کے ساتھ تربیتی پروگرام شروع کیا"},
    {"sat", "sat", "ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ ᱨᱮ ᱥᱤᱠᱷᱱᱟᱹᱛ"},
    {"mni", "mni", "ꯃꯤꯇꯩ ꯃꯌꯦꯛ ꯇꯝꯕ ꯊꯧꯔꯝ"},
    {"en", "en", "Complete the course to receive your certificate."},
};

LaidOutText LayOut(const Sample& s, double size = 24, double width = 0) {
  LayoutOptions options;
  options.font_size = size;
  options.max_width = width;
  options.shape.language = s.lang;
  return LayoutText(Fonts(), s.text, options);
}

std::string RunCommand(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
  return out;
}

/// NFC with whitespace and the bidi controls pdftotext adds removed (see docs/text.md).
std::string Comparable(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = nfc->normalize(icu::UnicodeString::fromUTF8(text), status);
  icu::UnicodeString out;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2066 && c <= 0x2069) || c == 0x0C) {
      continue;
    }
    out.append(c);
  }
  std::string s;
  out.toUTF8String(s);
  return s;
}

TEST(Raster, DrawsTextInTheLayoutsBox) {
  const LaidOutText layout = LayOut(kSamples[0]);
  DrawOptions options;
  options.colour = {200, 0, 0, 255};
  Result<Bitmap> bitmap = RenderBitmap(layout, options);
  ASSERT_TRUE(bitmap) << bitmap.error().message;
  EXPECT_EQ(bitmap->width, static_cast<uint32_t>(std::ceil(layout.width + 16)));
  size_t inked = 0;
  for (size_t i = 0; i < bitmap->pixels.size(); i += 4) {
    if (bitmap->pixels[i + 1] < 128) ++inked;  // red text on white: green falls
  }
  EXPECT_GT(inked, 500u);
  Result<std::string> png = EncodePng(*bitmap);
  ASSERT_TRUE(png);
  EXPECT_EQ(png->substr(1, 3), "PNG");
}

TEST(Raster, RefusesHugeImages) {
  LayoutOptions options;
  options.font_size = 2000;
  const LaidOutText layout = LayoutText(Fonts(), std::string(20, 'W'), options);
  Result<Bitmap> bitmap = RenderBitmap(layout);
  ASSERT_FALSE(bitmap);
  EXPECT_EQ(bitmap.error().code, Errc::kLimitExceeded);
}

TEST(Raster, ParsesColours) {
  EXPECT_EQ(*ParseColour("#1a237e"), (Rgba{0x1a, 0x23, 0x7e, 255}));
  EXPECT_EQ(*ParseColour("#fff"), (Rgba{255, 255, 255, 255}));
  EXPECT_EQ(*ParseColour("#00000080"), (Rgba{0, 0, 0, 128}));
  EXPECT_FALSE(ParseColour("red"));
  EXPECT_FALSE(ParseColour("#12345"));
  EXPECT_FALSE(ParseColour("#gg0000"));
}

// Golden images: each sample drawn at 24 px must match tests/golden/text/<name>.png closely.
// CPK_REGENERATE_GOLDENS=1 rewrites them (after a font update; see docs/text.md).
TEST(Raster, MatchesTheGoldenImages) {
  const bool regenerate = std::getenv("CPK_REGENERATE_GOLDENS") != nullptr;
  for (const Sample& s : kSamples) {
    Result<Bitmap> bitmap = RenderBitmap(LayOut(s));
    ASSERT_TRUE(bitmap) << s.name;
    const std::string golden = std::string(CPK_GOLDEN_DIR) + "/" + s.name + ".png";
    if (regenerate) {
      ASSERT_TRUE(WriteFileAtomically(golden, *EncodePng(*bitmap)));
      continue;
    }
    Result<Bitmap> expected = DecodeImage(golden);
    ASSERT_TRUE(expected) << golden << ": " << expected.error().message;
    ASSERT_EQ(bitmap->width, expected->width) << s.name;
    ASSERT_EQ(bitmap->height, expected->height) << s.name;
    double total = 0;
    size_t far = 0;
    for (size_t i = 0; i < bitmap->pixels.size(); ++i) {
      const int d = std::abs(int(bitmap->pixels[i]) - int(expected->pixels[i]));
      total += d;
      if (d > 64) ++far;
    }
    EXPECT_LT(total / bitmap->pixels.size(), 1.0) << s.name;
    EXPECT_LT(static_cast<double>(far) / bitmap->pixels.size(), 0.005) << s.name;
  }
}

// pdftotext gives every sample back: NFC, whitespace and bidi controls aside (and with Indic
// spaces exact too, since each word is one cluster).
TEST(Pdf, TextSurvivesPdftotextForEveryScript) {
  test::TempDir dir;
  for (const Sample& s : kSamples) {
    for (double width : {0.0, 180.0}) {
      Result<std::string> pdf = RenderPdf(LayOut(s, 24, width));
      ASSERT_TRUE(pdf) << s.name;
      const std::string path = dir.File(std::string(s.name) + ".pdf");
      test::WriteFile(path, *pdf);
      const std::string extracted = RunCommand("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null");
      EXPECT_EQ(Comparable(extracted), Comparable(s.text)) << s.name << " at width " << width;
      if (width == 0 && std::string(s.lang) != "ur") {
        // One line, left to right: the words and single spaces come back exactly.
        std::string line = extracted.substr(0, extracted.find('\n'));
        EXPECT_EQ(line, s.text) << s.name;
      }
    }
  }
}

TEST(Pdf, EmbedsSubsetFonts) {
  test::TempDir dir;
  Result<std::string> pdf = RenderPdf(LayOut(kSamples[0]));
  ASSERT_TRUE(pdf);
  test::WriteFile(dir.File("a.pdf"), *pdf);
  const std::string fonts = RunCommand("pdffonts '" + dir.File("a.pdf") + "' 2>/dev/null");
  EXPECT_NE(fonts.find("NotoSansDevanagari"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "every font is embedded:\n" << fonts;
}

const char* const kTemplate = R"({
  "page": {"width": 600, "height": 400},
  "background": {"colour": "#fffbf0"},
  "boxes": [
    {"text": "Certificate for {name}", "x": 50, "y": 40, "width": 500, "height": 60, "size": 30, "minSize": 8},
    {"field": "course", "x": 50, "y": 150, "width": 500, "height": 60, "size": 28, "minSize": 10, "maxLines": 2,
     "align": "left", "colour": "#1a237e"},
    {"field": "tiny", "x": 50, "y": 300, "width": 40, "height": 20, "size": 20, "minSize": 12, "maxLines": 1}
  ]
})";

TEST(Certificate, FillsShrinksAndExtractsExactly) {
  Result<CertificateTemplate> tmpl = ParseCertificateTemplate(kTemplate, ".");
  ASSERT_TRUE(tmpl) << tmpl.error().message;
  EXPECT_EQ(tmpl->Fields(), (std::vector<std::string>{"course", "name", "tiny"}));
  const std::string course =
      "राष्ट्रीय ई-गवर्नेंस प्रशिक्षण कार्यक्रम: डिजिटल सेवाओं का प्रबंधन और नागरिक केंद्रित शासन की पूरी जानकारी";
  Result<Certificate> cert = RenderCertificate(
      Fonts(), *tmpl, {{"name", "श्रीमती प्रियंका क्षीरसागर"}, {"course", course}, {"tiny", "ক্ষেত্রভিত্তিক"}});
  ASSERT_TRUE(cert) << cert.error().message;
  ASSERT_EQ(cert->boxes.size(), 3u);
  EXPECT_TRUE(cert->boxes[0].fits);
  EXPECT_TRUE(cert->boxes[1].fits);
  EXPECT_LT(cert->boxes[1].size, 28);  // shrunk to fit two lines
  EXPECT_LE(cert->boxes[1].lines, 2u);
  EXPECT_FALSE(cert->boxes[2].fits);  // 40 pt is too narrow even at 12 pt
  bool reported = false;
  for (const Diagnostic& d : cert->diagnostics) reported |= d.code == "text.does-not-fit";
  EXPECT_TRUE(reported);

  test::TempDir dir;
  test::WriteFile(dir.File("cert.pdf"), cert->bytes);
  const std::string extracted = RunCommand("pdftotext -enc UTF-8 '" + dir.File("cert.pdf") + "' - 2>/dev/null");
  EXPECT_NE(Comparable(extracted).find(Comparable("Certificate for श्रीमती प्रियंका क्षीरसागर")), std::string::npos)
      << extracted;
  EXPECT_NE(Comparable(extracted).find(Comparable(course)), std::string::npos) << extracted;
  EXPECT_NE(RunCommand("pdfinfo '" + dir.File("cert.pdf") + "' 2>/dev/null").find("600 x 400 pts"), std::string::npos);
}

TEST(Certificate, DrawsPngWithTheBackgroundImage) {
  test::TempDir dir;
  // A 2 x 2 blue PNG as the background.
  Bitmap blue{2, 2, std::vector<uint8_t>(16, 0)};
  for (size_t i = 0; i < 16; i += 4) blue.pixels[i + 2] = blue.pixels[i + 3] = 255;
  test::WriteFile(dir.File("bg.png"), *EncodePng(blue));
  Result<CertificateTemplate> tmpl = ParseCertificateTemplate(
      R"({"page": {"width": 100, "height": 50}, "background": {"image": "bg.png"},
          "boxes": [{"field": "name", "x": 0, "y": 0, "width": 100, "height": 50, "colour": "#ffffff"}]})",
      dir.path());
  ASSERT_TRUE(tmpl) << tmpl.error().message;
  CertificateOptions options;
  options.format = CertificateFormat::kPng;
  options.png_scale = 2;
  Result<Certificate> cert = RenderCertificate(Fonts(), *tmpl, {{"name", "ਨਾਮ"}}, options);
  ASSERT_TRUE(cert) << cert.error().message;
  test::WriteFile(dir.File("cert.png"), cert->bytes);
  Result<Bitmap> png = DecodeImage(dir.File("cert.png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->width, 200u);
  EXPECT_EQ(png->height, 100u);
  EXPECT_EQ(png->pixels[2], 255);  // the corner is the background's blue
  EXPECT_EQ(png->pixels[0], 0);
  size_t white = 0;
  for (size_t i = 0; i < png->pixels.size(); i += 4) white += png->pixels[i] > 200;
  EXPECT_GT(white, 50u);  // the name, in white
}

TEST(Certificate, EmbedsAJpegBackgroundAsItIs) {
  test::TempDir dir;
  // A JPEG background made with the reference tool (tests only).
  ASSERT_EQ(std::system(("ffmpeg -loglevel error -f lavfi -i color=c=0x336699:s=320x200 -frames:v 1 -y '" +
                         dir.File("bg.jpg") + "'")
                            .c_str()),
            0);
  Result<CertificateTemplate> tmpl = ParseCertificateTemplate(
      R"({"page": {"width": 320, "height": 200}, "background": {"image": "bg.jpg"},
          "boxes": [{"field": "name", "x": 10, "y": 10, "width": 300, "height": 180}]})",
      dir.path());
  ASSERT_TRUE(tmpl) << tmpl.error().message;
  Result<Certificate> cert = RenderCertificate(Fonts(), *tmpl, {{"name", "ಕನ್ನಡ"}});
  ASSERT_TRUE(cert) << cert.error().message;
  test::WriteFile(dir.File("cert.pdf"), cert->bytes);
  const std::string images = RunCommand("pdfimages -list '" + dir.File("cert.pdf") + "' 2>/dev/null");
  EXPECT_NE(images.find("jpeg"), std::string::npos) << images;
}

// One catalog shared by threads that lay out and draw at once (a service issuing certificates
// in parallel): every thread gets the same pixels as a single thread does.
TEST(Raster, ThreadsShareOneCatalog) {
  const FontCatalog catalog;
  std::vector<std::string> expected;
  for (const Sample& s : kSamples) {
    LayoutOptions options;
    options.shape.language = s.lang;
    expected.push_back(*EncodePng(*RenderBitmap(LayoutText(catalog, s.text, options))));
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t round = 0; round < 3; ++round) {
        for (size_t i = 0; i < std::size(kSamples); ++i) {
          const size_t k = (i + static_cast<size_t>(t) * 4) % std::size(kSamples);
          LayoutOptions options;
          options.shape.language = kSamples[k].lang;
          const LaidOutText layout = LayoutText(catalog, kSamples[k].text, options);
          if (*EncodePng(*RenderBitmap(layout)) != expected[k]) ++mismatches;
          if (!RenderPdf(layout)) ++mismatches;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Certificate, ReportsTemplateAndFieldErrors) {
  EXPECT_EQ(ParseCertificateTemplate("not json", ".").error().code, Errc::kMalformed);
  EXPECT_FALSE(ParseCertificateTemplate(R"({"boxes": []})", "."));
  EXPECT_NE(
      ParseCertificateTemplate(R"({"boxes": [{"field": "n", "align": "middle"}]})", ".").error().message.find("align"),
      std::string::npos);
  EXPECT_NE(ParseCertificateTemplate(R"({"page": {"width": 100, "height": 100},
      "boxes": [{"field": "n", "x": 90, "width": 50}]})",
                                     ".")
                .error()
                .message.find("outside"),
            std::string::npos);
  Result<CertificateTemplate> tmpl = ParseCertificateTemplate(kTemplate, ".");
  ASSERT_TRUE(tmpl);
  Result<Certificate> cert = RenderCertificate(Fonts(), *tmpl, {{"name", "x"}});
  ASSERT_FALSE(cert);
  EXPECT_NE(cert.error().message.find("course, tiny"), std::string::npos) << cert.error().message;
  Result<CertificateTemplate> missing_image =
      ParseCertificateTemplate(R"({"background": {"image": "nowhere.png"}, "boxes": [{"field": "n"}]})", "/tmp");
  ASSERT_TRUE(missing_image);
  EXPECT_FALSE(RenderCertificate(Fonts(), *missing_image, {{"n", "x"}}));
}

}  // namespace
}  // namespace cpk::fonts
