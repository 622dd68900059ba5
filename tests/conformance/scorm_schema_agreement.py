#!/usr/bin/env python3
"""Our native SCORM structure rules agree with `xmllint --schema` on the official XSDs.

For every imsmanifest.xml in ../shared/corpus/scorm, and for mutations of two real manifests
made here, both verdicts (schema-valid or not) must be the same. Ours is "invalid" when the
report has scorm.schema, scorm.identifier.duplicate or xml.malformed.

usage: scorm_schema_agreement.py COURSEPACK CORPUS_DIR
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

coursepack, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
validate_dir = corpus / "schemas" / "validate"
SCHEMA_CODES = {"scorm.schema", "scorm.identifier.duplicate", "xml.malformed"}


def xmllint_valid(manifest: pathlib.Path) -> bool:
    text = manifest.read_text(encoding="utf-8", errors="replace")
    driver = "driver12.xsd" if "imscp_rootv1p1p2" in text else "driver2004.xsd"
    env = dict(os.environ, XML_CATALOG_FILES=str(validate_dir / "catalog.xml"))
    p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", str(validate_dir / driver), str(manifest)],
                       capture_output=True, text=True, env=env, timeout=120)
    if p.returncode not in (0, 1, 3):
        raise RuntimeError(f"xmllint could not run on {manifest}: {p.stderr[-400:]}")
    return p.returncode == 0


def ours(folder: pathlib.Path):
    p = subprocess.run([coursepack, "validate", "--json", str(folder)], capture_output=True, text=True, timeout=120)
    report = json.loads(p.stdout)
    found = sorted({d["code"] + ": " + d["message"] for d in report["diagnostics"] if d["code"] in SCHEMA_CODES})
    return not found, found


def corpus_manifests():
    for z in sorted((corpus / "scorm").rglob("*.zip")):
        try:
            with zipfile.ZipFile(z) as zf:
                names = [n for n in zf.namelist() if n.replace("\\", "/").split("/")[-1] == "imsmanifest.xml"]
                if len(names) == 1 and names[0].count("/") <= 1:
                    yield z.name, zf.read(names[0])
        except zipfile.BadZipFile:
            continue


def mutations(name: str, base: str):
    """(label, text, whether the mutation is meant to break the schema)."""
    def once(old, new):
        if old not in base:
            raise SystemExit(f"mutation anchor {old!r} not found in {name}")
        return base.replace(old, new, 1)
    item = re.search(r"<item identifier=\"([^\"]+)\"", base).group(1)
    res = re.search(r"<resource identifier=\"([^\"]+)\"", base).group(1)
    org = re.search(r"<organization identifier=\"([^\"]+)\"", base).group(1)
    yield "unchanged", base
    yield "organization-without-identifier", once(f'<organization identifier="{org}"', "<organization")
    yield "item-without-identifier", once(f'<item identifier="{item}"', "<item")
    yield "resource-without-type", re.sub(r'(<resource identifier="[^"]+"[^>]*?) type="[^"]*"', r"\1", base, count=1)
    yield "file-without-href", re.sub(r"<file href=\"[^\"]*\"", "<file", base, count=1)
    yield "duplicate-identifier", once(f'<item identifier="{item}"', f'<item identifier="{res}"')
    yield "identifier-with-space", once(f'<item identifier="{item}"', '<item identifier="item one"')
    yield "identifier-leading-digit", once(f'<item identifier="{item}"', '<item identifier="1item"')
    yield "isvisible-not-boolean", once(f'<item identifier="{item}"', f'<item isvisible="yes" identifier="{item}"')
    yield "unknown-cp-attribute", once(f'<item identifier="{item}"', f'<item colour="red" identifier="{item}"')
    yield "unknown-cp-element", once("</organizations>", "<shelf/></organizations>")
    yield "resources-before-organizations", re.sub(r"(<organizations.*?</organizations>)\s*(<resources.*?</resources>)",
                                                   r"\2\1", base, count=1, flags=re.S)
    yield "no-resources", re.sub(r"<resources.*?</resources>", "", base, count=1, flags=re.S)
    yield "two-titles", re.sub(r"(<organization [^>]*>\s*<title>[^<]*</title>)", r"\1<title>again</title>", base, count=1)
    yield "text-in-organizations", once("</organizations>", "stray text</organizations>")
    yield "item-title-missing (schema allows it)", re.sub(rf'(<item identifier="{item}"[^>]*>)\s*<title>[^<]*</title>',
                                                          r"\1", base, count=1)
    if "imscp_rootv1p1p2" in base:
        yield "scormtype-wrong-case", re.sub(r'adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"', base, count=1)
        yield "adlcp-2004-element-in-1.2", re.sub(rf'(<item identifier="{item}"[^>]*>\s*<title>[^<]*</title>)', r"\1<adlcp:dataFromLMS>x</adlcp:dataFromLMS>",
                   base, count=1)
        yield "timelimitaction-invalid", re.sub(rf'(<item identifier="{item}"[^>]*>\s*<title>[^<]*</title>)',
                                                r"\1<adlcp:timelimitaction>stop</adlcp:timelimitaction>", base, count=1)
        yield "timelimitaction-valid", re.sub(rf'(<item identifier="{item}"[^>]*>\s*<title>[^<]*</title>)',
                                              r"\1<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>", base, count=1)
    else:
        yield "organization-without-items", re.sub(rf'(<organization identifier="{org}"[^>]*>\s*<title>[^<]*</title>).*?(</organization>)',
                                                   r"\1\2", base, count=1, flags=re.S)
        yield "scormType-invalid", re.sub(r'adlcp:scormType="sco"', 'adlcp:scormType="lesson"', base, count=1)
        yield "sequencing-boolean-invalid", re.sub(r'flow="true"', 'flow="yes"', base, count=1)
        yield "sequencing-condition-invalid", re.sub(r'condition="[a-zA-Z]+"', 'condition="passed"', base, count=1)
        yield "sequencing-action-invalid", re.sub(r'action="[a-zA-Z]+"', 'action="Skip"', base, count=1)
        yield "unknown-imsss-element (lax wildcard)", once("</organizations>", "<imsss:bogus/></organizations>")
        yield "imsss-children-out-of-order", re.sub(r"(<imsss:sequencingRules>.*?</imsss:sequencingRules>)(\s*)(<imsss:objectives>.*?</imsss:objectives>)",
                                                    r"\3\2\1", base, count=1, flags=re.S)
        yield "imsss-rule-without-action", re.sub(r"<imsss:ruleAction[^>]*/>", "", base, count=1)
        yield "imsss-unknown-attribute", re.sub(r"<imsss:controlMode ", '<imsss:controlMode colour="red" ', base, count=1)
        yield "imsss-mapInfo-without-target", re.sub(r'(<imsss:mapInfo) targetObjectiveID="[^"]*"', r"\1", base, count=1)
        yield "imsss-unknown-child", re.sub(r"(<imsss:sequencing[^>]*>)", r"\1<imsss:shortcut/>", base, count=1)
        yield "imsss-objective-without-id", re.sub(r'(<imsss:objective) objectiveID="[^"]*"', r"\1", base, count=1)
        yield "imsss-two-controlModes", re.sub(r"(<imsss:controlMode[^>]*/>)", r"\1\1", base, count=1)
        yield "adlnav-hideLMSUI-invalid", re.sub(
            r"(<item identifier=\"[^\"]+\"[^>]*>\s*<title>[^<]*</title>)",
            r'\1<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>menu</adlnav:hideLMSUI>'
            r"</adlnav:navigationInterface></adlnav:presentation>", base, count=1)
        yield "adlnav-hideLMSUI-valid", re.sub(
            r"(<item identifier=\"[^\"]+\"[^>]*>\s*<title>[^<]*</title>)",
            r'\1<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI>'
            r"</adlnav:navigationInterface></adlnav:presentation>", base, count=1)
        yield "adlseq-objective-without-mapInfo", re.sub(r"(</imsss:objectives>)",
            r'\1<adlseq:objectives><adlseq:objective objectiveID="x"/></adlseq:objectives>', base, count=1)
        yield "adlseq-rollupConsiderations-invalid", re.sub(r"(</imsss:objectives>)",
            r'\1<adlseq:rollupConsiderations requiredForSatisfied="sometimes"/>', base, count=1)
        yield "imsss-sequencing-ID-not-NCName", re.sub(r'<imsss:sequencing ID="[^"]*"', '<imsss:sequencing ID="2 rules"', base, count=1)


def main():
    rows = []
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        cases = [(f"corpus {n}", data) for n, data in corpus_manifests()]
        for base_name in ("golf-RuntimeBasicCalls_SCORM12.zip", "golf-SequencingForcedSequential_SCORM20043rdEdition.zip"):
            with zipfile.ZipFile(corpus / "scorm" / base_name) as zf:
                base = zf.read("imsmanifest.xml").decode("utf-8")
            for label, text in mutations(base_name, base):
                if label != "unchanged" and text == base:
                    raise SystemExit(f"mutation {label} changed nothing in {base_name}")
                cases.append((f"mutation {base_name.split('_')[0]}:{label}", text.encode("utf-8")))
        for i, (label, data) in enumerate(cases):
            folder = tmp / f"case{i}"
            folder.mkdir()
            manifest = folder / "imsmanifest.xml"
            manifest.write_bytes(data)
            theirs = xmllint_valid(manifest)
            mine, found = ours(folder)
            agree = theirs == mine
            failures += not agree
            rows.append((label, "valid" if theirs else "INVALID", "valid" if mine else "INVALID", agree, found))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  xmllint  coursepack")
    for label, theirs, mine, agree, found in rows:
        print(f"{label:<{width}}  {theirs:<7}  {mine:<7}{'' if agree else '  <-- DISAGREE'}")
        if not agree:
            for f in found:
                print(f"{'':<{width}}    {f}")
    print(f"schema agreement: {len(rows)} cases, {len(rows) - failures} agree, {failures} disagree")
    sys.exit(1 if failures else 0)


main()
