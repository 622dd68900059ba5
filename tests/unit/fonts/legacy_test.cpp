// Legacy Hindi font encodings: conversion of text typed in Kruti Dev 010 / DevLys 010 (typed
// here from the fonts' character maps) against its known Unicode, detection, and hostile input.
//
// Expected strings use the NFC form, so the nukta letters are written as consonant + U+093C.

#include "cpk/fonts/legacy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace cpk::fonts {
namespace {

struct Sample {
  const char* legacy;
  const char* unicode;
};

std::string Convert(std::string_view text, LegacyEncoding e = LegacyEncoding::kKrutiDev) {
  auto r = ConvertLegacyToUnicode(text, e);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::string("<error>");
}

// Words and phrases of government and training material, typed in Kruti Dev 010.
const Sample kKrutiWords[] = {
    {"Hkkjr ljdkj", "भारत सरकार"},
    {"izf'k{k.k dk;Zdze", "प्रशिक्षण कार्यक्रम"},
    {"deZpkjh", "कर्मचारी"},
    {"jk\"Vªh;", "राष्ट्रीय"},
    {"{ks=", "क्षेत्र"},
    {"fo|kFkhZ", "विद्यार्थी"},
    {"Jheku", "श्रीमान"},
    {"ftyk", "जिला"},
    {"i`\"B", "पृष्ठ"},
    {"fgUnh", "हिन्दी"},
    {"fganh", "हिंदी"},
    {"v\u201Auykbu", "ऑनलाइन"},  // v‚uykbu
    {"}kjk", "द्वारा"},
    {"'kq)", "शुद्ध"},
    {"vkSj", "और"},
    {"gS", "है"},
    {"gSa", "हैं"},
    {"esa", "में"},
    {"ugha", "नहीं"},
    {"Kku", "ज्ञान"},
    {"foKku", "विज्ञान"},
    {"Jfed", "श्रमिक"},
    {"fl)kar", "सिद्धांत"},
    {"i=", "पत्र"},
    {"ik=", "पात्र"},
    {"f'k{kk ea=ky;", "शिक्षा मंत्रालय"},
    {"\u00D8e", "क्रम"},  // Øe
    {"mÙkj", "उत्तर"},
    {"mÙkjk[k.M", "उत्तराखण्ड"},
    {"jk\"Vªifr", "राष्ट्रपति"},
    {"leqæ", "समुद्र"},
    {"vk;ksftr", "आयोजित"},
    {"vksj", "ओर"},
    {"vkS|ksfxd", "औद्योगिक"},
    {",sfrgkfld", "ऐतिहासिक"},
    {"bZ&esy", "ई-मेल"},
    {"lsok,¡", "सेवाएँ"},
    {"D;k", "क्या"},
    {"rS;kj", "तैयार"},
    {"ukxfjd", "नागरिक"},
    {"Fks", "थे"},
    {"Fkks", "थो"},
    {"[kkuk", "खाना"},
    {"/kU;okn", "धन्यवाद"},
    {"vafre", "अंतिम"},
    {"vaxzsth", "अंग्रेजी"},
    {"egku~", "महान्"},  // explicit halant
    {"fo}ku~", "विद्वान्"},
    {"ÃÜoj", "ईश्वर"},
    {"ÅtkZ", "ऊर्जा"},
    {"_.k", "ऋण"},
    {"vkS\"k/k", "औषध"},
    {"i`Foh", "पृथ्वी"},
    {"mRre", "उत्तम"},
    {"'kCn", "शब्द"},
    {"lEcU/k", "सम्बन्ध"},
    {"laca/k", "संबंध"},
    {"xgjkbZ", "गहराई"},
    {"izLrqr", "प्रस्तुत"},
    {"vH;kl", "अभ्यास"},
    {"QkWeZ", "फॉर्म"},
    {"fp=", "चित्र"},
    {"fe=", "मित्र"},
    {"fVªd", "ट्रिक"},
};

// The i-sign typed before a conjunct.
const Sample kPreBaseI[] = {
    {"fLFkfr", "स्थिति"}, {"izfr'kr", "प्रतिशत"}, {"fo'o", "विश्व"},   {"izfØ;k", "प्रक्रिया"}, {"O;fä", "व्यक्ति"},
    {"fpÙk", "चित्त"},    {"çfr", "प्रति"},       {"fç;", "प्रिय"},    {"f}rh;", "द्वितीय"},   {"fLFkj", "स्थिर"},
    {"fHké", "भिन्न"},    {"fiz;", "प्रिय"},      {"mRiUu", "उत्पन्न"},
};

// The reph typed after its syllable, with vowel signs, with the i-sign, over conjuncts.
const Sample kReph[] = {
    {"dk;Z", "कार्य"},      {"/keZ", "धर्म"},       {"o\"kZ", "वर्ष"},       {"iw.kZ", "पूर्ण"},
    {"fu.kZ;", "निर्णय"},   {"loksZPp", "सर्वोच्च"}, {"lokZsPp", "सर्वोच्च"},  // reph typed between the stem and the े stroke
    {"vkfFkZd", "आर्थिक"},                                                 // reph + i-sign on one consonant
    {"dhfrZ", "कीर्ति"},    {"o.kZu", "वर्णन"},     {"dk;kZy;", "कार्यालय"}, {"ekxZn'kZu", "मार्गदर्शन"},
    {"lw;Z", "सूर्य"},       {"vFkZ", "अर्थ"},       {"v)Z", "अर्द्ध"},    // reph over the conjunct glyph द्ध
    {"dk;ksZa", "कार्यों"},                                             // reph, then anusvara
    {"dk;ks±", "कार्यों"},                                              // the reph+anusvara glyph
    {"e/;orÊ", "मध्यवर्ती"},                                            // the ी+reph glyph
    {"vkÆFkd", "आर्थिक"},                                              // the ि+reph glyph typed before the consonant
    {"fueZy", "निर्मल"},    {"ioZ", "पर्व"},        {"dk;ZZ", "कार्य"},  // a doubled reph key
    {"gSaa", "हैं"},                                                    // a doubled anusvara key
};

// Nukta, anusvara, candrabindu, visarga, vocalic r.
const Sample kSigns[] = {
    {"ft+yk", "ज\u093Cिला"},
    {"t+:jr", "ज\u093Cरूरत"},
    {"d+kuwu", "क\u093Cानून"},
    {"Q+kby", "फ\u093Cाइल"},
    {"i<+kbZ", "पढ\u093Cाई"},
    {"yM+dh", "लड\u093Cकी"},
    {"[+kcj", "ख\u093Cबर"},  // nukta under a half form completed by the stem
    {"igq¡p", "पहुँच"},
    {"ek¡", "माँ"},
    {"dgk¡", "कहाँ"},
    {"eSaus", "मैंने"},
    {"gSaA", "हैं।"},
    {"iqu%", "पुनः"},
    {"vr%", "अतः"},
    {"_f\"k", "ऋषि"},
    {"\u2014f\"k", "कृषि"},  // —f"k
    {"x`g", "गृह"},
    {"v/;k;", "अध्याय"},
    {"dkWyst", "कॉलेज"},  // ा + ॅ drawn as ॉ
    {"MkWDVj", "डॉक्टर"},
    {"eas", "में"},               // anusvara typed before the vowel sign
    {"fd+rkc", "क\u093Cिताब"},  // nukta inside the cluster the i-sign moves over
};

// Digits, danda and punctuation.
const Sample kPunctuation[] = {
    {"o\"kZ 2024 esa 15 izfr'kr", "वर्ष 2024 में 15 प्रतिशत"},
    {"\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u00E5", "१२३४५६७८९०"},
    {"ge Hkkjr ds ukxfjd gSaA", "हम भारत के नागरिक हैं।"},
    {"d] [k vkSj x-", "क, ख और ग."},
    {"D;k vki rS;kj gSa\\", "क्या आप तैयार हैं?"},
    {"¼d½", "(क)"},
    {"dHkh&dHkh", "कभी-कभी"},
    {"i`\"B la[;k 12", "पृष्ठ संख्या 12"},
    {"fnukad 15@08@2024", "दिनांक 15/08/2024"},
    {"'kq) 10-5 izfr'kr", "शुद्ध 10.5 प्रतिशत"},
};

// Full sentences.
const Sample kSentences[] = {
    {"Hkkjr ljdkj }kjk izf'k{k.k dk;Zdze vk;ksftr fd;k x;kA", "भारत सरकार द्वारा प्रशिक्षण कार्यक्रम आयोजित किया गया।"},
    {"lHkh deZpkjh fu/kkZfjr le; ij mifLFkr gksaA", "सभी कर्मचारी निर्धारित समय पर उपस्थित हों।"},
    {"fo|kfFkZ;ksa dks vkWuykbu ijh{kk esa Hkkx ysuk gksxkA", "विद्यार्थियों को ऑनलाइन परीक्षा में भाग लेना होगा।"},
    {"jkT; ljdkj us ubZ f'k{kk uhfr dh ?kks\"k.kk dhA", "राज्य सरकार ने नई शिक्षा नीति की घोषणा की।"},
    {"vkosnu i= dk;kZy; esa nks izfr;ksa esa tek djsaA", "आवेदन पत्र कार्यालय में दो प्रतियों में जमा करें।"},
};

void ExpectAll(std::span<const Sample> samples, LegacyEncoding e = LegacyEncoding::kKrutiDev) {
  for (const Sample& s : samples) EXPECT_EQ(Convert(s.legacy, e), s.unicode) << "legacy: " << s.legacy;
}

TEST(LegacyConvert, KrutiDevWords) { ExpectAll(kKrutiWords); }
TEST(LegacyConvert, KrutiDevPreBaseIBeforeConjuncts) { ExpectAll(kPreBaseI); }
TEST(LegacyConvert, KrutiDevReph) { ExpectAll(kReph); }
TEST(LegacyConvert, KrutiDevSigns) { ExpectAll(kSigns); }
TEST(LegacyConvert, KrutiDevPunctuationAndDigits) { ExpectAll(kPunctuation); }
TEST(LegacyConvert, KrutiDevSentences) { ExpectAll(kSentences); }

// DevLys 010 shares the Kruti Dev 010 character map: the same keys give the same Unicode.
TEST(LegacyConvert, DevLysSharesTheKrutiDevLayout) {
  ExpectAll(kKrutiWords, LegacyEncoding::kDevLys);
  ExpectAll(kReph, LegacyEncoding::kDevLys);
  ExpectAll(kPreBaseI, LegacyEncoding::kDevLys);
  ExpectAll(kSentences, LegacyEncoding::kDevLys);
}

TEST(LegacyConvert, OutputIsNfc) {
  // क़ (U+0958) is not NFC: it comes out as क + nukta.
  const std::string out = Convert("d+");
  EXPECT_EQ(out, "\u0915\u093C");
  // Devanagari already in Unicode passes through (and is normalised).
  EXPECT_EQ(Convert("\u0958 Hkkjr"), "\u0915\u093C भारत");
}

// Devanagari already in Unicode passes through. (ASCII does not: in a legacy run every ASCII
// character is a glyph code, so a comma is ए.)
TEST(LegacyConvert, UnicodeHindiIsLeftAlone) {
  const char* texts[] = {"भारत सरकार द्वारा प्रशिक्षण कार्यक्रम आयोजित किया गया।", "विद्यार्थियों को ऑनलाइन परीक्षा",
                         "क\u093Cानून ज\u093Cिला पढ\u093Cाई", "१२३ राष्ट्रीय"};
  for (const char* text : texts) EXPECT_EQ(Convert(text), text);
}

TEST(LegacyConvert, Windows1252BytesWhenNotUtf8) {
  // "mÙkj" saved as an 8-bit file: Ù is the byte 0xD9.
  EXPECT_EQ(Convert("m\xD9kj"), "उत्तर");
  // 0x97 (em dash) is कृ; 0x82 (low quote) is ॉ.
  EXPECT_EQ(Convert("\x97"
                    "f\"k"),
            "कृषि");
  EXPECT_EQ(Convert("v\x82uykbu"), "ऑनलाइन");
  // Text read as Latin-1 instead of Windows-1252 (C1 controls) and symbol-font code points.
  EXPECT_EQ(Convert("v\u0082uykbu"), "ऑनलाइन");
  EXPECT_EQ(Convert("\uF064\uF06B"), "का");
}

TEST(LegacyConvert, ChanakyaIsNotSupported) {
  auto r = ConvertLegacyToUnicode("dk", LegacyEncoding::kChanakya);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Errc::kUnsupported);
}

TEST(LegacyConvert, HostileInput) {
  EXPECT_EQ(Convert(""), "");
  // Invalid UTF-8 is read as Windows-1252: nothing crashes, the rest converts.
  EXPECT_EQ(Convert("\xFF\xFE dk"), "\u00FF\u00FE का");
  EXPECT_EQ(Convert(std::string("\0dk", 3)), std::string("\0का", 1 + 6));
  // Stray markers with nothing to attach to.
  EXPECT_EQ(Convert("f"), "ि");
  EXPECT_EQ(Convert("Z"), "र्");
  EXPECT_EQ(Convert("fZ f Z"), "िर् ि र्");
  // Private-use characters in the input are not taken for the converter's own markers.
  EXPECT_EQ(Convert("\uE000d \uE001"), "\uE000क \uE001");
  EXPECT_FALSE(Convert("ffffDDDDDDDDDDDDZZZZ+++~~kkk").empty());
}

// Random sequences of the keys the layout uses: the reordering passes never leak their markers
// (private-use U+E000/U+E001), and the output is valid UTF-8.
TEST(LegacyConvert, RandomKeySequences) {
  const std::string keys =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ;',./[]{}|\\`~!@#$%^&*()-_=+:\"<>? 0123456789";
  const std::vector<std::string> upper = {"Ù", "Ø", "ç", "±", "Ê", "Æ", "È", "¡", "ª", "î", "‚", "å", "—", "–", "ä"};
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7FFF; };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = 1 + next() % 24;
    for (size_t i = 0; i < length; ++i) {
      if (next() % 6 == 0) {
        text += upper[next() % upper.size()];
      } else {
        text += keys[next() % keys.size()];
      }
    }
    const std::string out = Convert(text);
    EXPECT_EQ(out.find("\uE000"), std::string::npos) << text;
    EXPECT_EQ(out.find("\uE001"), std::string::npos) << text;
    // well-formed UTF-8
    for (size_t i = 0; i < out.size();) {
      const auto b = static_cast<unsigned char>(out[i]);
      const size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
      ASSERT_NE(len, 0u) << text;
      ASSERT_LE(i + len, out.size()) << text;
      for (size_t k = 1; k < len; ++k) ASSERT_EQ(static_cast<unsigned char>(out[i + k]) & 0xC0, 0x80) << text;
      i += len;
    }
  }
}

TEST(LegacyConvert, OneMegabyteInLinearTime) {
  const std::vector<std::string> units = {
      "Hkkjr ljdkj }kjk izf'k{k.k dk;Zdze ", "f", "Z", "D", "fD", "DZ", "+~", "\xD9", "kZ"};
  for (const std::string& unit : units) {
    std::string big;
    while (big.size() < (1u << 20)) big += unit;
    const auto start = std::chrono::steady_clock::now();
    auto r = ConvertLegacyToUnicode(big, LegacyEncoding::kKrutiDev);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r.has_value()) << unit;
    EXPECT_FALSE(r->empty());
    EXPECT_LT(seconds, 5.0) << "unit '" << unit << "' took " << seconds << " s";
    auto d = DetectLegacyEncoding(big);
    (void)d;
  }
}

// ---- detection -------------------------------------------------------------------------------

TEST(LegacyDetect, KrutiTextIsDetected) {
  for (const Sample& s : kSentences) {
    const LegacyDetection d = DetectLegacyEncoding(s.legacy);
    EXPECT_EQ(d.encoding, LegacyEncoding::kKrutiDev) << s.legacy << " score " << d.score << ": " << d.evidence;
    EXPECT_GE(d.score, 0.5);
  }
  const char* more[] = {
      "Hkkjr ljdkj",
      "izf'k{k.k dk;Zdze",
      "ge Hkkjr ds ukxfjd gSaA",
      "fo|kfFkZ;ksa dks vkWuykbu ijh{kk esa Hkkx ysuk gksxkA bl ckjs esa vf/kd tkudkjh ds fy, dk;kZy; ls laidZ djsaA",
      "jk\"Vªh; xzkeh.k vkthfodk fe'ku",
      "fgUnh esa fyf[ks",
      "lw;Z iwoZ esa mxrk gSA",
      // Kruti text with English terms in it
      "SCORM iSdst esa lHkh ikB ,d lkFk viyksM djsaA PDF Qkby dk vkdkj 10 MB ls vf/kd u gksA",
      "iz'u 1- fuEufyf[kr esa ls dkSu lk dFku lgh gS\\",
  };
  for (const char* text : more) {
    const LegacyDetection d = DetectLegacyEncoding(text);
    EXPECT_EQ(d.encoding, LegacyEncoding::kKrutiDev) << text << " score " << d.score << ": " << d.evidence;
  }
}

TEST(LegacyDetect, OtherTextIsNotFlagged) {
  const char* texts[] = {
      // English prose
      "The training programme will be held in New Delhi from 5 to 9 March. All participants must register "
      "online before the deadline.",
      "Click Next to continue. Your progress is saved automatically.",
      "Ministry of Skill Development and Entrepreneurship, Government of India",
      "Gandhi and Buddha taught non-violence; check the desk, the bank and the dock.",
      // source code
      "for (int i = 0; i < n; ++i) { total += values[k]; }\nif (fd < 0) return -1;",
      "function init(){var x=document.getElementById('dk');x.style.display='none';}",
      "SELECT id, name FROM users WHERE dept_id = 42 ORDER BY name;",
      "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }",
      "document.getElementById('menu').addEventListener('click', onClick); const itemList = getItems();",
      "var myTextBox = new TextBox({ maxLength: 40, onKeyDown: handleKey, isReadOnly: false });",
      "{\"courseId\": \"dk-101\", \"lessonCount\": 12, \"isPublished\": true, \"tags\": [\"hk\", \"fd\", \"gS\"]}",
      ".nav-bar { background-color: #fdfdfd; border-bottom: 1px solid #dkdkdk; }",
      "fdisk mkfs lsblk dkms grep -rn ffmpeg -i in.mkv -c:v libx264 -crf 23 out.mkv",
      "0xfd 0xdk 0x3f 0xdeadbeef 0xcafebabe mov eax, 0x1f; jmp 0xfdk",
      "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHRlc3Q= ZGtndFNhc2Rma2pzZGZr c29tZSBtb3JlIGJhc2U2NA==",
      "iPhone iPad macOS eBay YouTube LinkedIn WhatsApp GitHub JavaScript TypeScript PowerPoint",
      // names and places
      "Kumar, Singh, Sharma, Gupta, Khan, Reddy, Iyer, Krishnan, Bhattacharya, Chakraborty, Mukherjee",
      "Delhi Mumbai Kolkata Chennai Bhopal Lucknow Jaipur Patna Dehradun Shimla Srinagar Bhubaneswar",
      // URLs, paths, numbers
      "https://www.example.gov.in/dk/gS?x=1&y=2",
      "see /usr/share/doc/kk/README and C:\\Users\\dk\\file.txt",
      "12345 678.90 2024-03-15 +91-11-2301-2345",
      // Hinglish (Hindi romanised in Latin letters)
      "aap kaise ho? main theek hoon, aur aap?",
      "kya aap kal office aa rahe ho? mujhe report bhejni hai",
      "Namaste doston, aaj hum seekhenge ki online course kaise banate hain",
      "mujhe aaj bahut kaam hai, kal milte hain. tumhara din kaisa raha? sab theek hai na?",
      "yeh course bahut accha hai, isme hum HTML aur CSS seekhenge. aage badhne ke liye Next dabaiye.",
      // already Unicode Hindi
      "भारत सरकार द्वारा प्रशिक्षण कार्यक्रम आयोजित किया गया।",
      "विद्यार्थियों को ऑनलाइन परीक्षा में भाग लेना होगा (Online Exam)।",
      // French and German (accented letters are also Kruti glyph codes)
      "Le cours de formation à distance est ouvert à tous les élèves français.",
      "Die Prüfung findet im Büro statt; bitte pünktlich erscheinen.",
      // short snippets
      "dk",
      "OK",
      "",
  };
  for (const char* text : texts) {
    const LegacyDetection d = DetectLegacyEncoding(text);
    EXPECT_FALSE(d.encoding.has_value()) << text << " score " << d.score << ": " << d.evidence;
  }
}

TEST(LegacyDetect, FontNameDecides) {
  EXPECT_EQ(DetectLegacyEncoding("dk", "Kruti Dev 010").encoding, LegacyEncoding::kKrutiDev);
  EXPECT_EQ(DetectLegacyEncoding("dk", "DevLys 010").encoding, LegacyEncoding::kDevLys);
  EXPECT_EQ(DetectLegacyEncoding("Dk vkSj", "Chanakya").encoding, LegacyEncoding::kChanakya);
  const LegacyDetection d = DetectLegacyEncoding("Hkkjr", "Kruti Dev 010");
  EXPECT_EQ(d.score, 1.0);
  EXPECT_NE(d.evidence.find("Kruti Dev 010"), std::string::npos);
  // A legacy font with nothing it redraws (digits only, or Unicode text) is not flagged.
  EXPECT_FALSE(DetectLegacyEncoding("2024 15", "Kruti Dev 010").encoding.has_value());
  EXPECT_FALSE(DetectLegacyEncoding("भारत", "Kruti Dev 010").encoding.has_value());
  // An ordinary font lets the statistics decide.
  EXPECT_EQ(DetectLegacyEncoding("ge Hkkjr ds ukxfjd gSaA", "Arial").encoding, LegacyEncoding::kKrutiDev);
  EXPECT_FALSE(DetectLegacyEncoding("The quick brown fox", "Arial").encoding.has_value());
}

TEST(LegacyFontNames, Spellings) {
  const char* kruti[] = {"Kruti Dev 010", "KRUTI DEV 010",          "Kruti_Dev_010",
                         "KrutiDev010",   "kruti dev 011",          "Kruti Dev 040 Wide",
                         "Kruti-Dev-010", "'Kruti Dev 010', serif", "Arial, Kruti Dev 010"};
  for (const char* name : kruti) EXPECT_EQ(LegacyEncodingOfFont(name), LegacyEncoding::kKrutiDev) << name;
  const char* devlys[] = {"DevLys 010", "DEVLYS 010", "Devlys_010", "DevLys010", "DevLys 040"};
  for (const char* name : devlys) EXPECT_EQ(LegacyEncodingOfFont(name), LegacyEncoding::kDevLys) << name;
  EXPECT_EQ(LegacyEncodingOfFont("Chanakya"), LegacyEncoding::kChanakya);
  EXPECT_EQ(LegacyEncodingOfFont("CHANAKYA 902"), LegacyEncoding::kChanakya);
  EXPECT_EQ(LegacyEncodingOfFont("Walkman-Chanakya 905"), LegacyEncoding::kChanakya);
  EXPECT_EQ(LegacyEncodingOfFont("Kruti Dev 010 Bold"), LegacyEncoding::kKrutiDev);
  const char* others[] = {"", "Arial", "Mangal", "Noto Sans Devanagari", "Kokila", "Kruti", "Dev", "Times New Roman"};
  for (const char* name : others) EXPECT_FALSE(LegacyEncodingOfFont(name).has_value()) << name;
}

TEST(LegacyFontNames, EncodingNamesRoundTrip) {
  for (LegacyEncoding e : {LegacyEncoding::kKrutiDev, LegacyEncoding::kDevLys, LegacyEncoding::kChanakya}) {
    EXPECT_EQ(LegacyEncodingFromName(LegacyEncodingName(e)), e);
  }
  EXPECT_EQ(LegacyEncodingName(LegacyEncoding::kKrutiDev), "krutidev");
  EXPECT_EQ(LegacyEncodingName(LegacyEncoding::kDevLys), "devlys");
  EXPECT_EQ(LegacyEncodingName(LegacyEncoding::kChanakya), "chanakya");
  EXPECT_EQ(LegacyEncodingFromName("KrutiDev"), LegacyEncoding::kKrutiDev);
  EXPECT_EQ(LegacyEncodingFromName("kruti"), LegacyEncoding::kKrutiDev);
  EXPECT_FALSE(LegacyEncodingFromName("mangal").has_value());
  EXPECT_FALSE(LegacyEncodingFromName("").has_value());
}

TEST(LegacyDiagnostic, WarningWithHint) {
  const LegacyDetection d = DetectLegacyEncoding("Hkkjr ljdkj", "Kruti Dev 010");
  const Diagnostic diag = LegacyEncodingDiagnostic(d, Location{"lesson1/index.html", 12, 5});
  EXPECT_EQ(diag.code, "text.legacy-encoding");
  EXPECT_EQ(diag.severity, Severity::kWarning);
  EXPECT_EQ(diag.location.file, "lesson1/index.html");
  EXPECT_EQ(diag.location.line, 12u);
  EXPECT_NE(diag.message.find("Kruti Dev"), std::string::npos) << diag.message;
  EXPECT_NE(diag.hint.find("coursepack text convert-legacy --font krutidev"), std::string::npos) << diag.hint;
  EXPECT_NE(diag.hint.find("Unicode"), std::string::npos);

  const Diagnostic devlys = LegacyEncodingDiagnostic(DetectLegacyEncoding("dk", "DevLys 010"));
  EXPECT_NE(devlys.hint.find("--font devlys"), std::string::npos) << devlys.hint;
  const Diagnostic chanakya = LegacyEncodingDiagnostic(DetectLegacyEncoding("dk", "Chanakya"));
  EXPECT_EQ(chanakya.hint.find("convert-legacy"), std::string::npos) << chanakya.hint;
  EXPECT_NE(chanakya.message.find("Chanakya"), std::string::npos) << chanakya.message;

  // Statistics as evidence; no encoding at all still gives a readable warning.
  const Diagnostic stats = LegacyEncodingDiagnostic(DetectLegacyEncoding("ge Hkkjr ds ukxfjd gSaA"));
  EXPECT_NE(stats.message.find("words read as Hindi typed in the Kruti Dev"), std::string::npos) << stats.message;
  const Diagnostic unknown = LegacyEncodingDiagnostic(LegacyDetection{});
  EXPECT_EQ(unknown.severity, Severity::kWarning);
  EXPECT_NE(unknown.message.find("pre-Unicode Hindi font encoding"), std::string::npos) << unknown.message;
  EXPECT_EQ(unknown.hint.find("convert-legacy"), std::string::npos) << unknown.hint;
}

}  // namespace
}  // namespace cpk::fonts
