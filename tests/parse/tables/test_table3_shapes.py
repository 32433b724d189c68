"""Table 三 from every flattened-text shape and from grids: exact cells, blanks, ambiguity."""

from __future__ import annotations

import opencc
import pytest

from reader.extract.blocks import Paragraph, Table
from reader.parse.tables import parse_tables
from reader.record import T3_COLS, T3_GROUP_LABELS, T3_ROW_LABELS, T3_ROWS_2019, T3_ROWS_2021

from .builders import (
    FENGTAI_T3,
    FENGTAI_T3_ROWS,
    NOTE,
    blocks_of,
    t3_cells,
    t3_glued,
    t3_grid,
    t3_markdown,
    t3_one_cell_per_line,
    t3_pdf_text,
    t3_pipe_rows,
)


def t3_of(text: str, section: str = "s3") -> dict:
    return parse_tables({section: blocks_of(text)})["t3"]


def assert_exact(t3: dict, cells: dict, layout: str = "2021") -> None:
    assert t3["present"] is True
    assert t3["empty"] is False
    assert t3["layout"] == layout
    assert t3["cells"] == cells
    assert t3["ambiguous"] == []
    assert t3["lost"] is False


def test_one_cell_per_line_with_span_fillers_reads_all_175_cells() -> None:
    t3 = t3_of(t3_one_cell_per_line(FENGTAI_T3_ROWS))
    assert_exact(t3, FENGTAI_T3)
    assert t3["blank"] == []


def test_rows_with_pipes_read_all_cells() -> None:
    assert_exact(t3_of(t3_pipe_rows(FENGTAI_T3_ROWS)), FENGTAI_T3)


def test_markdown_table_reads_all_cells() -> None:
    assert_exact(t3_of(t3_markdown(FENGTAI_T3_ROWS)), FENGTAI_T3)


def test_pdf_text_lines_with_wrapped_and_vertical_labels_read_all_cells() -> None:
    assert_exact(t3_of(t3_pdf_text(FENGTAI_T3_ROWS)), FENGTAI_T3)


def test_grid_with_expanded_spans_reads_all_cells() -> None:
    t3 = parse_tables(
        {"s3": [Paragraph("三、收到和处理政府信息公开申请情况"), t3_grid(FENGTAI_T3_ROWS)]}
    )["t3"]
    assert_exact(t3, FENGTAI_T3)


def test_fully_glued_rows_are_split_by_the_identities() -> None:
    assert_exact(t3_of(t3_glued(FENGTAI_T3_ROWS)), FENGTAI_T3)


def test_glued_rows_without_any_separator_after_the_label() -> None:
    assert_exact(t3_of(t3_glued(FENGTAI_T3_ROWS, sep="")), FENGTAI_T3)


def test_partially_glued_row_keeps_its_separators() -> None:
    text = t3_one_cell_per_line(FENGTAI_T3_ROWS).replace(
        "2111 |\n63 |\n0 |\n0 |\n0 |\n6 |\n2180 |", "2111 |\n630006 |\n2180 |"
    )
    assert_exact(t3_of(text), FENGTAI_T3)


# R3_4 = 1, 10, 0, 0, 0, 0, 11 glued reads "110000011": also 11, 0, 0, 0, 0, 0, 11 by the row
# identity. NEW and R7 are adjusted so that the table stays consistent.
TWO_SPLITS = {
    **FENGTAI_T3_ROWS,
    "NEW": (2105, 71, 0, 0, 0, 6, 2182),
    "R3_4": (1, 10, 0, 0, 0, 0, 11),
    "R7": (2087, 73, 0, 0, 0, 3, 2163),
}
R3_4_LINE = "4.保护第三方合法权益 | 1 | 10 | 0 | 0 | 0 | 0 | 11 |"


def test_glued_row_with_two_row_readings_is_settled_by_the_column_identities() -> None:
    text = t3_pipe_rows(TWO_SPLITS).replace(R3_4_LINE, "4.保护第三方合法权益 | 110000011 |")
    assert_exact(t3_of(text), t3_cells(TWO_SPLITS))


def test_glued_row_that_nothing_settles_is_left_blank_and_ambiguous_never_guessed() -> None:
    rows = {**TWO_SPLITS, "R7": (2088, 73, 0, 0, 0, 3, 2164)}  # the report's own sum is off
    text = t3_pipe_rows(rows).replace(R3_4_LINE, "4.保护第三方合法权益 | 110000011 |")
    t3 = t3_of(text)
    # 1, 10 or 11, 0: the identities cannot tell (the table does not balance with either);
    # the cells both readings agree on are certain
    assert t3["cells"]["R3_4"] == {**dict.fromkeys(T3_COLS, 0), "NP": None, "BIZ": None, "TOT": 11}
    assert t3["ambiguous"] == ["R3_4.NP", "R3_4.BIZ"]
    assert t3["blank"] == []
    assert t3["empty"] is False
    assert t3["cells"]["R7"]["NP"] == 2088  # printed numbers are kept as printed


def test_single_glued_reading_is_not_trusted_when_a_table_with_blanks_cannot_balance() -> None:
    # 10, 0, 0, 0, 0, 1 with 总计 blank, glued "1000001", reads 1, 0, 0, 0, 0, 0, 1 by the row
    # identity alone; the table leaves other cells blank too and its columns do not balance
    # with that reading, so a hidden blank cannot be ruled out and it is not taken.
    rows = {**FENGTAI_T3_ROWS, "R3_3": (10, 0, 0, 0, 0, 1, None), "R5_3": (0, 0, 0, 0, 0, 0, None)}
    text = t3_pipe_rows(rows).replace(
        "3.危及“三安全一稳定” | 10 | 0 | 0 | 0 | 0 | 1 |  |", "3.危及“三安全一稳定” | 1000001 |"
    )
    t3 = t3_of(text)
    assert "1000001" in text
    assert t3["cells"]["R3_3"] == dict.fromkeys(T3_COLS)
    assert t3["ambiguous"] == [f"R3_3.{c}" for c in T3_COLS]
    assert t3["blank"] == ["R5_3.TOT"]


def test_glued_rows_are_not_split_when_the_table_leaves_totals_blank() -> None:
    rows = {
        k: (*v[:6], None) if k not in ("NEW", "CARRY_IN", "R7", "CARRY_OUT") else v
        for k, v in FENGTAI_T3_ROWS.items()
    }
    text = t3_pipe_rows(rows).replace(
        "1.属于国家秘密 | 14 | 0 | 0 | 0 | 0 | 0 |  |", "1.属于国家秘密 | 140000014 |"
    )
    t3 = t3_of(text)
    assert "140000014" in text
    assert t3["cells"]["R3_1"] == dict.fromkeys(T3_COLS)


def test_pdf_number_split_in_two_tokens_is_joined_when_only_one_join_fits() -> None:
    text = t3_pdf_text(FENGTAI_T3_ROWS).replace("1270 34 0 0 0 1 1305", "12 70 34 0 0 0 1 1305")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_blank_and_placeholder_cells_are_none_and_listed_never_zero() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS)
    text = text.replace(
        "3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "3.危及“三安全一稳定” | / | - | — | 空 | 无 |  | &nbsp; |",
    )
    t3 = t3_of(text)
    assert t3["cells"]["R3_3"] == dict.fromkeys(T3_COLS)
    assert sorted(t3["blank"]) == sorted(f"R3_3.{c}" for c in T3_COLS)
    assert t3["ambiguous"] == []
    assert t3["cells"]["NEW"] == FENGTAI_T3["NEW"]


def test_total_column_left_blank_on_result_rows_stays_blank() -> None:
    rows = {
        k: (*v[:6], None) if k not in ("NEW", "CARRY_IN", "R7", "CARRY_OUT") else v
        for k, v in FENGTAI_T3_ROWS.items()
    }
    for render in (t3_pipe_rows, t3_one_cell_per_line):
        t3 = t3_of(render(rows))
        assert t3["cells"] == t3_cells(rows), render.__name__
        assert "R1.TOT" in t3["blank"] and "R7.TOT" not in t3["blank"]
        assert t3["ambiguous"] == []


def test_blank_first_cell_in_one_cell_per_line_text() -> None:
    rows = dict(FENGTAI_T3_ROWS)
    rows["R3_3"] = (None, 0, 0, 0, 0, 0, 0)
    t3 = t3_of(t3_one_cell_per_line(rows))
    assert t3["cells"]["R3_3"] == dict(zip(T3_COLS, rows["R3_3"], strict=True))
    assert t3["blank"] == ["R3_3.NP"]


BEIBEI_2019 = {
    "NEW": (49, 1, 0, 0, 0, 0, 50),
    "CARRY_IN": (0, 0, 0, 0, 0, 0, 0),
    "R1": (26, 1, 0, 0, 0, 0, 27),
    "R2": (1, 0, 0, 0, 0, 0, 1),
    **{f"R3_{i}": (0,) * 7 for i in range(1, 9)},
    "R4_1": (8, 0, 0, 0, 0, 0, 8),
    "R4_2": (0,) * 7,
    "R4_3": (0,) * 7,
    **{f"R5_{i}": (0,) * 7 for i in range(1, 6)},
    "R6": (9, 0, 0, 0, 0, 0, 9),
    "R7": (45, 1, 0, 0, 0, 0, 46),
    "CARRY_OUT": (4, 0, 0, 0, 0, 0, 4),
}
BEIBEI_2019["R3_6"] = (1, 0, 0, 0, 0, 0, 1)


@pytest.mark.parametrize(
    "render", [t3_one_cell_per_line, t3_pipe_rows, t3_markdown, t3_pdf_text, t3_glued]
)
def test_2019_layout_has_one_r6_row(render) -> None:
    assert tuple(BEIBEI_2019) == T3_ROWS_2019 or set(BEIBEI_2019) == set(T3_ROWS_2019)
    t3 = t3_of(render(BEIBEI_2019, layout="2019"))
    assert_exact(t3, t3_cells({k: BEIBEI_2019[k] for k in T3_ROWS_2019}), layout="2019")


def test_damaged_and_variant_labels_are_matched_by_label() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS)
    replacements = {
        T3_ROW_LABELS["R3_2"]: "2.其他法律行政止公开",
        T3_ROW_LABELS["R2"]: "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        T3_ROW_LABELS["R6_1"]: "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
        T3_ROW_LABELS["R5_5"]: "5.要求行政机关确认或重 新出具已获取信息",
        T3_ROW_LABELS["NEW"]: "一、本年新收政府信息公开申请数量（件）",
    }
    for old, new in replacements.items():
        text = text.replace(old + " |", new + " |")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_traditional_labels_with_pinyin_noise_are_matched() -> None:
    text = opencc.OpenCC("s2t").convert(t3_one_cell_per_line(FENGTAI_T3_ROWS))
    text = text.replace("申請", "申(shēn)請").replace("處理", "處(chù)理")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_rows_matched_by_label_not_position_when_two_rows_are_swapped() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS)
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("1.信访举报"))
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    assert_exact(t3_of("\n".join(lines)), FENGTAI_T3)


def test_row_with_a_lost_label_is_placed_by_position_between_matched_rows() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS).replace(T3_ROW_LABELS["R4_2"] + " |", "???? |")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_subtotal_rows_and_column_are_accepted_and_ignored() -> None:
    lines = [
        NOTE + " |",
        "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 法人或其他组织小计 | 总计 |",
    ]
    groups = {
        "R3_1": "（三）不予公开",
        "R4_1": "（四）无法提供",
        "R5_1": "（五）不予处理",
        "R6_1": "（六）其他处理",
    }
    for key, values in FENGTAI_T3_ROWS.items():
        if key in groups:
            members = [k for k in FENGTAI_T3_ROWS if k.startswith(key[:3])]
            sums = [sum(FENGTAI_T3_ROWS[m][c] for m in members) for c in range(7)]
            lines.append(
                " | ".join([groups[key], *map(str, sums[:6]), str(sum(sums[1:6])), str(sums[6])])
                + " |"
            )
        row = [*map(str, values[:6]), str(sum(values[1:6])), str(values[6])]
        lines.append(" | ".join([T3_ROW_LABELS[key], *row]) + " |")
    assert_exact(t3_of("\n".join(lines)), FENGTAI_T3)


def _group_sums(key: str) -> list[int]:
    members = [k for k in FENGTAI_T3_ROWS if k.startswith(key[:3])]
    return [sum(FENGTAI_T3_ROWS[m][c] for m in members) for c in range(7)]


def _with_subtotals_after_groups(grid: Table) -> Table:
    """A 小计 row after the last row of each group (三)…(六), its group label repeated by the
    rowspan expansion as extractors give it."""
    last_of = {"R3_8": "R3", "R4_3": "R4", "R5_5": "R5", "R6_3": "R6"}
    out = []
    for row in grid.rows:
        out.append(row)
        key = next((k for k in last_of if row[2] == T3_ROW_LABELS[k]), None)
        if key is not None:
            out.append((row[0], row[1], "小计", *map(str, _group_sums(key))))
    return Table(rows=tuple(out))


def test_subtotal_rows_after_each_group_in_a_grid_do_not_cut_the_table() -> None:
    grid = _with_subtotals_after_groups(t3_grid(FENGTAI_T3_ROWS))
    t3 = parse_tables({"s3": [Paragraph("三、收到和处理政府信息公开申请情况"), grid]})["t3"]
    assert_exact(t3, FENGTAI_T3)


def test_subtotal_rows_after_each_group_as_pipe_rows_are_ignored() -> None:
    lines = []
    for line in t3_pipe_rows(FENGTAI_T3_ROWS).splitlines():
        lines.append(line)
        for key in ("R3_8", "R4_3", "R5_5", "R6_3"):
            if line.startswith(T3_ROW_LABELS[key] + " |"):
                group = T3_GROUP_LABELS[key[:2]]
                lines.append(" | ".join([group + "小计", *map(str, _group_sums(key))]) + " |")
    assert_exact(t3_of("\n".join(lines)), FENGTAI_T3)


def test_table_skeleton_without_values_is_present_empty_and_lost() -> None:
    text = "\n".join(
        [
            "三、收到和處理政府信息公開申請情況",
            "2022年度全區共收到依申請公開政府信息236件。",
            "(本列數據的勾稽關係為:第一項加第二項之和,等於第三項加第四項之和) | |",
            "| | |",
            "| | | | | | | |",
            "(二)部分公開(區分處理的,只計這一情形,不計其他情形) | | | | | | | |",
            "| | | | | | | | |",
            "| 1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請 | | | | | | | |",
            "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請 | | | | | | | |",
            "| | | | | | | |",
        ]
    )
    t3 = t3_of(text)
    assert t3["present"] is True
    assert t3["empty"] is True
    assert t3["lost"] is True
    assert all(v is None for row in t3["cells"].values() for v in row.values())


def test_table_of_placeholders_only_is_empty_but_not_lost() -> None:
    rows = {k: (None,) * 7 for k in FENGTAI_T3_ROWS}
    text = t3_pipe_rows(rows).replace(" |  |", " | / |").replace("|  |", "| / |")
    text = "\n".join(line.replace("|  ", "| / ") for line in text.splitlines())
    t3 = t3_of(text)
    assert t3["present"] is True and t3["empty"] is True and t3["lost"] is False


def test_prose_only_section_has_no_table() -> None:
    text = "三、收到和处理政府信息公开申请情况\n2022年度全区共收到依申请公开政府信息236件,上年结转申请7件;已办结227件,结转下年度继续办理9件。\n"
    assert t3_of(text) == {"present": False}


def test_table_three_is_recognised_outside_its_section() -> None:
    text = t3_one_cell_per_line(FENGTAI_T3_ROWS)
    head, tail = text.split("四、结转下年度继续办理 |")
    section_blocks = {
        "s2": blocks_of(head),  # mis-split: table 三 under section 二
        "s4": blocks_of("四、结转下年度继续办理 |" + tail),  # its last row taken for heading 四
    }
    t3 = parse_tables(section_blocks)["t3"]
    assert_exact(t3, FENGTAI_T3)


def test_grid_split_over_two_tables_at_a_page_break() -> None:
    grid = t3_grid(FENGTAI_T3_ROWS)
    cut = 15
    blocks = [Table(rows=grid.rows[:cut]), Paragraph("- 3 -"), Table(rows=grid.rows[cut:])]
    assert_exact(parse_tables({"s3": blocks})["t3"], FENGTAI_T3)


def test_thousands_separators_and_full_width_digits() -> None:
    text = (
        t3_pipe_rows(FENGTAI_T3_ROWS)
        .replace("| 2111 |", "| 2,111 |")
        .replace("| 2180 |", "| ２１８０ |")
    )
    assert_exact(t3_of(text), FENGTAI_T3)


def test_lost_label_in_one_cell_per_line_text_splits_the_fourteen_numbers() -> None:
    # the converter dropped the label cell of R5_2: its numbers run on under R5_1's label
    text = t3_one_cell_per_line(FENGTAI_T3_ROWS).replace(T3_ROW_LABELS["R5_2"] + " |\n", "")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_first_and_last_rows_without_labels_next_to_their_neighbours() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS)
    text = text.replace(T3_ROW_LABELS["NEW"] + " |", " |").replace(
        T3_ROW_LABELS["CARRY_OUT"] + " |", " |"
    )
    assert_exact(t3_of(text), FENGTAI_T3)


def test_table_with_every_row_label_lost_is_read_by_position_after_the_note() -> None:
    lines = [
        NOTE + " |",
        "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
    ]
    lines += [" | ".join(["", *map(str, v)]) + " |" for v in FENGTAI_T3_ROWS.values()]
    assert_exact(t3_of("\n".join(lines)), FENGTAI_T3)


def test_group_and_row_label_in_one_cell() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS)
    text = text.replace("1.属于国家秘密 |", "（三）不予公开 1.属于国家秘密 |")
    text = text.replace(
        "1.本机关不掌握相关政府信息 |", "（四）无法提供1.本机关不掌握相关政府信息 |"
    )
    text = text.replace("（一）予以公开 |", "三、本年度办理结果（一）予以公开 |")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_taiwan_phrased_labels_are_matched() -> None:
    # s2twp writes 資訊 for 信息 and 檔案 for 文件 (seed 003 was converted this way)
    text = opencc.OpenCC("s2twp").convert(t3_pipe_rows(FENGTAI_T3_ROWS))
    assert "資訊" in text
    assert_exact(t3_of(text), FENGTAI_T3)


def test_every_cell_on_its_own_line_without_pipes() -> None:
    text = t3_one_cell_per_line(FENGTAI_T3_ROWS)
    text = "\n".join(
        line.replace("|", "").strip() for line in text.splitlines() if line.replace("|", "").strip()
    )
    assert_exact(t3_of(text), FENGTAI_T3)


def test_tab_separated_rows() -> None:
    text = t3_pipe_rows(FENGTAI_T3_ROWS).replace(" | ", "\t").replace(" |", "")
    assert_exact(t3_of(text), FENGTAI_T3)


def test_short_row_with_a_blank_total_is_not_split_as_glued_digits() -> None:
    # 10, 0, 0, 0, 0, 1 with 总计 left blank must not become 1, 0, 0, 0, 0, 0, 1
    rows = {**FENGTAI_T3_ROWS, "R3_3": (10, 0, 0, 0, 0, 1, None)}
    t3 = t3_of(t3_one_cell_per_line(rows))
    assert t3["cells"]["R3_3"] == dict(zip(T3_COLS, rows["R3_3"], strict=True))
    assert t3["blank"] == ["R3_3.TOT"]


def test_whole_table_run_into_one_line_with_spaces() -> None:
    text = " ".join(t3_pdf_text(FENGTAI_T3_ROWS).splitlines())
    assert_exact(t3_of("三、收到和处理政府信息公开申请情况\n" + text + "\n"), FENGTAI_T3)


def test_whole_table_run_into_one_line_with_glued_digits() -> None:
    text = "".join(t3_glued(FENGTAI_T3_ROWS, sep="").splitlines())
    assert_exact(t3_of("三、收到和处理政府信息公开申请情况\n" + text + "\n"), FENGTAI_T3)


def test_prose_with_numbers_is_not_taken_for_a_flattened_table() -> None:
    text = "2023年丰台区共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元，全年受理申请2180件，办结2161件。"
    assert parse_tables({"s6": blocks_of(text)}) == {
        k: {"present": False} for k in ("t2", "t3", "t4")
    }


def test_table_in_its_own_section_wins_over_another_copy_elsewhere() -> None:
    other = {
        k: tuple(v + 1 if i < 6 else v + 6 for i, v in enumerate(vals))
        for k, vals in FENGTAI_T3_ROWS.items()
    }
    section_blocks = {
        "s1": blocks_of(t3_pipe_rows(other) + "\n".join(f"说明第{i}段。" for i in range(20))),
        "s3": blocks_of(t3_pipe_rows(FENGTAI_T3_ROWS)),
    }
    assert_exact(parse_tables(section_blocks)["t3"], FENGTAI_T3)


def test_total_column_printed_first_is_put_last() -> None:
    lines = [
        NOTE + " |",
        "总计 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
    ]
    for key, v in FENGTAI_T3_ROWS.items():
        lines.append(" | ".join([T3_ROW_LABELS[key], str(v[6]), *map(str, v[:6])]) + " |")
    assert_exact(t3_of("\n".join(lines)), FENGTAI_T3)


def test_sub_headings_that_read_like_rows_are_not_an_empty_table() -> None:
    text = "（一）予以公开\n全年予以公开448件。\n（二）部分公开\n部分公开129件。\n（三）不予公开\n不予公开95件。\n"
    assert t3_of(text) == {"present": False}


def _empty_skeleton_lines(layout: str = "2021", sep: str = "\t") -> list[str]:
    """An empty table 三 copied from a browser (``sep`` = tab) or a PDF text layer (``sep`` =
    space): the header, then every row label with nothing after it."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        NOTE + sep + "申请人情况",
        sep.join(["自然人", "法人或其他组织", "总计"]),
        sep.join(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]),
    ]
    for key in T3_ROWS_2021 if layout == "2021" else T3_ROWS_2019:
        lines.append(T3_ROW_LABELS[key] + sep * 7)
    return lines


def _assert_empty_skeleton(t3: dict) -> None:
    assert t3["present"] is True
    assert t3["empty"] is True
    assert t3["lost"] is True
    assert all(v is None for row in t3["cells"].values() for v in row.values())


def test_empty_skeleton_copied_with_tabs_is_present_and_empty() -> None:
    # with the trailing tabs as typed, and without them (the text extractor strips them)
    lines = _empty_skeleton_lines()
    _assert_empty_skeleton(t3_of("\n".join(lines)))
    _assert_empty_skeleton(t3_of("\n".join(line.rstrip("\t") for line in lines)))


def test_empty_skeleton_as_pdf_text_lines_is_present_and_empty() -> None:
    lines = [line.rstrip() for line in _empty_skeleton_lines(sep=" ")]
    # a long label wrapped over two lines, as PDF text layers do
    i = next(i for i, line in enumerate(lines) if line.startswith("2.申请人逾期"))
    lines[i : i + 1] = [lines[i][:18], lines[i][18:]]
    _assert_empty_skeleton(t3_of("\n".join(lines)))


def test_empty_skeleton_lines_followed_by_table_four_numbers_are_still_table_three() -> None:
    lines = [line.rstrip() for line in _empty_skeleton_lines(sep=" ")]
    lines += [
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
        "0 0 1 0 1 0 0 0 1 1 0 0 0 0 0",
    ]
    _assert_empty_skeleton(t3_of("\n".join(lines)))


def test_row_labels_as_lines_without_the_table_header_are_not_a_table() -> None:
    # a report listing the result kinds as sub-headings, with no 勾稽关系 note or column heads
    lines = [line.rstrip() for line in _empty_skeleton_lines(sep=" ")][4:]
    assert t3_of("\n".join(lines)) == {"present": False}


def test_tab_separated_row_keeps_the_position_of_a_blank_cell() -> None:
    lines = t3_pipe_rows(FENGTAI_T3_ROWS).splitlines()
    text = "\n".join(line.rstrip(" |").replace(" | ", "\t") for line in lines)
    text = text.replace("\t14\t0\t0\t0\t0\t0\t14", "\t14\t\t0\t0\t0\t0\t14")  # R3_1.BIZ blank
    t3 = t3_of(text)
    cells = {k: dict(v) for k, v in FENGTAI_T3.items()}
    cells["R3_1"]["BIZ"] = None
    assert t3["cells"] == cells
    assert t3["blank"] == ["R3_1.BIZ"]
