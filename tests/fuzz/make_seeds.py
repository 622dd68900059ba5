#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses: corpus/zip_source/ and corpus/xml/.

Every seed is made here from scratch (nothing is copied from elsewhere) and the output is
deterministic: running the script again rewrites the same bytes. Usage:

    tests/fuzz/make_seeds.py [OUTPUT_FOLDER]     # default: corpus/ next to this script
"""

import io
import os
import struct
import sys
import zipfile
import zlib

FIXED_TIME = (2024, 1, 2, 3, 4, 6)

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.seed" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>Seed course &amp; friends</title>
      <item identifier="item1" identifierref="res1" isvisible="true">
        <title>Lesson 1</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="js/api.js"/>
    </resource>
  </resources>
</manifest>
"""

INDEX_HTML = """<!doctype html>
<html><head><title>Lesson 1</title><script src="js/api.js"></script></head>
<body onload="LMSInitialize('')"><p>Hello</p></body></html>
"""

API_JS = "function LMSInitialize(){return 'true';}\n"


def info(name, method=zipfile.ZIP_DEFLATED):
    zi = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    zi.compress_type = method
    zi.external_attr = 0o100644 << 16
    zi.create_system = 3  # Unix
    return zi


def make_zip(entries, **kwargs):
    """entries: list of (name, bytes-or-str, method)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", **kwargs) as zf:
        for name, data, method in entries:
            zf.writestr(info(name, method), data)
    return buf.getvalue()


def scorm_package():
    return make_zip([
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
        ("index.html", INDEX_HTML, zipfile.ZIP_DEFLATED),
        ("js/api.js", API_JS, zipfile.ZIP_DEFLATED),
    ])


def central_records(data):
    """Offsets of the central-directory file headers."""
    offsets = []
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        offsets.append(pos)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return offsets


def corrupt_crc(data):
    """Flips the CRC-32 of the first entry in both its local and its central header."""
    data = bytearray(data)
    assert data[:4] == b"PK\x03\x04"
    crc = struct.unpack_from("<I", data, 14)[0] ^ 0xDEADBEEF
    struct.pack_into("<I", data, 14, crc)
    struct.pack_into("<I", data, central_records(bytes(data))[0] + 16, crc)
    return bytes(data)


def to_zip64(data):
    """Rewrites the end records of a comment-less zip in the Zip64 form (Zip64 EOCD + locator +
    an EOCD whose fields are all 0xFFFF/0xFFFFFFFF)."""
    eocd = len(data) - 22
    assert data[eocd:eocd + 4] == b"PK\x05\x06"
    _, _, _, _, count, cd_size, cd_offset, _ = struct.unpack_from("<4sHHHHIIH", data, eocd)
    z64_offset = eocd
    z64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, z64_offset, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:eocd] + z64 + locator + end


def set_cp437_name(data, old, new):
    """Replaces an entry name in place (same length) in local and central headers, clearing the
    UTF-8 flag, so that the stored name is not UTF-8."""
    assert len(old) == len(new)
    data = bytearray(data.replace(old, new))
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) != -1:
        struct.pack_into("<H", data, pos + 6, struct.unpack_from("<H", data, pos + 6)[0] & ~0x800)
        pos += 4
    for pos in central_records(bytes(data)):
        struct.pack_into("<H", data, pos + 8, struct.unpack_from("<H", data, pos + 8)[0] & ~0x800)
    return bytes(data)


def zip_seeds():
    seeds = {}
    seeds["scorm12-package.zip"] = scorm_package()
    seeds["dotdot-names.zip"] = make_zip([
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
        ("../evil.txt", "outside\n", zipfile.ZIP_DEFLATED),
        ("a/../../b/evil.txt", "outside\n", zipfile.ZIP_DEFLATED),
        ("/etc/evil.txt", "absolute\n", zipfile.ZIP_DEFLATED),
        ("C:/evil.txt", "drive\n", zipfile.ZIP_DEFLATED),
        ("./ok/./fine.txt", "inside\n", zipfile.ZIP_DEFLATED),
    ])
    # zipfile turns '\' into '/' only on Windows; on Linux the name is stored as given.
    seeds["backslash-names.zip"] = make_zip([
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
        ("content\\index.html", INDEX_HTML, zipfile.ZIP_DEFLATED),
        ("content\\js\\api.js", API_JS, zipfile.ZIP_DEFLATED),
        ("..\\escape.txt", "outside\n", zipfile.ZIP_DEFLATED),
    ])
    seeds["stored-entries.zip"] = make_zip([
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_STORED),
        ("index.html", INDEX_HTML, zipfile.ZIP_STORED),
        ("media/", b"", zipfile.ZIP_STORED),
        ("media/clip.bin", bytes(range(256)) * 4, zipfile.ZIP_STORED),
    ])
    seeds["empty.zip"] = make_zip([])
    full = scorm_package()
    seeds["truncated.zip"] = full[: len(full) // 2]
    seeds["bad-crc-deflated.zip"] = corrupt_crc(make_zip([
        ("index.html", INDEX_HTML * 8, zipfile.ZIP_DEFLATED),
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
    ]))
    z64 = io.BytesIO()
    with zipfile.ZipFile(z64, "w") as zf:
        for name, text in (("imsmanifest.xml", MANIFEST_12), ("index.html", INDEX_HTML)):
            with zf.open(info(name), "w", force_zip64=True) as f:
                f.write(text.encode())
    seeds["zip64.zip"] = to_zip64(z64.getvalue())
    # 1 MiB of zeros deflates about 1000:1: a (small) zip bomb under the tight limits.
    seeds["bomb-ratio.zip"] = make_zip([
        ("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
        ("zeros.bin", bytes(1 << 20), zipfile.ZIP_DEFLATED),
    ])
    link = info("link-to-passwd", zipfile.ZIP_STORED)
    link.external_attr = 0o120777 << 16
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(info("imsmanifest.xml"), MANIFEST_12)
        zf.writestr(link, "/etc/passwd")
        zf.writestr(info("Index.html"), INDEX_HTML)
        zf.writestr(info("index.html"), INDEX_HTML)
    seeds["symlink-case-collision.zip"] = buf.getvalue()
    seeds["cp437-name.zip"] = set_cp437_name(
        make_zip([("imsmanifest.xml", MANIFEST_12, zipfile.ZIP_DEFLATED),
                  ("caf_.html", INDEX_HTML, zipfile.ZIP_DEFLATED)]),
        b"caf_.html", b"caf\x82.html")  # 0x82 is 'e' acute in code page 437
    return seeds


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<manifest identifier="laughs"><title attr="&lol9;">&lol9;</title></manifest>
"""

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE manifest [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY net SYSTEM "http://127.0.0.1:9/x.dtd">
]>
<manifest identifier="xxe"><title>&xxe;&net;</title></manifest>
"""

BOM_UTF8 = "\ufeff" + """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bom" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <organizations default="o"><organization identifier="o">
    <title>Žluťoučký kůň — 日本語 — हिन्दी — مرحبا</title>
  </organization></organizations>
  <resources/>
</manifest>
"""

LATIN1 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<manifest identifier="latin1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <organizations default="o"><organization identifier="o">
    <title>Café, crème brûlée, Ærø, ¿qué?</title>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" href="página.html"/></resources>
</manifest>
"""

MISMATCHED = """<?xml version="1.0"?>
<manifest identifier="broken">
  <organizations default="o">
    <organization identifier="o"><title>Fish & chips</title></item>
  </organizations>
  <resources>
</manifest>
"""

NAMESPACE_ERROR = """<?xml version="1.0"?>
<manifest identifier="ns" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <resources>
    <resource identifier="r" adlcp:scormtype="sco" href="a.html">
      <adlcp:prerequisites>r0</adlcp:prerequisites>
    </resource>
  </resources>
</manifest>
"""


def xml_seeds():
    seeds = {}
    seeds["scorm12-manifest.xml"] = MANIFEST_12.encode("utf-8")
    seeds["billion-laughs.xml"] = BILLION_LAUGHS.encode("utf-8")
    seeds["xxe-system-file.xml"] = XXE.encode("utf-8")
    seeds["bom-utf8.xml"] = BOM_UTF8.encode("utf-8")
    seeds["latin1-declared.xml"] = LATIN1.encode("latin-1")
    seeds["mismatched-tags.xml"] = MISMATCHED.encode("utf-8")
    depth = 300
    seeds["nested-300.xml"] = ("<?xml version=\"1.0\"?>\n" + "<e>" * depth + "x" + "</e>" * depth + "\n").encode()
    seeds["namespace-error.xml"] = NAMESPACE_ERROR.encode("utf-8")
    return seeds


def package_manifest_seeds():
    """manifest.json files for a folder holding content/index.html (the harness writes it)."""
    import hashlib
    import json
    page = b"<html><body>page</body></html>\n"
    digest = hashlib.sha256(page).hexdigest()
    manifest = {
        "format": "coursepack/1", "generator": {"name": "coursepack", "version": "0.1.0"}, "profile": "standard",
        "id": "0" * 64, "title": {"en": "Seed", "hi": "बीज"}, "languages": ["en"],
        "source": {"kind": "html5", "edition": "", "file": "seed.zip", "sha256": "0" * 64, "bytes": 1},
        "organization": {"id": "o", "title": {"en": "Seed"}, "items": [
            {"id": "i", "title": {"en": "Page"}, "resource": "r", "masteryScore": 0.5,
             "sequencing": {"name": "sequencing", "ns": "http://www.imsglobal.org/xsd/imsss",
                            "attributes": {"ID": "s"}, "children": [{"name": "controlMode"}]},
             "children": []}]},
        "resources": [{"id": "r", "type": "html", "launch": "content/index.html", "parameters": "?a=b",
                       "tracking": {"standard": "none"}, "files": ["content/index.html"], "scripts": ["Latn"]}],
        "files": [{"path": "content/index.html", "bytes": len(page), "sha256": digest, "mime": "text/html"}],
    }
    seeds = {"valid.json": json.dumps(manifest, indent=2).encode()}
    wrong = json.loads(json.dumps(manifest))
    wrong["files"][0]["sha256"] = "f" * 64
    wrong["files"].append({"path": "content/missing.js", "bytes": 3, "sha256": "a" * 64, "mime": "text/javascript"})
    wrong["organization"]["items"][0]["resource"] = "nowhere"
    seeds["wrong-hash-missing-file.json"] = json.dumps(wrong).encode()
    seeds["schema-errors.json"] = json.dumps({"format": "coursepack/1", "files": [{"path": "/etc/passwd"}],
                                              "title": 7, "unexpected": [1, {"a": None}]}).encode()
    seeds["deep.json"] = ('{"format": "coursepack/1", "x": ' + "[" * 700 + "]" * 700 + "}").encode()
    seeds["truncated.json"] = json.dumps(manifest).encode()[:300]
    return seeds


def write_all(folder, seeds):
    os.makedirs(folder, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        print(f"{os.path.join(folder, name)}: {len(data)} bytes")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    write_all(os.path.join(out, "zip_source"), zip_seeds())
    write_all(os.path.join(out, "xml"), xml_seeds())
    write_all(os.path.join(out, "package_manifest"), package_manifest_seeds())


if __name__ == "__main__":
    main()
