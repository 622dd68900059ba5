#!/usr/bin/env python3
"""FFmpeg's libraries are loaded on first use (libcoursepack-media.so), never linked into the
coursepack command or libcoursepack: linking them costs every process ~130 shared libraries.

usage: check_no_ffmpeg.py MEDIA_MODULE BINARY...
"""
import re
import subprocess
import sys

FFMPEG = re.compile(r"\b(libav(codec|format|filter|util|device)|libsw(scale|resample)|libpostproc|libx264)\.so")


def needed(path):
    out = subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


failures = []
media, binaries = sys.argv[1], sys.argv[2:]
if not any(FFMPEG.search(lib) for lib in needed(media)):
    failures.append(f"{media} does not link FFmpeg (the check would prove nothing)")
for binary in binaries:
    linked = [lib for lib in needed(binary) if FFMPEG.search(lib)]
    if linked:
        failures.append(f"{binary} links {', '.join(linked)}")
for f in failures:
    print("FAIL:", f)
print(f"no-ffmpeg: {len(binaries)} binaries checked, {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
