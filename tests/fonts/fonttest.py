"""Shared helpers of the text-engine tests in this folder (Python 3 standard library only)."""
import argparse
import os
import shutil
import signal
import subprocess
import unicodedata

TIMEOUT = 30  # seconds per call of the command line


class CaseError(Exception):
    """One case failed in a way that stops checking it (crash, timeout, bad output)."""


def parse_args(doc: str, extra=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    p.add_argument("coursepack", help="path of the coursepack binary")
    p.add_argument("sentences", help="path of sentences.tsv")
    p.add_argument("--only", default="", help="comma-separated ids or languages to run (default: all)")
    p.add_argument("--keep", default="", help="directory to keep the files written (default: a temporary one)")
    if extra:
        extra(p)
    return p.parse_args()


def require_tool(path: str, package: str) -> None:
    """Stops with a clear message when a tool the test compares with is not installed."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(path):
        raise SystemExit(f"FAIL: {path} is not installed (Debian package {package}); nothing was tested")


def read_sentences(path: str, only: str = ""):
    wanted = {w for w in only.split(",") if w}
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t") if lines else []
    if header != ["lang", "id", "kind", "text"]:
        raise SystemExit(f"{path}: the header must be lang, id, kind, text (tab-separated)")
    for n, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise SystemExit(f"{path}:{n}: {len(fields)} fields, expected 4")
        lang, id_, kind, text = fields
        if wanted and id_ not in wanted and lang not in wanted:
            continue
        rows.append({"lang": lang, "id": id_, "kind": kind, "text": text})
    if not rows:
        raise SystemExit(f"{path}: no sentences selected")
    return rows


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def run(argv, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Runs one command; raises CaseError on a timeout, a crash or a failure to start."""
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CaseError(f"{os.path.basename(argv[0])} timed out after {timeout:g} s") from None
    except OSError as e:
        raise CaseError(f"could not run {argv[0]}: {e.strerror}") from None
    if p.returncode < 0:
        try:
            name = signal.Signals(-p.returncode).name
        except ValueError:
            name = f"signal {-p.returncode}"
        raise CaseError(f"{os.path.basename(argv[0])} crashed ({name}){stderr_tail(p)}")
    return p


def stderr_tail(p: subprocess.CompletedProcess, n: int = 300) -> str:
    err = p.stderr.decode("utf-8", "replace").strip()
    if not err:
        return ""
    err = err[-n:].replace("\n", " | ")
    return f"; stderr: {err}"


def describe(s: str, limit: int = 12) -> str:
    """Code points of a short string, for failure lines."""
    cps = " ".join(f"U+{ord(c):04X}" for c in s[:limit])
    return cps + (" …" if len(s) > limit else "")


def first_difference(a: str, b: str, context: int = 8) -> str:
    """Where two strings first differ, with a little context and the code points there."""
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    lo = max(0, i - context)
    return (f"first difference at character {i}: expected …{a[lo:i + context]!r}… [{describe(a[i:i + 4], 4) or 'end'}]"
            f", got …{b[lo:i + context]!r}… [{describe(b[i:i + 4], 4) or 'end'}]")
