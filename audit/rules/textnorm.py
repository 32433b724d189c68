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


def fold(text: str) -> str:
    """Same result as ``repair.fold_width``, faster."""
    text = unicodedata.normalize("NFKC", text)
    for old, new in _AFTER_NFKC:
        if old in text:
            text = text.replace(old, new)
    return text


def matchable(text: str) -> str:
    """Same result as ``repair.normalise_for_match``: no pinyin, folded width, Simplified."""
    if _MAYBE_PINYIN.search(text):
        text = strip_pinyin(text)
    return to_simplified(fold(text))


_SPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    """``text`` without any whitespace (PDF text breaks words across lines)."""
    return _SPACE.sub("", text)


def quote_around(text: str, start: int, end: int, width: int = 20) -> str:
    """The matched span with some context, on one line, for evidence."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right].replace("\n", " ").strip()
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")
