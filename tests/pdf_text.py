"""The text of a PDF that Chromium printed, without a PDF library: each font's
ToUnicode map turns the glyph codes of the page's text operators back into
characters. Enough for Skia's output (plain objects, Flate streams, hex strings)."""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_FONT_REF = re.compile(rb"/(\w+) (\d+) 0 R")
_TEXT = re.compile(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]+)>|\[(.*?)\]\s*TJ|(ET)", re.S)


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if not found:
        return b""
    data = found.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int.from_bytes(bytes.fromhex(start.decode()), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """The text in drawing order, NFKC-normalised (fonts map some ideographs to their
    Kangxi-radical twins, 衣 as ⾐) and with runs of white space made one space."""
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    maps: dict[int, dict[int, str]] = {}  # font object → its ToUnicode map
    for number, body in objects.items():
        unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if unicode_ref and b"/Font" in body:
            maps[number] = _cmap(_stream(objects[int(unicode_ref.group(1))]))
    names: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        fonts = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        for name, ref in _FONT_REF.findall(fonts.group(1)) if fonts else ():
            names[name] = maps.get(int(ref), {})
    out: list[str] = []
    for body in objects.values():
        if b"/Length" not in body or b"/Font" in body or b"/ToUnicode" in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        current: dict[int, str] = {}
        for font, hex_string, array, end in _TEXT.findall(content):
            if font:
                current = names.get(font, {})
            elif end:
                out.append("\n")
            else:
                for part in re.findall(rb"<([0-9A-Fa-f]+)>", array) if array else [hex_string]:
                    raw = bytes.fromhex(part.decode())
                    out.extend(
                        current.get(int.from_bytes(raw[i : i + 2], "big"), "")
                        for i in range(0, len(raw), 2)
                    )
    return " ".join(unicodedata.normalize("NFKC", "".join(out)).split())
