"""Marks of damaged text, for the TEXT-ENCODING rule: pinyin noise, mojibake, U+FFFD."""

from __future__ import annotations

from reader.textnorm import (
    count_replacement_chars,
    find_mojibake,
    pinyin_annotations,
)

__all__ = ["read_integrity"]


def read_integrity(text: str) -> dict:
    """``record["integrity"]``: examples of pinyin annotations and mojibake, and the count of �."""
    return {
        "pinyin": pinyin_annotations(text),
        "mojibake": find_mojibake(text, limit=5),
        "replacement_chars": count_replacement_chars(text),
    }
