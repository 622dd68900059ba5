#!/usr/bin/env python3
"""Layering rules of ARCHITECTURE.md: includes point down only, public headers carry no
third-party headers, and each module links only what its layer may.

usage: check_layering.py SOURCE_DIR LINKS_FILE
LINKS_FILE has one line per module: "<target> <layer> <linked targets ;-separated>".
"""
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1])
links_file = pathlib.Path(sys.argv[2])
failures = []

THIRD_PARTY = re.compile(r'#include\s*[<"](libxml/|libav|zip\.h|hb\.h|hb-|unicode/|poppler|qpdf/|cairo|ft2build|'
                         r'sqlite3|httplib|nlohmann/|CLI/|fmt/|openssl/)')
INCLUDE = re.compile(r'#include\s*[<"]([^>"]+)[>"]')

# folder → cpk/ header families it must not include (everything above it)
FORBIDDEN = {
    "sdk/core": ["cpk/io/", "cpk/engine/", "cpk/formats/", "cpk/converters/", "cpk/fonts/", "cpk/players/",
                 "coursepack.h"],
    "sdk/io": ["cpk/engine/", "cpk/formats/", "cpk/converters/", "cpk/fonts/", "cpk/players/", "coursepack.h"],
    "formats": ["cpk/engine/", "cpk/converters/", "cpk/players/", "coursepack.h"],
    "fonts": ["cpk/io/", "cpk/engine/", "cpk/formats/", "cpk/converters/", "cpk/players/"],
    "converters": ["cpk/engine/", "cpk/players/", "coursepack.h"],
    "players": ["cpk/engine/", "cpk/converters/"],
}

for folder, banned in FORBIDDEN.items():
    for path in sorted((src / folder).rglob("*")):
        if path.suffix not in (".hpp", ".cpp", ".h"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for inc in INCLUDE.findall(text):
            for b in banned:
                if inc.startswith(b):
                    failures.append(f"{path.relative_to(src)} includes {inc} (a higher layer)")
        if folder == "sdk/core" and THIRD_PARTY.search(text.replace('#include <nlohmann/json.hpp>', '')):
            failures.append(f"{path.relative_to(src)}: sdk/core includes a third-party library")
        if "/include/" in str(path) and THIRD_PARTY.search(text):
            failures.append(f"{path.relative_to(src)}: a public header includes a third-party header")

# formats never include each other's headers
for fmt_dir in sorted((src / "formats").iterdir()):
    if not fmt_dir.is_dir():
        continue
    for path in fmt_dir.rglob("*.[ch]pp"):
        for inc in INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace")):
            m = re.match(r"cpk/formats/([a-z0-9_]+)", inc)
            if m and m.group(1) != fmt_dir.name and not m.group(1).startswith(fmt_dir.name + "_"):
                failures.append(f"{path.relative_to(src)} includes another format's header {inc}")

# the CLI and the C API talk to the engine only
for folder in ("sdk/cli", "sdk/capi"):
    for path in (src / folder).rglob("*.[ch]pp"):
        for inc in INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace")):
            if inc.startswith(("cpk/io/", "cpk/formats/", "cpk/converters/", "zip.h", "libxml/")):
                failures.append(f"{path.relative_to(src)} includes {inc}; use the engine")

# link lists
ALLOWED = {
    "core": set(),
    "io": {"core"},
    "fonts": {"core"},
    "formats": {"core", "io"},
    "converters": {"core", "io", "formats", "fonts"},
    "players": {"core", "io", "fonts", "formats"},
    "engine": {"core", "io", "formats", "fonts", "converters", "players"},
}
layers = {}
lines = [l.split(" ", 2) for l in links_file.read_text().splitlines() if l.strip()]
for target, layer, _ in lines:
    layers[target] = layer
for target, layer, linked in lines:
    for dep in filter(None, linked.split(";")):
        dep = dep.replace("cpk::", "cpk_").replace("$<BUILD_INTERFACE:", "").rstrip(">")
        # converters/package plans and runs a whole conversion: it alone drives the other converters.
        if target == "cpk_converter_package" and layers.get(dep) == "converters":
            continue
        if dep in layers and layers[dep] not in ALLOWED.get(layer, set()):
            failures.append(f"target {target} ({layer}) links {dep} ({layers[dep]})")

for f in failures:
    print("FAIL:", f)
print(f"layering: {len(lines)} modules checked, {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
