#!/usr/bin/env python3
"""Our native cmi5 structure rules agree with `xmllint --schema CourseStructure.xsd`.

For every cmi5 course structure in ../shared/corpus/scorm (standalone .xml files and cmi5.xml
inside zips) and for mutations of the specification's complex example made here, both verdicts
must be the same. Ours is "invalid" when the report has cmi5.schema, cmi5.moveon.invalid (the
XSD's moveOn and masteryScore types) or xml.malformed.

usage: cmi5_schema_agreement.py COURSEPACK CORPUS_DIR
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

coursepack, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
xsd = corpus / "schemas" / "cmi5" / "CourseStructure.xsd"
SCHEMA_CODES = {"cmi5.schema", "cmi5.moveon.invalid", "xml.malformed"}


def xmllint_valid(path: pathlib.Path) -> bool:
    p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", str(xsd), str(path)],
                       capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1, 3, 4):
        raise RuntimeError(f"xmllint could not run on {path}: {p.stderr[-400:]}")
    return p.returncode == 0


def ours(folder: pathlib.Path):
    p = subprocess.run([coursepack, "validate", "--json", str(folder)], capture_output=True, text=True, timeout=120)
    report = json.loads(p.stdout)
    found = sorted({d["code"] + ": " + d["message"] for d in report["diagnostics"] if d["code"] in SCHEMA_CODES})
    return not found, found


def cases():
    for f in sorted((corpus / "scorm").glob("cmi5-*.xml")):
        yield f"corpus {f.name}", f.read_bytes()
    for z in sorted((corpus / "scorm").glob("cmi5-*.zip")):
        try:
            with zipfile.ZipFile(z) as zf:
                if "cmi5.xml" in zf.namelist():
                    yield f"corpus {z.name}", zf.read("cmi5.xml")
        except zipfile.BadZipFile:
            continue
    base = (corpus / "scorm" / "cmi5-spec-complex-cmi5.xml").read_text(encoding="utf-8")

    def sub(pattern, repl, flags=0):
        out, n = re.subn(pattern, repl, base, count=1, flags=flags)
        if n != 1:
            raise SystemExit(f"mutation pattern {pattern!r} not found")
        return out.encode("utf-8")
    yield "mutation unchanged", base.encode("utf-8")
    yield "mutation course-without-id", sub(r'(<course)\s+id="[^"]*"', r"\1")
    yield "mutation au-without-id", sub(r'(<au)\s+id="[^"]*"', r"\1")
    yield "mutation au-without-url", sub(r"<url>.*?</url>", "", re.S)
    yield "mutation au-without-title", sub(r"(<au[^>]*>)\s*<title>.*?</title>", r"\1", re.S)
    yield "mutation unknown-element", sub(r"</course>", "<shelf/></course>")
    yield "mutation moveOn-invalid", sub(r'moveOn="[A-Za-z]+"', 'moveOn="Finished"')
    yield "mutation masteryScore-above-1", sub(r'masteryScore="[0-9.]+"', 'masteryScore="1.5"')
    yield "mutation launchMethod-invalid", sub(r'launchMethod="[A-Za-z]+"', 'launchMethod="Popup"')
    yield "mutation wrong-root", sub(r"<courseStructure\b", "<courseStructures").replace(b"</courseStructure>", b"</courseStructures>")


def main():
    rows = []
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, data) in enumerate(cases()):
            folder = pathlib.Path(tmp) / f"case{i}"
            folder.mkdir()
            (folder / "cmi5.xml").write_bytes(data)
            theirs = xmllint_valid(folder / "cmi5.xml")
            mine, found = ours(folder)
            failures += theirs != mine
            rows.append((label, theirs, mine, found))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  xmllint  coursepack")
    for label, theirs, mine, found in rows:
        flag = "" if theirs == mine else "  <-- DISAGREE"
        print(f"{label:<{width}}  {'valid' if theirs else 'INVALID':<7}  {'valid' if mine else 'INVALID':<7}{flag}")
        if theirs != mine:
            for f in found:
                print(f"{'':<{width}}    {f}")
    print(f"cmi5 schema agreement: {len(rows)} cases, {len(rows) - failures} agree, {failures} disagree")
    sys.exit(1 if failures else 0)


main()
