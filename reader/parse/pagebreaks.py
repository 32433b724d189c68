"""Print furniture: the header and footer lines a browser prints on every page.

A web page printed to PDF (Chromium, Firefox, 360/QQ browsers on the desktop) gets, on every
page, the date and time and the page title at the top and the page URL and ``n/m`` at the foot.
Saved as text, or read from the PDF, those lines land wherever the page broke — between two rows
of table 三, or inside a row whose label wrapped over the break — and split the row from its
label or its numbers (the URL's digits, the date and ``1/5`` read as cells).

:func:`strip_print_furniture` removes them from the paragraphs of a report, only when the report
shows that it is a print: at least two lines that are a page URL or a page counter with a print
stamp. A single URL or date line in an ordinary report is left alone.

The PDF reader removes the same lines by position (they sit in the page margins, see
``reader.extract.pdf``); this module is for the text copies of such prints, and for whatever a
PDF's margins did not catch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.extract.blocks import Block, Paragraph

# The page URL as printed: a scheme, then no spaces.
_URL = r"(?:https?|file)://[^\s\u3000]+"
# "n/m" page counter and the Chinese forms browsers and viewers print.
_COUNTER = r"(?:\d{1,3}\s*/\s*\d{1,3}|第\s*\d{1,3}\s*页\s*[，,]?\s*共\s*\d{1,3}\s*页)"
# The print stamp: en-US "12/7/26, 2:18 AM", zh-CN "2024/1/26 10:25" / "2024/1/26 上午10:25",
# ISO "2024-01-26 10:25".
_STAMP = (
    r"(?:\d{1,2}/\d{1,2}/\d{2,4},?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"|(?:19|20)\d\d[/-]\d{1,2}[/-]\d{1,2}\s*(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}:\d{2}(?::\d{2})?)"
)
_URL_RE = re.compile(rf"\s*{_URL}\s*(?:{_COUNTER})?\s*")
_COUNTER_RE = re.compile(rf"^\s*{_COUNTER}\s*$")
_STAMP_RE = re.compile(rf"\s*{_STAMP}\s*")
_STAMP_START = re.compile(rf"^\s*{_STAMP}")
# A page title is one short line (browsers cut longer titles with an ellipsis).
_MAX_TITLE = 90


def _counter_ok(text: str) -> bool:
    """``n/m`` with 1 ≤ n ≤ m ≤ 999: ``3/4`` is a page counter, ``4/3`` a date or a ratio."""
    m = re.search(r"(\d{1,3})\s*/\s*(\d{1,3})", text)
    return m is None or 1 <= int(m.group(1)) <= int(m.group(2))


def furniture_rest(line: str, titles: frozenset[str] = frozenset()) -> str | None:
    """What is left of ``line`` after its print furniture (URL and counter, stamp and page
    title) is cut out, or None when the line holds no furniture at all."""
    found = False
    text = line
    if "://" in text:
        m = _URL_RE.search(text)
        while m is not None:
            if not _counter_ok(m.group(0)):
                return None
            found = True
            text = text[: m.start()] + " " + text[m.end() :]
            m = _URL_RE.search(text)
    m = _STAMP_RE.search(text)
    if m is not None:
        before, after = text[: m.start()].strip(), text[m.end() :].strip()
        # The stamp opens the header line (or follows the previous page's footer, already cut):
        # what follows it on the line is the page title.
        if not before and len(after) <= _MAX_TITLE:
            return ""
        if not before and after in titles:
            return ""
        if found and len(after) <= _MAX_TITLE:
            return before
    if found:
        return text.strip()
    if _COUNTER_RE.match(text) and _counter_ok(text):
        return ""
    return None


def _anchor(line: str) -> bool:
    """A line that only a print has: a URL with a page counter after it, or a print stamp
    followed by a short title."""
    s = line.strip()
    if "://" in s and re.search(rf"{_URL}\s*{_COUNTER}", s):
        return True
    m = _STAMP_START.match(s)
    return m is not None and len(s) - m.end() <= _MAX_TITLE


def strip_print_furniture(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without a browser print's header and footer lines (see the module doc).

    Paragraphs are looked at line by line; a line that is only furniture is dropped, a line that
    has furniture glued to body text (a PDF joining the footer to the next page's first line)
    keeps the body text. A page-title line right next to furniture is dropped when the same
    title heads at least two pages.
    """
    anchors = 0
    for block in blocks:
        if isinstance(block, Paragraph) and ("://" in block.text or "/" in block.text):
            for line in block.text.split("\n"):
                if _anchor(line):
                    anchors += 1
                    if anchors >= 2:
                        break
        if anchors >= 2:
            break
    if anchors < 2:
        return list(blocks)

    # Titles: what stands after a stamp on header lines, or on the line next to a stamp alone.
    flat: list[tuple[int, str]] = []  # (block index, line) for paragraphs, in order
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            flat.extend((i, line) for line in block.text.split("\n"))
    counts: dict[str, int] = {}
    for k, (_, line) in enumerate(flat):
        rest = furniture_rest(line)
        if rest is None:
            continue
        for j in (k - 1, k + 1):
            if 0 <= j < len(flat):
                neighbour = flat[j][1].strip()
                if 0 < len(neighbour) <= _MAX_TITLE and furniture_rest(neighbour) is None:
                    counts[neighbour] = counts.get(neighbour, 0) + 1
    titles = frozenset(t for t, n in counts.items() if n >= 2 and _looks_like_title(t))

    keep_lines: dict[int, list[str]] = {}
    for k, (i, line) in enumerate(flat):
        rest = furniture_rest(line, titles)
        if rest is None and line.strip() in titles and _next_to_furniture(flat, k, titles):
            rest = ""
        if rest is None:
            keep_lines.setdefault(i, []).append(line)
        elif rest.strip():
            keep_lines.setdefault(i, []).append(rest.strip())
        else:
            keep_lines.setdefault(i, [])
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        kept = keep_lines.get(i, [])
        if kept:
            out.append(Paragraph("\n".join(kept)) if len(kept) > 1 else Paragraph(kept[0]))
    return out


def _looks_like_title(text: str) -> bool:
    # A page title names the report; a row label or a number line never repeats next to
    # furniture on two pages with the same text unless it is the title.
    return not re.fullmatch(r"[\d\s.,/|-]*", text)


def _next_to_furniture(flat: list[tuple[int, str]], k: int, titles: frozenset[str]) -> bool:
    for j in (k - 1, k + 1):
        if 0 <= j < len(flat) and furniture_rest(flat[j][1], titles) is not None:
            return True
    return False
