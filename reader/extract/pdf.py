"""PDF → blocks: text lines joined into paragraphs, ruled tables as grids, in page order.

How it works, and why:

- Characters and vector paths come from PDFium (pypdfium2). pdfminer, under pdfplumber, parses
  content streams in Python and needs 0.3–0.6 s for a 6-page WPS report (one text-matrix
  operator per glyph); PDFium reads the same in ~20 ms, which is what makes the target of five
  reports per second reachable.
- Tables are found by pdfplumber's ruling-line algorithm (``pdfplumber.table``: snap and join
  edges → intersections → cells → tables), fed only with edges a reader actually sees: stroked
  lines and thin dark filled bars. WPS paints a white filled rectangle behind every line of
  body text; fed to the table finder, those make every paragraph a one-column "table".
- Each table's cells are placed on a grid from their x/y boundaries, so merged cells expand to
  every position they cover (the same rule as HTML spans). A table that runs to the foot of a
  page and continues at the top of the next with the same left and right edges is one table:
  the parts are stacked on a common column grid, a repeated header is dropped, and a row label
  cut in two by the page break (``（四）无`` / ``法提供``) is joined.
- Page numbers (``- 3 -``, ``— 3 —``, ``第3页``, ``3/6``) in the top/bottom margins are removed
  before anything else, so they never land in a table cell; so are a browser print's header and
  footer lines there (print stamp and page title, page URL and ``n/m``).
"""

from __future__ import annotations

import bisect
import ctypes
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .blocks import Block, Extracted, ExtractionError, Paragraph, Table
from .common import build, clean_inline

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument, PdfPage

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 200
PDF_TIME_BUDGET_SECONDS = 60.0
# Per page: more ruling edges than this is a drawing or map, not a report table (the
# intersection search is quadratic); more path objects are not looked at.
_MAX_EDGES = 4000
_MAX_PATH_OBJECTS = 50_000

# PDFium is not thread-safe; a web process may serve uploads from several threads.
_PDFIUM_LOCK = threading.Lock()

_SCAN_MESSAGE = "PDF 文件没有文字层（可能是扫描件或图片），需要先进行文字识别（OCR）后再上传"

# Page numbers as printed in margins. Decorated forms are safe anywhere in the margin band;
# a bare number only outside tables.
_PAGE_NUMBER_DECORATED = re.compile(
    r"[-—–－―_~·•]\s*\d{1,4}\s*[-—–－―_~·•]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
)
# A browser's print header and footer in the margins: the page URL (with ``n/m``), the print
# stamp (``12/7/26, 2:18 AM``, ``2024/1/26 10:25``) with the page title after it. They are never
# report text, and between the rows of a table they split rows.
_PRINT_FURNITURE = re.compile(
    r"^(?:(?:https?|file)://\S+(?:\s*\d{1,3}\s*/\s*\d{1,3})?"
    r"|(?:\d{1,2}/\d{1,2}/\d{2,4},?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"|(?:19|20)\d\d[/-]\d{1,2}[/-]\d{1,2}\s*(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\s*\S.{0,89})?)$"
)
_PAGE_NUMBER_BARE = re.compile(r"^\d{1,4}$")
_PAGE_NUMBER_SLASH = re.compile(r"^\d{1,4}/\d{1,4}$")
_MARGIN_TOP = 0.09
_MARGIN_BOTTOM = 0.10

# A cell holding a value rather than a label: numbers and the placeholders reports use for
# blanks (domain.md §5.4 #8).
_VALUE = re.compile(r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?|[/\-—－–空无]|)$")
_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?%?$")
_LIST_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+)"
)


# Kerning gaps next to these are not word breaks ("1 .属于" is "1.属于").
_NO_SPACE_BEFORE = frozenset(".,:;%)]}）】、。，：；！？”’")
_NO_SPACE_AFTER = frozenset("([{（【“‘")


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""

    def finish(self) -> _Line:
        self.chars.sort(key=lambda c: c.x0)
        self.x0 = min(c.x0 for c in self.chars)
        self.x1 = max(c.x1 for c in self.chars)
        self.top = min(c.top for c in self.chars)
        self.bottom = max(c.bottom for c in self.chars)
        self.size = max(c.size for c in self.chars)
        self.text = clean_inline(_spaced(self.chars)[0])
        return self


@dataclass(slots=True)
class _Cell:
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    text: str


@dataclass(slots=True)
class _Grid:
    """A table on one or more pages: cells on a row/column grid plus its column boundaries."""

    xs: list[float]  # column boundaries, len = n_cols + 1
    n_rows: int
    cells: list[_Cell]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    last_page: int
    page_height: float
    breaks: list[int] = field(default_factory=list)  # first row index of each later page

    def positions(self) -> list[list[_Cell | None]]:
        grid: list[list[_Cell | None]] = [[None] * (len(self.xs) - 1) for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.r0, cell.r1):
                for c in range(cell.c0, cell.c1):
                    grid[r][c] = cell
        return grid

    def to_table(self) -> Table | None:
        rows = [[cell.text if cell else "" for cell in row] for row in self.positions()]
        for b in reversed(self.breaks):
            if 0 < b < len(rows) and _split_row(rows, b):
                rows[b - 1 : b + 1] = [_join_rows(rows[b - 1], rows[b])]
        rows = [r for r in rows if any(r)]
        if not rows:
            return None
        # Columns empty in every row are artefacts of stray ruling lines.
        keep = [c for c in range(len(rows[0])) if any(r[c] for r in rows)]
        return Table(rows=tuple(tuple(r[c] for c in keep) for r in rows))


@dataclass(slots=True)
class _PageItem:
    top: float
    line: _Line | None = None
    grid: _Grid | None = None


@dataclass(slots=True)
class _PageContent:
    items: list[_PageItem] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    warnings: list[str] = field(default_factory=list)
    chars: int = 0
    unmapped: int = 0  # glyphs whose font has no (or a broken) Unicode mapping


def read_pdf(data: bytes) -> Extracted:
    with _PDFIUM_LOCK:
        return _read(data)


def _open(data: bytes) -> PdfDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(
                "PDF 文件已加密，需要密码才能打开，请上传未加密的版本", code="encrypted"
            ) from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionError(
                "PDF 文件使用了不支持的加密方式，无法读取", code="encrypted"
            ) from exc
        raise ExtractionError("PDF 文件已损坏或不完整，无法读取", code="corrupt") from exc


def _read(data: bytes) -> Extracted:
    pdf = _open(data)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ExtractionError("PDF 文件已损坏或不完整，没有可读取的页面", code="corrupt")
        warnings: list[str] = []
        if b"%%EOF" not in data[-4096:]:
            warnings.append("PDF 文件不完整（可能下载中断），只读取了能够恢复的部分")
        started = time.monotonic()
        pages: list[_PageContent] = []
        textless: list[int] = []
        limit = min(n_pages, MAX_PDF_PAGES)
        for index in range(limit):
            if index and time.monotonic() - started > PDF_TIME_BUDGET_SECONDS:
                warnings.append(f"PDF 处理超时，第 {index + 1}–{n_pages} 页未读取")
                break
            page = pdf[index]
            try:
                content = _read_page(page, index)
            except Exception:
                # One broken page (bad content stream) must not lose the others.
                log.warning("PDF page %d unreadable", index + 1, exc_info=True)
                content = _PageContent()
                warnings.append(f"第 {index + 1} 页无法读取，已跳过")
            finally:
                page.close()
            warnings.extend(content.warnings)
            if not content.items:
                textless.append(index + 1)
            pages.append(content)
        else:
            if n_pages > limit:
                warnings.append(
                    f"PDF 共 {n_pages} 页，超过 {MAX_PDF_PAGES} 页上限，只读取了前 {limit} 页"
                )
    finally:
        pdf.close()
    if len(textless) == len(pages):
        raise ExtractionError(_SCAN_MESSAGE, code="needs_ocr")
    if textless:
        pages_list = "、".join(str(p) for p in textless[:10]) + ("等" if len(textless) > 10 else "")
        warnings.append(
            f"第 {pages_list} 页没有文字层（可能是扫描图片），需要文字识别（OCR）才能读取"
        )
    total = sum(p.chars for p in pages)
    if total and sum(p.unmapped for p in pages) > 0.03 * total:
        warnings.append(
            "PDF 中部分文字的字体缺少编码信息，提取的文字可能有乱码，必要时请进行文字识别（OCR）"
        )
    blocks = _assemble(pages)
    return build("pdf", blocks, warnings=warnings)


# ---- reading one page -----------------------------------------------------------------------


def _read_page(page: PdfPage, index: int) -> _PageContent:
    width, height = page.get_size()
    chars, unmapped = _page_chars(page, height)
    content = _PageContent(width=width, height=height, chars=len(chars), unmapped=unmapped)
    if not chars:
        return content
    edges = _page_edges(page, height)
    if len(edges) > _MAX_EDGES:
        content.warnings.append(f"第 {index + 1} 页图形过于复杂，未识别其中的表格")
        edges = []
    cells_by_table = _find_tables(edges)
    lines = _lines(chars)
    lines = _strip_page_numbers(lines, height, cells_by_table)
    chars = [c for ln in lines for c in ln.chars]

    grids: list[_Grid] = []
    table_boxes: list[tuple[float, float, float, float]] = []
    for cells in cells_by_table:
        grid = _grid(cells, chars, index, height)
        if grid is not None:
            grids.append(grid)
            table_boxes.append((grid.x0, grid.top, grid.x1, grid.bottom))

    def in_table(ch: _Char) -> bool:
        return any(
            x0 <= ch.cx <= x1 and top <= ch.cy <= bottom for x0, top, x1, bottom in table_boxes
        )

    if table_boxes:
        outside = [c for c in chars if not in_table(c)]
        lines = _lines(outside)
    content.items = [_PageItem(top=ln.top, line=ln) for ln in lines if ln.text]
    content.items += [_PageItem(top=g.top, grid=g) for g in grids]
    content.items.sort(key=lambda it: it.top)
    return content


def _page_chars(page: PdfPage, height: float) -> tuple[list[_Char], int]:
    """Characters in top-down page coordinates. Horizontal extent from the glyph's tight box;
    vertical extent from the baseline and the effective font size, so every character on a
    line gets the same band (tight boxes of 一 and 、 sit at different heights; PDFium's loose
    boxes are wrong for WPS's vertically stacked header text)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        chars: list[_Char] = []
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        matrix = pdfium_c.FS_MATRIX()
        unmapped = 0
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                continue  # spaces and line breaks PDFium invents; spacing is decided here
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if (
                code <= 32
                or 0xD800 <= code <= 0xDFFF
                or code in (0xFEFF, 0xFFFE, 0xFFFF, 0xA0, 0x3000)
            ):
                continue
            if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
                continue
            if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) or 0xE000 <= code <= 0xF8FF:
                unmapped += 1
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
                size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            glyph_height = top.value - bottom.value
            if not 1.0 <= size <= 300.0:
                size = max(glyph_height, 1.0)
            x0, x1 = left.value, right.value
            if x1 - x0 < 0.1:
                x0, x1 = ox.value, ox.value + 0.5 * size
            baseline = height - oy.value
            chars.append(
                _Char(chr(code), x0, x1, baseline - 0.85 * size, baseline + 0.15 * size, size)
            )
        return chars, unmapped
    finally:
        textpage.close()


def _page_edges(page: PdfPage, height: float) -> list[dict]:
    """Ruling lines as pdfplumber edge dicts (top-down coordinates): stroked axis-aligned
    segments in a visible colour, and thin filled bars. Filled areas (white text backgrounds,
    shaded header cells) are not rulings."""
    import pypdfium2.raw as pdfium_c

    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for raw, matrix in _path_objects(page):
        pdfium_c.FPDFPath_GetDrawMode(raw, fill_mode, stroke)
        points: list[tuple[int, float, float, bool]] = []
        for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
            seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = _apply(matrix, x.value, y.value)
            points.append(
                (
                    pdfium_c.FPDFPathSegment_GetType(seg),
                    px,
                    height - py,
                    bool(pdfium_c.FPDFPathSegment_GetClose(seg)),
                )
            )
        if not points:
            continue
        if stroke.value:
            pdfium_c.FPDFPageObj_GetStrokeColor(raw, r, g, b, a)
            if a.value > 0 and not _whitish(r.value, g.value, b.value):
                edges.extend(_stroke_edges(points))
        if fill_mode.value:
            pdfium_c.FPDFPageObj_GetFillColor(raw, r, g, b, a)
            if a.value > 0 and not _whitish(r.value, g.value, b.value):
                edge = _bar_edge(points)
                if edge is not None:
                    edges.append(edge)
    return edges


_MAX_FORM_DEPTH = 4


def _path_objects(page: PdfPage) -> Iterator[tuple[object, tuple[float, ...]]]:
    """(raw path object, matrix to page space) for every path on the page, looking into Form
    XObjects (a child's points are in its form's space). Raw PDFium calls: the pypdfium2
    wrappers cost more than the work for pages where every glyph is its own text object."""
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    # (container or None for the page, count, next index, matrix of the container)
    stack: list[tuple[object, int, int, tuple[float, ...]]] = [
        (None, pdfium_c.FPDFPage_CountObjects(page.raw), 0, identity)
    ]
    seen = 0
    while stack and seen < _MAX_PATH_OBJECTS:
        seen += 1
        form, count, index, outer = stack.pop()
        if index >= count:
            continue
        stack.append((form, count, index + 1, outer))
        obj = (
            pdfium_c.FPDFPage_GetObject(page.raw, index)
            if form is None
            else pdfium_c.FPDFFormObj_GetObject(form, index)
        )
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            continue
        matrix = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, matrix
        elif len(stack) <= _MAX_FORM_DEPTH:
            stack.append((obj, pdfium_c.FPDFFormObj_CountObjects(obj), 0, matrix))


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _whitish(r: int, g: int, b: int) -> bool:
    return r > 230 and g > 230 and b > 230


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _stroke_edges(points: list[tuple[int, float, float, bool]]) -> list[dict]:
    import pypdfium2.raw as pdfium_c

    edges = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (x1, y1), (x2, y2) = p, q
        if abs(y1 - y2) < 1.0 and abs(x1 - x2) >= 1.0:
            y = (y1 + y2) / 2
            edges.append(_edge(min(x1, x2), y, max(x1, x2), y, "h"))
        elif abs(x1 - x2) < 1.0 and abs(y1 - y2) >= 1.0:
            xm = (x1 + x2) / 2
            edges.append(_edge(xm, min(y1, y2), xm, max(y1, y2), "v"))

    for kind, px, py, close in points:
        point = (px, py)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            add(prev, point)
        prev = point
        if close and start is not None:
            add(point, start)
            prev = start
    return edges


def _bar_edge(points: list[tuple[int, float, float, bool]]) -> dict | None:
    """A filled shape drawn as a rule: at most 2 pt thick (Word draws table borders so)."""
    xs = [p[1] for p in points]
    ys = [p[2] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if bottom - top <= 2.0 and x1 - x0 > 2.0:
        y = (top + bottom) / 2
        return _edge(x0, y, x1, y, "h")
    if x1 - x0 <= 2.0 and bottom - top > 2.0:
        xm = (x0 + x1) / 2
        return _edge(xm, top, xm, bottom, "v")
    return None


def _find_tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's ruling-line table finder (the ``lines`` strategy with default tolerances)."""
    if len(edges) < 4:
        return []
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    merged = merge_edges(edges, 3, 3, 3, 3)
    merged = filter_edges(merged, min_length=3)
    merged = merge_edges(merged + _closing_edges(merged), 3, 3, 3, 3)
    intersections = edges_to_intersections(merged, 3, 3)
    cells = intersections_to_cells(intersections)
    tables = cells_to_tables(cells)
    return [[tuple(c) for c in t] for t in tables if len(t) >= 2]


def _closing_edges(edges: list[dict]) -> list[dict]:
    """Horizontal rules a table split by a page break lacks: its last row on the page (or its
    first on the next) has side rules but no bottom (top) rule. Where two or more vertical rules
    end at the same height with no horizontal rule there, close them."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    added: list[dict] = []
    for end in ("bottom", "top"):
        groups: list[list[dict]] = []
        for e in sorted(vertical, key=lambda e: e[end]):
            if groups and e[end] - groups[-1][-1][end] <= 3:
                groups[-1].append(e)
            else:
                groups.append([e])
        for group in groups:
            if len(group) < 2:
                continue
            y = sum(e[end] for e in group) / len(group)
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x0"] for e in group)
            if x1 - x0 < 3:
                continue
            covered = any(
                abs(h["top"] - y) <= 3 and h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3
                for h in horizontal
            )
            if not covered:
                added.append(_edge(x0, y, x1, y, "h"))
    return added


def _lines(chars: list[_Char]) -> list[_Line]:
    """Group characters into text lines, top to bottom: a character joins the current line
    when its vertical centre lies within half a line height of the line's centre."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.cy, c.x0))
    lines: list[_Line] = []
    current: list[_Char] = [ordered[0]]
    centre = ordered[0].cy
    height = ordered[0].bottom - ordered[0].top
    for ch in ordered[1:]:
        h = max(height, ch.bottom - ch.top)
        if abs(ch.cy - centre) <= 0.5 * h:
            current.append(ch)
            continue
        lines.extend(_split_line(current))
        current = [ch]
        centre = ch.cy
        height = ch.bottom - ch.top
    lines.extend(_split_line(current))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _split_line(chars: list[_Char]) -> list[_Line]:
    """One visual line, split where characters overlap horizontally (two lines whose centres are
    close, e.g. a superscript, must not interleave)."""
    chars.sort(key=lambda c: c.x0)
    groups: list[list[_Char]] = [[chars[0]]]
    for ch in chars[1:]:
        last = groups[-1][-1]
        if (
            ch.x0 < last.x1 - 0.5 * min(ch.x1 - ch.x0, last.x1 - last.x0)
            and abs(ch.cy - last.cy) > 1.0
        ):
            groups.append([ch])
        else:
            groups[-1].append(ch)
    return [_Line(g).finish() for g in groups]


def _strip_page_numbers(
    lines: list[_Line], height: float, tables: list[list[tuple[float, float, float, float]]]
) -> list[_Line]:
    """Lines without page numbers. Only the margin bands are searched. Decorated numbers
    (``- 3 -``, ``第3页``) are cut out wherever they sit — also inside a table cell when a
    table runs into the footer — as long as they do not straddle cells; a bare ``3`` or ``3/6``
    only when it is a whole line outside any table."""
    cells = [c for t in tables for c in t]

    def cell_of(ch: _Char) -> int:
        for k, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= ch.cx <= x1 and top <= ch.cy <= bottom:
                return k
        return -1

    out: list[_Line] = []
    for line in lines:
        if not (line.bottom < height * _MARGIN_TOP or line.top > height * (1 - _MARGIN_BOTTOM)):
            out.append(line)
            continue
        whole = line.text.replace(" ", "")
        if (_PAGE_NUMBER_BARE.match(whole) or _PAGE_NUMBER_SLASH.match(whole)) and all(
            cell_of(ch) < 0 for ch in line.chars
        ):
            continue
        if _PRINT_FURNITURE.match(line.text) and all(cell_of(ch) < 0 for ch in line.chars):
            continue
        text, owners = _spaced(line.chars)
        drop: set[int] = set()
        for m in _PAGE_NUMBER_DECORATED.finditer(text):
            members = {owners[i] for i in range(m.start(), m.end()) if owners[i] >= 0}
            if len({cell_of(line.chars[i]) for i in members}) == 1:
                drop |= members
        if not drop:
            out.append(line)
        elif len(drop) < len(line.chars):
            out.append(_Line([ch for i, ch in enumerate(line.chars) if i not in drop]).finish())
    return out


def _spaced(chars: list[_Char]) -> tuple[str, list[int]]:
    """The line's text with word spaces, and for each position the index of its character
    (-1 for an inserted space)."""
    parts: list[str] = []
    owners: list[int] = []
    prev: _Char | None = None
    for i, ch in enumerate(chars):
        if (
            prev is not None
            and ch.x0 - prev.x1 > 0.25 * max(ch.size, prev.size, 1.0)
            and ch.text not in _NO_SPACE_BEFORE
            and prev.text not in _NO_SPACE_AFTER
        ):
            parts.append(" ")
            owners.append(-1)
        parts.append(ch.text)
        owners.append(i)
        prev = ch
    return "".join(parts), owners


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    """Sorted distinct coordinates, values within ``tolerance`` merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest ``value`` (``bounds`` sorted)."""
    i = bisect.bisect_left(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def _slot(bounds: list[float], value: float) -> int:
    """Index of the interval of ``bounds`` holding ``value`` (-1 outside)."""
    i = bisect.bisect_right(bounds, value) - 1
    return i if 0 <= i < len(bounds) - 1 else -1


def _grid(
    cells: list[tuple[float, float, float, float]], chars: list[_Char], page: int, height: float
) -> _Grid | None:
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a framed box of text, not a table
    x0, x1, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner: list[list[int]] = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for cx0, ctop, cx1, cbottom in cells:
        c0, c1 = _index(xs, cx0), _index(xs, cx1)
        r0, r1 = _index(ys, ctop), _index(ys, cbottom)
        if c1 <= c0 or r1 <= r0:
            continue
        k = len(spans)
        spans.append((r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = k
    buckets: list[list[_Char]] = [[] for _ in spans]
    orphans: dict[tuple[int, int], list[_Char]] = {}
    for ch in chars:
        r, c = _slot(ys, ch.cy), _slot(xs, ch.cx)
        if r < 0 or c < 0:
            continue
        k = owner[r][c]
        if k >= 0:
            buckets[k].append(ch)
        else:
            # Inside the table but in no ruled cell (a border the PDF forgot to draw, e.g. the
            # first row after a page break): a cell of its own at that grid position.
            orphans.setdefault((r, c), []).append(ch)
    grid_cells = [
        _Cell(r0, r1, c0, c1, _cell_text(bucket))
        for (r0, r1, c0, c1), bucket in zip(spans, buckets, strict=True)
    ]
    grid_cells += [
        _Cell(r, r + 1, c, c + 1, _cell_text(found)) for (r, c), found in orphans.items()
    ]
    if not grid_cells:
        return None
    return _Grid(
        xs=xs,
        n_rows=n_rows,
        cells=grid_cells,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        page=page,
        last_page=page,
        page_height=height,
    )


def _cell_text(chars: list[_Char]) -> str:
    """A cell's lines joined: wrapped header text (``结\\n果\\n维\\n持``, ``商业\\n企业``) becomes one
    word; separate numbers keep a space between them."""
    if not chars:
        return ""
    return clean_inline(" ".join(ln.text for ln in _lines(chars)))


# ---- across pages ---------------------------------------------------------------------------


def _assemble(pages: list[_PageContent]) -> list[Block]:
    """Blocks in order: tables continued across page breaks merged, wrapped lines joined."""
    items: list[tuple[int, _PageItem]] = []
    for index, page in enumerate(pages):
        items.extend((index, item) for item in page.items)

    merged: list[tuple[int, _PageItem]] = []
    for index, item in items:
        if item.grid is not None and merged:
            _, prev = merged[-1]
            if prev.grid is not None and _continues(prev.grid, item.grid, pages):
                prev.grid = _merge(prev.grid, item.grid)
                continue
        merged.append((index, item))

    blocks: list[Block] = []
    paragraph: list[_Line] = []
    last_page = -1
    margins = _text_margins(pages)
    for index, item in merged:
        if item.grid is not None:
            _flush(paragraph, blocks)
            paragraph = []
            table = item.grid.to_table()
            if table is not None:
                blocks.append(table)
            continue
        line = item.line
        assert line is not None
        if paragraph and not _continues_paragraph(paragraph[-1], line, margins, index != last_page):
            _flush(paragraph, blocks)
            paragraph = []
        paragraph.append(line)
        last_page = index
    _flush(paragraph, blocks)
    return blocks


def _flush(lines: list[_Line], blocks: list[Block]) -> None:
    if lines:
        text = clean_inline(" ".join(ln.text for ln in lines))
        if text:
            blocks.append(Paragraph(text))


def _text_margins(pages: list[_PageContent]) -> tuple[float, float, float]:
    """(left, right, page width) of the body text column over the whole document: the 10th
    percentile of line starts and the 90th of line ends (titles are centred, last lines short)."""
    lines = [it.line for p in pages for it in p.items if it.line is not None]
    width = max((p.width for p in pages), default=0.0)
    if not lines:
        return 0.0, width, width
    starts = sorted(ln.x0 for ln in lines)
    ends = sorted(ln.x1 for ln in lines)
    return starts[len(starts) // 10], ends[(len(ends) * 9) // 10], width


def _continues_paragraph(
    prev: _Line, line: _Line, margins: tuple[float, float, float], new_page: bool
) -> bool:
    """A wrapped line: the previous one runs to the right margin of a real text column, this one
    starts at the left margin without indent, directly below (or at the top of the next page),
    and does not open a heading or list item."""
    left, right, page_width = margins
    size = max(prev.size, line.size, 1.0)
    if right - left < 0.5 * page_width:
        return False
    if prev.x1 < right - 1.5 * size:
        return False
    if line.x0 > left + 0.6 * size:
        return False
    if not new_page and line.top - prev.bottom > 1.2 * (prev.bottom - prev.top):
        return False
    if _LIST_START.match(line.text):
        return False
    return abs(line.size - prev.size) <= 1.0


def _continues(first: _Grid, second: _Grid, pages: list[_PageContent]) -> bool:
    """``second`` continues ``first`` on the next page: same left and right edges, ``first`` is
    the last thing on its page and ``second`` the first on its own."""
    if second.page != first.last_page + 1:
        return False
    if abs(first.x0 - second.x0) > 4 or abs(first.x1 - second.x1) > 4:
        return False
    prev_page = pages[first.last_page]
    if any(it.top > first.bottom and it.line is not None for it in prev_page.items):
        return False
    next_page = pages[second.page]
    return not any(it.top < second.top and it.line is not None for it in next_page.items)


def _merge(first: _Grid, second: _Grid) -> _Grid:
    xs = _cluster(first.xs + second.xs, tolerance=3.0)

    def remap(grid: _Grid, row_offset: int) -> list[_Cell]:
        return [
            _Cell(
                c.r0 + row_offset,
                c.r1 + row_offset,
                _index(xs, grid.xs[c.c0]),
                _index(xs, grid.xs[c.c1]),
                c.text,
            )
            for c in grid.cells
        ]

    top_cells = remap(first, 0)
    bottom_cells = remap(second, 0)
    skip = _repeated_header_rows(first, second, top_cells, bottom_cells)
    bottom_cells = [
        _Cell(c.r0 - skip, c.r1 - skip, c.c0, c.c1, c.text) for c in bottom_cells if c.r1 > skip
    ]
    for c in bottom_cells:
        c.r0 = max(c.r0, 0)
    _join_split_cells(first.n_rows, top_cells, bottom_cells)
    offset = first.n_rows
    cells = top_cells + [
        _Cell(c.r0 + offset, c.r1 + offset, c.c0, c.c1, c.text) for c in bottom_cells
    ]
    return _Grid(
        xs=xs,
        n_rows=first.n_rows + second.n_rows - skip,
        cells=cells,
        x0=min(first.x0, second.x0),
        x1=max(first.x1, second.x1),
        top=first.top,
        bottom=second.bottom,
        page=first.page,
        last_page=second.page,
        page_height=second.page_height,
        breaks=[*first.breaks, first.n_rows, *(b + first.n_rows - skip for b in second.breaks)],
    )


def _value_columns(rows: list[list[str]]) -> set[int]:
    """Columns that hold numbers in most rows that hold numbers at all."""
    numeric_rows = [r for r in rows if any(t and _NUMBER.match(t) for t in r)]
    if not numeric_rows:
        return set()
    width = len(rows[0])
    return {
        c
        for c in range(width)
        if sum(1 for r in numeric_rows if r[c] and _VALUE.match(r[c])) * 10 >= len(numeric_rows) * 6
    }


def _split_row(rows: list[list[str]], b: int) -> bool:
    """Is row ``b`` (first on a new page) the rest of row ``b-1``? Word lets a tall row break
    across pages: its label wraps onto the next page while the numbers sit on one side only.
    The continuation's own label must not start a new item (``1.``, ``（六）``)."""
    above, below = rows[b - 1], rows[b]
    values = _value_columns(rows)
    if not values:
        return False
    own_labels = [t for c, t in enumerate(below) if c not in values and t and t != above[c]]
    if not own_labels or any(_LIST_START.match(t) for t in own_labels):
        return False
    above_has = any(above[c] for c in values)
    below_has = any(below[c] for c in values)
    above_label = any(t for c, t in enumerate(above) if c not in values)
    return above_label and above_has != below_has


def _join_rows(above: list[str], below: list[str]) -> list[str]:
    out = []
    for a, b in zip(above, below, strict=True):
        if not b or a == b:
            out.append(a)
        elif not a:
            out.append(b)
        else:
            out.append(clean_inline(f"{a} {b}"))
    return out


def _row_texts(cells: list[_Cell], row: int, n_cols: int) -> list[str]:
    out = [""] * n_cols
    for c in cells:
        if c.r0 <= row < c.r1:
            for col in range(c.c0, c.c1):
                out[col] = c.text
    return out


def _repeated_header_rows(
    first: _Grid, second: _Grid, top: list[_Cell], bottom: list[_Cell]
) -> int:
    """How many leading rows of the continuation repeat the table's header rows."""
    n_cols = max((c.c1 for c in top + bottom), default=0)
    skip = 0
    for row in range(min(3, second.n_rows - 1, first.n_rows)):
        head = _row_texts(top, row, n_cols)
        cont = _row_texts(bottom, row, n_cols)
        if any(head) and head == cont and not any(t and _VALUE.match(t) for t in head):
            skip += 1
        else:
            break
    return skip


def _join_split_cells(rows_above: int, top: list[_Cell], bottom: list[_Cell]) -> None:
    """Label cells cut by the page break become one again: an empty continuation under a label
    repeats it (``三、本年度办理结果`` spanning the break), and a label broken mid-word on a
    spanning cell (``（四）无`` / ``法提供``) is joined on both sides."""
    last = rows_above - 1
    for cell in bottom:
        if cell.r0 != 0:
            continue
        above = [c for c in top if c.r0 <= last < c.r1 and c.c0 == cell.c0 and c.c1 == cell.c1]
        if len(above) != 1:
            continue
        prev = above[0]
        if not prev.text or _VALUE.match(prev.text):
            continue
        if not cell.text:
            cell.text = prev.text
        elif not _VALUE.match(cell.text) and (prev.r1 - prev.r0 > 1 or cell.r1 - cell.r0 > 1):
            joined = clean_inline(f"{prev.text} {cell.text}")
            prev.text = cell.text = joined
