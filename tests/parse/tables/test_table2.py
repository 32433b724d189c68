"""Table 二: both layouts, every shape, units, signs, blanks."""

from __future__ import annotations

from reader.extract.blocks import Paragraph, Table
from reader.parse.tables import parse_tables

from .builders import FENGTAI_T2, blocks_of


def t2_of(text: str) -> dict:
    return parse_tables({"s2": blocks_of(text)})["t2"]


FENGTAI_ONE_CELL = """第二十条第(一)项 |
|||
信息内容 |
本年制发件数 |
本年废止件数 |
现行有效件数 |
规章 |
0 |
0 |
0 |
行政规范性文件 |
27 |
18 |
228 |
第二十条第(五)项 |
|||
信息内容 |
本年处理决定数量 |
||
行政许可 |
92486 |
||
第二十条第(六)项 |
|||
信息内容 |
本年处理决定数量 |
||
行政处罚 |
26196 |
||
行政强制 |
68 |
||
第二十条第(八)项 |
|||
信息内容 |
本年收费金额(单位:万元) |
||
行政事业性收费 |
5098.4139 |
"""

FENGTAI_ROWS = """第二十条第（一）项 |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 27 | 18 | 228 |
第二十条第（五）项 |
信息内容 | 本年处理决定数量 |
行政许可 | 92,486 |
第二十条第（六）项 |
信息内容 | 本年处理决定数量 |
行政处罚 | 26196 |
行政强制 | 68 |
第二十条第（八）项 |
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | 5098.4139 |
"""


def assert_fengtai(t2: dict) -> None:
    assert t2["present"] is True and t2["empty"] is False
    assert t2["layout"] == "2021"
    assert t2["cells"] == FENGTAI_T2
    assert t2["blank"] == [] and t2["ambiguous"] == [] and t2["lost"] is False


def test_2021_one_cell_per_line() -> None:
    assert_fengtai(t2_of(FENGTAI_ONE_CELL))


def test_2021_rows_with_pipes_and_thousands_separator() -> None:
    assert_fengtai(t2_of(FENGTAI_ROWS))


def test_2021_single_grid_with_colspan_values_repeated() -> None:
    rows = [
        ("第二十条第（一）项",) * 4,
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "0", "0", "0"),
        ("行政规范性文件", "27", "18", "228"),
        ("第二十条第（五）项",) * 4,
        ("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
        ("行政许可", "92486", "92486", "92486"),
        ("第二十条第（六）项",) * 4,
        ("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
        ("行政处罚", "26196", "26196", "26196"),
        ("行政强制", "68", "68", "68"),
        ("第二十条第（八）项",) * 4,
        (
            "信息内容",
            "本年收费金额（单位：万元）",
            "本年收费金额（单位：万元）",
            "本年收费金额（单位：万元）",
        ),
        ("行政事业性收费", "5098.4139", "5098.4139", "5098.4139"),
    ]
    assert_fengtai(parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"])


def test_2021_four_small_grids_with_empty_cells_from_pdf() -> None:
    blocks = [
        Table(
            rows=(
                ("第二十条第（一）项", "", "", ""),
                ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                ("规章", "0", "0", "0"),
                ("行政规范性文件", "27", "18", "228"),
            )
        ),
        Table(
            rows=(
                ("第二十条第（五）项", "", "", ""),
                ("信息内容", "本年处理决定数量", "", ""),
                ("行政许可", "92486", "", ""),
            )
        ),
        Paragraph("- 2 -"),
        Table(rows=(("信息内容", "本年处理决定数量"), ("行政处罚", "26196"), ("行政强制", "68"))),
        Table(
            rows=(
                ("第二十条 第（八）项", ""),
                ("信息内容", "本年收费金额（单位：万元）"),
                ("行政事业性收费", "5098.4139"),
            )
        ),
    ]
    assert_fengtai(parse_tables({"s2": blocks})["t2"])


BEIBEI_2019 = """第二十条第(一)项 | ||||
信息内容 |
本年新制作数量 |
本年新公开数量 |
对外公开总数量 | |
规章 |
0 |
0 |
0 | |
规范性文件 |
40 |
40 |
62 | |
第二十条第(五)项 | ||||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 | |
行政许可 |
622 |
259 |
187481 | |
其他对外管理服务事项 |
1964 |
163 |
1074931 | |
第二十条第(六)项 | ||||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 | |
行政处罚 |
1574 |
430 |
250653 | |
行政强制 |
79 |
0 |
2665 | |
第二十条第(八)项 | ||||
信息内容 |
上一年项目数量 |
本年增/减 | ||
行政事业性收费 |
26 |
37 | ||
第二十条第(九)项 | ||||
信息内容 |
采购项目数量 |
采购总金额 | ||
政府集中采购 |
318 |
74708.228万元 |
"""

BEIBEI_CELLS = {
    "REG": {"MADE": 0, "PUBLISHED": 0, "TOTAL": 0},
    "NORM": {"MADE": 40, "PUBLISHED": 40, "TOTAL": 62},
    "LICENSE": {"PREV_ITEMS": 622, "CHANGE": 259, "DECISIONS": 187481},
    "OTHER_SERVICE": {"PREV_ITEMS": 1964, "CHANGE": 163, "DECISIONS": 1074931},
    "PUNISH": {"PREV_ITEMS": 1574, "CHANGE": 430, "DECISIONS": 250653},
    "COERCE": {"PREV_ITEMS": 79, "CHANGE": 0, "DECISIONS": 2665},
    "FEE": {"PREV_ITEMS": 26, "CHANGE": 37},
    "PROCURE": {"ITEMS": 318, "AMOUNT": 74708.228},
}


def test_2019_layout_with_amount_in_wanyuan() -> None:
    t2 = t2_of(BEIBEI_2019)
    assert t2["layout"] == "2019"
    assert t2["cells"] == BEIBEI_CELLS
    assert t2["blank"] == [] and t2["ambiguous"] == []


def test_2019_amount_in_yuan_is_converted_to_wanyuan() -> None:
    t2 = t2_of(BEIBEI_2019.replace("74708.228万元", "747082280元"))
    assert t2["cells"]["PROCURE"]["AMOUNT"] == 74708.228


def test_2019_amount_unit_from_the_header_cell() -> None:
    t2 = t2_of(
        BEIBEI_2019.replace("采购总金额 |", "采购总金额（元） |").replace(
            "74708.228万元", "747082280"
        )
    )
    assert t2["cells"]["PROCURE"]["AMOUNT"] == 74708.228


def test_2019_negative_change_is_kept() -> None:
    t2 = t2_of(BEIBEI_2019.replace("行政强制 |\n79 |\n0 |", "行政强制 |\n79 |\n-3 |"))
    assert t2["cells"]["COERCE"]["CHANGE"] == -3


def test_layout_told_by_rows_when_header_words_are_lost() -> None:
    text = "\n".join(
        line
        for line in BEIBEI_2019.splitlines()
        if "数量" not in line and "增/减" not in line and "金额" not in line
    )
    assert t2_of(text)["layout"] == "2019"


def test_blank_and_placeholder_cells_in_table_two() -> None:
    text = FENGTAI_ROWS.replace("规章 | 0 | 0 | 0 |", "规章 | / | — |  |").replace(
        "行政强制 | 68 |", "行政强制 | 无 |"
    )
    t2 = t2_of(text)
    assert t2["cells"]["REG"] == {"ISSUED": None, "REPEALED": None, "IN_FORCE": None}
    assert t2["cells"]["COERCE"] == {"DECISIONS": None}
    assert sorted(t2["blank"]) == ["COERCE.DECISIONS", "REG.IN_FORCE", "REG.ISSUED", "REG.REPEALED"]
    assert t2["cells"]["NORM"] == FENGTAI_T2["NORM"]


def test_pdf_text_lines() -> None:
    text = """第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 27 18 228
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 92486
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 26196
行政强制 68
第二十条 第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 5098.4139
"""
    assert_fengtai(t2_of(text))


def test_glued_cells_split_only_when_a_single_reading_exists() -> None:
    text = FENGTAI_ROWS.replace("规章 | 0 | 0 | 0 |", "规章 | 000 |").replace(
        "行政规范性文件 | 27 | 18 | 228 |", "行政规范性文件 | 2718228 |"
    )
    t2 = t2_of(text)
    assert t2["cells"]["REG"] == {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0}
    assert t2["cells"]["NORM"] == {"ISSUED": None, "REPEALED": None, "IN_FORCE": None}
    assert sorted(t2["ambiguous"]) == ["NORM.IN_FORCE", "NORM.ISSUED", "NORM.REPEALED"]


def test_prose_only_section_two_has_no_table() -> None:
    text = "2022年通过政府网站主动公开各类政务信息4574条，其中行政许可信息1200条。\n(一)持续做好营商环境专题信息公开工作\n"
    assert t2_of(text) == {"present": False}


def test_traditional_table_two() -> None:
    text = (
        FENGTAI_ROWS.replace("规章", "規章")
        .replace("行政规范性文件", "行政規範性檔案")
        .replace("行政许可", "行政許可")
        .replace("行政处罚", "行政處罰")
        .replace("行政强制", "行政強制")
        .replace("行政事业性收费", "行政事業性收費")
    )
    # Taiwan-phrased conversions write 檔案 for 文件 (seed 003)
    assert_fengtai(t2_of(text))


def test_unit_after_a_space_and_page_numbers_between_rows() -> None:
    text = FENGTAI_ROWS.replace("| 5098.4139 |", "| 5098.4139 万元 |").replace(
        "第二十条第（六）项 |", "- 2 -\n第二十条第（六）项 |"
    )
    assert_fengtai(t2_of(text))


def test_row_label_variants() -> None:
    text = FENGTAI_ROWS.replace("行政许可 |", "行政许可事项 |").replace(
        "行政强制 |", "行政强制措施 |"
    )
    assert_fengtai(t2_of(text))


def test_values_glued_to_their_labels() -> None:
    text = FENGTAI_ROWS.replace("行政事业性收费 | 5098.4139 |", "行政事业性收费5098.4139").replace(
        "行政许可 | 92,486 |", "行政许可92486"
    )
    assert_fengtai(t2_of(text))


def test_row_names_in_prose_without_header_or_numbers_are_not_a_table() -> None:
    assert t2_of("规章\n今年未制定规章。\n行政规范性文件\n今年清理行政规范性文件。\n") == {
        "present": False
    }


def test_table_two_skeleton_under_its_header_is_present_and_lost() -> None:
    t2 = t2_of(
        "第二十条第（一）项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | | | |\n行政规范性文件 | | | |\n"
    )
    assert t2["present"] is True and t2["empty"] is True and t2["lost"] is True


def _beibei_grid_2019(*, blank_span: bool = False) -> Table:
    """Seed 004's table 二 as one 4-column grid: the last cell of the 第（八）/（九）项 blocks
    spans two columns, so the extractor repeats its value (or, with ``blank_span``, a PDF
    converter leaves the covered cell empty)."""

    def span(value: str) -> tuple[str, str]:
        return (value, "" if blank_span else value)

    rows = [
        ("第二十条第（一）项",) * 4,
        ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("规章", "0", "0", "0"),
        ("规范性文件", "40", "40", "62"),
        ("第二十条第（五）项",) * 4,
        ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政许可", "622", "259", "187481"),
        ("其他对外管理服务事项", "1964", "163", "1074931"),
        ("第二十条第（六）项",) * 4,
        ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政处罚", "1574", "430", "250653"),
        ("行政强制", "79", "0", "2665"),
        ("第二十条第（八）项",) * 4,
        ("信息内容", "上一年项目数量", *span("本年增/减")),
        ("行政事业性收费", "26", *span("37")),
        ("第二十条第（九）项",) * 4,
        ("信息内容", "采购项目数量", *span("采购总金额")),
        ("政府集中采购", "318", *span("74708.228万元")),
    ]
    return Table(rows=tuple(rows))


def test_2019_grid_last_cell_spanning_two_columns_is_read_once() -> None:
    t2 = parse_tables({"s2": [_beibei_grid_2019()]})["t2"]
    assert t2["layout"] == "2019"
    assert t2["cells"] == BEIBEI_CELLS
    assert t2["ambiguous"] == []


def test_2019_grid_spanned_cell_left_empty_is_read_once() -> None:
    t2 = parse_tables({"s2": [_beibei_grid_2019(blank_span=True)]})["t2"]
    assert t2["cells"] == BEIBEI_CELLS
    assert t2["blank"] == [] and t2["ambiguous"] == []


def test_2019_grid_spanned_zero_change_is_one_zero_not_a_shifted_row() -> None:
    grid = _beibei_grid_2019()
    rows = [r if r[0] != "行政事业性收费" else ("行政事业性收费", "0", "0", "0") for r in grid.rows]
    t2 = parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"]
    assert t2["cells"]["FEE"] == {"PREV_ITEMS": 0, "CHANGE": 0}


def test_row_with_two_possible_spanned_cells_is_not_guessed() -> None:
    # 5, 5, 7, 7 for three cells: 5, 7, 7 or 5, 5, 7 — which cell was spanned is unknown
    grid = _beibei_grid_2019()
    rows = [*grid.rows[:6], ("行政许可", "5", "5", "7", "7"), *grid.rows[7:]]
    t2 = parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"]
    assert t2["cells"]["LICENSE"] == {"PREV_ITEMS": None, "CHANGE": None, "DECISIONS": None}
    assert {"LICENSE.PREV_ITEMS", "LICENSE.CHANGE", "LICENSE.DECISIONS"} <= set(t2["ambiguous"])


def test_2021_grid_value_repeated_over_a_three_column_span_is_one_value() -> None:
    rows = [
        ("第二十条第（五）项",) * 4,
        ("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
        ("行政许可", "550", "550", "550"),
        ("第二十条第（六）项",) * 4,
        ("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
        ("行政处罚", "0", "0", "0"),
        ("行政强制", "7", "7", "7"),
    ]
    t2 = parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"]
    assert t2["layout"] == "2021"
    assert t2["cells"]["LICENSE"] == {"DECISIONS": 550}
    assert t2["cells"]["PUNISH"] == {"DECISIONS": 0}
    assert t2["cells"]["COERCE"] == {"DECISIONS": 7}


def test_traditional_wanyuan_header_keeps_the_fee_amount_in_wanyuan() -> None:
    text = FENGTAI_ROWS.replace("本年收费金额（单位：万元）", "本年收費金額（單位：萬元）")
    assert "萬元" in text
    assert t2_of(text)["cells"]["FEE"]["AMOUNT"] == 5098.4139


def test_traditional_yuan_header_still_converts_to_wanyuan() -> None:
    text = FENGTAI_ROWS.replace("本年收费金额（单位：万元）", "本年收費金額（單位：元）").replace(
        "5098.4139", "50984139"
    )
    assert t2_of(text)["cells"]["FEE"]["AMOUNT"] == 5098.4139


def test_traditional_wanyuan_suffix_in_the_procurement_cell_is_read() -> None:
    for amount in ("74708.228萬元", "74708.228 萬元"):
        t2 = t2_of(BEIBEI_2019.replace("74708.228万元", amount))
        assert t2["cells"]["PROCURE"] == {"ITEMS": 318, "AMOUNT": 74708.228}, amount


def test_number_spaced_inside_a_pdf_cell_is_not_taken_for_a_spanned_copy() -> None:
    # a PDF cell "1 1" (letter-spaced 11) next to a 1 would collapse to 1 as a span repeat
    rows = [
        ("第二十条第（一）项",) * 4,
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "0", "0", "0"),
        ("行政规范性文件", "3", "6", "1 1"),
    ]
    t2 = parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"]
    assert t2["cells"]["NORM"] == {"ISSUED": 3, "REPEALED": 6, "IN_FORCE": 11}
    rows[-1] = ("行政规范性文件", "3", "1", "1 1")
    t2 = parse_tables({"s2": [Table(rows=tuple(rows))]})["t2"]
    assert t2["cells"]["NORM"] == {"ISSUED": 3, "REPEALED": 1, "IN_FORCE": 11}
