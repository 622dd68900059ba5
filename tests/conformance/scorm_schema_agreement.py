#!/usr/bin/env python3
"""Our native SCORM structure rules agree with `xmllint --schema` on the official XSDs.

For every imsmanifest.xml in ../shared/corpus/scorm, and for mutations of two real manifests
made here, both verdicts (schema-valid or not) must be the same. Ours is "invalid" when the
report has scorm.schema, scorm.identifier.duplicate or xml.malformed.

Metadata is mutated too: in SCORM 2004, the golf metadata example with its complete course LOM
(metadata_course.xml) written inline into the manifest's <metadata>; in SCORM 1.2, the basic
golf manifest with the IMS Metadata 1.2.1 record below. Like xmllint here, only the manifest is
validated: external metadata files named by <adlcp:location> are not.

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
        yield "lom-in-imsss-sequencing (its strict wildcard takes <lom>)", re.sub(
            r"(</imsss:sequencing>)", r'<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general/></lom>\1', base, count=1)
        yield "invalid-lom-in-imsss-sequencing", re.sub(
            r"(</imsss:sequencing>)", r'<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general/><general/></lom>\1', base, count=1)
        yield "imsss-sequencing-ID-not-NCName", re.sub(r'<imsss:sequencing ID="[^"]*"', '<imsss:sequencing ID="2 rules"', base, count=1)


IMSMD_RECORD = """
    <imsmd:lom xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1">
      <imsmd:general>
        <imsmd:identifier>com.scorm.golfsamples.runtime.basicruntime.12</imsmd:identifier>
        <imsmd:title><imsmd:langstring xml:lang="en-US">Golf Explained</imsmd:langstring></imsmd:title>
        <imsmd:catalogentry><imsmd:catalog>URI</imsmd:catalog><imsmd:entry><imsmd:langstring>golf-12</imsmd:langstring></imsmd:entry></imsmd:catalogentry>
        <imsmd:language>en-US</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="en-US">An overview of the sport of golf.</imsmd:langstring></imsmd:description>
        <imsmd:keyword><imsmd:langstring xml:lang="en-US">golf</imsmd:langstring></imsmd:keyword>
        <imsmd:structure><imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source><imsmd:value><imsmd:langstring xml:lang="x-none">Hierarchical</imsmd:langstring></imsmd:value></imsmd:structure>
      </imsmd:general>
      <imsmd:lifecycle>
        <imsmd:version><imsmd:langstring xml:lang="en-US">1.0</imsmd:langstring></imsmd:version>
        <imsmd:contribute>
          <imsmd:role><imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source><imsmd:value><imsmd:langstring xml:lang="x-none">Author</imsmd:langstring></imsmd:value></imsmd:role>
          <imsmd:centity><imsmd:vcard>BEGIN:VCARD FN:Mike Rustici END:VCARD</imsmd:vcard></imsmd:centity>
          <imsmd:date><imsmd:datetime>2009-01-23</imsmd:datetime></imsmd:date>
        </imsmd:contribute>
      </imsmd:lifecycle>
      <imsmd:metametadata><imsmd:metadatascheme>ADL SCORM 1.2</imsmd:metadatascheme></imsmd:metametadata>
      <imsmd:technical>
        <imsmd:format>text/html</imsmd:format>
        <imsmd:size>516096</imsmd:size>
        <imsmd:location type="URI">http://www.scorm.com</imsmd:location>
      </imsmd:technical>
      <imsmd:rights>
        <imsmd:cost><imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source><imsmd:value><imsmd:langstring xml:lang="x-none">no</imsmd:langstring></imsmd:value></imsmd:cost>
      </imsmd:rights>
    </imsmd:lom>
"""


def metadata_mutations(base: str, scorm12: bool):
    """(label, text) pairs over a manifest whose first <metadata> holds a full record."""
    def once(old, new, text=base):
        if old not in text:
            raise SystemExit(f"metadata mutation anchor {old!r} not found")
        return text.replace(old, new, 1)
    if scorm12:
        yield "imsmd:unchanged", base
        yield "imsmd:lom-children-out-of-order", re.sub(r"(<imsmd:general>.*?</imsmd:general>)(\s*)(<imsmd:lifecycle>.*?</imsmd:lifecycle>)",
                                                        r"\3\2\1", base, count=1, flags=re.S)
        yield "imsmd:general-children-out-of-order (wildcard takes them)", re.sub(
            r"(<imsmd:identifier>.*?</imsmd:identifier>)(\s*)(<imsmd:title>.*?</imsmd:title>)", r"\3\2\1", base, count=1, flags=re.S)
        yield "imsmd:contribute-without-role", re.sub(r"<imsmd:role>.*?</imsmd:role>", "", base, count=1, flags=re.S)
        yield "imsmd:vocabulary-without-value", re.sub(r"(<imsmd:structure><imsmd:source>.*?</imsmd:source>)<imsmd:value>.*?</imsmd:value>",
                                                       r"\1", base, count=1)
        yield "imsmd:vocabulary-value-free-text", once(">Hierarchical<", ">tree-shaped<")
        yield "imsmd:vocabulary-source-two-langstrings", once("<imsmd:source><imsmd:langstring xml:lang=\"x-none\">LOMv1.0</imsmd:langstring>",
                                                             "<imsmd:source><imsmd:langstring>LOMv1.0</imsmd:langstring><imsmd:langstring>LOM</imsmd:langstring>")
        yield "imsmd:unknown-element", once("</imsmd:general>", "<imsmd:subtitle/></imsmd:general>")
        yield "imsmd:element-wrong-case", once("<imsmd:lifecycle>", "<imsmd:lifeCycle>").replace("</imsmd:lifecycle>", "</imsmd:lifeCycle>", 1)
        yield "imsmd:undeclared-foreign-element", once("</imsmd:general>", '<ext:note xmlns:ext="urn:example:ext"/></imsmd:general>')
        yield "imsmd:declared-adlcp-element-in-wildcard", once("</imsmd:general>", "<adlcp:location>more.xml</adlcp:location></imsmd:general>")
        yield "imsmd:second-title-in-wildcard", once("</imsmd:general>", "<imsmd:title><imsmd:langstring>Again</imsmd:langstring></imsmd:title></imsmd:general>")
        yield "imsmd:title-without-langstring", re.sub(r"<imsmd:title>.*?</imsmd:title>", "<imsmd:title>Golf Explained</imsmd:title>", base, count=1)
        yield "imsmd:langstring-bad-xml-lang", once('xml:lang="en-US"', 'xml:lang="en_US"')
        yield "imsmd:langstring-lang-without-xml-prefix", once('xml:lang="en-US"', 'lang="en-US"')
        yield "imsmd:size-not-a-number", once("<imsmd:size>516096<", "<imsmd:size>504 KB<")
        yield "imsmd:size-with-spaces (libxml2 rejects them here)", once("<imsmd:size>516096<", "<imsmd:size> 516096 <")
        yield "imsmd:location-type-invalid", once('type="URI"', 'type="url"')
        yield "imsmd:text-in-lom", once("<imsmd:general>", "golf<imsmd:general>")
        yield "imsmd:text-in-general (mixed content)", once("<imsmd:general>", "<imsmd:general>golf")
        yield "imsmd:record-directly-in-metadata", re.sub(r"<imsmd:lom [^>]*>.*?</imsmd:lom>",
            '<imsmd:title xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"><imsmd:langstring>Golf</imsmd:langstring></imsmd:title>',
            base, count=1, flags=re.S)
        yield "imsmd:lom-in-scorm-1.2", once("</metadata>", '<lom xmlns="http://ltsc.ieee.org/xsd/LOM"/></metadata>')
        return
    yield "lom:unchanged", base
    yield "lom:categories-out-of-order (LOM takes any order)", re.sub(r"(<general>.*?</general>)(.*?</classification>)", r"\2\1", base,
                                                                     count=1, flags=re.S)
    yield "lom:vocabulary-value-wrong-case", once("<value>hierarchical</value>", "<value>Hierarchical</value>")
    yield "lom:vocabulary-value-spaces (collapsed)", once("<value>very low</value>", "<value> very \n low </value>")
    yield "lom:vocabulary-source-invalid", once("<source>LOMv1.0</source>", "<source>LOMv2.0</source>")
    yield "lom:vocabulary-two-values", once("<value>hierarchical</value>", "<value>hierarchical</value><value>linear</value>")
    yield "lom:unknown-element", once("</general>", "<subtitle/></general>")
    yield "lom:element-misplaced", once("<general>", "<version><string>1</string></version><general>")
    yield "lom:element-wrong-case", once("<lifeCycle>", "<lifecycle>").replace("</lifeCycle>", "</lifecycle>", 1)
    yield "lom:extension-element-inside-lom (extend/strict)", once("</general>", '<ext:note xmlns:ext="urn:example:ext"/></general>')
    yield "lom:extension-element-beside-lom (lax)", once("</lom>", '</lom><ext:note xmlns:ext="urn:example:ext"><ext:more/></ext:note>')
    yield "lom:nested-in-lax-extension", once("</lom>", '</lom><ext:wrap xmlns:ext="urn:example:ext"><lom xmlns="http://ltsc.ieee.org/xsd/LOM"><colour/></lom></ext:wrap>')
    yield "lom:langstring-text-without-string", re.sub(r"<title>.*?</title>", "<title>Golf Explained</title>", base, count=1, flags=re.S)
    yield "lom:langstring-bad-language", once('language="en-US"', 'language="en_US"')
    yield "lom:langstring-xml-lang", once('<string language="en-US">Golf Explained', '<string xml:lang="en-US">Golf Explained')
    yield "lom:duplicate-title", once("</general>", "<title><string>Golf</string></title></general>")
    yield "lom:duplicate-general", once("</general>", "</general><general/>")
    yield "lom:duplicate-description-in-general (unbounded)", once("</general>", "<description><string>More</string></description></general>")
    yield "lom:duplicate-educational (unbounded)", re.sub(r"(<educational>.*?</educational>)", r"\1\1", base, count=1, flags=re.S)
    yield "lom:duration-words", once("<duration>PT10M</duration>", "<duration>10 minutes</duration>")
    yield "lom:duration-weeks", once("<duration>PT10M</duration>", "<duration>P1W</duration>")
    yield "lom:datetime-day-first", once("<dateTime>2009-01-23</dateTime>", "<dateTime>23/01/2009</dateTime>")
    yield "lom:datetime-zone-without-fraction", once("<dateTime>2009-01-23</dateTime>", "<dateTime>2009-01-23T10:00:00Z</dateTime>")
    yield "lom:datetime-fraction-and-zone", once("<dateTime>2009-01-23</dateTime>", "<dateTime>2009-01-23T10:00:00.0+05:30</dateTime>")
    yield "lom:size-with-unit", once("<size>516096</size>", "<size>504 KB</size>")
    yield "lom:language-none", once("<language>en</language>", "<language>none</language>")
    yield "lom:language-invalid", once("<language>en</language>", "<language>en_GB</language>")
    yield "lom:uniqueElementName-wrong", once("<title>", '<title uniqueElementName="name">')
    yield "lom:unknown-attribute", once("<general>", '<general id="g1">')
    yield "lom:text-in-container", once("<technical>", "<technical>stray text")


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
        with zipfile.ZipFile(corpus / "scorm" / "golf-RuntimeBasicCalls_SCORM12.zip") as zf:
            base12 = zf.read("imsmanifest.xml").decode("utf-8").replace("<schemaversion>1.2</schemaversion>",
                                                                       "<schemaversion>1.2</schemaversion>" + IMSMD_RECORD, 1)
        with zipfile.ZipFile(corpus / "scorm" / "golf-ContentPackagingMetadata_SCORM20043rdEdition.zip") as zf:
            course_lom = re.sub(r"<\?xml[^>]*\?>", "", zf.read("metadata_course.xml").decode("utf-8"))
            location = "<adlcp:location>metadata_course.xml</adlcp:location>"
            base2004 = zf.read("imsmanifest.xml").decode("utf-8").replace(location, location + course_lom, 1)
        for base, scorm12 in ((base12, True), (base2004, False)):
            for label, text in metadata_mutations(base, scorm12):
                if not label.endswith("unchanged") and text == base:
                    raise SystemExit(f"metadata mutation {label} changed nothing")
                cases.append((f"metadata {label}", text.encode("utf-8")))
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
