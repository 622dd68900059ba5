// Font choice: the curated table first (it knows that Urdu wants Nastaliq and that the Noto
// families draw the Indian scripts properly), fontconfig to find the files and, as a last
// resort, any installed font that has the characters.

#include "cpk/fonts/font_catalog.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "font_face_impl.hpp"
#include "utf.hpp"

namespace cpk::fonts {
namespace {

struct ScriptFamilies {
  const char* script;
  std::vector<const char*> sans;
  std::vector<const char*> serif;
};

// Preference order per script (ISO 15924). Every family here is in Debian's fonts-noto-core.
const std::vector<ScriptFamilies>& Table() {
  static const std::vector<ScriptFamilies> table = {
      {"Latn", {"Noto Sans", "DejaVu Sans"}, {"Noto Serif", "DejaVu Serif"}},
      {"Deva", {"Noto Sans Devanagari"}, {"Noto Serif Devanagari"}},
      {"Beng", {"Noto Sans Bengali"}, {"Noto Serif Bengali"}},
      {"Guru", {"Noto Sans Gurmukhi"}, {"Noto Serif Gurmukhi"}},
      {"Gujr", {"Noto Sans Gujarati"}, {"Noto Serif Gujarati"}},
      {"Orya", {"Noto Sans Oriya"}, {"Noto Serif Oriya"}},
      {"Taml", {"Noto Sans Tamil", "Noto Sans Tamil Supplement"}, {"Noto Serif Tamil"}},
      {"Telu", {"Noto Sans Telugu"}, {"Noto Serif Telugu"}},
      {"Knda", {"Noto Sans Kannada"}, {"Noto Serif Kannada"}},
      {"Mlym", {"Noto Sans Malayalam"}, {"Noto Serif Malayalam"}},
      {"Arab", {"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Nastaliq Urdu"}, {"Noto Naskh Arabic"}},
      {"Olck", {"Noto Sans Ol Chiki"}, {}},
      {"Mtei", {"Noto Sans Meetei Mayek"}, {}},
  };
  return table;
}

bool IsUrdu(std::string_view language) {
  return language == "ur" || language.starts_with("ur-") || language.starts_with("ur_");
}

struct FontRef {
  std::string path;
  unsigned index = 0;
};

}  // namespace

std::vector<std::string> PreferredFamilies(std::string_view script, std::string_view language, FontStyle style) {
  std::vector<std::string> out;
  if (script == "Arab" && IsUrdu(language)) out.emplace_back("Noto Nastaliq Urdu");
  const auto add_from = [&](std::string_view s) {
    for (const ScriptFamilies& f : Table()) {
      if (s != f.script) continue;
      const auto& first = style == FontStyle::kSerif ? f.serif : f.sans;
      const auto& second = style == FontStyle::kSerif ? f.sans : f.serif;
      for (const auto* list : {&first, &second}) {
        for (const char* family : *list) {
          if (std::find(out.begin(), out.end(), family) == out.end()) out.emplace_back(family);
        }
      }
    }
  };
  add_from(script);
  add_from("Latn");  // common characters and a last resort for everything
  return out;
}

struct FontCatalog::Impl {
  FcConfig* config = nullptr;
  mutable std::mutex mutex;
  mutable std::map<std::pair<std::string, unsigned>, std::unique_ptr<internal::LoadedFace>> loaded;
  mutable std::map<std::string, std::optional<FontRef>> family_files;  // family → best regular face
  std::vector<FontRef> added;                                          // fonts of AddFolder, in order
  // What fontconfig found (or not) for a set of characters: a text full of one unknown
  // character would otherwise ask fontconfig again for every cluster.
  mutable std::map<std::u32string, const internal::LoadedFace*> covering;

  ~Impl() {
    if (config != nullptr) FcConfigDestroy(config);
  }

  /// Loads (once) and returns the face; nullptr when it cannot be read. Caller holds `mutex`.
  const internal::LoadedFace* LoadLocked(const std::string& path, unsigned index) const {
    auto [it, inserted] = loaded.try_emplace({path, index});
    if (inserted) {
      auto face = std::make_unique<internal::LoadedFace>(path, index);
      if (face->valid()) it->second = std::move(face);
    }
    return it->second.get();
  }

  /// The file of the regular upright face of `family`, via fontconfig. Caller holds `mutex`.
  std::optional<FontRef> FindFamilyLocked(const std::string& family) const {
    if (auto it = family_files.find(family); it != family_files.end()) return it->second;
    std::optional<FontRef> best;
    if (config != nullptr) {
      FcPattern* pattern = FcPatternCreate();
      FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
      FcObjectSet* objects =
          FcObjectSetBuild(FC_FILE, FC_INDEX, FC_STYLE, FC_WEIGHT, FC_SLANT, FC_WIDTH, FC_VARIABLE, nullptr);
      FcFontSet* set = FcFontList(config, pattern, objects);
      int best_score = 1 << 30;
      for (int i = 0; set != nullptr && i < set->nfont; ++i) {
        FcChar8* file = nullptr;
        int index = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
        FcBool variable = FcFalse;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        double weight_value = FC_WEIGHT_REGULAR;
        if (FcPatternGetDouble(set->fonts[i], FC_WEIGHT, 0, &weight_value) == FcResultMatch) {
          weight = static_cast<int>(weight_value);
        } else {
          FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
        }
        // Some fonts declare every face regular (Noto Nastaliq Urdu Bold does): the style name decides.
        FcChar8* style = nullptr;
        const std::string style_name = FcPatternGetString(set->fonts[i], FC_STYLE, 0, &style) == FcResultMatch
                                           ? reinterpret_cast<const char*>(style)
                                           : "";
        const bool plain =
            style_name == "Regular" || style_name == "Book" || style_name == "Normal" || style_name.empty();
        FcPatternGetInteger(set->fonts[i], FC_SLANT, 0, &slant);
        FcPatternGetInteger(set->fonts[i], FC_WIDTH, 0, &width);
        FcPatternGetBool(set->fonts[i], FC_VARIABLE, 0, &variable);
        // Regular weight, upright, normal width; a static face over a variable one; then by path
        // so that the choice never depends on fontconfig's order.
        const int score = std::abs(weight - FC_WEIGHT_REGULAR) * 100 + (slant != FC_SLANT_ROMAN ? 50000 : 0) +
                          std::abs(width - FC_WIDTH_NORMAL) * 10 + (variable ? 5 : 0) + (plain ? 0 : 1000);
        const std::string path = reinterpret_cast<const char*>(file);
        if (score < best_score || (score == best_score && best && path < best->path)) {
          best_score = score;
          best = FontRef{path, static_cast<unsigned>(index & 0xFFFF)};
        }
      }
      if (set != nullptr) FcFontSetDestroy(set);
      FcObjectSetDestroy(objects);
      FcPatternDestroy(pattern);
    }
    family_files[family] = best;
    return best;
  }

  /// Any installed font that has every one of `needed`, per fontconfig's sort. Caller holds `mutex`.
  const internal::LoadedFace* FindCoveringLocked(const std::vector<char32_t>& needed) const {
    if (config == nullptr || needed.empty()) return nullptr;
    std::u32string key(needed.begin(), needed.end());
    std::sort(key.begin(), key.end());
    key.erase(std::unique(key.begin(), key.end()), key.end());
    if (auto it = covering.find(key); it != covering.end()) return it->second;
    if (covering.size() >= 4096) covering.clear();
    const internal::LoadedFace* found = FindCoveringUncachedLocked(needed);
    covering.emplace(std::move(key), found);
    return found;
  }

  const internal::LoadedFace* FindCoveringUncachedLocked(const std::vector<char32_t>& needed) const {
    FcCharSet* charset = FcCharSetCreate();
    for (char32_t c : needed) FcCharSetAddChar(charset, c);
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddCharSet(pattern, FC_CHARSET, charset);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcFontSet* sorted = FcFontSort(config, pattern, FcFalse, nullptr, &result);
    const internal::LoadedFace* found = nullptr;
    for (int i = 0; sorted != nullptr && i < sorted->nfont && found == nullptr && i < 64; ++i) {
      FcCharSet* has = nullptr;
      FcChar8* file = nullptr;
      int index = 0;
      if (FcPatternGetCharSet(sorted->fonts[i], FC_CHARSET, 0, &has) != FcResultMatch ||
          FcPatternGetString(sorted->fonts[i], FC_FILE, 0, &file) != FcResultMatch) {
        continue;
      }
      if (FcCharSetIsSubset(charset, has) != FcTrue) continue;
      FcPatternGetInteger(sorted->fonts[i], FC_INDEX, 0, &index);
      found = LoadLocked(reinterpret_cast<const char*>(file), static_cast<unsigned>(index & 0xFFFF));
    }
    if (sorted != nullptr) FcFontSetDestroy(sorted);
    FcPatternDestroy(pattern);
    FcCharSetDestroy(charset);
    return found;
  }
};

FontCatalog::FontCatalog() : impl_(std::make_unique<Impl>()) { impl_->config = FcInitLoadConfigAndFonts(); }

FontCatalog::~FontCatalog() = default;

Status FontCatalog::AddFolder(const std::string& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return Fail(Errc::kNotFound, "no such folder: " + folder);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec)) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::lock_guard lock(impl_->mutex);
  size_t added = 0;
  for (const std::string& file : files) {
    for (unsigned index = 0; index < 64; ++index) {
      const internal::LoadedFace* face = impl_->LoadLocked(file, index);
      if (face == nullptr) break;
      impl_->added.push_back({file, index});
      ++added;
    }
  }
  if (added == 0) return Fail(Errc::kUnsupported, "no font file in " + folder);
  return Ok();
}

const FontFace* FontCatalog::FontFor(std::string_view script, std::string_view language, FontStyle style,
                                     const std::vector<char32_t>& codepoints) const {
  std::vector<char32_t> needed;
  for (char32_t c : codepoints) {
    if (!internal::NeedsNoGlyph(c)) needed.push_back(c);
  }
  const auto covers_all = [&](const FontFace* f) {
    return f != nullptr && std::all_of(needed.begin(), needed.end(), [f](char32_t c) { return f->Covers(c); });
  };
  std::lock_guard lock(impl_->mutex);
  for (const FontRef& ref : impl_->added) {
    const FontFace* f = impl_->LoadLocked(ref.path, ref.index);
    if (!needed.empty() && covers_all(f)) return f;
  }
  const FontFace* primary = nullptr;
  for (const std::string& family : PreferredFamilies(script, language, style)) {
    const std::optional<FontRef> ref = impl_->FindFamilyLocked(family);
    if (!ref) continue;
    const FontFace* f = impl_->LoadLocked(ref->path, ref->index);
    if (f == nullptr) continue;
    if (primary == nullptr) primary = f;
    if (covers_all(f)) return f;
  }
  if (const FontFace* any = impl_->FindCoveringLocked(needed)) return any;
  return primary;
}

const FontFace* FontCatalog::PrimaryFont(std::string_view script, std::string_view language, FontStyle style) const {
  std::lock_guard lock(impl_->mutex);
  for (const std::string& family : PreferredFamilies(script, language, style)) {
    if (const std::optional<FontRef> ref = impl_->FindFamilyLocked(family)) {
      if (const FontFace* f = impl_->LoadLocked(ref->path, ref->index)) return f;
    }
  }
  return nullptr;
}

const FontFace* FontCatalog::FontFromFile(const std::string& path, unsigned index) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->LoadLocked(path, index);
}

}  // namespace cpk::fonts
