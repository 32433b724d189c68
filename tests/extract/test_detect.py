"""Format by content, size limit and hostile inputs that are not any supported format."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from reader import extract as extract_module
from reader.extract import ExtractionError, extract


def test_empty_file_is_refused() -> None:
    with pytest.raises(ExtractionError) as err:
        extract(b"", "a.pdf")
    assert err.value.message == "文件为空"


def test_whitespace_only_file_is_empty() -> None:
    with pytest.raises(ExtractionError, match="文件为空"):
        extract(b" \r\n\t\n", "a.txt")


def test_binary_junk_is_unrecognised() -> None:
    junk = bytes(range(256)) * 40 + os.urandom(4096)
    with pytest.raises(ExtractionError, match="无法识别的文件格式"):
        extract(junk, "report.txt")


def test_zip_without_word_document_is_unrecognised() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("report.txt", "一、总体情况")
    with pytest.raises(ExtractionError, match="无法识别的文件格式"):
        extract(buf.getvalue(), "report.docx")


def test_old_word_doc_gets_a_save_as_hint() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    with pytest.raises(ExtractionError, match=r"\.docx"):
        extract(data, "report.docx")


def test_html_saved_as_txt_is_read_as_html() -> None:
    page = "<html><body><p>一、总体情况</p><p>全年公开<b>12</b>条。</p></body></html>"
    result = extract(page.encode("utf-8"), "report.txt")
    assert result.format == "html"
    assert result.text == "一、总体情况\n全年公开12条。"


def test_html_fragment_without_html_tag_is_html() -> None:
    page = "<div><p>一、总体情况</p><br><p>二、主动公开</p><table><tr><td>1</td><td>2</td></tr>" * 2
    assert extract(page.encode("utf-8")).format == "html"


def test_text_mentioning_a_tag_stays_text() -> None:
    text = "一、总体情况\n网页中使用 <p> 标签排版。\n二、主动公开政府信息情况"
    assert extract(text.encode("utf-8")).format == "text"


def test_pdf_is_told_by_magic_not_name() -> None:
    with pytest.raises(ExtractionError) as err:
        extract(b"%PDF-1.7\n%broken", "report.html")
    assert "PDF" in err.value.message


def test_file_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ExtractionError, match="文件过大"):
        extract(b"a" * 1001, "big.txt")
