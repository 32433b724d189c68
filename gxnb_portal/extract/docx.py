"""DOCX → blocks: body paragraphs and tables in document order, merged cells expanded.

python-docx opens and validates the package; the body is then read straight from its XML so
the order of paragraphs and tables is kept (``Document.paragraphs``/``.tables`` lose it) and
merged cells are expanded into the full grid like HTML spans: a ``gridSpan`` repeats the text
across the columns it covers, a ``vMerge`` continuation repeats the text of the cell above.
"""

from __future__ import annotations

import io
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
# Decompressed size of word/document.xml that is certainly not a 30-page report (zip bombs).
_MAX_DOCUMENT_XML = 200 * 1024 * 1024
_MAX_GRID_SPAN = 100

_CORRUPT = "Word 文档已损坏或不完整，无法读取，请重新导出后上传"


def read_docx(data: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCUMENT_XML:
                raise ExtractionError("Word 文档内容过大，无法处理", code="too_large")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExtractionError(_CORRUPT, code="corrupt") from exc

    import docx  # python-docx; imported here so text/HTML callers do not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, KeyError, lxml XMLSyntaxError, ValueError …
        raise ExtractionError(_CORRUPT, code="corrupt") from exc
    blocks = _body_blocks(document.element.body)
    warnings = [] if blocks else ["Word 文档中没有文字内容"]
    return build("docx", blocks, warnings=warnings)


def _body_blocks(body: Element) -> list[Block]:
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
            for line in _paragraph_lines(child):
                blocks.append(Paragraph(line))
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
