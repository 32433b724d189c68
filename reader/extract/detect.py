"""Tell a file's format by its content. Names lie: scrapers save HTML as ``.txt``, portals
serve PDFs as ``.htm``, staff rename ``.doc`` to ``.docx``."""

from __future__ import annotations

import io
import re
import zipfile

from .blocks import ExtractionError
from .text import bom_codec, utf16_without_bom

HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|span|table|tr|td|br|a\s|font|"
    rb"center|h[1-6]|ul|li|script|style|link)\b",
    re.IGNORECASE,
)

_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "旧版 Office 文件（.doc/.xls），请另存为 .docx 或 PDF 后上传",
    ),
    (b"{\\rtf", "RTF 文件，请另存为 .docx 或 PDF 后上传"),
    (b"\x89PNG", "图片文件，需要先进行文字识别（OCR）后再上传文字版"),
    (b"\xff\xd8\xff", "图片文件，需要先进行文字识别（OCR）后再上传文字版"),
    (b"GIF8", "图片文件，需要先进行文字识别（OCR）后再上传文字版"),
    (b"II*\x00", "图片文件，需要先进行文字识别（OCR）后再上传文字版"),
    (b"MM\x00*", "图片文件，需要先进行文字识别（OCR）后再上传文字版"),
    (b"Rar!", "RAR 压缩包，请解压后上传其中的报告文件"),
    (b"7z\xbc\xaf", "7z 压缩包，请解压后上传其中的报告文件"),
    (b"\x1f\x8b", "gzip 压缩包，请解压后上传其中的报告文件"),
    (b"AT&TFORM", "DjVu 文件，请转换为 PDF 后上传"),
)


def unknown(detail: str) -> ExtractionError:
    return ExtractionError(f"无法识别的文件格式：{detail}", code="unknown_format")


def detect_format(data: bytes, filename: str | None = None) -> str:
    """``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``; raises ``ExtractionError`` otherwise.

    ``filename`` is only used for wording; the content decides.
    """
    if not data or not data.strip(b" \t\r\n\x00"):
        raise ExtractionError("文件为空", code="empty")
    head = data[:1024]
    # The PDF spec allows junk before the header; readers look in the first KB.
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    for magic, what in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise unknown(what)
    if _looks_binary(data):
        raise unknown("不是文字、网页、PDF 或 Word（.docx）文件")
    if _looks_html(data):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A truncated .docx has lost its central directory but still shows its parts' names
        # in the local headers near the start.
        if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536]:
            return "docx"
        raise unknown("损坏的 ZIP 压缩包") from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise unknown("Excel 表格（.xlsx），请上传报告正文（网页、PDF 或 Word）")
    if any(n.startswith("ppt/") for n in names):
        raise unknown("PowerPoint 演示文稿，请上传报告正文（网页、PDF 或 Word）")
    if "content.xml" in names and "mimetype" in names:
        raise unknown("OpenDocument 文件（WPS/LibreOffice），请另存为 .docx 或 PDF 后上传")
    raise unknown("ZIP 压缩包，请解压后上传其中的报告文件")


def _looks_binary(data: bytes) -> bool:
    """Control bytes that no text encoding produces (UTF-16 is recognised by the caller's
    decoder through its BOM or NUL pattern, so those are let through)."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(sample):
        return False
    if sample.count(0) > len(sample) // 100:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # the control bytes, counted in C
    return controls > len(sample) * 0.02


# Every byte except the controls no text has (tab, LF, FF, CR and ESC are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def _looks_html(data: bytes) -> bool:
    """HTML by content: a document that opens with a tag, or a text whose first 64 KB are
    dense with HTML tags (a page saved with a header line before ``<html>``)."""
    sample = data[:65536]
    if codec := (bom_codec(sample) or utf16_without_bom(sample)):
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            sample = sample.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"<" and HTML_TAG.search(stripped[:4096]):
        return True
    if stripped.startswith(b"<!--") and HTML_TAG.search(stripped):
        return True
    return len(HTML_TAG.findall(sample)) >= 5
