"""Text repair and normalisation, in one place (the parser and search both use it).

The original text is always kept for display; these functions give copies for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# A pinyin annotation after a CJK character: 報(bào)告 → 報告. Tone-marked or plain latin
# syllables in ASCII or full-width brackets.
_PINYIN_RE = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})[)）]"
)
_TONE_CHARS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

# Full-width ↔ half-width punctuation folding for matching (NFKC does most of it; these are
# the ones NFKC leaves alone or that reports use interchangeably).
FOLD = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "，": ",",
        "：": ":",
        "；": ";",
        "！": "!",
        "？": "?",
        "【": "[",
        "】": "]",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "—": "-",
        "－": "-",
        "\u3000": " ",
        "\xa0": " ",
    }
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# A bracket followed by a latin letter: only then can there be a pinyin annotation (a cheap scan
# that saves the look-behind pattern's slower one on the clean majority of texts).
_MAYBE_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations that copying sites insert after characters."""
    if _MAYBE_PINYIN.search(text) is None:
        return text
    return _PINYIN_RE.sub(_drop_if_pinyin, text)


def _drop_if_pinyin(match: re.Match[str]) -> str:
    syllable = match.group(1)
    # Plain ASCII in brackets after a character is usually real content ("(ICP)"), unless it
    # carries a tone mark or is a short lowercase syllable.
    if any(c in _TONE_CHARS for c in syllable) or (syllable.islower() and len(syllable) <= 6):
        return ""
    return match.group(0)


def pinyin_annotations(text: str, limit: int = 5) -> list[str]:
    """Examples of pinyin annotations in ``text`` (for TEXT-ENCODING evidence)."""
    found: list[str] = []
    if _MAYBE_PINYIN.search(text) is None:
        return found
    for m in _PINYIN_RE.finditer(text):
        if any(c in _TONE_CHARS for c in m.group(1)):
            start = max(0, m.start() - 1)
            found.append(text[start : m.end()])
            if len(found) >= limit:
                break
    return found


# What NFKC leaves alone but the fold maps (the rest of ``FOLD`` is already NFKC's).
_AFTER_NFKC = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("—", "-"), ("【", "["), ("】", "]"))

# Full-width forms (U+FF01–U+FF5E) and the ideographic space: their NFKC mapping is the ASCII
# character (a compatibility decomposition, so NFKC of the text is unchanged by applying it
# first). The frequent ones go by ``str.replace`` (C speed), the rest by one regex.
_FREQUENT_WIDE = tuple((chr(cp), chr(cp - 0xFEE0)) for cp in map(ord, "，：；（）！？％／＋－．"))
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast for Chinese report text.

    ``unicodedata.normalize`` takes its slow path on any full-width punctuation (every Chinese
    text has it) at ~0.1 ms per 1,000 characters. Folding the full-width forms first gives a
    text with the same NFKC, which is usually already normalised (a quick check) — only text
    with other compatibility characters (Kangxi radicals from PDFs, ①, ㈠) is normalised fully.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    for old, new in _FREQUENT_WIDE:
        if old in text:
            text = text.replace(old, new)
    text = _WIDE.sub(_narrow, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def fold_width(text: str) -> str:
    """NFKC plus the punctuation folds above: full-width digits/letters/brackets → half-width.

    Equal to ``unicodedata.normalize("NFKC", text).translate(FOLD)`` (a property test holds
    them equal), ~10× faster: ``str.translate`` with a dict is a Python-level lookup per
    character, while ``str.replace`` of the few characters NFKC leaves runs in C.
    """
    text = _nfkc(text)
    for old, new in _AFTER_NFKC:
        if old in text:
            text = text.replace(old, new)
    return text


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s, character and phrase level)."""
    return _t2s().convert(text)


def matchable(text: str) -> str:
    """The copy used for matching labels and headings: no pinyin, folded width, Simplified."""
    return to_simplified(fold_width(strip_pinyin(text)))


# ---- damaged text: replacement characters and mojibake ---------------------------------------

REPLACEMENT_CHAR = "\ufffd"


def count_replacement_chars(text: str) -> int:
    """How many U+FFFD (�) the text holds: bytes that could not be decoded somewhere upstream."""
    return text.count(REPLACEMENT_CHAR)


@lru_cache(maxsize=1)
def _common_cjk() -> frozenset[str]:
    """CJK characters an ordinary report uses: GB2312 (both levels) plus Big5 level 1.

    Mojibake made by decoding shifted GBK bytes lands mostly on characters outside both sets
    (GBK extension characters), so "rare" here means "outside this set". Built once (~20 ms).
    """
    common: set[str] = set()
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        try:
            ch.encode("gb2312")
            common.add(ch)
            continue
        except UnicodeEncodeError:
            pass
        try:
            b = ch.encode("big5")
        except UnicodeEncodeError:
            continue
        if 0xA4 <= b[0] <= 0xC6:  # Big5 level 1: the frequent traditional characters
            common.add(ch)
    return frozenset(common)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Public names for the other extraction modules (encoding plausibility uses the same sets).
common_cjk = _common_cjk
is_cjk = _is_cjk


# Latin letters with pinyin tone marks: they sit in GBK's A8 row, so shifted GBK bytes produce
# them; in clean text they only occur inside pinyin (next to other latin letters).
_PINYIN_LETTERS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿɑɡ")


def _odd_symbol(ch: str) -> bool:
    """Characters from GBK's symbol rows (A4–A9: kana, Greek, Cyrillic, pinyin, bopomofo, box
    drawing) and the private use area: legitimate in some texts, never *inside* Chinese words."""
    cp = ord(ch)
    return (
        0xE000 <= cp <= 0xF8FF  # private use
        or 0x3100 <= cp <= 0x312F  # bopomofo
        or 0x2500 <= cp <= 0x257F  # box drawing
        or 0x3040 <= cp <= 0x30FF  # kana
        or 0x0391 <= cp <= 0x03C9  # Greek
        or 0x0401 <= cp <= 0x0451  # Cyrillic
        or 0xFE30 <= cp <= 0xFE4F  # vertical forms
    )


# The box-drawing characters text-rendered tables use; mojibake gives the odd mixed-weight ones.
_TABLE_RULES = frozenset("─━│┃┌┏┐┓└┗┘┛├┣┤┫┬┳┴┻┼╋═║╔╗╚╝╠╣╦╩╬")


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _signal(text: str, i: int) -> str | None:
    """Classify one character as a mojibake signal: "q" (? or �), "s" (odd symbol), "r" (rare CJK)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "?" or ch == REPLACEMENT_CHAR:
        # A '?' between ASCII (URLs, "是否继续?") says nothing; beside CJK text it is a lost byte.
        near = text[max(0, i - 2) : i + 3]
        if not near.replace(ch, "").isascii():
            return "q"
        return None
    if ch.isascii():
        return None
    if ch in _PINYIN_LETTERS:
        if (
            _is_ascii_letter(prev)
            or _is_ascii_letter(nxt)
            or prev in _PINYIN_LETTERS
            or nxt in _PINYIN_LETTERS
        ):
            return None  # part of a pinyin syllable (报(bào)告)
        return "s"
    if _odd_symbol(ch):
        # A box-drawing line or a kana word is fine; one glued to a CJK character is not.
        if ch in _TABLE_RULES:
            return None  # text-drawn tables (│项目│数量│) use these beside CJK on purpose
        if _is_cjk(prev) or _is_cjk(nxt) or (not prev.isascii() and not _odd_symbol(prev)):
            return "s"
        return None
    if _is_cjk(ch) and ch not in _common_cjk():
        return "r"
    return None


@lru_cache(maxsize=1)
def _candidates() -> re.Pattern[str]:
    """Characters that can be a mojibake signal: ``?``/``�``, odd symbols, pinyin letters and
    rare CJK (as explicit ranges: ``re`` has no set difference). Scanning with it keeps
    ``find_mojibake`` fast on long clean texts."""
    common = _common_cjk()
    ranges: list[str] = []
    start = prev = -2
    for cp in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]:
        if chr(cp) in common:
            continue
        if cp != prev + 1:
            if start >= 0:
                ranges.append(_range(start, prev))
            start = cp
        prev = cp
    if start >= 0:
        ranges.append(_range(start, prev))
    odd = "\ue000-\uf8ff\u3100-\u312f\u2500-\u257f\u3040-\u30ff\u0391-\u03c9\u0401-\u0451\ufe30-\ufe4f"
    letters = "".join(sorted(_PINYIN_LETTERS))
    return re.compile(f"[?\ufffd{odd}{letters}{''.join(ranges)}]")


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


# Valid UTF-8 for CJK characters and CJK/full-width punctuation, three or more in a row.
_UTF8_CJK_RUN = re.compile(
    rb"(?:[\xe4-\xe9][\x80-\xbf]{2}|\xef\xbc[\x80-\xbf]|\xe3\x80[\x80-\xbf]){3,}"
)
# The same runs, decoded: UTF-8 lead bytes E4–E9 give U+4000–U+9FFF, EF BC xx gives U+FF00–U+FF3F
# and E3 80 xx gives U+3000–U+303F.
_DECODED_CJK_RUN = re.compile("[\u4000-\u9fff\uff00-\uff3f\u3000-\u303f]{3,}")


def _has_utf8_cjk_run(raw: bytes) -> bool:
    """Does ``_UTF8_CJK_RUN`` match somewhere in ``raw``? Decoding with replacement and scanning
    the characters is ~3× faster than the byte pattern, and equivalent: a valid sequence
    starts with a non-continuation byte, so the decoder re-synchronises on every one of them.
    """
    # Dropping the invalid bytes first gives a much shorter text in which every real run is
    # still a run (it may also join neighbours into a false one): a cheap test for "none".
    if _DECODED_CJK_RUN.search(raw.decode("utf-8", errors="ignore")) is None:
        return False
    return _DECODED_CJK_RUN.search(raw.decode("utf-8", errors="replace")) is not None


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\ufffd]{3,}")
# Characters a Latin-1/cp1252 misreading produces (plus � for cp1252's holes).
_LATIN1_CHARS = (
    "[\ufffd\xa0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# GBK/UTF-8 read as Latin-1 keeps ASCII (digits, brackets) as is, so a run may span some.
_LATIN1_RUN = re.compile(f"{_LATIN1_CHARS}{{2,}}(?:[ -~]{{0,12}}{_LATIN1_CHARS}{{2,}})*")
_MOJIBAKE_LITERALS = re.compile(r"(?:锟斤拷)+|(?:烫){3,}|(?:屯){3,}")
_SIGNAL_GAP = 5  # signals this close belong to one damaged run
_CONTEXT = 1


def _is_clean(decoded: str) -> bool:
    """Decoded text that is plausibly what was written: CJK characters an ordinary report uses
    plus punctuation/ASCII, and at least two CJK characters."""
    common = _common_cjk()
    cjk = 0
    for ch in decoded:
        if _is_cjk(ch):
            if ch not in common:
                return False
            cjk += 1
        elif not (
            ch.isascii()
            or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef"
            or ch in "“”‘’—…·"
        ):
            return False
    return cjk >= 2


def _redecode_candidates(text: str) -> list[tuple[int, int, str]]:
    """Runs that are UTF-8 bytes decoded as GBK/Big5/Latin-1 (or GBK as Latin-1), with the text
    a strict round trip gives: (start, end, repaired). Only runs whose round trip is clean."""
    found: list[tuple[int, int, str]] = []
    # A run's bytes are a contiguous part of the whole text's (unencodable characters dropped),
    # so a codec whose encoding of the whole text holds no UTF-8-like run has none in any run:
    # one pass over the text instead of one encoding per run (clean text has no such run).
    codecs = [
        codec
        for codec in ("gb18030", "big5")
        if _has_utf8_cjk_run(text.encode(codec, errors="ignore"))
    ]
    for m in _NON_ASCII_RUN.finditer(text) if codecs else ():
        run = m.group(0)
        for codec in codecs:
            try:
                raw = run.encode(codec)
            except UnicodeEncodeError:
                continue
            matches = list(_UTF8_CJK_RUN.finditer(raw))
            if not matches:
                continue
            # Byte offset of each character boundary, so a byte match maps back to characters.
            bounds = {0: 0}
            pos = 0
            for k, ch in enumerate(run):
                pos += len(ch.encode(codec))
                bounds[pos] = k + 1
            for bm in matches:
                if bm.start() not in bounds or bm.end() not in bounds:
                    continue
                decoded = bm.group(0).decode("utf-8")
                if _is_clean(decoded):
                    found.append(
                        (m.start() + bounds[bm.start()], m.start() + bounds[bm.end()], decoded)
                    )
            if found and found[-1][0] >= m.start():
                break
    for m in _LATIN1_RUN.finditer(text):
        run = m.group(0)
        if len(run) < 4 or run.count(REPLACEMENT_CHAR) * 2 > len(run):
            continue
        raw = _latin_bytes(run.replace(REPLACEMENT_CHAR, "?"))
        for codec in ("utf-8", "gb18030"):
            if REPLACEMENT_CHAR in run:
                # Bytes were lost (cp1252 has holes): no repair is provable, but if the rest
                # re-reads as Chinese the run is still mojibake.
                decoded = raw.decode(codec, errors="replace")
                cjk = sum(1 for ch in decoded if _is_cjk(ch))
                if cjk >= 3 and cjk * 3 >= len(decoded):
                    found.append((m.start(), m.end(), ""))
                    break
                continue
            try:
                decoded = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if _is_clean(decoded):
                found.append((m.start(), m.end(), decoded))
                break
    return found


def _latin_bytes(run: str) -> bytes:
    """The bytes a Latin-1/cp1252 misreading came from (cp1252 first: browsers use it for
    "latin-1"; characters outside it fall back to their Latin-1 byte)."""
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += ch.encode("latin-1", errors="replace")
    return bytes(out)


# A website footer's registration marks with their numbers ("京ICP备20013709号", "京公网安备
# 11010602060030号", "网站标识码：1101060001"), as a regex over Simplified text. A report's prose
# may name the marks themselves ("网站标识码、ICP备案信息均已在首页展示") without being a footer.
SITE_REGISTRATION = r"ICP备\s*\d|公网安备\s*\d|网站标识码\s*[:：]?\s*[A-Za-z]{0,3}\d"


def find_mojibake(text: str, limit: int = 20) -> list[str]:
    """Runs of damaged text, as quoted evidence (at most ``limit``).

    Two kinds: (1) text decoded with the wrong codec whose bytes, re-read, give clean Chinese
    (``鏀垮簻淇℃伅`` = 政府信息 as UTF-8 read as GBK; ``Õþ¸®`` = GBK read as Latin-1); (2) GBK
    decoded from a shifted byte offset, which cannot be re-decoded but shows as odd symbols and
    rare characters glued to ``?`` (``?。ǘ┮郎暾堔k理方面``). Rare characters alone (place names
    such as 礄口) never count: a run needs a ``?``/odd symbol plus another signal nearby.
    """
    spans: list[tuple[int, int]] = [(s, e) for s, e, _ in _redecode_candidates(text)]
    if "锟斤拷" in text or "烫烫烫" in text or "屯屯屯" in text:  # the pattern's scan is slow
        spans.extend(m.span() for m in _MOJIBAKE_LITERALS.finditer(text))

    signals = [
        (m.start(), kind)
        for m in _candidates().finditer(text)
        if (kind := _signal(text, m.start()))
    ]
    cluster: list[tuple[int, str]] = []

    def close() -> None:
        kinds = [k for _, k in cluster]
        n_s, n_q, n_r = kinds.count("s"), kinds.count("q"), kinds.count("r")
        if n_s >= 2 or (n_s and (n_q or n_r)) or (n_q and n_r):
            spans.append((cluster[0][0], cluster[-1][0] + 1))

    for i, kind in signals:
        if cluster and (i - cluster[-1][0] > _SIGNAL_GAP or "\n" in text[cluster[-1][0] : i]):
            close()
            cluster = []
        cluster.append((i, kind))
    if cluster:
        close()

    spans.sort()
    out: list[str] = []
    last_end = -1
    for start, end in spans:
        if start < last_end:
            continue
        s = max(0, start - _CONTEXT)
        e = min(len(text), end + _CONTEXT)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        s = max(s, line_start)
        e = min(e, line_end if line_end != -1 else len(text))
        out.append(text[s:e])
        last_end = end
        if len(out) >= limit:
            break
    return out


def repair_mojibake(text: str) -> str:
    """Re-decode runs whose wrong-codec round trip provably gives clean text; leave the rest.

    "Provably": the run's bytes under the codec it was wrongly read with form strict UTF-8 (or
    GBK) made only of ordinary CJK characters and punctuation. Shifted-byte damage (seed-000
    style) has lost bytes and is left alone: guessing would invent text.
    """
    candidates = _redecode_candidates(text)
    if not candidates:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, decoded in sorted(candidates):
        if start < pos or not decoded:
            continue
        parts.append(text[pos:start])
        parts.append(decoded)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def compact(text: str) -> str:
    """``text`` without any whitespace (PDF text breaks words across lines)."""
    # str.split() splits on exactly the characters ``\s`` matches in a str pattern, in C.
    return "".join(text.split())


def quote_around(text: str, start: int, end: int, width: int = 20) -> str:
    """The matched span with some context, on one line, for evidence."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right].replace("\n", " ").strip()
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")
