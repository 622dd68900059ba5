#!/usr/bin/env python3
"""Every manifest.json and report.json that `coursepack convert` writes validates against
formats/normalised/schema/coursepack-1.schema.json with python3-jsonschema (an independent
JSON Schema 2020-12 implementation), and `coursepack verify` agrees that tampered manifests
break the schema.

usage: schema_test.py COURSEPACK CORPUS_DIR SOURCE_DIR
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

coursepack, corpus, source = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
schema = json.loads((source / "formats/normalised/schema/coursepack-1.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
manifest_validator = jsonschema.Draft202012Validator(schema)
report_validator = jsonschema.Draft202012Validator({**schema, "$ref": "#/$defs/report"})

inputs = sorted((corpus / "scorm").glob("*.zip")) + sorted((corpus / "scorm" / "derived").glob("*.zip"))
inputs += [source / "samples/courses/road-safety-scorm12"]
failures, converted = [], 0
with tempfile.TemporaryDirectory() as tmp:
    for i, src in enumerate(inputs):
        out = pathlib.Path(tmp) / f"p{i}"
        run = subprocess.run([coursepack, "convert", str(src), "-o", str(out), "--dir", "--json"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            failures.append(f"{src.name}: convert exited {run.returncode}: {run.stderr}")
            continue
        result = json.loads(run.stdout)
        if not result["conversion"]["written"]:
            continue
        converted += 1
        for name, validator in (("manifest.json", manifest_validator), ("report.json", report_validator)):
            document = json.loads((out / name).read_text())
            for error in validator.iter_errors(document):
                failures.append(f"{src.name}: {name} {'/'.join(map(str, error.path))}: {error.message}")

    # A manifest python-jsonschema rejects, verify rejects too (same verdict, both ways).
    sample = pathlib.Path(tmp) / "sample"
    subprocess.run([coursepack, "convert", str(source / "samples/courses/road-safety-scorm12"), "-o", str(sample),
                    "--dir"], check=True, capture_output=True)
    pristine = json.loads((sample / "manifest.json").read_text())
    mutations = {
        "unknown member": lambda m: m.update({"unexpected": 1}),
        "bad sha256": lambda m: m["files"][0].update({"sha256": "xyz"}),
        "absolute path": lambda m: m["files"][0].update({"path": "/etc/passwd"}),
        "climbing path": lambda m: m["files"][0].update({"path": "content/../../x"}),
        "wrong format": lambda m: m.update({"format": "coursepack/2"}),
        "no files": lambda m: m.pop("files"),
        "bad tracking": lambda m: m["resources"][0]["tracking"].update({"standard": "scorm3"}),
        "negative bytes": lambda m: m["files"][0].update({"bytes": -1}),
        "bad language": lambda m: m.update({"languages": ["not a tag"]}),
        "mastery above 1": lambda m: m["organization"]["items"][0].update({"masteryScore": 2}),
        "title not a map": lambda m: m.update({"title": "Road safety"}),
        "unchanged": lambda m: None,
    }
    for name, mutate in mutations.items():
        manifest = json.loads(json.dumps(pristine))
        mutate(manifest)
        (sample / "manifest.json").write_text(json.dumps(manifest, indent=2))
        python_ok = manifest_validator.is_valid(manifest)
        run = subprocess.run([coursepack, "verify", str(sample), "--json"], capture_output=True, text=True)
        codes = {d["code"] for d in json.loads(run.stdout)["diagnostics"]}
        ours_ok = not codes & {"package.schema", "package.not-normalised"}
        if python_ok != ours_ok:
            failures.append(f"mutation '{name}': python-jsonschema says {'valid' if python_ok else 'invalid'}, "
                            f"verify says {'valid' if ours_ok else 'invalid'} ({sorted(codes)})")

agreeing = len(mutations) - sum(1 for f in failures if f.startswith("mutation"))
print(f"{converted} packages converted and checked; {agreeing} of {len(mutations)} manifest mutations agree")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
