#!/usr/bin/env python3
"""Every diagnostic code the code declares has exactly one entry in docs/diagnostics.md with the
same severity, the catalogue lists no code the code lacks, and no code string is used without
being declared.

usage: check_catalogue.py SOURCE_DIR
"""
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1])
SOURCE_DIRS = ["sdk", "formats", "converters", "fonts", "players"]
DECL = re.compile(r'CPK_DIAGNOSTIC_CODE\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*k(Error|Warning|Info)\s*\)')
FAMILIES = r"(?:input|zip|xml|package|convert|report|scorm|cmi5|xapi|aicc|html5|pdf|video|captions|text|image|ecar)"
LITERAL = re.compile(r'"(' + FAMILIES + r'\.[a-z0-9][a-z0-9.-]*)"')

declared = {}
failures = []
for d in SOURCE_DIRS:
    for path in sorted((src / d).rglob("*")) if (src / d).exists() else []:
        if path.suffix not in (".hpp", ".cpp", ".h"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, code, sev in DECL.findall(text):
            if code in declared and declared[code][0] != sev.lower():
                failures.append(f"{code} declared twice with different severities")
            declared[code] = (sev.lower(), path.relative_to(src))
        for literal in LITERAL.findall(DECL.sub("", text)):
            if literal not in declared and not literal.endswith((".xml", ".json", ".html", ".zip")):
                failures.append(f"{path.relative_to(src)} uses code string \"{literal}\" without CPK_DIAGNOSTIC_CODE")

doc = (src / "docs" / "diagnostics.md").read_text(encoding="utf-8")
sections = re.split(r"^### ", doc, flags=re.M)[1:]
catalogued = {}
for s in sections:
    m = re.match(r"`([^`]+)`", s)
    if not m:
        continue
    code = m.group(1)
    sev = re.search(r"\*\*Severity:\*\*\s*(error|warning|info)", s)
    for field in ("Meaning", "Example", "Fix"):
        if f"**{field}:**" not in s:
            failures.append(f"catalogue entry {code} has no {field}")
    if code in catalogued:
        failures.append(f"catalogue lists {code} twice")
    catalogued[code] = sev.group(1) if sev else None

# Codes used by literal only after declaration check (second pass, now that all are known).
failures = [f for f in failures if not any(f'"{c}"' in f for c in declared)]
for code, (sev, where) in sorted(declared.items()):
    if code not in catalogued:
        failures.append(f"{code} (declared in {where}) is not in docs/diagnostics.md")
    elif catalogued[code] != sev:
        failures.append(f"{code}: catalogue says {catalogued[code]}, code says {sev}")
for code in sorted(set(catalogued) - set(declared)):
    failures.append(f"docs/diagnostics.md lists {code}, which no code declares")

for f in failures:
    print("FAIL:", f)
print(f"catalogue: {len(declared)} codes declared, {len(catalogued)} catalogued, {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
