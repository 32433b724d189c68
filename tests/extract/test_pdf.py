"""PDF: the three real WPS reports (faithful table grids) and synthetic edge cases."""

from __future__ import annotations

import re

import pytest

from reader.extract import ExtractionError, Paragraph, Table, extract
from reader.extract import pdf as pdf_module
from tests.extract.pdfmaker import PdfMaker
from tests.shared import PDFS, requires_shared

NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
PAGE_NUMBER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$")


def _tables(result) -> list[Table]:
    return [b for b in result.blocks if isinstance(b, Table)]


def _numeric_rows(table: Table, first_value_col: int) -> list[tuple[str, ...]]:
    return [row for row in table.rows if all(NUMBER.match(c) for c in row[first_value_col:])]


def _row(table: Table, label: str) -> list[int]:
    """The numbers of the row whose label cells contain ``label``."""
    for row in table.rows:
        labels = [c for c in row if not NUMBER.match(c)]
        if any(label in c for c in labels):
            return [int(c) for c in row if NUMBER.match(c)]
    raise AssertionError(f"no row {label!r}")


@pytest.fixture(scope="module")
def real() -> dict[str, object]:
    if not PDFS.is_dir():
        pytest.skip("../shared/ is absent (a user's clone): real-report fixtures skipped")
    return {p.stem: extract(p.read_bytes(), p.name) for p in sorted(PDFS.glob("*.pdf"))}


@requires_shared
@pytest.mark.parametrize("name", ["hongze-2023", "hongze-2024", "huaian-2024"])
def test_real_pdf_has_three_tables_between_the_right_headings(real, name: str) -> None:
    result = real[name]
    assert result.format == "pdf"
    assert result.warnings == []
    kinds = [
        "T" if isinstance(b, Table) else b.text
        for b in result.blocks
        if isinstance(b, Table) or re.match(r"^[二三四五]、", b.text)
    ]
    assert kinds == [
        "二、主动公开政府信息情况",
        "T",
        "三、收到和处理政府信息公开申请情况",
        "T",
        "四、政府信息公开行政复议、行政诉讼情况",
        "T",
        "五、存在的主要问题及改进情况",
    ]


@requires_shared
@pytest.mark.parametrize("name", ["hongze-2023", "hongze-2024", "huaian-2024"])
def test_real_pdf_has_no_page_numbers_anywhere(real, name: str) -> None:
    result = real[name]
    for block in result.blocks:
        cells = [block.text] if isinstance(block, Paragraph) else [c for r in block.rows for c in r]
        assert not any(PAGE_NUMBER.match(c.replace(" ", "")) for c in cells), block


@requires_shared
@pytest.mark.parametrize(
    ("name", "rows"), [("hongze-2023", 23), ("hongze-2024", 23), ("huaian-2024", 25)]
)
def test_real_table_three_is_one_grid_across_pages(real, name: str, rows: int) -> None:
    t3 = _tables(real[name])[1]
    numeric = _numeric_rows(t3, 3)
    # 2021 layout: 25 rows with (六) split in three (淮安); 洪泽 prints (六) as one row: 23.
    assert len(numeric) == rows
    assert all(len(r) == 10 for r in t3.rows)
    assert all(sum(1 for c in r if NUMBER.match(c)) == 7 for r in numeric)
    # The header wrapped one character per line, and labels cut by the page break, are whole.
    assert t3.rows[5][0] == "三、本年度办理结果"
    labels = {c for r in t3.rows for c in r[:3]}
    assert "（四）无法提供" in labels
    assert {"商业企业", "科研机构", "社会公益组织", "法律服务机构"} <= {
        c for r in t3.rows[:3] for c in r
    }


@requires_shared
def test_huaian_2024_numbers_read_from_the_printed_tables(real) -> None:
    t2, t3, t4 = _tables(real["huaian-2024"])
    assert _row(t3, "一、本年新收") == [3001, 53, 0, 0, 61, 4, 3119]
    assert _row(t3, "二、上年结转") == [34, 0, 0, 0, 0, 0, 34]
    assert _row(t3, "（一）予以公开") == [1288, 21, 0, 0, 50, 3, 1362]
    assert _row(t3, "2.没有现成信息需要另行制作") == [11, 0, 0, 0, 0, 0, 11]
    assert _row(t3, "3、其他") == [108, 2, 0, 0, 0, 0, 110]
    assert _row(t3, "（七）总计") == [2932, 53, 0, 0, 61, 4, 3050]
    assert _row(t3, "四、结转下年度继续办理") == [103, 0, 0, 0, 0, 0, 103]
    assert [int(c) for c in t4.rows[-1]] == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    assert t4.rows[-2][5:10] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert t2.rows[3] == ("行政规范性文件", "8", "26", "66")
    assert _row(t2, "行政处罚")[0] == 3985758
    assert "96171.6" in {c for r in t2.rows for c in r}


@requires_shared
def test_hongze_2023_numbers_read_from_the_printed_tables(real) -> None:
    t2, t3, t4 = _tables(real["hongze-2023"])
    assert _row(t3, "一、本年新收") == [21, 0, 0, 0, 0, 0, 21]
    assert _row(t3, "1.本机关不掌握相关政府信息") == [10, 0, 0, 0, 0, 0, 10]
    assert _row(t3, "2.没有现成信息需要另行制作") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(t3, "（七）总计") == [21, 0, 0, 0, 0, 0, 21]
    # The label as printed lost characters (其他法律行政法规禁止公开): kept as printed.
    assert _row(t3, "2.其他法律行政止公开") == [0] * 7
    assert [int(c) for c in t4.rows[-1]] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    assert _row(t2, "行政许可")[0] == 550
    assert _row(t2, "行政处罚")[0] == 4119
    assert _row(t2, "行政强制")[0] == 195


@requires_shared
def test_real_pdf_prose_is_joined_into_paragraphs(real) -> None:
    text = real["hongze-2023"].text
    assert "2023年全区受理政府信息公开申请21件，均在法定期限答复。" in text
    assert "\n一、总体情况\n" in text


# ---- synthetic PDFs -------------------------------------------------------------------------

XS = [72.0, 220.0, 300.0, 380.0, 460.0]
HEADER = ["Item", "New", "Old", "Total"]


def test_ruled_table_becomes_a_grid_in_text_order() -> None:
    m = PdfMaker().new_page()
    m.text(72, 60, "Before the table")
    bottom = m.grid(XS, 100, [HEADER, ["Rules", "1", "2", "3"], ["Docs", "4", "5", "9"]])
    m.text(72, bottom + 30, "After the table")
    result = extract(m.save(), "x.pdf")
    assert result.blocks == [
        Paragraph("Before the table"),
        Table(rows=(tuple(HEADER), ("Rules", "1", "2", "3"), ("Docs", "4", "5", "9"))),
        Paragraph("After the table"),
    ]
    assert result.text.splitlines()[1] == "Item | New | Old | Total"


def test_merged_cells_repeat_their_text() -> None:
    m = PdfMaker().new_page()
    # Row 0: "Applicants" spans columns 1–3 (no rules at boundaries 2 and 3).
    m.grid(
        XS,
        100,
        [["Item", "Applicants", "", ""], ["Rules", "1", "2", "3"]],
        skip_vertical={(0, 2), (0, 3)},
    )
    (table,) = _tables(extract(m.save()))
    assert table.rows == (
        ("Item", "Applicants", "Applicants", "Applicants"),
        ("Rules", "1", "2", "3"),
    )


def test_white_text_backgrounds_are_not_tables() -> None:
    m = PdfMaker().new_page()
    for i in range(6):
        top = 100 + i * 20
        m.rect(70, top, 500, top + 20, fill=(255, 255, 255), stroke=False)
        m.text(72, top + 4, f"Body line {i}")
    result = extract(m.save())
    assert _tables(result) == []
    assert "Body line 5" in result.text


def test_table_continued_on_next_page_is_merged_and_header_repeat_dropped() -> None:
    m = PdfMaker().new_page()
    m.text(72, 60, "Section three")
    m.grid(XS, 600, [HEADER, ["A", "1", "1", "2"], ["B", "2", "2", "4"]], open_bottom=True)
    m.text(280, 805, "- 1 -")
    m.new_page()
    m.grid(XS, 72, [HEADER, ["C", "3", "3", "6"], ["Sum", "6", "6", "12"]], open_top=True)
    m.text(72, 200, "Section four")
    m.text(280, 805, "- 2 -")
    result = extract(m.save())
    (table,) = _tables(result)
    assert [r[0] for r in table.rows] == ["Item", "A", "B", "C", "Sum"]
    assert "- 1 -" not in result.text and "- 2 -" not in result.text
    assert result.text.splitlines()[-1] == "Section four"


def test_row_broken_across_pages_is_one_row() -> None:
    m = PdfMaker().new_page()
    m.grid(XS, 700, [HEADER, ["A", "1", "1", "2"], ["Long label", "", "", ""]], open_bottom=True)
    m.new_page()
    m.grid(XS, 72, [["goes on", "5", "5", "10"], ["2.Next", "1", "0", "1"]], open_top=True)
    (table,) = _tables(extract(m.save()))
    assert table.rows == (
        tuple(HEADER),
        ("A", "1", "1", "2"),
        ("Long label goes on", "5", "5", "10"),
        ("2.Next", "1", "0", "1"),
    )


def test_blank_row_before_a_page_break_is_not_joined_to_the_next_item() -> None:
    m = PdfMaker().new_page()
    m.grid(XS, 700, [HEADER, ["1.First", "1", "1", "2"], ["2.Blank", "", "", ""]], open_bottom=True)
    m.new_page()
    m.grid(XS, 72, [["3.Third", "5", "5", "10"]], open_top=True)
    (table,) = _tables(extract(m.save()))
    assert [r[0] for r in table.rows] == ["Item", "1.First", "2.Blank", "3.Third"]


def test_tables_with_different_edges_are_not_merged() -> None:
    m = PdfMaker().new_page()
    m.grid(XS, 700, [HEADER, ["A", "1", "1", "2"]])
    m.new_page()
    m.grid([100.0, 200.0, 300.0], 72, [["X", "Y"], ["1", "2"]])
    assert len(_tables(extract(m.save()))) == 2


def test_page_number_inside_a_table_area_is_removed() -> None:
    m = PdfMaker().new_page()
    rows = [HEADER] + [[f"R{i}", "1", "1", "2"] for i in range(36)]
    m.grid(XS, 70, rows)  # runs to y = 810, into the footer band
    m.text(240, 792, "- 7 -")  # drawn over the table, inside the cell of row 36
    (table,) = _tables(extract(m.save()))
    assert not any("7 -" in c or "- 7" in c for r in table.rows for c in r)
    assert table.rows[-1] == ("R35", "1", "1", "2")


def test_pdf_without_text_layer_needs_ocr() -> None:
    m = PdfMaker().new_page()
    m.rect(100, 100, 400, 300, fill=(0, 0, 0), stroke=True)
    with pytest.raises(ExtractionError) as err:
        extract(m.save(), "scan.pdf")
    assert "需要先进行文字识别（OCR）" in err.value.message


def test_page_without_text_among_text_pages_is_reported() -> None:
    m = PdfMaker().new_page()
    m.text(72, 72, "Page one")
    m.new_page()
    m.rect(100, 100, 400, 300, fill=(0, 0, 0), stroke=True)
    result = extract(m.save())
    assert result.text == "Page one"
    assert any("第 2 页没有文字层" in w for w in result.warnings)


@requires_shared
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_an_error_or_a_partial_result(fraction: float) -> None:
    data = (PDFS / "huaian-2024.pdf").read_bytes()
    try:
        result = extract(data[: int(len(data) * fraction)], "cut.pdf")
    except ExtractionError as err:
        assert "PDF" in err.message
    else:
        assert any("不完整" in w for w in result.warnings)


def test_truncated_synthetic_pdf_is_a_clear_error() -> None:
    m = PdfMaker().new_page()
    m.text(72, 72, "Hello")
    data = m.save()
    with pytest.raises(ExtractionError, match="PDF"):
        extract(data[:60], "cut.pdf")


def test_encrypted_pdf_asks_for_an_unencrypted_copy() -> None:
    m = PdfMaker().new_page()
    m.text(72, 72, "Secret")
    data = m.save()
    # Standard security handler with a user password that is not empty: readers must ask.
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
        b"/O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >> /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>]"
    )
    data = data.replace(b"trailer\r\n<<", b"trailer\r\n<<" + encrypt).replace(
        b"trailer\n<<", b"trailer\n<<" + encrypt
    )
    assert b"/Encrypt" in data
    with pytest.raises(ExtractionError) as err:
        extract(data, "locked.pdf")
    assert "加密" in err.value.message


def test_page_limit_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 2)
    m = PdfMaker()
    for i in range(4):
        m.new_page().text(72, 72, f"Page {i + 1}")
    result = extract(m.save())
    assert result.text == "Page 1\nPage 2"
    assert any("只读取了前 2 页" in w for w in result.warnings)


def test_time_budget_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PDF_TIME_BUDGET_SECONDS", 0.0)
    m = PdfMaker()
    for i in range(3):
        m.new_page().text(72, 72, f"Page {i + 1}")
    result = extract(m.save())
    assert any("超时" in w for w in result.warnings)


def test_page_with_a_huge_drawing_keeps_its_text_and_says_so() -> None:
    m = PdfMaker().new_page()
    m.text(72, 60, "Map below")
    for i in range(2200):
        x = 72 + (i % 100) * 4.5
        y = 100 + (i // 100) * 25
        m.line(x, y, x + 3, y).line(x, y, x, y + 3)
    result = extract(m.save())
    assert result.text.startswith("Map below")
    assert any("图形过于复杂" in w for w in result.warnings)
