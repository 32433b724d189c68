"""Normalised text for matching, computed once per record (the audit runs on every report).

The folds themselves live in ``gxnb_portal.extract.repair`` (one place for the parser, the
rules and search); these names are what the rules import.
"""

from __future__ import annotations

from gxnb_portal.extract.repair import fold_width as fold
from gxnb_portal.extract.repair import normalise_for_match as matchable

__all__ = ["compact", "fold", "matchable", "quote_around"]


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
