"""Bytes → str for text and HTML, and the plain-text reader.

Reports arrive in whatever the publishing site used: UTF-8 (with or without BOM), UTF-16 from
Windows tools, GB2312/GBK/GB18030 from older CMSs, Big5 from Traditional-script mirrors. The
choice among codecs that all decode strictly is made by how plausible the resulting Chinese is.
"""

from __future__ import annotations

import codecs
import re

from reader.textnorm import common_cjk, count_replacement_chars

from .blocks import Block, Extracted, Paragraph
from .common import build, labelled_date

# Codec names as pages declare them → the Python codec that decodes what browsers decode
# (browsers read every GB label as GB18030 and Big5 as the Windows/HKSCS superset).
_CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "gb18030": "gb18030",
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "cp950",
    "cn-big5": "cp950",
    "cp950": "cp950",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode": "utf-16",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "windows-1252": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Line breaks other than "\n" (CR, CRLF, Unicode line/paragraph separators, NEL, VT, FF).
_BREAK_CHARS = "\r\u2028\u2029\x85\x0b\x0c"
_LINE_BREAKS = re.compile(f"\\r\\n?|[{re.escape(_BREAK_CHARS)}]")
# C0 controls other than tab/newline are never text; NUL shows up in badly converted files.
_CONTROL_CHARS = "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F))
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")


def normalise_codec(name: str | None) -> str | None:
    """The Python codec for a declared charset label, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _CODEC_ALIASES:
        return _CODEC_ALIASES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            # UTF-32-LE's BOM starts with UTF-16-LE's: the order above checks 32 first, but a
            # UTF-16 file whose first character is NUL is absurd, so this is safe.
            return codec
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII in it leaves NUL in every other byte; mostly-CJK text has
    few NULs, so it is recognised by decoding strictly to plausible Chinese instead."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    try:
        sample.decode("utf-8")
        return None  # valid UTF-8 is not UTF-16 (it would decode to CJK-looking noise)
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:
            return None  # UTF-8 cut mid-character at the sample's end
    sample = sample[: len(sample) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        cjk = len(_CJK_CHARS.findall(text))
        if cjk >= len(text) * 0.3 and plausibility(text) > 0.8:
            return codec
    return None


_CJK_CHARS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Non-ASCII characters that are neither CJK nor CJK/full-width punctuation: what wrong codecs
# produce (Latin-1 letters, symbols, kana, box drawing, private use).
_ODD_CHARS = re.compile(r"[^\x00-\x7f\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]")


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese: the share of its CJK characters that an ordinary
    report uses (GB2312 or Big5 level 1), penalising odd symbols that wrong codecs produce."""
    sample = text[:20000]
    cjk = _CJK_CHARS.findall(sample)
    if not cjk:
        return 0.0
    common = common_cjk()
    good = sum(1 for ch in cjk if ch in common)
    odd = len(_ODD_CHARS.findall(sample))
    return (good - odd) / len(cjk)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode bytes of text or HTML. Returns (text, codec, warnings). Never raises.

    Order: BOM, then a declared charset if the bytes honour it strictly, then strict UTF-8,
    then the more plausible of strict GB18030 and Big5, then charset-normalizer's guess decoded
    with replacement (and a warning that says so).
    """
    warnings: list[str] = []
    codec = bom_codec(data) or utf16_without_bom(data)
    if codec:
        text = data.decode(codec, errors="replace")
        if codec.startswith("utf-16-"):
            text = text.lstrip("\ufeff")
        return _finish(text, codec, warnings)

    declared_codec = normalise_codec(declared)
    if declared_codec:
        try:
            return _finish(data.decode(declared_codec), declared_codec, warnings)
        except UnicodeDecodeError:
            # Pages lie about their charset (a template says gb2312, the CMS writes UTF-8):
            # fall through to sniffing, and say so.
            warnings.append(f"网页声明的编码 {declared} 与实际内容不符，已自动识别编码")

    try:
        return _finish(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError:
        pass

    candidates: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "cp950"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), codec, text))
    # UTF-8 with a few bad bytes (a truncated file, one corrupt character) beats a strict but
    # implausible legacy decoding.
    if _mostly_utf8(data):
        text = data.decode("utf-8", errors="replace")
        candidates.append((plausibility(text) - 0.05, "utf-8", text))
    if candidates:
        _, codec, text = max(candidates, key=lambda c: c[0])
        if n := count_replacement_chars(text):
            warnings.append(f"文件中有 {n} 处无法解码的字节，已用 � 代替")
        return _finish(text, codec, warnings)

    from charset_normalizer import from_bytes  # only for files nothing above could read

    best = from_bytes(data[:200_000]).best()
    codec = (normalise_codec(best.encoding) if best else None) or "gb18030"
    text = data.decode(codec, errors="replace")
    n = count_replacement_chars(text)
    warnings.append(
        f"无法确定文件编码，按 {codec} 读取" + (f"，{n} 处字节无法解码，已用 � 代替" if n else "")
    )
    return _finish(text, codec, warnings)


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 apart from a few damaged sequences."""
    text = data[:200_000].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad <= max(3, len(text) // 500)


def _finish(text: str, codec: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    # ``in`` tests run at memory speed; the patterns only run on the texts that need them.
    if any(ch in text for ch in _BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    if any(ch in text for ch in _CONTROL_CHARS):
        text = _CONTROL.sub("", text)
    return text, codec, warnings


# A web page saved as text keeps its metadata block ("发布日期：2024-01-20") above the report or
# below it: the publication date is looked for in this many lines at either end.
_META_LINES = 40


def read_text(data: bytes) -> Extracted:
    """A plain-text report: one paragraph per non-empty line, each line kept as written (the
    parser reads flattened tables such as ``14 |`` lines itself)."""
    text, codec, warnings = decode(data)
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    meta: dict[str, str] = {}
    ends = lines[:_META_LINES] + lines[_META_LINES:][-_META_LINES:]
    published = labelled_date(line for line in ends if len(line) <= 200)
    if published:
        meta = {"published": published, "published_source": "metadata"}
    blocks: list[Block] = [Paragraph(line) for line in lines]
    return build("text", blocks, encoding=codec, meta=meta, warnings=warnings)
