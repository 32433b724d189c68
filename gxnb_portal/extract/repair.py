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
_FOLD = str.maketrans(
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


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations that copying sites insert after characters."""
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
    found = []
    for m in _PINYIN_RE.finditer(text):
        if any(c in _TONE_CHARS for c in m.group(1)):
            start = max(0, m.start() - 1)
            found.append(text[start : m.end()])
            if len(found) >= limit:
                break
    return found


def fold_width(text: str) -> str:
    """NFKC plus the punctuation folds above: full-width digits/letters/brackets → half-width."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s, character and phrase level)."""
    return _t2s().convert(text)


def normalise_for_match(text: str) -> str:
    """The copy used for matching labels and headings: no pinyin, folded width, Simplified."""
    return to_simplified(fold_width(strip_pinyin(text)))
