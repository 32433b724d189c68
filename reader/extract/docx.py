"""DOCX → blocks: body paragraphs and tables in document order, merged cells expanded.

python-docx opens and validates the package; the body is then read straight from its XML so
the order of paragraphs and tables is kept (``Document.paragraphs``/``.tables`` lose it) and
merged cells are expanded into the full grid like HTML spans: a ``gridSpan`` repeats the text
across the columns it covers, a ``vMerge`` continuation repeats the text of the cell above.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml.etree import _Element as Element

from .blocks import Block, Extracted, ExtractionError, Paragraph, Table
from .common import build, clean_inline, rectangular

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _T, _TAB, _BR, _CR = (
    f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "t", "tab", "br", "cr")
)
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_VAL = f"{_W}val"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Decompressed size of word/document.xml that is certainly not a 30-page report (zip bombs).
_MAX_DOCUMENT_XML = 200 * 1024 * 1024
_MAX_PACKAGE = 600 * 1024 * 1024
_MAX_GRID_SPAN = 100

_CORRUPT = "Word 文档已损坏或不完整，无法读取，请重新导出后上传"


def read_docx(data: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            total = sum(i.file_size for i in zf.infolist())
            # python-docx loads every part into memory: refuse zip bombs before it does.
            if info.file_size > _MAX_DOCUMENT_XML or total > _MAX_PACKAGE:
                raise ExtractionError("Word 文档内容过大，无法处理", code="too_large")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExtractionError(_CORRUPT, code="corrupt") from exc

    import docx  # python-docx; imported here so text/HTML callers do not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, KeyError, lxml XMLSyntaxError, ValueError …
        raise ExtractionError(_CORRUPT, code="corrupt") from exc
    body = document.element.body
    # Text boxes appear twice (mc:Choice for new Word, mc:Fallback VML for old); keep one.
    for fallback in list(body.iter(_MC_FALLBACK)):
        fallback.getparent().remove(fallback)
    blocks = _body_blocks(body, _Numbering(document))
    warnings = [] if blocks else ["Word 文档中没有文字内容"]
    return build("docx", blocks, warnings=warnings)


def _body_blocks(body: Element, numbering: _Numbering) -> list[Block]:
    """Paragraphs and tables in order; content controls (``w:sdt``) and ``w:customXml`` are
    transparent wrappers. Iterative: no recursion on hostile nesting."""
    blocks: list[Block] = []
    stack = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == _P:
            lines = _paragraph_lines(child)
            label = numbering.label(child)
            if label and lines:
                lines[0] = clean_inline(f"{label} {lines[0]}")
            blocks.extend(Paragraph(line) for line in lines)
        elif tag == _TBL:
            table = _table(child)
            if table is not None:
                blocks.append(table)
        elif tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if tag == _SDT else child
            if content is not None:
                stack.append(iter(content))
    return blocks


def _paragraph_lines(p: Element) -> list[str]:
    """A paragraph's text; a manual line break (``w:br``) starts a new line, like ``<br>``."""
    lines: list[str] = []
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append(" ")
        elif el.get(f"{_W}type") in (None, "textWrapping"):
            lines.append(clean_inline("".join(parts)))
            parts = []
    lines.append(clean_inline("".join(parts)))
    return [line for line in lines if line]


def _cell_text(tc: Element) -> str:
    """All text in the cell (nested tables included), paragraphs joined by a space that
    ``clean_inline`` drops next to CJK: ``本年新`` / ``制作数量`` → 本年新制作数量."""
    pieces: list[str] = []
    for p in tc.iter(_P):
        pieces.extend(_paragraph_lines(p))
    return clean_inline(" ".join(pieces))


def _int_attr(el: Element | None, name: str, default: int) -> int:
    if el is None:
        return default
    value = el.get(f"{_W}{name}")
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _table(tbl: Element) -> Table | None:
    rows: list[list[str]] = []
    # Per grid column: the text of the vMerge run currently open there.
    open_merges: dict[int, str] = {}
    for tr in tbl.iterchildren(_TR):
        trpr = tr.find(f"{_W}trPr")
        before = _int_attr(trpr.find(f"{_W}gridBefore") if trpr is not None else None, "val", 0)
        row: list[str] = [""] * min(max(before, 0), _MAX_GRID_SPAN)
        for tc in _row_cells(tr):
            tcpr = tc.find(f"{_W}tcPr")
            span = _int_attr(tcpr.find(f"{_W}gridSpan") if tcpr is not None else None, "val", 1)
            span = min(max(span, 1), _MAX_GRID_SPAN)
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(_VAL) != "restart":
                # Continuation: Word leaves the cell empty; the grid repeats the text above.
                text = open_merges.get(col, "")
            else:
                text = _cell_text(tc)
                for c in range(col, col + span):
                    if vmerge is not None:
                        open_merges[c] = text
                    else:
                        open_merges.pop(c, None)
            row.extend([text] * span)
        rows.append(row)
    return rectangular(rows)


def _row_cells(tr: Element) -> Iterator[Element]:
    """Cells of a row, looking through content controls that wrap cells."""
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from (c for c in content if c.tag == _TC)


# ---- automatic numbering --------------------------------------------------------------------
# Word can generate "一、" / "（一）" / "1." itself (a numbered heading style); the text is then
# not in the paragraph. Reports' section headings are often made so, and the parser needs them.

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese_number(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "ideographTraditional",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "chineseLegalSimplified",
    ):
        return _chinese_number(n)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Renders list labels for paragraphs with ``w:numPr`` (direct or from their style)."""

    def __init__(self, document: object) -> None:
        self.levels: dict[
            str, dict[int, tuple[int, str, str]]
        ] = {}  # numId → ilvl → (start, fmt, text)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        part = getattr(document, "part", None)
        try:
            numbering = part.numbering_part.element  # type: ignore[union-attr]
        except Exception:  # no numbering part (NotImplementedError / KeyError in python-docx)
            numbering = None
        if numbering is not None:
            self._read_numbering(numbering)
        try:
            styles = part.styles.element  # type: ignore[union-attr]
        except Exception:
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: Element) -> None:
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for lvl in an.iterchildren(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
                start = _int(_val(lvl.find(f"{_W}start")), 1)
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                levels[ilvl] = (start, fmt, text)
            abstract[an.get(f"{_W}abstractNumId") or ""] = levels
        for num in root.iterchildren(f"{_W}num"):
            levels = dict(abstract.get(_val(num.find(f"{_W}abstractNumId")) or "", {}))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                start = _val(override.find(f"{_W}startOverride"))
                if start is not None and ilvl in levels:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (_int(start, 1), fmt, text)
            self.levels[num.get(f"{_W}numId") or ""] = levels

    def _read_styles(self, root: Element) -> None:
        based: dict[str, str] = {}
        direct: dict[str, tuple[str, int]] = {}
        for style in root.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId") or ""
            base = _val(style.find(f"{_W}basedOn"))
            if base:
                based[sid] = base
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                num_id = _val(numpr.find(f"{_W}numId"))
                if num_id:
                    direct[sid] = (num_id, _int(_val(numpr.find(f"{_W}ilvl")), 0))
        for sid in set(based) | set(direct):
            cur, seen = sid, 0
            while cur and cur not in direct and seen < 10:
                cur, seen = based.get(cur, ""), seen + 1
            if cur in direct:
                self.style_num[sid] = direct[cur]

    def label(self, p: Element) -> str:
        if not self.levels:
            return ""
        num_id: str | None = None
        ilvl = 0
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr.find(f"{_W}numId"))
            ilvl = _int(_val(numpr.find(f"{_W}ilvl")), 0)
        elif ppr is not None:
            style = _val(ppr.find(f"{_W}pStyle"))
            if style in self.style_num:
                num_id, ilvl = self.style_num[style]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = levels[ilvl][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def fill(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            if level not in levels:
                return ""
            value = counters.get(level, levels[level][0])
            return _format_number(value, levels[level][1])

        return re.sub(r"%(\d)", fill, text)


def _val(el: Element | None) -> str | None:
    return None if el is None else el.get(_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
