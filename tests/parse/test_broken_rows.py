"""Table 三 whose rows are broken apart: exact cells, and cells left unread.

Three shapes, each from a real file made here:

- a browser-printed web page (Chromium's header and footer between the rows, row labels wrapped
  over several lines with the numbers on a middle line, a row cut by a page break): the PDF, and
  the same PDF saved as text by ``pdftotext``;
- labels first, then the numbers as bare lines in row order (2019 layout, 23 rows);
- each row's numbers before its label, with fragments of the group labels interleaved
  (``（三）不`` … ``予公开``) and print furniture between rows.

A wrong number is worse than an unread one: when the count of numbers or a row's own identity
does not decide the placement, the cells stay unread.
"""

from __future__ import annotations

import re

import pytest

from reader.extract.blocks import Paragraph
from reader.parse import read_report
from reader.parse.pagebreaks import strip_print_furniture
from reader.record import T3_COLS, T4_COLS, T4_GROUPS, t3_rows
from tests.extract import browserprint as bp

# ---- the browser-printed page ------------------------------------------------------------------


def _print(width: str) -> dict[str, bytes]:
    if bp.chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    pdf = bp.print_pdf(bp.page_html(width=width, border="none"))
    return {"pdf": pdf, "txt": bp.pdf_to_text(pdf).encode("utf-8")}


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    """The page with a narrow, borderless table 三, printed by Chromium, and its text."""
    return _print("40%")


@pytest.fixture(scope="module")
def printed_narrower() -> dict[str, bytes]:
    """Narrower still: labels cut into two-character pieces, a label glued to the row's first
    number (``用、0 0 0 0 0 0 0``)."""
    return _print("30%")


def _t3(record: dict) -> dict:
    t3 = record["tables"]["t3"]
    assert t3["present"], "table 三 not found"
    return t3


@pytest.mark.parametrize("kind", ["pdf", "txt"])
def test_browser_print_reads_every_cell(printed: dict[str, bytes], kind: str) -> None:
    record = read_report(printed[kind], f"qinghe-2023.{kind}")
    t3 = _t3(record)
    assert t3["layout"] == "2021"
    assert t3["cells"] == bp.t3_cells()
    assert t3["ambiguous"] == []
    assert record["tables"]["t4"]["cells"] == bp.t4_cells()
    assert "parse_error" not in record


def test_narrower_browser_print_reads_every_cell(printed_narrower: dict[str, bytes]) -> None:
    record = read_report(printed_narrower["pdf"], "qinghe-2023.pdf")
    t3 = _t3(record)
    assert t3["cells"] == bp.t3_cells()
    assert t3["ambiguous"] == []


def test_browser_print_has_the_broken_shape(printed: dict[str, bytes]) -> None:
    """The files really have the shape: furniture between the rows of table 三, a row label cut
    by a page break (the URL and counter between its two halves), labels wrapped over lines."""
    text = printed["txt"].decode("utf-8")
    table = text[text.index("申请人情况") : text.index("四、政府信息公开行政复议")]
    assert len(re.findall(r"file://\S+", table)) >= 2
    assert re.search(r"^\d/\d$", table, re.M)
    # R6_2 ("2.申请人逾期未按收费通知…") starts on one page and ends on the next
    cut = table.index("2.申请")
    assert "file://" in table[cut : table.index("3.其他")]


def test_furniture_lines_are_removed_and_the_title_kept(printed: dict[str, bytes]) -> None:
    lines = [ln for ln in printed["txt"].decode("utf-8").splitlines() if ln.strip()]
    kept = strip_print_furniture([Paragraph(ln) for ln in lines])
    texts = [b.text for b in kept if isinstance(b, Paragraph)]
    assert not any("file://" in t for t in texts)
    assert not any(re.fullmatch(r"\d/\d", t) for t in texts)
    assert not any(re.match(r"\d{1,2}/\d{1,2}/\d{2}, \d", t) for t in texts)
    # the report's own title (its <h2>) stays; the page-title lines next to the stamps go
    assert 1 <= texts.count(bp.TITLE) < lines.count(bp.TITLE)
    assert len(texts) < len(lines)


def test_furniture_left_alone_without_a_print() -> None:
    """One URL line and one counter are not a print: nothing is removed."""
    lines = ["政府信息公开指南：", "http://www.example.gov.cn/zwgk/index.html", "1/2", "正文"]
    blocks = [Paragraph(ln) for ln in lines]
    assert strip_print_furniture(blocks) == blocks


# ---- labels first, numbers after (2019 layout) -------------------------------------------------

# 2019 layout: one row （六）其他处理 (the 2021 rows R6_1…R6_3 added up)
T3_2019: dict[str, tuple[int, ...]] = {
    k: v for k, v in bp.T3.items() if not k.startswith("R6_")
} | {"R6": (3, 0, 0, 0, 0, 0, 3)}

_LABELS_2019 = """\
一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量
三、本年度办理结果
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
（三）不予公开
1.属于国家秘密
2.其他法律行政法规禁止公开
3.危及“三安全一稳定”
4.保护第三方合法权益
5.属于三类内部事务信息
6.属于四类过程性信息
7.属于行政执法案卷
8.属于行政查询事项
（四）无法提供
1.本机关不掌握相关政府信息
2.没有现成信息需要另行制作
3.补正后申请内容仍不明确
（五）不予处理
1.信访举报投诉类申请
2.重复申请
3.要求提供公开出版物
4.无正当理由大量反复申请
5.要求行政机关确认或重新出具已获取信息
（六）其他处理
（七）总计
四、结转下年度继续办理"""


def _report(table: str, *, year: int = 2019) -> str:
    return f"""青禾县人民政府{year}年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》，现公布本年度报告。
一、总体情况
{year}年，青禾县人民政府坚持以公开为常态、不公开为例外，持续深化政务公开。
二、主动公开政府信息情况
本年制发规范性文件9件，废止3件。
三、收到和处理政府信息公开申请情况
{table}
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
4 1 0 1 6 2 0 1 1 4 1 0 0 0 1
五、存在的主要问题及改进情况
一是部分部门政策解读形式较为单一；二是基层政务公开标准化目录更新不够及时。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


# No 勾稽关系 note: nothing but the labels says where the table starts.
_HEADER_2019 = """申请人情况
自然人
法人或其他组织
总计
商业企业
科研机构
社会公益组织
法律服务机构
其他"""


def _labels_first(values: dict[str, tuple[int, ...]], drop: int | None = None) -> str:
    numbers = [str(v) for key in t3_rows("2019") for v in values[key]]
    if drop is not None:
        del numbers[drop]
    return f"{_HEADER_2019}\n{_LABELS_2019}\n" + "\n".join(numbers)


def _cells(values: dict[str, tuple[int | None, ...]]) -> dict[str, dict[str, int | None]]:
    return {k: dict(zip(T3_COLS, v, strict=True)) for k, v in values.items()}


def test_labels_first_numbers_after() -> None:
    text = _report(_labels_first(T3_2019))
    record = read_report(text.encode("utf-8"), "qinghe-2019.txt")
    t3 = _t3(record)
    assert t3["layout"] == "2019"
    assert t3["cells"] == _cells(T3_2019)
    assert t3["ambiguous"] == []


def test_labels_first_numbers_column_by_column() -> None:
    """A table laid out with blocks (a label column, then a block per number column), saved as
    text: the labels, then the 自然人 numbers of every row, then the 商业企业 numbers …"""
    keys = t3_rows("2019")
    numbers = [str(T3_2019[key][c]) for c in range(len(T3_COLS)) for key in keys]
    text = _report(f"{_HEADER_2019}\n{_LABELS_2019}\n" + "\n".join(numbers))
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2019.txt"))
    assert t3["cells"] == _cells(T3_2019)


def test_labels_first_with_a_number_missing_stays_unread() -> None:
    """160 numbers for 161 cells: which one is missing is not decided — no cell is placed."""
    text = _report(_labels_first(T3_2019, drop=40))
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2019.txt"))
    assert all(v is None for row in t3["cells"].values() for v in row.values())


def test_labels_first_with_a_wrong_row_total_reads_what_is_printed() -> None:
    """One row whose 总计 is not the sum of its parties is the report's own error: the order still
    decides every cell (the audit then reports the row)."""
    values = dict(T3_2019)
    values["R3_4"] = (3, 1, 0, 0, 0, 0, 5)
    text = _report(_labels_first(values))
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2019.txt"))
    assert t3["cells"] == _cells(values)


def test_labels_first_with_one_wrong_party_cell_reads_what_is_printed() -> None:
    """自然人 of one row printed 2 too high (its total not): the row and the 自然人 column are both
    off by 2 — one wrong cell, the order still decides every cell."""
    values = dict(T3_2019)
    values["R3_4"] = (5, 1, 0, 0, 0, 0, 4)
    text = _report(_labels_first(values))
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2019.txt"))
    assert t3["cells"] == _cells(values)


def test_labels_first_shifted_by_a_cell_stays_unread() -> None:
    """A number lost in one row and an extra one in a later row: the count is right, but every
    row between is shifted and fails its identity — nothing is placed."""
    numbers = [str(v) for key in t3_rows("2019") for v in T3_2019[key]]
    del numbers[30]  # inside R3_3
    numbers.insert(120, "0")  # inside R5_3
    text = _report(f"{_HEADER_2019}\n{_LABELS_2019}\n" + "\n".join(numbers))
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2019.txt"))
    assert all(v is None for row in t3["cells"].values() for v in row.values())


# ---- numbers before labels, label fragments interleaved -----------------------------------------

_FURNITURE = (
    "http://www.qinghe.gov.cn/zwgk/zfxxgknb/202401/t20240126_112233.html\n{n}/4\n"
    "2024/1/26 10:25\n青禾县人民政府2023年政府信息公开工作年度报告"
)


def _interleaved(values: dict[str, tuple[int, ...]]) -> str:
    """pdftotext's reading order of a table whose labels wrap: each row's numbers first (split
    over lines as the columns fall), then its label, fragments of the group labels in between,
    and the print furniture where the pages broke."""
    v = {k: " ".join(map(str, row)) for k, row in values.items()}
    return f"""申请人情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之 自然
法人或其他组织
和）
科研 社会公 法律服 其 总计
人 商业
企业 机构 益组织 务机构 他
{v["NEW"]}
一、本年新收政府信息公开申请数量
{v["CARRY_IN"]}
二、上年结转政府信息公开申请数量
{v["R1"]}
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情 {v["R2"]}
形）
{v["R3_1"]}
1.属于国家秘密
{v["R3_2"]}
2.其他法律行政法规禁止公开
{v["R3_3"]}
3.危及“三安全一稳定”
{v["R3_4"]}
（三）不
4.保护第三方合法权益
予公开
{v["R3_5"]}
5.属于三类内部事务信息
{_FURNITURE.format(n=2)}
{v["R3_6"]}
6.属于四类过程性信息
{v["R3_7"]}
7.属于行政执法案卷
{v["R3_8"]}
8.属于行政查询事项
{v["R4_1"]}
1.本机关不掌握相关政府信息
三、本年度 （四）无法
{v["R4_2"]}
2.没有现成信息需要另行制作
办理结果 提供
{v["R4_3"]}
3.补正后申请内容仍不明确
{v["R5_1"]}
1.信访举报投诉类申请
{v["R5_2"]}
2.重复申请
（五）不予
{v["R5_3"]}
3.要求提供公开出版物
处理
{v["R5_4"]}
4.无正当理由大量反复申请
{v["R5_5"]}
5.要求行政机关确认或重新出具已获取信息
1.申请人无正当理由逾期不补正、行政机关不再
{v["R6_1"]}
处理其政府信息公开申请
（六）其他 2.申请人逾期未按收费通知要求缴纳费用、行政
{_FURNITURE.format(n=3)}
{v["R6_2"]}
处理
机关不再处理其政府信息公开申请
{v["R6_3"]}
3.其他
{v["R7"]}
（七）总计
{v["CARRY_OUT"]}
四、结转下年度继续办理"""


def test_numbers_before_labels_with_interleaved_fragments() -> None:
    text = _FURNITURE.format(n=1) + "\n" + _report(_interleaved(bp.T3), year=2023)
    record = read_report(text.encode("utf-8"), "qinghe-2023.txt")
    t3 = _t3(record)
    assert t3["layout"] == "2021"
    assert t3["cells"] == bp.t3_cells()
    assert t3["ambiguous"] == []
    assert record["tables"]["t4"]["cells"] == {
        g: dict(zip(T4_COLS, bp.T4[g], strict=True)) for g in T4_GROUPS
    }
    assert record["sections"]["s5"]["present"]


# ---- pdftotext -layout: two rows whose numbers alternate line by line ---------------------------


def _layout_text(values: dict[str, tuple[int, ...]]) -> str:
    """``pdftotext -layout`` of the table: most rows on one line, but where two neighbouring
    labels wrap, the numbers of both rows fall between the label lines column by column — a
    line of row A, a line of row B, and so on."""

    def row(label: str, key: str) -> str:
        return f"{label:<40}" + "  ".join(str(v) for v in values[key])

    def pair(a: str, b: str) -> list[str]:
        va, vb = values[a], values[b]
        out = []
        for c in range(5):
            out += [" " * (42 + 3 * c) + str(va[c]), " " * (42 + 3 * c) + str(vb[c])]
        out += [" " * 57 + f"{va[5]} {va[6]}", " " * 57 + f"{vb[5]} {vb[6]}"]
        return out

    lines = [
        "   （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之 自然      法人或其他组织",
        "                      和）                人 商业  科研 社会公 法律服 其 总计",
        "                                           企业 机构 益组织 务机构 他",
        row("            一、本年新收政府信息公开申请数量", "NEW"),
        row("            二、上年结转政府信息公开申请数量", "CARRY_IN"),
        row("                       （一）予以公开", "R1"),
        row("         （二）部分公开（区分处理的，只计这一情形，不计其他情形）", "R2"),
        row("                            1.属于国家秘密", "R3_1"),
        row("                      2.其他法律行政法规禁止公开", "R3_2"),
        row("                         3.危及“三安全一稳定”", "R3_3"),
        row("         （三）不予           4.保护第三方合法权益", "R3_4"),
        row("           公开           5.属于三类内部事务信息", "R3_5"),
        row("                         6.属于四类过程性信息", "R3_6"),
        row("                          7.属于行政执法案卷", "R3_7"),
        row("                          8.属于行政查询事项", "R3_8"),
        row("                      1.本机关不掌握相关政府信息", "R4_1"),
        "   三、本年度 （四）无法        2.没有现成信息需要另行制作",
        "    办理结果 提供            3.补正后申请内容仍不明确",
        *pair("R4_2", "R4_3"),
        row("                         1.信访举报投诉类申请", "R5_1"),
        "                              2.重复申请",
        "         （五）不予           3.要求提供公开出版物",
        *pair("R5_2", "R5_3"),
        row("           处理          4.无正当理由大量反复申请", "R5_4"),
        row("                  5.要求行政机关确认或重新出具已获取信息", "R5_5"),
        row(
            "         （六）其他 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "R6_1",
        ),
        row(
            "           处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "R6_2",
        ),
        row("                                3.其他", "R6_3"),
        row("                         （七）总计", "R7"),
        row("               四、结转下年度继续办理", "CARRY_OUT"),
    ]
    return "\n".join(lines)


def test_layout_text_with_alternating_rows() -> None:
    text = _report(_layout_text(bp.T3), year=2023)
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2023.txt"))
    assert t3["cells"] == bp.t3_cells()
    assert t3["ambiguous"] == []


def test_alternating_rows_that_do_not_add_up_are_not_taken_apart() -> None:
    """R4_3 printed with a wrong total: the alternating reading no longer meets both identities,
    and neither does the plain one — those two rows get no number the text does not decide."""
    values = dict(bp.T3)
    values["R4_3"] = (2, 0, 0, 0, 0, 0, 3)
    text = _report(_layout_text(values), year=2023)
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2023.txt"))
    for key in ("R4_2", "R4_3"):
        for c, col in enumerate(T3_COLS):
            assert t3["cells"][key][col] in (None, values[key][c]), (key, col)


def test_numbers_before_labels_with_a_row_whose_lines_come_swapped() -> None:
    """pdftotext took the right-hand columns' line of a row first (``0 0 6`` before
    ``5 1 0 0``): put back, the row meets its identity."""
    text = _FURNITURE.format(n=1) + "\n" + _report(_interleaved(bp.T3), year=2023)
    text = text.replace("\n5 1 0 0 0 0 6\n", "\n0 0 6\n5 1 0 0\n", 1)
    assert "\n0 0 6\n5 1 0 0\n" in text
    t3 = _t3(read_report(text.encode("utf-8"), "qinghe-2023.txt"))
    assert t3["cells"] == bp.t3_cells()
    assert t3["ambiguous"] == []
