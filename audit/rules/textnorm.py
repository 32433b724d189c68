"""Normalised text for matching, computed once per record (the audit runs on every report).

:func:`matchable` gives exactly ``gxnb_portal.extract.repair.normalise_for_match`` (a test holds
them equal) but skips work the text does not need: ``str.translate`` with a dict walks every
character in Python-level lookups (~0.4 ms for a 5,000-character report), while NFKC already
folds the full-width forms, leaving a handful of quote/dash characters for ``str.replace``.
"""

from __future__ import annotations

import re
import unicodedata

from gxnb_portal.extract.repair import strip_pinyin, to_simplified

# What NFKC leaves alone but ``repair.fold_width`` folds.
_AFTER_NFKC = (
    ("“", '"'),
    ("”", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("—", "-"),
    ("【", "["),
    ("】", "]"),
)

# A bracket followed by a latin letter: only then can there be a pinyin annotation to strip.
_MAYBE_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")


# Full-width forms (U+FF01–U+FF5E) and the ideographic space: their NFKC mapping is the ASCII
# character (a compatibility decomposition, so NFKD and hence NFKC of the text is unchanged by
# applying it first). The frequent ones go by ``str.replace`` (C speed), the rest by one regex.
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


def fold(text: str) -> str:
    """Same result as ``repair.fold_width``, faster."""
    text = _nfkc(text)
    for old, new in _AFTER_NFKC:
        if old in text:
            text = text.replace(old, new)
    return text


def matchable(text: str) -> str:
    """Same result as ``repair.normalise_for_match``: no pinyin, folded width, Simplified."""
    if _MAYBE_PINYIN.search(text):
        text = strip_pinyin(text)
    return to_simplified(fold(text))


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
