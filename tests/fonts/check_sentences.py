#!/usr/bin/env python3
"""Checks that sentences.tsv is well formed and still covers what the text-engine tests need.

Every line has four tab-separated fields, a known language tag, a unique id of the form
<lang>-<n>, a non-empty kind and a text that is NFC, without tabs or control characters. Each
language has at least four sentences, and the features listed in REQUIRED occur in the file.

usage: check_sentences.py SENTENCES
"""
import collections
import sys
import unicodedata

LANGS = ["as", "bn", "en", "gu", "hi", "kn", "kok", "ml", "mni-Mtei", "mni-Beng", "mr", "ne", "or", "pa",
         "ta", "te", "ur", "sat"]
ZWJ, ZWNJ = "\u200d", "\u200c"

# (description, substring as written in NFC). Nukta letters are decomposed in NFC (they are
# composition exclusions), so ज़ is U+091C U+093C; two-part vowels compose (কো is U+0995 U+09CB).
REQUIRED = [
    ("Devanagari ksha", "क्ष"), ("Devanagari tra", "त्र"), ("Devanagari jnya", "ज्ञ"), ("Devanagari stri", "स्त्री"),
    ("Bengali ksha", "ক্ষ"), ("Gurmukhi subjoined va", "ਸ੍ਵ"), ("Gujarati ksha", "ક્ષ"), ("Odia ksha", "କ୍ଷ"),
    ("Tamil ksha", "க்ஷ"), ("Tamil shri", "ஸ்ரீ"), ("Telugu ksha", "క్ష"), ("Kannada ksha", "ಕ್ಷ"),
    ("Malayalam ksha", "ക്ഷ"),
    ("Devanagari reph karya", "कार्य"), ("Devanagari reph dharma", "धर्म"), ("Devanagari reph purna", "पूर्ण"),
    ("Bengali reph karya", "কার্য"), ("Odia reph karyya", "କାର୍ଯ୍ୟ"), ("Kannada reph karya", "ಕಾರ್ಯ"),
    ("Telugu karya", "కార్య"),
    ("Devanagari za (nukta)", "ज\u093cि"), ("Devanagari fa (nukta)", "फ\u093c"), ("Bengali rra (nukta)", "ড\u09bc"),
    ("Gurmukhi za (nukta)", "ਜ\u0a3c"), ("Odia rra (nukta)", "ଡ\u0b3c"),
    ("Bengali o", "কো"), ("Bengali au", "কৌ"), ("Odia o", "କୋ"), ("Odia au", "କୌ"),
    ("Tamil o", "\u0bca"), ("Tamil oo", "\u0bcb"), ("Malayalam o", "\u0d4a"), ("Malayalam oo", "\u0d4b"),
    ("Malayalam nna", "ന്ന"), ("Malayalam kka", "ക്ക"), ("Malayalam tta", "ത്ത"),
    ("Malayalam chillu l", "\u0d7d"), ("Malayalam chillu n", "\u0d7b"), ("Malayalam chillu rr", "\u0d7c"),
    ("eyelash ra with ZWJ", "र्" + ZWJ + "य"), ("half form with ZWJ", "क्" + ZWJ + "ष"),
    ("explicit virama with ZWNJ", "क्" + ZWNJ + "ष"),
    ("Urdu digits", "۱"), ("Assamese ra", "ৰ"), ("Assamese wa", "ৱ"), ("Meetei Mayek", "ꯃꯤꯇꯩ ꯃꯌꯦꯛ"),
    ("Ol Chiki", "ᱚᱞ ᱪᱤᱠᱤ"),
]


def main() -> int:
    path = sys.argv[1]
    problems = []
    per_lang = collections.Counter()
    per_kind = collections.Counter()
    ids = set()
    texts = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "lang\tid\tkind\ttext":
        problems.append("line 1: header must be 'lang<TAB>id<TAB>kind<TAB>text'")
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 4:
            problems.append(f"line {n}: {len(fields)} fields, expected 4")
            continue
        lang, id_, kind, text = fields
        if lang not in LANGS:
            problems.append(f"line {n}: unknown language {lang!r}")
        if not id_.startswith(lang + "-") or not id_[len(lang) + 1:].isdigit():
            problems.append(f"line {n}: id {id_!r} is not {lang}-<n>")
        if id_ in ids:
            problems.append(f"line {n}: duplicate id {id_}")
        ids.add(id_)
        if not kind:
            problems.append(f"line {n}: empty kind")
        if not text.strip():
            problems.append(f"line {n}: empty text")
        if unicodedata.normalize("NFC", text) != text:
            problems.append(f"line {n} ({id_}): text is not NFC")
        if any(unicodedata.category(c) == "Cc" for c in text) or "\r" in line:
            problems.append(f"line {n} ({id_}): control character in text")
        if text != text.strip():
            problems.append(f"line {n} ({id_}): leading or trailing whitespace")
        per_lang[lang] += 1
        per_kind[kind] += 1
        texts.append(text)
    for lang in LANGS:
        if per_lang[lang] < 4:
            problems.append(f"{lang}: {per_lang[lang]} sentences, need at least 4")
    if sum(per_lang.values()) < 70:
        problems.append(f"{sum(per_lang.values())} sentences, need at least 70")
    if per_kind["mixed"] < 6:
        problems.append(f"{per_kind['mixed']} mixed-script lines, need at least 6")
    alltext = "\n".join(texts)
    for what, s in REQUIRED:
        if s not in alltext:
            problems.append(f"missing {what} ({' '.join(f'U+{ord(c):04X}' for c in s)})")

    print(f"{sum(per_lang.values())} sentences")
    print("per language: " + ", ".join(f"{k} {per_lang[k]}" for k in LANGS))
    print("per kind:     " + ", ".join(f"{k} {v}" for k, v in sorted(per_kind.items())))
    for p in problems:
        print("FAIL " + p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
