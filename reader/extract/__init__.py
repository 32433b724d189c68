"""File bytes → ``Extracted`` (blocks in document order + plain text + page metadata).

``extract(data, filename)`` is the one entry point: it tells the format by content (see
``detect.py``), dispatches to the reader for HTML, PDF, DOCX or plain text, and turns every
failure into an ``ExtractionError`` whose Chinese message staff can act on.
"""

from __future__ import annotations

import logging

from .blocks import Block, Extracted, ExtractionError, Paragraph, Table
from .detect import detect_format

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Block",
    "Extracted",
    "ExtractionError",
    "Paragraph",
    "Table",
    "extract",
]

log = logging.getLogger(__name__)

# Reports are 5–30 pages; 50 MB leaves room for image-heavy PDFs and bloated saved web pages.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def extract(data: bytes, filename: str | None = None) -> Extracted:
    """Read one uploaded or scraped file. Raises ``ExtractionError`` (Chinese ``message``) for
    files that cannot be read; other problems become ``Extracted.warnings``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractionError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB",
            code="too_large",
        )
    fmt = detect_format(data, filename)
    try:
        if fmt == "pdf":
            from .pdf import read_pdf

            return read_pdf(data)
        if fmt == "docx":
            from .docx import read_docx

            return read_docx(data)
        if fmt == "html":
            from .html import read_html

            return read_html(data)
        from .text import read_text

        return read_text(data)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError("文件结构嵌套过深，无法读取", code="too_deep") from exc
    except MemoryError as exc:
        raise ExtractionError("文件过于复杂，超出处理能力", code="too_large") from exc
    except Exception as exc:
        # A reader bug or a library choking on a hostile file must not surface as a 500: staff
        # get a clear message, the log keeps the traceback.
        log.exception("extraction failed for %s (%s)", filename, fmt)
        names = {"pdf": "PDF", "docx": "Word", "html": "网页", "text": "文本"}
        raise ExtractionError(
            f"{names[fmt]}文件无法读取（文件可能已损坏）", code="corrupt"
        ) from exc
