#!/usr/bin/env python3
"""The `coursepack` command: exit codes, --json shape, human output, usage errors.

usage: cli_test.py COURSEPACK_BINARY CORPUS_DIR SAMPLES_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

binary, corpus, samples = sys.argv[1:4]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}", file=sys.stderr)


def run(*args, env=None):
    p = subprocess.run([binary, *args], capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


# --version and --help
code, out, _ = run("--version")
check(code == 0 and out.startswith("coursepack "), "--version prints the version")
code, out, _ = run("--help")
check(code == 0 and "validate" in out and "inspect" in out, "--help lists the commands")

# usage errors: exit 2
check(run()[0] == 2, "no command is a usage error")
check(run("validate")[0] == 2, "validate without input is a usage error")
check(run("frobnicate", "x")[0] == 2, "unknown command is a usage error")
check(run("validate", "--limit", "max_entrys=3", "x")[0] == 2, "unknown limit is a usage error")
check(run("validate", "--limit", "max_entries", "x")[0] == 2, "limit without value is a usage error")
check(run("validate", "--limit", "max_entries=-1", "x")[0] == 2, "negative limit is a usage error")

# a clean package: exit 0, JSON shape
good = os.path.join(samples, "courses", "road-safety-scorm12")
code, out, _ = run("validate", "--json", good)
check(code == 0, "clean sample exits 0")
report = json.loads(out)
check(set(report) == {"input", "format", "diagnostics", "summary"}, f"report keys: {sorted(report)}")
check(report["format"] == {"kind": "scorm12", "edition": "1.2"}, f"format: {report['format']}")
check(report["summary"] == {"errors": 0, "warnings": 0, "infos": 0}, "summary of the clean sample")

# a package with errors: exit 1, errors first, every diagnostic complete
bad = os.path.join(corpus, "scorm", "derived", "derived-zipslip_SCORM12.zip")
code, out, _ = run("validate", "--json", bad)
check(code == 1, "package with errors exits 1")
report = json.loads(out)
codes = [d["code"] for d in report["diagnostics"]]
check("zip.path-traversal" in codes and "zip.absolute-path" in codes, f"zip-slip codes: {codes}")
for d in report["diagnostics"]:
    check(set(d) == {"code", "severity", "message", "location", "hint"}, f"diagnostic keys: {sorted(d)}")
    check(set(d["location"]) == {"file", "line", "column"}, "location keys")
    check(d["severity"] in ("error", "warning", "info"), "severity value")
sev = [d["severity"] for d in report["diagnostics"]]
order = {"error": 0, "warning": 1, "info": 2}
check(sev == sorted(sev, key=order.get), "errors come first")
check(report["summary"]["errors"] == sev.count("error"), "summary counts errors")

# unreadable input: exit 3, still a JSON report
code, out, _ = run("validate", "--json", "/nonexistent/course.zip")
check(code == 3, "unreadable input exits 3")
check(json.loads(out)["diagnostics"][0]["code"] == "input.unreadable", "input.unreadable reported")

# limits from the command line
code, out, _ = run("validate", "--json", "--limit", "max_entries=5", os.path.join(corpus, "scorm", "golf-RuntimeBasicCalls_SCORM12.zip"))
check(code == 1 and "zip.too-many-entries" in out, "--limit max_entries applies")

# human output: grouped by file, errors first, no colour when not a terminal, hint lines
code, out, _ = run("validate", os.path.join(samples, "courses", "road-safety-broken"))
check(code == 1, "broken sample exits 1")
check("\x1b[" not in out, "no colour codes when stdout is not a terminal")
check("imsmanifest.xml\n" in out and "scorm.item.resource-missing" in out and "hint:" in out, "human report shape")
check(out.index("imsmanifest.xml\n") < out.index("Thumbs.db\n"), "files with errors come before files with warnings")
check("4 errors, 6 warnings, 1 info" in out, "summary line")

# inspect --json prints the model
code, out, _ = run("inspect", "--json", good)
model = json.loads(out)["model"]
check(model["id"] == "in.gov.sample.road-safety", "inspect model id")
check([i["id"] for i in model["organizations"][0]["items"]] == ["item-intro", "item-rules"], "inspect items")
check(any(f["path"] == "shared/scorm.js" for f in model["files"]), "inspect files")

# several inputs: one JSON report per line, the worst exit code
code, out, _ = run("validate", "--json", good, bad, "/nonexistent/x.zip")
lines = [json.loads(l) for l in out.splitlines() if l.strip()]
check(code == 3, f"several inputs exit with the worst code: {code}")
check([l["input"] for l in lines] == [good, bad, "/nonexistent/x.zip"], "one report per input, in order")
check(lines[0]["summary"]["errors"] == 0 and lines[1]["summary"]["errors"] > 0, "each report is the input's own")

# inspect --json on real packages: the golf SCORM sample and a cmi5 package
code, out, _ = run("inspect", "--json", os.path.join(corpus, "scorm", "golf-RuntimeBasicCalls_SCORM12.zip"))
golf = json.loads(out)
check(code == 0 and golf["format"]["kind"] == "scorm12", "inspect golf: kind")
gm = golf["model"]
check(gm["organizations"] and gm["defaultOrganization"] == gm["organizations"][0]["id"], "inspect golf: default organization")
scos = [r for r in gm["resources"] if r["type"] == "sco"]
check(scos and all(r["tracking"]["standard"] == "scorm12" and r["launch"] for r in scos), "inspect golf: SCO launch and tracking")
check(any(f["path"] == r["launch"] for r in scos for f in gm["files"]), "inspect golf: launch file is a package file")
code, out, _ = run("inspect", "--json", os.path.join(corpus, "scorm", "cmi5-lts-001-essentials.zip"))
cm = json.loads(out)
check(code == 0 and cm["format"]["kind"] == "cmi5", "inspect cmi5: kind")
aus = [r for r in cm["model"]["resources"] if r["type"] == "au"]
check(aus and all(r["tracking"]["standard"] == "cmi5" for r in aus), f"inspect cmi5: AUs tracked with cmi5: {aus}")
check(cm["model"]["id"].startswith("http"), "inspect cmi5: course id is an IRI")

# the input is never modified and nothing is written beside it
with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "slip.zip")
    with open(bad, "rb") as src, open(copy, "wb") as dst:
        dst.write(src.read())
    before = open(copy, "rb").read()
    run("validate", copy)
    check(open(copy, "rb").read() == before, "input unchanged")
    check(os.listdir(tmp) == ["slip.zip"], f"nothing written beside the input: {os.listdir(tmp)}")

# convert and verify: exit codes, --json shape, usage errors, nothing written when refused
with tempfile.TemporaryDirectory() as tmp:
    clean = os.path.join(samples, "courses", "road-safety-scorm12")
    broken = os.path.join(samples, "courses", "road-safety-broken")
    out_cpk = os.path.join(tmp, "clean.cpk")
    check(run("convert", clean)[0] == 2, "convert without -o is a usage error")
    check(run("convert", clean, "-o", out_cpk, "--profile", "fast")[0] == 2, "unknown profile is a usage error")
    check(run("convert", clean, "-o", out_cpk, "--format", "scorm")[0] == 2, "unknown format is a usage error")
    check(run("convert", clean, "-o", out_cpk, "--format", "ecar", "--dir")[0] == 2, "ECAR with --dir is a usage error")
    code, out, _ = run("convert", clean, "-o", out_cpk, "--json")
    check(code == 0, f"convert of the clean sample exits 0 ({code})")
    conv = json.loads(out)["conversion"]
    check(conv["written"] is True and conv["output"] == out_cpk, f"conversion object: {conv}")
    check(conv["statistics"]["files"] > 2 and conv["statistics"]["bytes_out"] == os.path.getsize(out_cpk),
          "conversion statistics")
    code, out, _ = run("convert", clean, "-o", out_cpk)
    check(code == 0 and "wrote " in out, "human convert output")
    code, out, _ = run("verify", out_cpk, "--json")
    report = json.loads(out)
    check(code == 0 and report["format"]["kind"] == "coursepack" and report["diagnostics"] == [],
          f"verify of a fresh package: {code} {report['diagnostics'][:2]}")
    code, out, _ = run("verify", clean, "--json")
    check(code == 1 and json.loads(out)["diagnostics"][0]["code"] == "package.not-normalised", "verify of an upload")
    code, out, _ = run("inspect", out_cpk, "--json")
    check(code == 0 and json.loads(out)["model"]["resources"][0]["launch"].startswith("content/"), "inspect a package")
    refused = os.path.join(tmp, "broken.cpk")
    code, out, _ = run("convert", broken, "-o", refused, "--json")
    conv = json.loads(out)["conversion"]
    check(code == 1 and conv["written"] is False and "--force" in conv["refusal"], f"refusal: {code} {conv}")
    check(not os.path.exists(refused), "a refused conversion writes nothing")
    code, out, _ = run("convert", broken, "-o", refused, "--force")
    check(code == 1 and os.path.exists(refused), "--force writes a package and still exits 1")
    check(sorted(os.listdir(tmp)) == ["broken.cpk", "clean.cpk"], f"no temporary files: {os.listdir(tmp)}")
    code, _, err = run("convert", clean, "-o", "/nonexistent-dir/x.cpk")
    check(code == 3 and "x.cpk" in err + _, f"unwritable output exits 3 ({code})")

passed = "all" if failures == 0 else "some"
print(f"cli: {passed} checks done, {failures} failed")
sys.exit(1 if failures else 0)
