"""Uploads: a size limit, the type told by content and not by name, bounded parsers.

ZIP limits (file count, total size, ratio, lying headers, unsafe names) are proved by the
pipeline's own tests in ``tests/pipeline/test_zip_safety.py``; here the single-file path.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from reader.extract import MAX_UPLOAD_BYTES, ExtractionError, extract
from reader.extract.detect import detect_format
from tests.security.test_hostile_files import time_budget

REPORT_HTML = (
    "<html><head><title>年度报告</title></head><body><h1>2023年政府信息公开工作年度报告</h1>"
    "<p>一、总体情况</p><p>本年度主动公开政府信息120条。</p></body></html>"
).encode()


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(ExtractionError) as caught:
        extract(b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES, "big.pdf")
    assert caught.value.code == "too_large"
    assert "上限" in caught.value.message


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (REPORT_HTML, "report.pdf", "html"),
        (REPORT_HTML, "report.docx", "html"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "report.txt", "pdf"),
        ("一、总体情况\n本年度……".encode("gb18030"), "report.html", "text"),
    ],
)
def test_the_content_decides_the_type_not_the_name(data, name, kind):
    assert detect_format(data, name) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 4,  # .exe
        b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        b"Rar!\x1a\x07\x00" + b"\x00" * 64,
    ],
)
def test_programs_images_and_archives_named_as_reports_are_refused(data):
    with pytest.raises(ExtractionError) as caught:
        extract(data, "年度报告.pdf")
    assert caught.value.code == "unknown_format"


def test_a_docx_whose_document_inflates_hugely_is_read_within_the_budget_or_refused():
    """A .docx is a ZIP: a 200 MB document.xml of one repeated tag compresses to ~200 KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        body = "<w:p/>" * (200 * 1024 * 1024 // 6)
        zf.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
        del body
    data = buf.getvalue()
    assert len(data) < MAX_UPLOAD_BYTES
    with time_budget(60):
        try:
            extracted = extract(data, "bomb.docx")
        except ExtractionError as exc:
            assert exc.code in {"too_large", "corrupt"}
        else:
            assert extracted.text.strip() == ""


def test_nested_markup_deeper_than_any_report_is_refused_within_the_budget():
    data = ("<div>" * 60_000 + "一、总体情况" + "</div>" * 60_000).encode()  # 0.7 MB
    with time_budget(5):
        with pytest.raises(ExtractionError) as info:
            extract(data, "deep.html")
    assert info.value.code == "too_deep"
    assert "嵌套" in info.value.message


def test_a_pdf_with_more_pages_than_any_report_is_read_up_to_the_limit_within_budget():
    from reader.extract.pdf import MAX_PDF_PAGES
    from tests.extract.pdfmaker import PdfMaker

    maker = PdfMaker()
    for i in range(MAX_PDF_PAGES + 50):
        maker.new_page().text(72, 72, f"Page {i + 1} line one").text(72, 100, "1 | 2 | 3")
    data = maker.save()
    with time_budget(120):
        extracted = extract(data, "long.pdf")
    assert any(f"超过 {MAX_PDF_PAGES} 页上限" in w for w in extracted.warnings)
    assert f"Page {MAX_PDF_PAGES} line one" in extracted.text
    assert f"Page {MAX_PDF_PAGES + 1} line one" not in extracted.text
