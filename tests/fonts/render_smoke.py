#!/usr/bin/env python3
"""`coursepack text render -o OUT.png` writes a valid PNG with text on it, for every sentence.

Each sentence of sentences.tsv is rendered with --width 1200 --size 24. The command must exit 0
and the file must be a PNG that this script decodes itself with the standard library: the
signature, every chunk's CRC, IHDR first (a valid bit depth and colour type, deflate, filter
method 0), IEND last, PLTE for palette images; the IDAT stream inflates to exactly the expected
size and every scanline has a filter type 0–4 (Adam7 interlacing is handled too). The image
must be of plausible size (1–20000 px each way, at least half a line of --size high, at most
1.25 × --width + 100 px wide, as --width is the wrap width and margins come on top) and have
ink: at least --min-ink pixels differ from the background (the most common pixel value), not
more than 90 % of them, and none on the image's outermost rows and columns (clipped text).

usage: render_smoke.py COURSEPACK SENTENCES [--only ID,LANG,...] [--keep DIR] [--width PX]
                       [--size PX] [--min-ink N]
"""
import collections
import os
import struct
import sys
import tempfile
import zlib

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
from fonttest import CaseError, parse_args, read_sentences, run, stderr_tail  # noqa: E402


def add_options(p):
    p.add_argument("--width", type=int, default=1200, help="--width passed to render (default 1200)")
    p.add_argument("--size", type=int, default=24, help="--size passed to render (default 24)")
    p.add_argument("--min-ink", type=int, default=20, help="fewest pixels of ink for a non-blank image")


args = parse_args(__doc__, add_options)

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
COLOUR_NAMES = {0: "grey", 2: "RGB", 3: "palette", 4: "grey+alpha", 6: "RGBA"}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
MAX_SIDE = 20000


class BadPng(CaseError):
    pass


def read_chunks(data):
    if data[:8] != SIGNATURE:
        raise BadPng(f"not a PNG: the file starts with {data[:8]!r}")
    pos, chunks = 8, []
    while True:
        if pos + 8 > len(data):
            raise BadPng(f"truncated: a chunk header at byte {pos} runs past the end")
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        if length > 0x7FFFFFFF or pos + 12 + length > len(data):
            raise BadPng(f"truncated: chunk {ctype!r} at byte {pos} declares {length} bytes")
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise BadPng(f"bad CRC in chunk {ctype!r} at byte {pos}")
        chunks.append((ctype, body))
        pos += 12 + length
        if ctype == b"IEND":
            break
    if pos != len(data):
        raise BadPng(f"{len(data) - pos} bytes after IEND")
    return chunks


def unfilter(raw, offset, width, height, bits_per_pixel):
    """Undoes the scanline filters of one (sub-)image; returns (rows, next offset)."""
    stride = (width * bits_per_pixel + 7) // 8
    bpp = max(1, bits_per_pixel // 8)
    rows = []
    prev = bytearray(stride)
    for y in range(height):
        if offset + 1 + stride > len(raw):
            raise BadPng(f"image data ends in scanline {y}")
        ftype = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        if ftype == 0:
            pass
        elif ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        else:
            raise BadPng(f"scanline {y} has filter type {ftype}")
        rows.append(line)
        prev = line
    return rows, offset


def pixels_of_row(row, width, bits_per_pixel):
    """The pixels of one unfiltered row, each as bytes (or an int sample for depths below 8)."""
    if bits_per_pixel >= 8:
        n = bits_per_pixel // 8
        return [bytes(row[i * n:(i + 1) * n]) for i in range(width)]
    per_byte = 8 // bits_per_pixel
    mask = (1 << bits_per_pixel) - 1
    out = []
    for x in range(width):
        byte = row[x // per_byte]
        shift = 8 - bits_per_pixel * (x % per_byte + 1)
        out.append((byte >> shift) & mask)
    return out


def decode(path):
    """Returns (description, width, height, list of (x, y, pixel))."""
    with open(path, "rb") as f:
        data = f.read()
    chunks = read_chunks(data)
    if chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise BadPng("the first chunk is not a 13-byte IHDR")
    width, height, depth, colour, compression, filter_method, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if colour not in DEPTHS or depth not in DEPTHS[colour]:
        raise BadPng(f"invalid bit depth {depth} for colour type {colour}")
    if compression != 0 or filter_method != 0 or interlace not in (0, 1):
        raise BadPng(f"invalid IHDR methods (compression {compression}, filter {filter_method}, "
                     f"interlace {interlace})")
    types = [c[0] for c in chunks]
    if b"IDAT" not in types:
        raise BadPng("no IDAT chunk")
    first, last = types.index(b"IDAT"), len(types) - 1 - types[::-1].index(b"IDAT")
    if any(t != b"IDAT" for t in types[first:last + 1]):
        raise BadPng("IDAT chunks are not consecutive")
    if colour == 3 and b"PLTE" not in types[:first]:
        raise BadPng("palette image without PLTE before IDAT")
    if not 1 <= width <= MAX_SIDE or not 1 <= height <= MAX_SIDE:
        raise BadPng(f"implausible size {width}x{height}")
    try:
        raw = zlib.decompress(b"".join(body for t, body in chunks if t == b"IDAT"))
    except zlib.error as e:
        raise BadPng(f"IDAT does not inflate: {e}") from None
    bits = CHANNELS[colour] * depth
    pixels = []
    offset = 0
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        pw = (width - x0 + dx - 1) // dx if width > x0 else 0
        ph = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pw == 0 or ph == 0:
            continue
        rows, offset = unfilter(raw, offset, pw, ph, bits)
        for j, row in enumerate(rows):
            for i, px in enumerate(pixels_of_row(row, pw, bits)):
                pixels.append((x0 + i * dx, y0 + j * dy, px))
    if offset != len(raw):
        raise BadPng(f"image data is {len(raw)} bytes, expected {offset}")
    desc = f"{width}x{height} {COLOUR_NAMES[colour]} {depth}-bit{' interlaced' if interlace else ''}"
    return desc, width, height, pixels


def check(sentence, workdir):
    path = os.path.join(workdir, f"{sentence['id']}.png")
    p = run([args.coursepack, "text", "render", "--text", sentence["text"], "--lang", sentence["lang"],
             "--width", str(args.width), "--size", str(args.size), "-o", path])
    if p.returncode != 0:
        raise CaseError(f"render exited {p.returncode}{stderr_tail(p)}")
    if not os.path.isfile(path):
        raise CaseError("render exited 0 but wrote no file")
    desc, width, height, pixels = decode(path)
    problems = []
    if width > args.width * 1.25 + 100:
        problems.append(f"{width} px wide for a wrap width of {args.width}")
    if height < args.size // 2:
        problems.append(f"{height} px high, less than half a line at --size {args.size}")
    background, _ = collections.Counter(px for _, _, px in pixels).most_common(1)[0]
    ink = [(x, y) for x, y, px in pixels if px != background]
    share = len(ink) / len(pixels)
    if len(ink) < args.min_ink:
        problems.append(f"blank: {len(ink)} pixel(s) differ from the background")
    elif share > 0.9:
        problems.append(f"{share:.0%} of the pixels differ from the most common one")
    summary = f"{desc}, {os.path.getsize(path)} bytes, ink {share:.1%}"
    if ink:
        xs, ys = [x for x, _ in ink], [y for _, y in ink]
        summary += f" in x {min(xs)}–{max(xs)}, y {min(ys)}–{max(ys)}"
        edges = [name for name, hit in (("left", min(xs) == 0), ("right", max(xs) == width - 1),
                                        ("top", min(ys) == 0), ("bottom", max(ys) == height - 1)) if hit]
        if edges and len(ink) >= args.min_ink and share <= 0.9:
            problems.append("ink touches the " + " and ".join(edges) + " edge (clipped text?)")
    return problems, summary


def main():
    sentences = read_sentences(args.sentences, args.only)
    tmp = None
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="render_smoke.")
        workdir = tmp.name
    stats = collections.OrderedDict()
    failed = 0
    for s in sentences:
        st = stats.setdefault(s["lang"], collections.Counter())
        st["sentences"] += 1
        try:
            problems, summary = check(s, workdir)
        except CaseError as e:
            problems, summary = [str(e)], ""
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
            problems, summary = [f"unexpected output ({type(e).__name__}: {e})"], ""
        if problems:
            failed += 1
            st["failed"] += 1
            print(f"FAIL {s['id']} ({s['kind']}): " + "; ".join(problems) + (f" [{summary}]" if summary else ""))
        else:
            st["passed"] += 1
            print(f"ok   {s['id']}: {summary}")
        sys.stdout.flush()
    if tmp:
        tmp.cleanup()
    print()
    print(f"{'lang':<10} {'sentences':>9} {'passed':>6} {'failed':>6}")
    total = collections.Counter()
    for lang, st in stats.items():
        total.update(st)
        print(f"{lang:<10} {st['sentences']:>9} {st['passed']:>6} {st['failed']:>6}")
    print(f"{'total':<10} {total['sentences']:>9} {total['passed']:>6} {total['failed']:>6}")
    print(f"{'PASS' if not failed else 'FAIL'}: {total['passed']} of {total['sentences']} renderings are valid, "
          f"non-blank PNGs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
