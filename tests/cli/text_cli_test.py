#!/usr/bin/env python3
"""The `text` and `certificate` commands: exit codes, the JSON of `text shape` (checked against
hb-shape on the same font), PNG/PDF output written atomically, certificates from the sample
template.

usage: text_cli_test.py COURSEPACK_BINARY SAMPLES_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

binary, samples = sys.argv[1:3]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}", file=sys.stderr)


def run(*args):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def hb_shape(font, text, lang, script, direction):
    out = subprocess.run(["hb-shape", f"--font-file={font}", f"--language={lang}", f"--script={script}",
                          f"--direction={direction}", "--no-glyph-names", "--utf8-clusters", "--output-format=json", text],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


# usage
check(run("text")[0] == 2, "text without a subcommand is a usage error")
check(run("text", "frobnicate")[0] == 2, "unknown text subcommand")
check(run("text", "shape")[0] == 2, "shape without text")
check(run("text", "shape", "--text", "a", "--text-file", "b")[0] == 2, "both --text and --text-file")
check(run("text", "shape", "--text", "a", "--style", "bold")[0] == 2, "unknown style")
check(run("text", "shape", "--text", "a", "--bogus")[0] == 2, "unknown option")
check(run("text", "shape", "--text")[0] == 2, "option without its value")
check(run("text", "shape", "--text", "a", "--fonts", "/no/such/folder")[0] == 2, "missing font folder")
check(run("text", "render", "--text", "a")[0] == 2, "render without -o")
check(run("text", "render", "--text", "a", "-o", "x.gif")[0] == 2, "render to an unknown format")
check(run("text", "render", "--text", "a", "-o", "x.png", "--size", "0")[0] == 2, "render with size 0")
check(run("text", "render", "--text", "a", "-o", "x.png", "--colour", "red")[0] == 2, "render with a bad colour")
check(run("text", "--help")[0] == 0, "text --help")

# shape --json: runs tile the text, and each run is exactly what hb-shape gives on its font
text = "प्रशिक्षण (training) یہ 2024 میں ہے"
code, out, _ = run("text", "shape", "--text", text, "--lang", "hi", "--json")
check(code == 0, f"shape exits 0 ({code})")
doc = json.loads(out)
check(doc["text"] == text and set(doc) == {"text", "language", "runs", "diagnostics"}, "shape keys")
raw = text.encode()
pos = 0
for r in doc["runs"]:
    check(r["start"] == pos, f"runs tile the text at {pos}")
    check(raw[r["start"]:r["end"]].decode() == r["text"], "run text matches its offsets")
    pos = r["end"]
    expected = hb_shape(r["font"], r["text"], r["language"], r["script"], r["direction"])
    ours = [(g["id"], g["cluster"] - r["start"], g["advance"], g["offset"][0], g["offset"][1]) for g in r["glyphs"]]
    theirs = [(g["g"], g["cl"], g["ax"], g["dx"], g["dy"]) for g in expected]
    check(ours == theirs, f"run '{r['text']}' ({r['script']}, {r['direction']}) equals hb-shape")
check(pos == len(raw), "runs cover the whole text")
scripts = [r["script"] for r in doc["runs"]]
check("Deva" in scripts and "Latn" in scripts and "Arab" in scripts, f"scripts found: {scripts}")
check(any(r["font"].endswith("NotoNastaliqUrdu-Regular.ttf") for r in doc["runs"]), "Urdu in Nastaliq")
check(doc["diagnostics"] == [], "no tofu")

code, out, err = run("text", "shape", "--text", "\U0010FFFD", "--json")
check(code == 0 and json.loads(out)["diagnostics"][0]["code"] == "text.glyph-missing", "tofu is reported")

# legacy Hindi fonts: conversion, detection, and the warning on text typed in one
kruti = "Hkkjr ljdkj dk izf'k{k.k dk;ZØe vkSj deZpkjh"
code, out, _ = run("text", "convert-legacy", "--font", "krutidev", "--text", kruti)
check(code == 0 and out.strip() == "भारत सरकार का प्रशिक्षण कार्यक्रम और कर्मचारी", f"Kruti Dev to Unicode: {out!r}")
code, out, _ = run("text", "convert-legacy", "--text", kruti, "--json")
doc = json.loads(out) if code == 0 else {}
check(doc.get("detected") == "krutidev" and doc.get("font") == "krutidev", f"detected: {doc}")
check(run("text", "convert-legacy", "--text", "Complete the course")[0] == 2, "English is not taken for Kruti Dev")
check(run("text", "convert-legacy", "--font", "mangal", "--text", "x")[0] == 2, "unknown legacy font")
check(run("text", "convert-legacy", "--font", "chanakya", "--text", "x")[0] == 2, "Chanakya is refused")
code, out, _ = run("text", "shape", "--text", kruti, "--json")
check(code == 0 and json.loads(out)["diagnostics"][0]["code"] == "text.legacy-encoding", "shape warns of Kruti Dev")

with tempfile.TemporaryDirectory() as tmp:
    # validate: pages and style sheets set in a legacy Hindi font are reported with file and line
    import zipfile
    course = os.path.join(tmp, "course.zip")
    with zipfile.ZipFile(course, "w") as z:
        z.writestr("index.html", '<!DOCTYPE html>\n<html lang="hi"><head><title>Lesson</title></head>\n<body>\n'
                                 '<p style="font-family:&quot;Kruti Dev 010&quot;">Hkkjr ljdkj</p>\n</body></html>\n')
        z.writestr("css/site.css", "body { font-family: 'Noto Sans', sans-serif; }\n.hi { font-family: 'DevLys 010'; }\n")
        z.writestr("about.html", '<html><body style="font-family: Arial">Chanakya Niti</body></html>')
    code, out, _ = run("validate", course, "--json")
    found = sorted((d["location"]["file"], d["location"]["line"]) for d in json.loads(out)["diagnostics"]
                   if d["code"] == "text.legacy-encoding")
    check(code == 0 and found == [("css/site.css", 2), ("index.html", 4)], f"legacy fonts in pages: {code} {found}")
    os.remove(course)

    # --text-file (with a BOM and a final newline) and the human output
    src = os.path.join(tmp, "in.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\ufeffதமிழ் ஸ்ரீ\n")
    code, out, _ = run("text", "shape", "--text-file", src)
    check(code == 0 and "Taml" in out and "NotoSansTamil" in out, f"human shape output: {out}")

    # render: PNG and PDF, nothing else left in the folder
    png, pdf = os.path.join(tmp, "t.png"), os.path.join(tmp, "t.pdf")
    check(run("text", "render", "--text", "ਪੰਜਾਬੀ ਸਿਖਲਾਈ", "--lang", "pa", "-o", png)[0] == 0, "render PNG")
    check(open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "a PNG is written")
    code, _, _ = run("text", "render", "--text", "ଓଡ଼ିଆ ପ୍ରଶିକ୍ଷଣ କାର୍ଯ୍ୟକ୍ରମ", "--lang", "or", "--width", "120", "-o", pdf)
    check(code == 0, "render PDF")
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
    check("".join(extracted.split()) == "ଓଡ଼ିଆପ୍ରଶିକ୍ଷଣକାର୍ଯ୍ୟକ୍ରମ", f"Odia comes back from the PDF: {extracted!r}")
    check(len([l for l in extracted.splitlines() if l.strip()]) >= 2, "--width wraps")
    check(sorted(os.listdir(tmp)) == ["in.txt", "t.pdf", "t.png"], f"no temporary files: {os.listdir(tmp)}")
    code, _, err = run("text", "render", "--text", "a", "-o", os.path.join(tmp, "missing", "x.png"))
    check(code == 3, f"an unwritable output exits 3 ({code})")

    # certificates from the sample template
    tmpl = os.path.join(samples, "certificate", "template.json")
    cert = os.path.join(tmp, "cert.pdf")
    args = ["certificate", "--template", tmpl, "--field", "name=ডাঃ সুমিত্রা বন্দ্যোপাধ্যায়",
            "--field", "course=ডিজিটাল শাসন প্রশিক্ষণ", "--field", "date=2026-11-25", "--field", "institution=iGOT"]
    code, out, err = run(*args, "-o", cert, "--json")
    check(code == 0, f"certificate exits 0 ({code}): {err}")
    result = json.loads(out)
    check(all(b["fits"] for b in result["boxes"]) and result["bytes"] == os.path.getsize(cert), f"result: {result}")
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", cert, "-"], capture_output=True, text=True).stdout
    check("ডাঃ সুমিত্রা বন্দ্যোপাধ্যায়" in extracted, f"the name extracts exactly: {extracted!r}")
    code, _, err = run(*args[:5], "-o", cert)
    check(code == 2 and "date" in err and "institution" in err, f"missing fields are named ({code}): {err}")
    check(run("certificate", "--template", "/no/such.json", "--field", "a=b", "-o", cert)[0] == 2, "missing template")
    cert_png = os.path.join(tmp, "cert.png")
    check(run(*args, "-o", cert_png, "--scale", "1")[0] == 0, "certificate as PNG")
    check(open(cert_png, "rb").read(4) == b"\x89PNG", "PNG certificate")

print(f"text_cli_test: {failures} failure(s)")
sys.exit(1 if failures else 0)
