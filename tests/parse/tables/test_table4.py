"""Table 四: 15 numbers by position, damaged headers, sub-tables, glued digits, blanks."""

from __future__ import annotations

from reader.extract.blocks import Table
from reader.parse.tables import parse_tables

from .builders import FENGTAI_T4, blocks_of, t4_cells

NUMBERS = [v for g in ("REV", "LD", "LR") for v in FENGTAI_T4[g]]


def t4_of(text: str) -> dict:
    return parse_tables({"s4": blocks_of(text)})["t4"]


def assert_fengtai(t4: dict) -> None:
    assert t4["present"] is True and t4["empty"] is False
    assert t4["cells"] == t4_cells(FENGTAI_T4)
    assert t4["blank"] == [] and t4["ambiguous"] == [] and t4["lost"] is False
    assert "layout" not in t4


HEADER_002 = (
    "行政复议 |\n行政诉讼 |\n|||||||||||||\n结果维持 |\n结果 |\n其他 |\n尚未 |\n总计 |\n"
    "未经复议直接起诉 |\n复议后起诉 |\n||||||||\n"
    + "结果 |\n结果 |\n其他 |\n尚未 |\n总计 |\n" * 2
    + "|||||\n"
)
SEED_002_SHAPE = HEADER_002 + "".join(f"{v} |\n" for v in NUMBERS)


def test_one_cell_per_line_with_truncated_header_cells() -> None:
    assert_fengtai(t4_of(SEED_002_SHAPE))


def test_markdown_with_the_fifteen_numbers_on_one_line() -> None:
    text = (
        "## 表四\n| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n"
        "| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| " + " | ".join(map(str, NUMBERS)) + " |\n"
    )
    assert_fengtai(t4_of(text))


def test_pdf_grid_with_header_letters_wrapped() -> None:
    rows = (
        ("行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""),
        (
            "结果\n维持",
            "结果\n纠正",
            "其他\n结果",
            "尚未\n审结",
            "总 计",
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
            "",
            "",
            "",
            "",
        ),
        (
            "",
            "",
            "",
            "",
            "",
            *(("结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总 计") * 2),
        ),
        tuple(map(str, NUMBERS)),
    )
    assert_fengtai(parse_tables({"s4": [Table(rows=rows)]})["t4"])


def test_three_sub_tables_are_ordered_by_their_group_words() -> None:
    def sub(title: str, values: tuple[int, ...]) -> str:
        return (
            f"{title} |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
            + " | ".join(map(str, values))
            + " |\n"
        )

    text = (
        sub("行政诉讼（复议后起诉）", FENGTAI_T4["LR"])
        + sub("行政复议", FENGTAI_T4["REV"])
        + sub("行政诉讼（未经复议直接起诉）", FENGTAI_T4["LD"])
    )
    assert_fengtai(t4_of(text))


def test_three_rows_of_five_in_official_group_order() -> None:
    text = "项目 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n" + "".join(
        f"{label} | " + " | ".join(map(str, FENGTAI_T4[g])) + " |\n"
        for label, g in (("行政复议", "REV"), ("未经复议直接起诉", "LD"), ("复议后起诉", "LR"))
    )
    assert_fengtai(t4_of(text))


def test_pdf_text_line_of_fifteen_numbers() -> None:
    text = (
        "行政复议 行政诉讼\n结果 结果 其他 尚未 总 计 未经复议直接起诉 复议后起诉\n维持 纠正 结果 审结\n"
        "结果 结果 其他 尚未 总 计 结果 结果 其他 尚未 总计\n维持 纠正 结果 审结 维持 纠正 结果 审结\n"
        + " ".join(map(str, NUMBERS))
        + "\n"
    )
    assert_fengtai(t4_of(text))


def test_glued_fifteen_numbers_are_split_by_the_group_totals() -> None:
    t4 = t4_of(HEADER_002 + "".join(map(str, NUMBERS)) + " |\n")
    assert t4["cells"]["REV"] == t4_cells(FENGTAI_T4)["REV"]
    assert t4["cells"]["LD"] == t4_cells(FENGTAI_T4)["LD"]
    # "10125" + "18" is 10, 1, 2, 5 or 1, 0, 12, 5: both add up to 18 — not guessed
    assert t4["cells"]["LR"] == {"KEEP": None, "CORR": None, "OTHER": None, "PEND": 5, "TOT": 18}
    assert t4["ambiguous"] == ["LR.KEEP", "LR.CORR", "LR.OTHER"]


def test_blank_cells_are_none_and_listed() -> None:
    values = ["0", "/", "0", "0", "0", *map(str, NUMBERS[5:])]
    t4 = t4_of(
        "行政复议 | 行政诉讼 |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        + " | ".join(values)
        + " |\n"
    )
    assert t4["cells"]["REV"] == {"KEEP": 0, "CORR": None, "OTHER": 0, "PEND": 0, "TOT": 0}
    assert t4["blank"] == ["REV.CORR"]


def test_header_without_numbers_is_present_empty_and_lost() -> None:
    t4 = t4_of("行政复议 |\n行政诉讼 |\n结果维持 |\n结果纠正 |\n| | | | | |\n")
    assert t4["present"] is True and t4["empty"] is True and t4["lost"] is True


def test_prose_about_reviews_is_not_a_table() -> None:
    assert t4_of("2022年度，全区因政府信息公开工作被申请行政复议25件，提起行政诉讼5件。\n") == {
        "present": False
    }


def test_real_report_error_is_kept_as_printed() -> None:
    # 洪泽区 2023 prints 行政复议 10 1 0 0 with 总计 0: the parser keeps it, the audit flags it
    values = [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    t4 = t4_of(HEADER_002 + "".join(f"{v} |\n" for v in values))
    assert t4["cells"]["REV"] == {"KEEP": 10, "CORR": 1, "OTHER": 0, "PEND": 0, "TOT": 0}
    assert t4["ambiguous"] == []


def test_transposed_table_with_results_as_rows_and_groups_as_columns() -> None:
    text = "结果 | 行政复议 | 未经复议直接起诉 | 复议后起诉 |\n" + "".join(
        f"{label} | " + " | ".join(str(FENGTAI_T4[g][c]) for g in ("REV", "LD", "LR")) + " |\n"
        for c, label in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    )
    assert_fengtai(t4_of(text))


def test_value_row_with_its_own_short_label() -> None:
    text = (
        HEADER_002
        + "件数 | "
        + " | ".join(map(str, NUMBERS))
        + " |\n五、存在的主要问题及改进情况\n"
    )
    assert_fengtai(t4_of(text))


def test_sub_headings_about_reviews_and_suits_are_not_an_empty_table() -> None:
    text = (
        "（一）行政复议\n本年度共收到行政复议申请2件。\n（二）行政诉讼\n本年度发生行政诉讼1件。\n"
    )
    assert t4_of(text) == {"present": False}
