"""What extraction hands to the parser: blocks in document order.

A block is a paragraph of text or a table as a full cell grid (row- and col-spans expanded,
the spanned value repeated in every cell it covers). ``Extracted.text`` is the plain text in
document order, tables rendered one row per line with cells joined by `` | ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(slots=True)
class Extracted:
    """The result of reading one file."""

    format: str  # "html" | "pdf" | "docx" | "text"
    blocks: list[Block]
    text: str
    encoding: str | None = None
    # Page metadata when the source has it: "title", "published" (YYYY-MM-DD),
    # "published_source" ("metadata" | "url"), "source_url".
    meta: dict[str, str] = field(default_factory=dict)
    # Non-fatal problems, in Chinese, for staff ("第 3 页没有文字层" …).
    warnings: list[str] = field(default_factory=list)


class ExtractionError(Exception):
    """A file that cannot be read. ``message`` is Chinese and is shown to staff as is."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
