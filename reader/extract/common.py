"""Helpers every format reader shares: inline whitespace clean-up, date parsing, the
``Extracted`` assembly (plain text rendering of blocks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .blocks import Block, Extracted, Paragraph, Table

# CJK characters plus CJK and full-width punctuation: a space next to one of these is layout
# noise from the source (indentation, a line wrap in HTML source, a PDF glyph gap), not a word
# break.
_CJK_CLASS = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—"
_WS_RUN = re.compile(r"[\s\xa0\u3000\u200b\ufeff]+")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_CLASS}]) | (?=[{_CJK_CLASS}])")


def clean_inline(text: str) -> str:
    """Collapse whitespace runs (incl. ``&nbsp;`` and ideographic space) and drop the ones that
    touch a CJK character: ``本年新 制作数量`` → ``本年新制作数量``; ``ICP 备案`` keeps none,
    ``New York`` keeps its space."""
    if text.isalnum():
        return text  # letters, digits and ideographs only: nothing to clean (most table cells)
    text = _WS_RUN.sub(" ", text).strip()
    if " " in text:
        text = _SPACE_NEAR_CJK.sub("", text)
    return text


def render_text(blocks: Iterable[Block]) -> str:
    """Plain text in document order: one line per paragraph, one line per table row with the
    cells joined by `` | ``."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(" | ".join(row) for row in block.rows)
    return "\n".join(lines)


def build(
    fmt: str,
    blocks: list[Block],
    *,
    encoding: str | None = None,
    meta: dict[str, str] | None = None,
    warnings: list[str] | None = None,
) -> Extracted:
    return Extracted(
        format=fmt,
        blocks=blocks,
        text=render_text(blocks),
        encoding=encoding,
        meta=meta or {},
        warnings=warnings or [],
    )


def rectangular(rows: list[list[str]]) -> Table | None:
    """A ``Table`` padded to a rectangle, with all-empty rows dropped; None if nothing is left."""
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    return Table(rows=tuple(tuple(r) + ("",) * (width - len(r)) for r in rows))


# Dates as reports and page metadata write them: 2023-01-30, 2023/1/30, 2023.01.30,
# 2023年1月30日, also with full-width digits already folded by the caller.
DATE_RE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


# Labels of publication dates in metadata blocks, best first (domain.md §5.2). 成文日期 is when
# the document was signed, a weaker stand-in for publication.
_DATE_LABELS = ("发布日期", "发文日期", "发布时间", "公开日期", "日期", "时间", "成文日期")
_DATE_LABEL_RE = re.compile(
    r"(发布日期|發佈日期|发文日期|發文日期|发布时间|發佈時間|公开日期|成文日期|(?<![布文开成])日期|(?<![布])时间)"
    r"\s*[:：|]\s*(?:\|\s*)?((?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_DATE_HINT = re.compile(r"日期|时间|時間")


def labelled_date(texts: Iterable[str]) -> str | None:
    """The publication date a page's metadata lines give ("发布日期：2024-01-20"), by the best
    label among them (``YYYY-MM-DD``), or None. ``texts`` are short lines, not body paragraphs."""
    from reader.textnorm import matchable

    best: tuple[int, str] | None = None
    for text in texts:
        if not _DATE_HINT.search(text):
            continue
        for m in _DATE_LABEL_RE.finditer(matchable(text)):
            label = m.group(1)
            rank = _DATE_LABELS.index(label) if label in _DATE_LABELS else len(_DATE_LABELS)
            dm = DATE_RE.search(m.group(2))
            iso = iso_date(*dm.groups()) if dm else None
            if iso and (best is None or rank < best[0]):
                best = (rank, iso)
    return best[1] if best else None


def iso_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, else None (a 2023-02-30 is a typo, not a date)."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
