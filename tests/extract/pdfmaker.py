"""Tiny PDF writer for tests (pypdfium2): text in a base-14 font and ruled tables.

Only ASCII text (base-14 fonts have no CJK glyphs); that is enough to test geometry: ruling
lines, spans, page breaks, page numbers.
"""

from __future__ import annotations

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

A4 = (595.0, 842.0)


class PdfMaker:
    def __init__(self) -> None:
        self.pdf = pdfium.PdfDocument.new()
        self.page: pdfium.PdfPage | None = None
        self.height = A4[1]

    def new_page(self) -> PdfMaker:
        if self.page is not None:
            self.page.gen_content()
            self.page.close()
        self.page = self.pdf.new_page(*A4)
        return self

    def text(self, x: float, top: float, text: str, size: float = 10.0) -> PdfMaker:
        """Text whose baseline is ``size`` below ``top`` (top-down coordinates)."""
        assert self.page is not None
        obj = pdfium_c.FPDFPageObj_NewTextObj(self.pdf.raw, b"Helvetica", ctypes.c_float(size))
        ws = (text + "\x00").encode("utf-16-le")
        buf = ctypes.create_string_buffer(ws)
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, self.height - top - size)
        pdfium_c.FPDFPage_InsertObject(self.page.raw, obj)
        return self

    def line(self, x0: float, top: float, x1: float, bottom: float, width: float = 0.5) -> PdfMaker:
        assert self.page is not None
        path = pdfium_c.FPDFPageObj_CreateNewPath(
            ctypes.c_float(x0), ctypes.c_float(self.height - top)
        )
        pdfium_c.FPDFPath_LineTo(path, ctypes.c_float(x1), ctypes.c_float(self.height - bottom))
        pdfium_c.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
        pdfium_c.FPDFPageObj_SetStrokeWidth(path, ctypes.c_float(width))
        pdfium_c.FPDFPath_SetDrawMode(path, 0, True)
        pdfium_c.FPDFPage_InsertObject(self.page.raw, path)
        return self

    def rect(
        self,
        x0: float,
        top: float,
        x1: float,
        bottom: float,
        *,
        fill: tuple[int, int, int] | None,
        stroke: bool,
    ) -> PdfMaker:
        assert self.page is not None
        rect = pdfium_c.FPDFPageObj_CreateNewRect(
            ctypes.c_float(x0),
            ctypes.c_float(self.height - bottom),
            ctypes.c_float(x1 - x0),
            ctypes.c_float(bottom - top),
        )
        if fill is not None:
            pdfium_c.FPDFPageObj_SetFillColor(rect, *fill, 255)
        pdfium_c.FPDFPageObj_SetStrokeColor(rect, 0, 0, 0, 255)
        pdfium_c.FPDFPath_SetDrawMode(rect, 1 if fill is not None else 0, stroke)
        pdfium_c.FPDFPage_InsertObject(self.page.raw, rect)
        return self

    def grid(
        self,
        xs: list[float],
        top: float,
        rows: list[list[str]],
        row_height: float = 20.0,
        *,
        open_bottom: bool = False,
        open_top: bool = False,
        skip_vertical: set[tuple[int, int]] = frozenset(),
    ) -> float:
        """A fully ruled table; ``skip_vertical`` holds (row, column-boundary) pairs left out
        (a merged cell). Returns the bottom y."""
        bottom = top + row_height * len(rows)
        for r in range(len(rows) + 1):
            if (r == 0 and open_top) or (r == len(rows) and open_bottom):
                continue
            y = top + r * row_height
            self.line(xs[0], y, xs[-1], y)
        for r, row in enumerate(rows):
            y0, y1 = top + r * row_height, top + (r + 1) * row_height
            for b, x in enumerate(xs):
                if (r, b) not in skip_vertical:
                    self.line(x, y0, x, y1)
            for c, value in enumerate(row):
                if value:
                    self.text(xs[c] + 3, y0 + 5, value)
        return bottom

    def save(self) -> bytes:
        if self.page is not None:
            self.page.gen_content()
            self.page.close()
        buf = io.BytesIO()
        self.pdf.save(buf)
        self.page = None
        self.pdf.close()
        return buf.getvalue()
