#!/usr/bin/env python3
"""`coursepack convert --format ecar` writes what a Sunbird-based platform imports: the
manifest fields of the real ECARs in ../shared/corpus/sunbird/ecar_manifests (same names, same
JSON types), an artifact per item at artifactUrl that opens with its launch page, an appIcon,
and the right mimeType and contentEncoding for SCORM, HTML5 and PDF sources.

usage: ecar_test.py COURSEPACK CORPUS_DIR SOURCE_DIR
"""
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

coursepack, corpus, source = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
reference = json.loads((corpus / "sunbird/ecar_manifests/TEST.ecar__manifest.json").read_text())
ref_item = reference["archive"]["items"][0]
REQUIRED_ITEM = ["identifier", "name", "mimeType", "contentEncoding", "contentDisposition", "visibility",
                 "pkgVersion", "artifactUrl", "appIcon", "size", "downloadUrl", "objectType", "contentType",
                 "language", "status", "osId", "mediaType", "compatibilityLevel"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def same_type(a, b):
    number = (int, float)
    return isinstance(a, number) and isinstance(b, number) if isinstance(b, number) else type(a) is type(b)


def export(src, out):
    run = subprocess.run([coursepack, "convert", str(src), "-o", str(out), "--format", "ecar", "--json"],
                         capture_output=True, text=True)
    check(run.returncode == 0, f"{src.name}: exit {run.returncode}: {run.stdout[-400:]} {run.stderr}")
    return zipfile.ZipFile(out)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    cases = [
        (corpus / "scorm/golf-RuntimeBasicCalls_SCORM12.zip", "application/vnd.ekstep.html-archive", "gzip"),
        (corpus / "scorm/golf-SequencingForcedSequential_SCORM20043rdEdition.zip",
         "application/vnd.ekstep.html-archive", "gzip"),
        (source / "samples/courses/road-safety-scorm12", "application/vnd.ekstep.html-archive", "gzip"),
        (corpus / "sunbird/upload_fixtures/sample.pdf", "application/pdf", "identity"),
        (corpus / "video/sample_with_srt.mkv", "video/mp4", "identity"),
    ]
    for i, (src, mime, encoding) in enumerate(cases):
        ecar = export(src, tmp / f"e{i}.ecar")
        names = ecar.namelist()
        check(names[0] == "manifest.json", f"{src.name}: manifest.json is not the first entry ({names[:3]})")
        manifest = json.loads(ecar.read("manifest.json"))
        for key in ("id", "ver", "ts", "params", "archive"):
            check(key in manifest and same_type(manifest[key], reference[key]), f"{src.name}: top-level '{key}'")
        check(manifest["id"] == "ekstep.content.archive" and manifest["ver"] == "1.2", f"{src.name}: id/ver")
        check(isinstance(manifest["params"].get("resmsgid"), str), f"{src.name}: params.resmsgid")
        archive = manifest["archive"]
        check(archive["count"] == len(archive["items"]) == 1 and isinstance(archive["ttl"], int),
              f"{src.name}: archive count/ttl")
        item = archive["items"][0]
        for key in REQUIRED_ITEM:
            check(key in item, f"{src.name}: item lacks '{key}'")
            if key in item and key in ref_item and ref_item[key] is not None:
                check(same_type(item[key], ref_item[key]),
                      f"{src.name}: '{key}' is {type(item[key]).__name__}, Sunbird writes {type(ref_item[key]).__name__}")
        check(item["identifier"].startswith("do_"), f"{src.name}: identifier {item['identifier']}")
        check(item["mimeType"] == mime, f"{src.name}: mimeType {item['mimeType']}, expected {mime}")
        check(item["contentEncoding"] == encoding, f"{src.name}: contentEncoding {item['contentEncoding']}")
        check(item["contentDisposition"] == "inline" and item["visibility"] == "Default",
              f"{src.name}: disposition/visibility")
        for key in ("artifactUrl", "appIcon"):
            check(item[key].startswith(item["identifier"] + "/") and item[key] in names,
                  f"{src.name}: {key} '{item[key]}' is not inside the ECAR")
        artifact = ecar.read(item["artifactUrl"])
        check(len(artifact) == item["size"], f"{src.name}: size {item['size']} but the artifact has {len(artifact)}")
        check(ecar.read(item["appIcon"]).startswith(b"\x89PNG"), f"{src.name}: appIcon is not a PNG")
        if encoding == "gzip":
            inner = zipfile.ZipFile(io.BytesIO(artifact))
            inner_names = set(inner.namelist())
            check(inner.testzip() is None, f"{src.name}: artifact zip is damaged")
            check("index.html" in inner_names, f"{src.name}: artifact has no index.html at its root")
            launch = item.get("entryPoint", "").split("?")[0]
            check(launch in inner_names, f"{src.name}: launch '{launch}' is not in the artifact")
            index = inner.read("index.html").decode("utf-8", "replace")
            if launch != "index.html":
                check(launch in index, f"{src.name}: index.html does not lead to '{launch}'")
        elif mime == "video/mp4":
            # A video upload travels as its offline copy: an H.264/AAC MP4 of at most 360 lines,
            # faststart, smaller than the upload.
            path = tmp / f"v{i}.mp4"
            path.write_bytes(artifact)
            probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json",
                                               str(path)], capture_output=True, text=True).stdout or "{}")
            streams = {st["codec_type"]: st for st in probe.get("streams", [])}
            video = streams.get("video", {})
            check(video.get("codec_name") == "h264" and 0 < min(video.get("width", 0), video.get("height", 0)) <= 360,
                  f"{src.name}: offline copy is {video.get('codec_name')} {video.get('width')}x{video.get('height')}")
            check(artifact.find(b"moov") < artifact.find(b"mdat"), f"{src.name}: offline copy is not faststart")
            check(len(artifact) < src.stat().st_size, f"{src.name}: offline copy is not smaller than the upload")
            check(item["artifactUrl"].endswith(".mp4"), f"{src.name}: artifactUrl {item['artifactUrl']}")
        else:
            check(artifact == src.read_bytes(), f"{src.name}: the artifact is not the uploaded file")

print(f"{len(cases)} ECAR exports checked against Sunbird's manifest fields")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
