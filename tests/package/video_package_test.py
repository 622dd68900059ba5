#!/usr/bin/env python3
"""Standalone video and audio uploads convert into media/<rid>/ (the HLS ladder): the manifest's
`video` object validates against the schema, every path it names is a file of the package,
the uploaded original is gone, media entries are stored in the .cpk, and verify accepts it.
A video inside an HTML5 package is re-encoded in place in the low-bandwidth profile only.

usage: video_package_test.py COURSEPACK CORPUS SOURCE_DIR
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import jsonschema

coursepack, corpus, source = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
schema = json.loads((source / "formats/normalised/schema/coursepack-1.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)

# (file, resource type, rungs expected, audio expected)
cases = [
    ("sowt-with-video.mov", "video", 5, True),
    ("portrait_4k60.mp4", "video", 5, True),
    ("sample_video_only.mp4", "video", 5, False),
    ("sample_audio_only.mp4", "audio", 0, True),
    ("bbb_mono_8kHz_12.2kbps_amrnb.3gp", "audio", 0, True),
]
failures = []


def check(name, manifest, files):
    for error in validator.iter_errors(manifest):
        failures.append(f"{name}: manifest {'/'.join(map(str, error.path))}: {error.message}")
    listed = {f["path"] for f in manifest["files"]}
    if listed != files - {"manifest.json"}:
        failures.append(f"{name}: files listed {sorted(listed ^ (files - {'manifest.json'}))} differ from the package")
    return listed


with tempfile.TemporaryDirectory() as tmp:
    for i, (name, kind, rungs, audio) in enumerate(cases):
        out = pathlib.Path(tmp) / f"d{i}"
        run = subprocess.run([coursepack, "convert", str(corpus / "video" / name), "-o", str(out), "--dir"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{name}: convert exited {run.returncode}: {run.stdout[-500:]} {run.stderr[-500:]}")
            continue
        manifest = json.loads((out / "manifest.json").read_text())
        files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
        check(name, manifest, files)
        (resource,) = manifest["resources"]
        video = resource.get("video", {})
        if resource["type"] != kind:
            failures.append(f"{name}: type {resource['type']}, expected {kind}")
        if resource.get("launch") != f"media/{resource['id']}/master.m3u8" or video.get("master") != resource["launch"]:
            failures.append(f"{name}: launch {resource.get('launch')}, master {video.get('master')}")
        if len(video.get("renditions", [])) != rungs:
            failures.append(f"{name}: {len(video.get('renditions', []))} renditions, expected {rungs}")
        if ("audioOnly" in video) != audio:
            failures.append(f"{name}: audioOnly {'present' if 'audioOnly' in video else 'missing'}")
        if any(f.startswith("content/") for f in files):
            failures.append(f"{name}: the original upload is still in the package")
        named = [video.get("master"), video.get("poster"), video.get("thumbnails")]
        named += [r[k] for r in video.get("renditions", []) for k in ("playlist", "download") if k in r]
        named += [video.get("audioOnly", {}).get(k) for k in ("playlist", "download")]
        for path in filter(None, named):
            if path not in files:
                failures.append(f"{name}: {path} is named but not in the package")
        master = (out / video["master"]).read_text()
        for r in video.get("renditions", []):
            if f"BANDWIDTH={r['bandwidth']}," not in master or f"RESOLUTION={r['width']}x{r['height']}" not in master:
                failures.append(f"{name}: the manifest's numbers for {r['playlist']} are not the master's")
        verify = subprocess.run([coursepack, "verify", str(out), "--json"], capture_output=True, text=True)
        codes = [d["code"] for d in json.loads(verify.stdout)["diagnostics"]]
        if verify.returncode != 0 or codes:
            failures.append(f"{name}: verify found {codes}")

    # As a .cpk: media entries are stored, so that players can serve them by byte range.
    cpk = pathlib.Path(tmp) / "v.cpk"
    run = subprocess.run([coursepack, "convert", str(corpus / "video" / "sample_sef_slow_motion.mp4"), "-o", str(cpk)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        failures.append(f"cpk: convert exited {run.returncode}: {run.stderr[-500:]}")
    else:
        with zipfile.ZipFile(cpk) as z:
            for info in z.infolist():
                if info.filename.endswith((".m4s", ".mp4", ".m4a", ".jpg")) and info.compress_type != zipfile.ZIP_STORED:
                    failures.append(f"cpk: {info.filename} is compressed")
            manifest = json.loads(z.read("manifest.json"))
            check("cpk", manifest, set(z.namelist()) - {"report.json"} | {"report.json"})
        verify = subprocess.run([coursepack, "verify", str(cpk), "--json"], capture_output=True, text=True)
        if verify.returncode != 0:
            failures.append(f"cpk: verify exited {verify.returncode}")

    # A video inside an HTML5 package: copied unchanged in the standard profile, re-encoded in
    # place (same name, 360p at most, faststart MP4) in the low-bandwidth profile.
    clip = pathlib.Path(tmp) / "lesson.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine", "-t", "4", "-c:v", "libx264",
                    "-preset", "ultrafast", "-crf", "16", "-c:a", "aac", str(clip)], check=True)
    html5 = pathlib.Path(tmp) / "html5.zip"
    with zipfile.ZipFile(html5, "w") as z:
        z.writestr("index.html", '<!DOCTYPE html><html lang="en"><head><title>Lesson</title></head><body>'
                                 '<video src="media/lesson.mp4" controls></video></body></html>')
        z.write(clip, "media/lesson.mp4")
        z.writestr("media/hi.vtt", "WEBVTT\r\n\r\n00:00:01,000 --> 00:00:02,500\r\nनमस्ते\r\n")
        z.write(corpus / "video/english_subs.vtt", "media/en.vtt")
    for profile in ("standard", "low-bandwidth"):
        out = pathlib.Path(tmp) / f"h5-{profile}"
        run = subprocess.run([coursepack, "convert", str(html5), "-o", str(out), "--dir", "--profile", profile,
                              "--json"], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"html5 {profile}: convert exited {run.returncode}: {run.stderr[-500:]}")
            continue
        statistics = json.loads(run.stdout)["conversion"]["statistics"]
        video = out / "content/media/lesson.mp4"
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                                "-of", "csv=p=0", str(video)], capture_output=True, text=True).stdout.split()
        data = video.read_bytes()
        # A broken WebVTT file is repaired in place in every profile; a valid one is kept as it is.
        if (out / "content/media/hi.vtt").read_text() != "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nनमस्ते\n":
            failures.append(f"html5 {profile}: hi.vtt not repaired: {(out / 'content/media/hi.vtt').read_text()!r}")
        if (out / "content/media/en.vtt").read_bytes() != (corpus / "video/english_subs.vtt").read_bytes():
            failures.append(f"html5 {profile}: en.vtt was changed")
        if statistics.get("captions_repaired") != 1:
            failures.append(f"html5 {profile}: captions_repaired {statistics.get('captions_repaired')}")
        report = json.loads((out / "report.json").read_text())
        if not any(d["code"] == "captions.malformed" and d["location"]["file"] == "media/hi.vtt"
                   for d in report["diagnostics"]):
            failures.append(f"html5 {profile}: report.json lacks captions.malformed for media/hi.vtt")
        if profile == "standard":
            if data != clip.read_bytes() or statistics.get("media_files_transcoded") != 0:
                failures.append("html5 standard: the video was changed")
        else:
            if probe[:1] != ["h264,640,360"] or "aac" not in probe or len(data) >= clip.stat().st_size:
                failures.append(f"html5 low-bandwidth: {probe}, {len(data)} bytes of {clip.stat().st_size}")
            if data.find(b"moov") > data.find(b"mdat") or statistics.get("media_files_transcoded") != 1:
                failures.append(f"html5 low-bandwidth: not faststart or not counted ({statistics})")
            decode = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-f", "null", "-"],
                                    capture_output=True, text=True)
            if decode.stderr:
                failures.append(f"html5 low-bandwidth: decode errors {decode.stderr[:300]}")
        manifest = json.loads((out / "manifest.json").read_text())
        check(f"html5 {profile}", manifest, {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()})

    # Caption sidecars beside a standalone upload: read (repaired and reported), added as
    # captions/<lang>.vtt, and the inputs left alone.
    side = pathlib.Path(tmp) / "side"
    side.mkdir()
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast",
                    str(side / "talk.mp4")], check=True)
    srt = "1\r\n00:00:00,500 --> 00:00:02,000\r\nप्रशिक्षण में स्वागत है\r\n"
    (side / "talk.hi.srt").write_bytes(srt.encode())
    (side / "talk.Telugu.vtt").write_text("WEBVTT\n\n00:00:00,500 --> 00:00:02,000\nస్వాగతం\n")
    (side / "other.en.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nnot this video's\n")
    before = {p.name: p.read_bytes() for p in side.iterdir()}
    out = pathlib.Path(tmp) / "side-out"
    run = subprocess.run([coursepack, "convert", str(side / "talk.mp4"), "-o", str(out), "--dir"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        failures.append(f"sidecars: convert exited {run.returncode}: {run.stderr[-500:]}")
    else:
        manifest = json.loads((out / "manifest.json").read_text())
        check("sidecars", manifest, {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()})
        rid = manifest["resources"][0]["id"]
        captions = sorted(manifest["resources"][0]["video"].get("captions", []), key=lambda c: c["lang"])
        expected = [{"lang": "hi", "path": f"media/{rid}/captions/hi.vtt"},
                    {"lang": "te", "path": f"media/{rid}/captions/te.vtt"}]
        if captions != expected:
            failures.append(f"sidecars: captions {captions}")
        elif (out / captions[0]["path"]).read_text() != "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nप्रशिक्षण में स्वागत है\n":
            failures.append(f"sidecars: hi.vtt is {(out / captions[0]['path']).read_text()!r}")
        report = json.loads((out / "report.json").read_text())
        if not any(d["code"] == "captions.malformed" and d["location"]["file"] == "talk.Telugu.vtt"
                   for d in report["diagnostics"]):
            failures.append(f"sidecars: no captions.malformed for the comma decimals of talk.Telugu.vtt")
    if {p.name: p.read_bytes() for p in side.iterdir()} != before:
        failures.append("sidecars: the input folder was changed")

print(f"{len(cases) + 2} video uploads and 2 packages with a video converted and checked")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
