#!/usr/bin/env python3
"""`coursepack text shape --json` agrees with HarfBuzz's own hb-shape, run by run.

For every sentence of sentences.tsv:
- the command exits 0 and prints one JSON object of the documented shape, whose "text" is the
  sentence after NFC and whose "language" is the --lang given;
- no glyph has id 0 (.notdef) and there is no text.glyph-missing (nor any error) diagnostic;
- the runs tile the text: the first starts at byte 0, each ends where the next starts, the last
  ends at the UTF-8 length, and each run's "text" is those bytes; the bidi level's parity
  matches the direction; a run's letters, marks and digits are all of its script (by their
  Unicode names), and it holds no right-to-left letter if ltr and no left-to-right one if rtl;
  "font" is an absolute path to a font whose head.unitsPerEm is
  "units_per_em";
- for every run, the glyph ids, clusters (minus the run's start), advances and offsets are
  equal to what `hb-shape --font-file=FONT --language=L --script=S --direction=D
  --utf8-clusters --no-glyph-names --output-format=json` prints for the run's text.
- the same sentence given in NFD, and with its nukta letters precomposed (U+095B and the like,
  which NFC decomposes), gives the same "text" and the same runs (skip with --no-variants).
On a mismatch the first differing glyph is printed, with the fields that differ and, when one
of a few likely variants (context, BOT/EOT flags, FreeType font functions, character
clusters, reversed order) would make them agree, which one.

usage: shape_agreement.py COURSEPACK SENTENCES [--only ID,LANG,...] [--hb-shape PATH] [--no-variants] [-v]
"""
import collections
import json
import os
import shutil
import struct
import sys
import unicodedata

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
from fonttest import (CaseError, describe, first_difference, nfc, parse_args, read_sentences,  # noqa: E402
                      require_tool, run)


def add_options(p):
    p.add_argument("--hb-shape", default=shutil.which("hb-shape") or "hb-shape", help="hb-shape to compare with")
    p.add_argument("--no-variants", action="store_true", help="skip the NFD and precomposed-nukta inputs")
    p.add_argument("-v", "--verbose", action="store_true", help="also print each run of the passing cases")


args = parse_args(__doc__, add_options)
HB = args.hb_shape
_hb_cache = {}
_upem_cache = {}


def hb_shape(font, text, language, script, direction, extra=()):
    key = (font, text, language, script, direction, tuple(extra))
    if key in _hb_cache:
        return _hb_cache[key]
    argv = [HB, f"--font-file={font}", f"--text={text}", f"--direction={direction}",
            "--no-glyph-names", "--output-format=json"]
    if script:
        argv.append(f"--script={script}")
    if language:
        argv.append(f"--language={language}")
    if "char-clusters" not in extra:
        argv.append("--utf8-clusters")
    argv += [e for e in extra if e.startswith("--")]
    p = run(argv)
    if p.returncode != 0:
        raise CaseError(f"hb-shape failed (exit {p.returncode}): {p.stderr.decode('utf-8', 'replace').strip()[:300]}")
    out = p.stdout.decode("utf-8").strip()
    try:
        glyphs = json.loads(out)
    except json.JSONDecodeError:
        raise CaseError(f"hb-shape printed something other than one JSON array: {out[:200]!r}") from None
    result = [(g["g"], g["cl"], g["ax"], g["dx"], g["dy"]) for g in glyphs]
    _hb_cache[key] = result
    return result


def units_per_em(path):
    """head.unitsPerEm of a TrueType/OpenType font (first face of a collection), or None."""
    if path in _upem_cache:
        return _upem_cache[path]
    upem = None
    try:
        with open(path, "rb") as f:
            data = f.read()
        base = 0
        if data[:4] == b"ttcf":
            base = struct.unpack(">I", data[12:16])[0]
        num_tables = struct.unpack(">H", data[base + 4:base + 6])[0]
        for i in range(num_tables):
            rec = base + 12 + 16 * i
            tag, _, offset, _ = struct.unpack(">4sIII", data[rec:rec + 16])
            if tag == b"head":
                upem = struct.unpack(">H", data[offset + 18:offset + 20])[0]
                break
    except (OSError, struct.error):
        upem = None
    _upem_cache[path] = upem
    return upem


def need(obj, key, types, where):
    if not isinstance(obj, dict) or key not in obj:
        raise CaseError(f"{where}: no \"{key}\"")
    value = obj[key]
    if not isinstance(value, types) or isinstance(value, bool):
        raise CaseError(f"{where}: \"{key}\" has the wrong type ({type(value).__name__})")
    return value


def our_glyphs(run_obj, start, where):
    glyphs = need(run_obj, "glyphs", list, where)
    out = []
    for i, g in enumerate(glyphs):
        w = f"{where} glyph {i}"
        offset = need(g, "offset", list, w)
        if len(offset) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in offset):
            raise CaseError(f"{w}: \"offset\" is not [x, y]")
        out.append((need(g, "id", int, w), need(g, "cluster", int, w) - start, need(g, "advance", (int, float), w),
                    offset[0], offset[1]))
    return out


FIELDS = ("id", "cluster", "advance", "dx", "dy")


def fmt(g):
    return "none" if g is None else "(" + ", ".join(f"{k} {v}" for k, v in zip(FIELDS, g)) + ")"


def compare(ours, theirs):
    """None when equal, else a description of the first difference."""
    if ours == theirs:
        return None
    n = max(len(ours), len(theirs))
    for i in range(n):
        a = ours[i] if i < len(ours) else None
        b = theirs[i] if i < len(theirs) else None
        if a != b:
            break
    differing = [f for k, f in enumerate(FIELDS)
                 if len(ours) != len(theirs) or any(x[k] != y[k] for x, y in zip(ours, theirs))]
    if len(ours) == len(theirs):
        detail = "fields differing: " + ", ".join(differing)
    else:
        detail = f"{len(ours)} glyphs, hb-shape {len(theirs)}"
    return f"glyph {i} differs: ours {fmt(a)}, hb-shape {fmt(b)}; {detail}"


def diagnose(ours, font, text, rtext, start, end, lang, script, direction):
    """Which plausible variant, if any, makes hb-shape agree with us."""
    hints = []
    base = hb_shape(font, rtext, lang, script, direction)
    if list(reversed(ours)) == base:
        hints.append("our glyphs are hb-shape's in reverse order")
    if [(g[0], g[1] + start) + g[2:] for g in ours] == base:
        hints.append("our clusters are relative to the run instead of absolute")
    if start and [(g[0], g[1] - start) + g[2:] for g in ours] == base:
        hints.append("our clusters are counted twice from the run start")
    variants = [
        ("clusters in characters instead of UTF-8 bytes", ("char-clusters",)),
        ("the text around the run given as context",
         tuple(a for a, v in ((f"--text-before={text[:start]}", text[:start]),
                              (f"--text-after={text[end:]}", text[end:])) if v)),
        ("the BOT and EOT buffer flags", ("--bot", "--eot")),
        ("FreeType font functions (--font-funcs=ft)", ("--font-funcs=ft",)),
    ]
    other_dir = "rtl" if direction == "ltr" else "ltr"
    for label, extra in variants:
        if extra and ours == hb_shape(font, rtext, lang, script, direction, extra):
            hints.append(f"agrees with hb-shape given {label}")
    if ours == hb_shape(font, rtext, lang, script, other_dir):
        hints.append(f"agrees with hb-shape in direction {other_dir}")
    if ours == hb_shape(font, rtext, lang, "", direction):
        hints.append("agrees with hb-shape's own script guess")
    if ours == hb_shape(font, rtext, "", script, direction):
        hints.append("agrees with hb-shape without a language")
    if ours and base and len(ours) == len(base) and [g[0] for g in ours] == [g[0] for g in base]:
        scaled = [g[2] / b[2] for g, b in zip(ours, base) if b[2]]
        if scaled and max(scaled) - min(scaled) < 1e-3 and abs(scaled[0] - 1) > 1e-3:
            hints.append(f"same glyphs, advances scaled by {scaled[0]:.4g} (not in font units?)")
    return hints


# Scripts named at the start of Unicode character names, for letters, marks and digits.
SCRIPT_OF_NAME = [("DEVANAGARI", "Deva"), ("BENGALI", "Beng"), ("GURMUKHI", "Guru"), ("GUJARATI", "Gujr"),
                  ("ORIYA", "Orya"), ("TAMIL", "Taml"), ("TELUGU", "Telu"), ("KANNADA", "Knda"),
                  ("MALAYALAM", "Mlym"), ("ARABIC", "Arab"), ("EXTENDED ARABIC-INDIC", "Arab"),
                  ("OL CHIKI", "Olck"), ("MEETEI MAYEK", "Mtei"), ("LATIN", "Latn")]


def script_of(ch):
    """ISO 15924 code of a letter, mark or digit of the scripts in sentences.tsv, else None (common)."""
    if unicodedata.category(ch)[0] not in "LMN":
        return None
    name = unicodedata.name(ch, "")
    for prefix, code in SCRIPT_OF_NAME:
        if name.startswith(prefix + " "):
            return code
    return None


def itemisation_problems(rtext, script, direction):
    """A run's script and direction against its own characters (independent of HarfBuzz)."""
    problems = []
    others = sorted({script_of(c) for c in rtext} - {None, script})
    if others:
        c = next(c for c in rtext if script_of(c) in others)
        problems.append(f"script {script} but it holds {'/'.join(others)} characters (first {describe(c, 1)})")
    classes = {unicodedata.bidirectional(c) for c in rtext}
    if direction == "ltr" and classes & {"R", "AL"}:
        problems.append("direction ltr but it holds right-to-left letters")
    if direction == "rtl" and "L" in classes:
        problems.append("direction rtl but it holds left-to-right letters")
    return problems


def shape_json(text, lang):
    p = run([args.coursepack, "text", "shape", "--text", text, "--lang", lang, "--json"])
    out = p.stdout.decode("utf-8", "replace")
    try:
        obj = json.loads(out)
    except json.JSONDecodeError as e:
        err = p.stderr.decode("utf-8", "replace").strip()[:200]
        raise CaseError(f"exit {p.returncode}, output is not JSON ({e.msg} at {e.pos}): {out[:120]!r}"
                        + (f" stderr: {err}" if err else "")) from None
    if not isinstance(obj, dict):
        raise CaseError("output is JSON but not an object")
    return p, obj


def precomposed_variant(text):
    """The text with every decomposed nukta letter written as its precomposed (excluded) code point."""
    out = text
    for pair, single in PRECOMPOSED.items():
        out = out.replace(pair, single)
    return out


# Letters such as U+095B (ज़) that NFC decomposes: composition exclusions in the Indic blocks.
PRECOMPOSED = {unicodedata.normalize("NFD", chr(cp)): chr(cp) for cp in range(0x0900, 0x0D80)
               if unicodedata.normalize("NFC", chr(cp)) != chr(cp)}


def input_variants(text):
    """Other spellings of the same text that must give the same output: NFD, precomposed nukta letters."""
    variants = []
    nfd = unicodedata.normalize("NFD", text)
    if nfd != text:
        variants.append(("NFD input", nfd))
    pre = precomposed_variant(text)
    if pre != text:
        variants.append(("precomposed nukta letters", pre))
    return variants


def check_variants(sentence, obj):
    """The runs for the NFD and precomposed spellings equal those for the NFC text."""
    problems = []
    for label, variant in input_variants(nfc(sentence["text"])):
        try:
            p, other = shape_json(variant, sentence["lang"])
        except CaseError as e:
            problems.append(f"{label}: {e}")
            continue
        if p.returncode != obj.get("_exit"):
            problems.append(f"{label}: exit {p.returncode}, the NFC text gives {obj.get('_exit')}")
        if other.get("text") != obj.get("text"):
            problems.append(f"{label}: \"text\" is not the NFC text; "
                            + first_difference(obj.get("text", ""), str(other.get("text"))))
        elif other.get("runs") != obj.get("runs"):
            problems.append(f"{label}: the runs differ from those of the NFC text")
    return problems


def check(sentence):
    """Returns (problems, notes, runs, glyphs) for one sentence; raises CaseError when it cannot go on."""
    lang, text = sentence["lang"], nfc(sentence["text"])
    p, obj = shape_json(sentence["text"], lang)
    obj["_exit"] = p.returncode
    problems, notes = [], []
    if p.returncode != 0:
        problems.append(f"exit {p.returncode}, expected 0")
    if need(obj, "text", str, "output") != text:
        problems.append("\"text\" is not the sentence after NFC: " + describe(obj["text"]))
        text = obj["text"]
    if obj.get("language") != lang:
        problems.append(f"\"language\" is {obj.get('language')!r}, expected {lang!r}")
    diagnostics = need(obj, "diagnostics", list, "output")
    for d in diagnostics:
        code, severity = d.get("code"), d.get("severity")
        line = f"{code} ({severity}): {d.get('message', '')}"
        if code == "text.glyph-missing" or severity == "error":
            problems.append("diagnostic " + line)
        else:
            notes.append("diagnostic " + line)
    runs = need(obj, "runs", list, "output")
    data = text.encode("utf-8")
    if not runs:
        problems.append("no runs")
    expected_start, glyph_count = 0, 0
    for r, run_obj in enumerate(runs):
        where = f"run {r}"
        start, end = need(run_obj, "start", int, where), need(run_obj, "end", int, where)
        if start != expected_start:
            problems.append(f"{where} starts at byte {start}, expected {expected_start} (runs must tile the text)")
        if not 0 <= start < end <= len(data):
            problems.append(f"{where} has bytes [{start}, {end}) outside the text of {len(data)} bytes or empty")
            expected_start = max(end, expected_start)
            continue
        expected_start = end
        try:
            rtext = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{where}: bytes [{start}, {end}) do not fall on character boundaries")
            continue
        if need(run_obj, "text", str, where) != rtext:
            problems.append(f"{where}: \"text\" is not the bytes [{start}, {end}) of the text")
        script = need(run_obj, "script", str, where)
        rlang = need(run_obj, "language", str, where)
        direction = need(run_obj, "direction", str, where)
        level = need(run_obj, "level", int, where)
        if run_obj.get("font", "") is None:
            problems.append(f"{where} [{script} {rlang} {direction} {rtext[:24]!r}]: no font (\"font\" is null)")
            continue
        font = need(run_obj, "font", str, where)
        upem = need(run_obj, "units_per_em", int, where)
        where = f"run {r} [{script} {rlang} {direction} {os.path.basename(font)} {rtext[:24]!r}]"
        if direction not in ("ltr", "rtl"):
            problems.append(f"{where}: direction {direction!r} is neither ltr nor rtl")
            continue
        if level % 2 != (direction == "rtl"):
            problems.append(f"{where}: bidi level {level} does not match direction {direction}")
        problems += [f"{where}: {p}" for p in itemisation_problems(rtext, script, direction)]
        if not os.path.isabs(font) or not os.path.isfile(font):
            problems.append(f"{where}: font {font!r} is not an absolute path to a file")
            continue
        font_upem = units_per_em(font)
        if font_upem != upem:
            problems.append(f"{where}: units_per_em {upem}, the font's head table says {font_upem}")
        ours = our_glyphs(run_obj, start, where)
        glyph_count += len(ours)
        notdef = [i for i, g in enumerate(ours) if g[0] == 0]
        if notdef:
            i = notdef[0]
            cl = ours[i][1]
            ch = rtext.encode("utf-8")[cl:].decode("utf-8", "replace")[:1] if 0 <= cl < len(rtext.encode()) else ""
            problems.append(f"{where}: {len(notdef)} .notdef glyph(s), first at byte {cl} of the run "
                            f"({describe(ch, 1)})")
        theirs = hb_shape(font, rtext, rlang, script, direction)
        diff = compare(ours, theirs)
        if diff:
            hints = diagnose(ours, font, text, rtext, start, end, rlang, script, direction)
            problems.append(f"{where}: {diff}" + ("; " + "; ".join(hints) if hints else ""))
        elif args.verbose:
            notes.append(f"{where}: {len(ours)} glyphs agree")
    if runs and expected_start != len(data):
        problems.append(f"the runs end at byte {expected_start}, the text at {len(data)}")
    if not args.no_variants:
        problems += check_variants(sentence, obj)
    return problems, notes, len(runs), glyph_count


def main():
    require_tool(HB, "libharfbuzz-bin")
    sentences = read_sentences(args.sentences, args.only)
    stats = collections.OrderedDict()
    failed = 0
    for s in sentences:
        st = stats.setdefault(s["lang"], collections.Counter())
        st["sentences"] += 1
        try:
            problems, notes, nruns, nglyphs = check(s)
        except CaseError as e:
            problems, notes, nruns, nglyphs = [str(e)], [], 0, 0
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
            problems, notes, nruns, nglyphs = [f"unexpected output ({type(e).__name__}: {e})"], [], 0, 0
        st["runs"] += nruns
        st["glyphs"] += nglyphs
        if problems:
            failed += 1
            st["failed"] += 1
            print(f"FAIL {s['id']} ({s['kind']}): {problems[0]}")
            for extra in problems[1:]:
                print(f"     {s['id']}: {extra}")
        else:
            st["passed"] += 1
            print(f"ok   {s['id']} ({s['kind']}): {nruns} run(s), {nglyphs} glyphs agree with hb-shape")
        for n in notes:
            print(f"     {s['id']}: note: {n}")
        sys.stdout.flush()
    print()
    print(f"{'lang':<10} {'sentences':>9} {'passed':>6} {'failed':>6} {'runs':>5} {'glyphs':>6}")
    total = collections.Counter()
    for lang, st in stats.items():
        total.update(st)
        print(f"{lang:<10} {st['sentences']:>9} {st['passed']:>6} {st['failed']:>6} {st['runs']:>5} {st['glyphs']:>6}")
    print(f"{'total':<10} {total['sentences']:>9} {total['passed']:>6} {total['failed']:>6} {total['runs']:>5} "
          f"{total['glyphs']:>6}")
    print(f"{'PASS' if not failed else 'FAIL'}: {total['passed']} of {total['sentences']} sentences "
          "agree with hb-shape")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
