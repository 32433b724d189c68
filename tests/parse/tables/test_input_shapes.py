"""One table in every input shape: seed 002's table 三 rendered as HTML (real spans), a whole
saved web page, one cell per line, Markdown, DOCX (merged cells), glued digits, GB18030 and Big5
(Traditional labels) — each through ``extract`` and the full parser gives the same 175 cells."""

from __future__ import annotations

import opencc
import pytest

from reader.parse import read_report

from .builders import (
    FENGTAI_T3,
    FENGTAI_T3_ROWS,
    report_text,
    t3_docx,
    t3_glued,
    t3_html_table,
    t3_markdown,
    t3_one_cell_per_line,
    whole_page,
)


def _html_article(table_html: str) -> str:
    return (
        "<html><body><h1>北京市丰台区人民政府2023年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2023年，丰台区坚持公开为常态。</p>"
        "<p>二、主动公开政府信息情况</p><p>详见下表。</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p>{table_html}"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>详见下表。</p>"
        "<p>五、存在的主要问题及改进情况</p><p>一是政策解读形式有待丰富。</p>"
        "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></body></html>"
    )


def _shapes() -> dict[str, tuple[bytes, str]]:
    one_cell = report_text(t3_one_cell_per_line(FENGTAI_T3_ROWS))
    traditional = opencc.OpenCC("s2tw").convert(one_cell)
    return {
        "a_html_table_with_spans": (
            _html_article(t3_html_table(FENGTAI_T3_ROWS)).encode("utf-8"),
            "report.html",
        ),
        "b_whole_saved_web_page": (
            whole_page(t3_html_table(FENGTAI_T3_ROWS)).encode("utf-8"),
            "page.htm",
        ),
        "c_one_cell_per_line": (one_cell.encode("utf-8"), "report.txt"),
        "d_markdown": (report_text(t3_markdown(FENGTAI_T3_ROWS)).encode("utf-8"), "report.md"),
        "e_docx_merged_cells": (t3_docx(FENGTAI_T3_ROWS), "report.docx"),
        "f_glued_digits": (report_text(t3_glued(FENGTAI_T3_ROWS)).encode("utf-8"), "report.txt"),
        "g_gb18030_bytes": (one_cell.encode("gb18030"), "report.txt"),
        "h_big5_traditional": (traditional.encode("big5"), "report.txt"),
    }


@pytest.mark.parametrize("shape", sorted(_shapes()))
def test_every_input_shape_gives_the_same_175_cells(shape: str) -> None:
    data, name = _shapes()[shape]
    record = read_report(data, name)
    t3 = record["tables"]["t3"]
    assert "parse_error" not in record
    assert t3["present"] is True and t3["empty"] is False
    assert t3["layout"] == "2021"
    assert t3["cells"] == FENGTAI_T3
    assert sum(len(row) for row in t3["cells"].values()) == 175
    assert t3["ambiguous"] == [] and t3["blank"] == []
    assert record["sections"]["s3"]["present"] is True
