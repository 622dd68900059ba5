#!/usr/bin/env python3
"""The text of a PDF from `coursepack text render` comes back out of pdftotext unchanged.

Each sentence of sentences.tsv is rendered to PDF on one line (--width 4000) and, when it has
at least --long characters, also in a narrow column (--width 280) that breaks it into several
lines. `pdftotext -enc UTF-8 OUT.pdf -` must then give the sentence back:
- left-to-right text: equal to the sentence after NFC once all whitespace is removed from both;
  whether it is also equal with whitespace kept (runs of whitespace collapsed to one space, line
  breaks included) is reported in its own column and is not a failure;
- right-to-left text (Urdu): equal after NFC once whitespace and the bidi controls pdftotext
  adds (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are removed from both.
The command must exit 0 and write a file that starts with %PDF-. A per-language table closes the
output: a sentence counts as exact when all its renderings are.

usage: pdf_roundtrip.py COURSEPACK SENTENCES [--only ID,LANG,...] [--keep DIR] [--size PX]
                        [--wide PX] [--narrow PX] [--long N]
"""
import collections
import os
import re
import shutil
import sys
import tempfile
import unicodedata

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
from fonttest import (CaseError, first_difference, nfc, parse_args, read_sentences, require_tool,  # noqa: E402
                      run, stderr_tail)


def add_options(p):
    p.add_argument("--size", default="24", help="--size passed to render (default 24)")
    p.add_argument("--wide", default="4000", help="width for the one-line rendering (default 4000)")
    p.add_argument("--narrow", default="280", help="width for the several-line rendering (default 280)")
    p.add_argument("--long", type=int, default=40, help="sentences at least this long are also rendered narrow")
    p.add_argument("--pdftotext", default=shutil.which("pdftotext") or "pdftotext")


args = parse_args(__doc__, add_options)

# Sentences whose extracted text differs for a reason in pdftotext, not in the PDF: listed with
# the reason, counted apart, and a failure again as soon as they come back exact (so that the
# list stays true).
KNOWN = {
    "ur-6": "pdftotext moves a bracket around English words inside Urdu to the other end of the words; "
            "the PDF's ActualText and glyph order are right (docs/text.md, Limits)",
}
BIDI_CONTROLS = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
JOINERS = {0x200C, 0x200D}


def is_rtl(text):
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def without_space(s, drop=()):
    return "".join(c for c in s if not c.isspace() and ord(c) not in drop)


def collapsed(s):
    return re.sub(r"\s+", " ", s).strip()


def render_and_extract(sentence, width, path):
    p = run([args.coursepack, "text", "render", "--text", sentence["text"], "--lang", sentence["lang"],
             "--width", width, "--size", args.size, "-o", path])
    if p.returncode != 0:
        raise CaseError(f"render exited {p.returncode}{stderr_tail(p)}")
    try:
        with open(path, "rb") as f:
            head = f.read(5)
    except OSError:
        raise CaseError("render exited 0 but wrote no file") from None
    if head != b"%PDF-":
        raise CaseError(f"the output does not start with %PDF- ({head!r})")
    t = run([args.pdftotext, "-enc", "UTF-8", path, "-"])
    if t.returncode != 0:
        raise CaseError(f"pdftotext exited {t.returncode}{stderr_tail(t)}")
    try:
        return nfc(t.stdout.decode("utf-8"))
    except UnicodeDecodeError:
        raise CaseError("pdftotext output is not UTF-8") from None


def hints(expected, got):
    out = []
    if not got:
        out.append("pdftotext found no text")
    if "\ufffd" in got:
        out.append("pdftotext gave U+FFFD (glyphs without a Unicode mapping)")
    if without_space(expected, JOINERS) == without_space(got, JOINERS):
        out.append("only ZWJ/ZWNJ differ")
    if got and got == expected[::-1]:
        out.append("the text comes out reversed")
    elif got and sorted(got) == sorted(expected):
        out.append("same characters in a different order")
    return out


def check_case(sentence, width, label, workdir):
    """Returns (exact, spaces_exact or None, lines, message)."""
    text = nfc(sentence["text"])
    path = os.path.join(workdir, f"{sentence['id']}-{label}.pdf")
    got = render_and_extract(sentence, width, path)
    rtl = is_rtl(text)
    drop = BIDI_CONTROLS if rtl else ()
    exp_ns, got_ns = without_space(text, drop), without_space(got, drop)
    lines = len([ln for ln in got.splitlines() if ln.strip() and ln.strip() != "\f"])
    if exp_ns != got_ns:
        msg = first_difference(exp_ns, got_ns)
        extra = hints(exp_ns, got_ns)
        return False, None, lines, msg + ("; " + "; ".join(extra) if extra else "")
    if rtl:
        return True, None, lines, ""
    exp_sp, got_sp = collapsed(text), collapsed(got)
    if exp_sp == got_sp:
        return True, True, lines, ""
    return True, False, lines, "spaces differ: " + first_difference(exp_sp, got_sp)


def main():
    require_tool(args.pdftotext, "poppler-utils")
    sentences = read_sentences(args.sentences, args.only)
    keep = args.keep
    tmp = None
    if keep:
        os.makedirs(keep, exist_ok=True)
        workdir = keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="pdf_roundtrip.")
        workdir = tmp.name
    stats = collections.OrderedDict()
    failed_sentences = 0
    for s in sentences:
        st = stats.setdefault(s["lang"], collections.Counter())
        st["sentences"] += 1
        cases = [("wide", args.wide)]
        if len(nfc(s["text"])) >= args.long:
            cases.append(("narrow", args.narrow))
        sentence_ok = True
        for label, width in cases:
            st["cases"] += 1
            name = f"{s['id']} {label}"
            try:
                exact, spaces, lines, msg = check_case(s, width, label, workdir)
            except CaseError as e:
                exact, spaces, lines, msg = False, None, 0, str(e)
            except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
                exact, spaces, lines, msg = False, None, 0, f"unexpected output ({type(e).__name__}: {e})"
            layout = f"{lines} line{'s' if lines != 1 else ''}"
            note = ""
            if exact and label == "narrow" and lines < 2:
                note = " (note: the narrow rendering came out on one line)"
            if exact and label == "wide" and lines > 1:
                note = f" (note: pdftotext split the wide rendering into {lines} lines)"
            if s["id"] in KNOWN:
                if exact:
                    sentence_ok = False
                    print(f"FAIL {name}: now exact, take it off the KNOWN list")
                else:
                    print(f"known {name} ({s['kind']}): {msg}; {KNOWN[s['id']]}")
                    st["known_cases"] += 1
            elif not exact:
                sentence_ok = False
                print(f"FAIL {name} ({s['kind']}): {msg}")
            elif spaces is None:
                print(f"ok   {name}: exact without whitespace and bidi controls, {layout}{note}")
            elif spaces:
                st["spaces_exact"] += 1
                print(f"ok   {name}: exact, also with spaces, {layout}{note}")
            else:
                print(f"ok   {name}: exact without whitespace, {layout}; {msg}{note}")
            st["rtl_cases" if is_rtl(nfc(s["text"])) else "ltr_cases"] += 1
            sys.stdout.flush()
        if sentence_ok and s["id"] in KNOWN:
            st["known"] += 1
        elif sentence_ok:
            st["exact"] += 1
        else:
            st["failed"] += 1
            failed_sentences += 1
    if tmp:
        tmp.cleanup()

    print()
    print("PDF round trip through pdftotext (exact = equal after NFC without whitespace;")
    print("right-to-left lines also without bidi controls; a sentence is exact when all its renderings are)")
    print()
    header = (f"| {'lang':<8} | {'sentences':>9} | {'renderings':>10} | {'exact':>5} | {'known':>5} | "
              f"{'failures':>8} | {'exact with spaces':>17} |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    total = collections.Counter()

    def spaces_cell(st):
        if st["ltr_cases"] == 0:
            return "n/a (RTL)" if st["rtl_cases"] else "-"
        return f"{st['spaces_exact']}/{st['ltr_cases']}"

    for lang, st in stats.items():
        total.update(st)
        print(f"| {lang:<8} | {st['sentences']:>9} | {st['cases']:>10} | {st['exact']:>5} | {st['known']:>5} | "
              f"{st['failed']:>8} | {spaces_cell(st):>17} |")
    print(f"| {'total':<8} | {total['sentences']:>9} | {total['cases']:>10} | {total['exact']:>5} | "
          f"{total['known']:>5} | {total['failed']:>8} | {spaces_cell(total):>17} |")
    print()
    print(f"{'PASS' if not failed_sentences else 'FAIL'}: {total['exact']} of {total['sentences']} sentences exact, "
          f"{total['known']} known pdftotext difference(s)")
    return 1 if failed_sentences else 0


if __name__ == "__main__":
    sys.exit(main())
