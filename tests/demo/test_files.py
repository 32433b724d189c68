"""The written files are valid and carry the tables cell for cell, spans included."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import lxml.html

from demo.generate import DemoReport
from demo.model import ReportData
from demo.render import (
    format_value,
    place_cells,
    render_docx,
    render_html,
    render_text,
    table_grid,
)
from reader.record import SECTION_KEYS, T3_ROWS_2021

TABLES = (("t2", "s2"), ("t3", "s3"), ("t4", "s4"))


def expanded(key: str, data: ReportData) -> list[list[str]]:
    """The table as a full grid, a spanned cell's text repeated over its span."""
    cells = data.table_for(dict(TABLES)[key])
    assert cells is not None
    placed, width = place_cells(table_grid(key, cells))
    height = max(r + cell.rowspan for r, _, cell in placed)
    grid = [[""] * width for _ in range(height)]
    for r, c, cell in placed:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                grid[r + dr][c + dc] = cell.text
    return grid


def html_grids(page: str) -> list[list[list[str]]]:
    """Tables of the article (not the page's metadata table), spans expanded."""
    tree = lxml.html.fromstring(page)
    grids = []
    for table in tree.xpath('//div[@id="zoom"]//table'):
        taken: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.xpath(".//tr")):
            c = 0
            for td in tr.xpath("./td|./th"):
                while (r, c) in taken:
                    c += 1
                text = td.text_content().replace("\xa0", "").strip()
                rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                for dr in range(rs):
                    for dc in range(cs):
                        taken[(r + dr, c + dc)] = text
                c += cs
        height = max(r for r, _ in taken) + 1
        width = max(c for _, c in taken) + 1
        grids.append([[taken[(r, c)] for c in range(width)] for r in range(height)])
    return grids


def _file(demo_dir: Path, report: DemoReport) -> bytes:
    return (demo_dir / report.path).read_bytes()


def test_html_pages_parse_and_hold_the_three_tables_cell_for_cell(
    demo_dir: Path, demo_reports: list[DemoReport]
) -> None:
    pages = [r for r in demo_reports if r.fmt.startswith("html")]
    assert pages
    for report in pages:
        raw = _file(demo_dir, report)
        page = raw.decode("gb18030" if report.fmt == "html-gb18030" else "utf-8")
        grids = html_grids(page)
        assert grids == [expanded(key, report.data) for key, _ in TABLES], report.path
        tree = lxml.html.fromstring(page)
        assert tree.xpath("//h1")[0].text_content() == report.data.title


def test_html_tables_use_the_official_spans() -> None:
    cells = {
        row: dict.fromkeys(("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT"), 0)
        for row in T3_ROWS_2021
    }
    page = render_html(ReportData(agency="某某局", year=2023, t3=cells))
    table = lxml.html.fromstring(page).xpath('//div[@id="zoom"]//table')[0]
    spans = {
        td.text_content(): (int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
        for td in table.xpath(".//td")
    }
    assert spans["三、本年度办理结果"] == (22, 1)
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["（四）无法提供"] == (3, 1)
    assert spans["（五）不予处理"] == (5, 1)
    assert spans["（六）其他处理"] == (3, 1)
    assert spans["申请人情况"] == (1, 7)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert spans["（七）总计"] == (1, 2)


def test_page_chrome_has_breadcrumb_publication_date_and_site_footer(
    demo_dir: Path, demo_reports: list[DemoReport]
) -> None:
    for report in demo_reports:
        if not report.fmt.startswith("html"):
            continue
        raw = _file(demo_dir, report)
        page = raw.decode("gb18030" if report.fmt == "html-gb18030" else "utf-8")
        published = report.data.published
        assert published is not None
        if report.fmt == "html":
            assert f"发布日期：</th><td>{published.isoformat()}" in page
        else:
            assert (
                f"发布时间：{published.year}年{published.month:02d}月{published.day:02d}日" in page
            )
        assert "当前位置：" in page and "网站标识码" in page and "ICP备" in page


def test_gb18030_pages_decode_with_the_charset_they_declare(
    demo_dir: Path, demo_reports: list[DemoReport]
) -> None:
    gb = [r for r in demo_reports if r.fmt == "html-gb18030"]
    assert len(gb) >= 3
    for report in gb:
        raw = _file(demo_dir, report)
        declared = re.search(rb"charset=([\w-]+)", raw)
        assert declared is not None
        codec = declared.group(1).decode()
        text = raw.decode(codec)  # strict: every byte must be valid in the declared charset
        assert report.data.title in text
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{report.path} is UTF-8, not GB-encoded")


def test_docx_files_open_and_hold_real_tables_with_merged_cells(
    demo_dir: Path, demo_reports: list[DemoReport]
) -> None:
    files = [r for r in demo_reports if r.fmt == "docx"]
    assert files
    for report in files:
        document = docx.Document(io.BytesIO(_file(demo_dir, report)))
        assert document.paragraphs[0].text == report.data.title
        grids = [
            [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
        ]
        assert grids == [expanded(key, report.data) for key, _ in TABLES], report.path
        t3 = document.tables[1]
        # A merged cell is one cell in Word: the 22 result rows share the same label cell.
        assert t3.cell(5, 0)._tc is t3.cell(26, 0)._tc
        headings = [p.text for p in document.paragraphs]
        for key in SECTION_KEYS:
            assert report.data.heading(key) in headings


def test_text_copies_flatten_one_cell_per_line(
    demo_dir: Path, demo_reports: list[DemoReport]
) -> None:
    files = [r for r in demo_reports if r.fmt == "txt" and r.table_style == "cell"]
    assert files
    for report in files:
        lines = _file(demo_dir, report).decode("utf-8").splitlines()
        assert lines[0] == report.data.title
        assert report.data.t3 is not None
        start = lines.index("一、本年新收政府信息公开申请数量 |")
        numbers = lines[start + 1 : start + 8]
        expected = [
            f"{format_value(report.data.t3['NEW'][c])} |".lstrip()
            for c in ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT")
        ]
        assert numbers == expected
        assert lines[start + 8] == "||"  # the label's colspan leaves two grid positions
        end = lines.index("四、结转下年度继续办理 |")
        assert lines[end + 8] == report.data.heading("s4")  # the last row keeps no filler


def test_text_row_style_prints_one_table_row_per_line() -> None:
    t2 = {
        "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
        "NORM": {"ISSUED": 27, "REPEALED": 18, "IN_FORCE": 228},
        "LICENSE": {"DECISIONS": 92486},
        "PUNISH": {"DECISIONS": 26196},
        "COERCE": {"DECISIONS": 68},
        "FEE": {"AMOUNT": 5098.4139},
    }
    text = render_text(
        ReportData(agency="某区人民政府", year=2023, level="gov", t2=t2), table_style="row"
    )
    lines = text.splitlines()
    assert "规章 | 0 | 0 | 0 |" in lines
    assert "行政规范性文件 | 27 | 18 | 228 |" in lines
    assert "行政事业性收费 | 5098.4139 |" in lines


def test_blank_and_placeholder_cells_render_as_blank_and_slash() -> None:
    cells = {
        row: dict.fromkeys(("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT")) for row in T3_ROWS_2021
    }
    cells["NEW"]["SCI"] = "/"
    data = ReportData(agency="某某局", year=2023, t3=cells)
    grid = html_grids(render_html(data))[0]
    assert grid[3][3:] == ["", "", "/", "", "", "", ""]
    document = docx.Document(io.BytesIO(render_docx(data)))
    assert [c.text for c in document.tables[0].rows[3].cells][3:] == ["", "", "/", "", "", "", ""]


def test_docx_bytes_are_reproducible() -> None:
    data = ReportData(agency="某某局", year=2023, sections={"s1": ["（一）主动公开", "正文。"]})
    assert render_docx(data) == render_docx(data)


def test_docx_fallback_rewrite_gives_fixed_zip_times() -> None:
    import zipfile

    from demo.render import _normalise_zip

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    rewritten = zipfile.ZipFile(io.BytesIO(_normalise_zip(buffer.getvalue())))
    assert {info.date_time for info in rewritten.infolist()} == {(2020, 1, 1, 0, 0, 0)}
    assert docx.Document(io.BytesIO(_normalise_zip(buffer.getvalue()))).paragraphs is not None


def test_half_width_text_copy_uses_ascii_brackets_and_punctuation() -> None:
    t2 = {
        "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
        "NORM": {"ISSUED": 1, "REPEALED": 0, "IN_FORCE": 9},
        "LICENSE": {"DECISIONS": 5},
        "PUNISH": {"DECISIONS": 0},
        "COERCE": {"DECISIONS": 0},
        "FEE": {"AMOUNT": 0.0},
    }
    data = ReportData(agency="某某局", year=2023, t2=t2, sections={"s1": ["（一）主动公开"]})
    text = render_text(data, halfwidth=True)
    assert "第二十条第(一)项 |" in text.splitlines()
    assert "(一)主动公开" in text.splitlines()
    assert "（" not in text and "：" not in text
