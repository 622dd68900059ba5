#include "cpk/fonts/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace cpk::fonts {
namespace {

const icu::Normalizer2* Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? nfc : nullptr;
}

}  // namespace

std::string ToNfc(std::string_view text) {
  // fromUTF8 turns every ill-formed sequence into U+FFFD.
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::Normalizer2* nfc = Nfc();
  std::string out;
  if (nfc == nullptr) {
    in.toUTF8String(out);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString normalised = nfc->normalize(in, status);
  (U_SUCCESS(status) ? normalised : in).toUTF8String(out);
  return out;
}

bool IsNfc(std::string_view text) { return ToNfc(text) == text; }

}  // namespace cpk::fonts
