"""Scraped pages: the whole report on one line, cells run together.

Every text here is written for the test (``flat.py``), not copied from a report; each case
states the exact cells, including the ones that must stay unread.
"""

from __future__ import annotations

import pytest

from audit.engine import run_rules
from reader.parse import read_report
from reader.record import T3_COLS, T4_COLS, T4_GROUPS, public_view, t3_rows

from .flat import T4_HEADER, scraped_report, t3_flat, t4_flat

ZERO = (0,) * 7


def _table(layout: str = "2021", **rows: tuple[int | None, ...]) -> dict[str, tuple]:
    out: dict[str, tuple] = {k: ZERO for k in t3_rows(layout)}
    out.update(rows)
    return out


# A table 三 whose every row has one reading: the background for table-四 cases.
PLAIN_T3 = _table(
    NEW=(41, 3, 0, 0, 0, 0, 44),
    R1=(20, 1, 0, 0, 0, 0, 21),
    R4_1=(21, 2, 0, 0, 0, 0, 23),
    R7=(41, 3, 0, 0, 0, 0, 44),
)
T4 = {"REV": (11, 0, 2, 4, 17), "LD": (0, 0, 0, 0, 0), "LR": (3, 5, 1, 0, 9)}


def parse(text: str) -> dict:
    return read_report(text.encode("utf-8"), "scraped.txt")


def t4_of(t4_text: str) -> dict:
    return parse(scraped_report(t3_flat(PLAIN_T3), t4_text))["tables"]["t4"]


def t4_cells(groups: dict[str, tuple[int | None, ...]]) -> dict:
    return {g: dict(zip(T4_COLS, groups[g], strict=True)) for g in T4_GROUPS}


# ---- shape 1: table 四 flattened ---------------------------------------------------------


def test_table_four_glued_run_after_glued_headings_is_read_by_the_group_identities() -> None:
    # 11|0|2|4|17 | 0|0|0|0|0 | 3|5|1|0|9: "1102417" has one split meeting 维持+纠正+其他+尚未=总计
    # other than 1,10,2,4,17 — both total 17, so REV.KEEP / REV.CORR stay unread
    t4 = t4_of(t4_flat(T4))
    assert t4["present"] is True and t4["empty"] is False
    assert t4["cells"] == t4_cells({**T4, "REV": (None, None, 2, 4, 17)})
    assert t4["ambiguous"] == ["REV.KEEP", "REV.CORR"]
    assert t4["decided_by"] == {
        f"{g}.{c}": "identity"
        for g in T4_GROUPS
        for c in T4_COLS
        if (g, c) not in (("REV", "KEEP"), ("REV", "CORR"))
    }
    assert t4["source"].endswith("11024170000035109")


@pytest.mark.parametrize(
    ("sentence", "keep"),
    [
        ("全年发生政府信息公开行政复议案件17件，其中维持11件、尚未审结4件。", 11),
        # 维持 2: no split gives it (11, 0 or 1, 10) — a contradiction, not evidence
        ("全年发生政府信息公开行政复议案件17件，其中维持2件。", None),
    ],
)
def test_table_four_splits_left_open_are_decided_by_the_prose_counts(
    sentence: str, keep: int | None
) -> None:
    record = parse(scraped_report(t3_flat(PLAIN_T3), t4_flat(T4), s1_extra=sentence))
    t4 = record["tables"]["t4"]
    assert t4["cells"]["REV"]["KEEP"] == keep
    if keep is None:
        assert t4["ambiguous"] == ["REV.KEEP", "REV.CORR"]
    else:
        assert t4["cells"] == t4_cells(T4) and t4["ambiguous"] == []
        assert t4["decided_by"]["REV.KEEP"] == t4["decided_by"]["REV.CORR"] == "prose"


def test_table_four_unique_run_is_read_whole_also_with_stray_spaces() -> None:
    groups = {"REV": (25, 3, 8, 0, 36), "LD": (3, 3, 0, 0, 6), "LR": (3, 0, 0, 0, 3)}
    assert t4_of(t4_flat(groups))["cells"] == t4_cells(groups)
    # "2538036 3300630003": a space inside the run only allows a cut there
    text = T4_HEADER + "2538036 3300630003"
    assert t4_of(text)["cells"] == t4_cells(groups)


def test_table_four_space_separated_after_a_typo_heading() -> None:
    text = t4_flat(T4, "spaces")
    report = scraped_report(t3_flat(PLAIN_T3), text).replace(
        "四、政府信息公开行政复议", "四、政府信息公开行政法复议"
    )
    t4 = parse(report)["tables"]["t4"]
    assert t4["cells"] == t4_cells(T4) and t4["ambiguous"] == []


def test_table_four_run_straight_into_the_next_heading_without_a_section_split() -> None:
    # no space anywhere: "…总计21317000001324019五、存在的主要问题…" on the same line as prose
    groups = {"REV": (2, 1, 3, 1, 7), "LD": (0, 0, 0, 0, 0), "LR": (13, 2, 4, 0, 19)}
    t4 = t4_of(t4_flat(groups))
    assert t4["cells"] == t4_cells(groups)


def test_table_four_present_but_unreadable_is_never_dropped() -> None:
    # nine digits cannot be fifteen numbers: the table is there, every cell unread
    record = parse(scraped_report(t3_flat(PLAIN_T3), T4_HEADER + "123456789"))
    t4 = record["tables"]["t4"]
    assert t4["present"] is True and t4["empty"] is False
    assert all(v is None for g in T4_GROUPS for v in t4["cells"][g].values())
    assert len(t4["ambiguous"]) == 15
    findings = run_rules(record)
    assert any(f["rule"] == "TABLE-AMBIGUOUS-CELLS" and f["target"] == "t4" for f in findings)
    assert not any(f["rule"] == "TABLE-MISSING" and f["target"] == "t4" for f in findings)


# ---- shape 3: stray spaces, digits into the next item number --------------------------------


def test_stray_spaces_inside_glued_rows_and_digits_into_the_next_item_number() -> None:
    rows = _table(
        NEW=(64, 3, 0, 0, 0, 0, 67),
        R1=(20, 1, 0, 0, 0, 0, 21),
        R3_1=(23, 0, 0, 0, 0, 0, 23),
        R4_1=(21, 2, 0, 0, 0, 0, 23),
        R7=(64, 3, 0, 0, 0, 0, 67),
    )
    text = t3_flat(rows).replace("1.属于国家秘密230000023", "1.属于国家秘密230 000023")
    # the zero row of R3_1's neighbour runs into "3.危及…": "00000003.危及“三安全一稳定”"
    assert "2.其他法律行政法规禁止公开00000003.危及" in text
    t3 = parse(scraped_report(text, t4_flat(T4, "spaces")))["tables"]["t3"]
    assert t3["ambiguous"] == []
    assert t3["cells"]["R3_1"] == dict(zip(T3_COLS, (23, 0, 0, 0, 0, 0, 23), strict=True))
    assert {k: tuple(t3["cells"][k].values()) for k in rows} == rows
    assert t3["row_source"]["R3_1"].endswith("230 000023")


def test_a_row_label_ending_in_a_half_width_quote_gives_its_digits_back() -> None:
    text = t3_flat(PLAIN_T3).replace("“三安全一稳定”", '"三安全一稳定"')
    assert '3.危及"三安全一稳定"00000004.保护' in text
    t3 = parse(scraped_report(text, t4_flat(T4, "spaces")))["tables"]["t3"]
    assert t3["ambiguous"] == []
    assert {k: tuple(t3["cells"][k].values()) for k in PLAIN_T3} == PLAIN_T3


# ---- shape 2: glued rows with several readings ----------------------------------------------

AMBIG = (27, 0, 0, 2, 0, 1, 30)  # "270020130" is also 2, 7, 0, 0, 20, 1, 30


def test_several_readings_decided_by_the_column_identities_across_the_table() -> None:
    # R1 and R4_1 have one reading each; Σ results = 总计 fixes R7, then 新收 = 总计 fixes NEW
    rows = _table(NEW=AMBIG, R1=(15, 0, 0, 2, 0, 1, 18), R4_1=(12, 0, 0, 0, 0, 0, 12), R7=AMBIG)
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4)))["tables"]["t3"]
    assert t3["ambiguous"] == []
    assert {k: tuple(t3["cells"][k].values()) for k in rows} == rows
    assert t3["decided_by"] == {
        f"{r}.{c}": "identity" for r in ("NEW", "R7") for c in ("NP", "BIZ", "NGO", "LAW")
    }


def test_several_readings_decided_by_the_reports_own_prose() -> None:
    rows = _table(NEW=AMBIG, R1=AMBIG, R7=AMBIG)
    prose = "本年度共收到政府信息公开申请30件，涉及自然人27件、社会公益组织2件。"
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4), s3_prose=prose))["tables"]["t3"]
    assert t3["ambiguous"] == []
    assert {k: tuple(t3["cells"][k].values()) for k in rows} == rows
    assert set(t3["decided_by"].values()) == {"prose"}
    assert "R1.NGO" in t3["decided_by"]


def test_prose_that_no_reading_meets_is_not_evidence() -> None:
    # 自然人 5: neither reading gives it — a contradiction for NARR, not a choice here
    rows = _table(
        NEW=(10, 1, 0, 0, 0, 0, 11), R1=(10, 1, 0, 0, 0, 0, 11), R7=(10, 1, 0, 0, 0, 0, 11)
    )
    prose = "本年度共收到政府信息公开申请11件，涉及自然人5件。"
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4), s3_prose=prose))["tables"]["t3"]
    for key in ("NEW", "R1", "R7"):
        assert [t3["cells"][key][c] for c in T3_COLS] == [None, None, None, 0, 0, 0, 11]
        assert {f"{key}.{c}" for c in ("NP", "BIZ", "SCI")} <= set(t3["ambiguous"])


def test_several_readings_decided_by_plausibility_are_marked_so() -> None:
    # no prose: 2, 7, 0, 0, 20, 1, 30 puts numbers in 商业企业 and 法律服务机构, 0 in every
    # other row; 27, 0, 0, 2, 0, 1, 30 only in 社会公益组织 — fewer implausible cells
    rows = _table(NEW=AMBIG, R1=AMBIG, R7=AMBIG)
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4)))["tables"]["t3"]
    assert {k: tuple(t3["cells"][k].values()) for k in rows} == rows
    assert t3["decided_by"]["R1.NP"] == "plausibility"
    assert set(t3["decided_by"].values()) == {"plausibility"}


def test_readings_that_evidence_cannot_tell_apart_stay_unread() -> None:
    # "101000011": 10, 1, 0, 0, 0, 0, 11 or 1, 0, 10, 0, 0, 0, 11 — one implausible cell each
    row = (10, 1, 0, 0, 0, 0, 11)
    rows = _table(NEW=row, R1=row, R7=row)
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4)))["tables"]["t3"]
    for key in ("NEW", "R1", "R7"):
        assert [t3["cells"][key][c] for c in T3_COLS] == [None, None, None, 0, 0, 0, 11]
        assert [f"{key}.{c}" for c in ("NP", "BIZ", "SCI")] == [
            a for a in t3["ambiguous"] if a.startswith(key + ".")
        ]
    assert t3["decided_by"] == {}
    # with the prose's count of 自然人 it is decided
    prose = "本年度共收到政府信息公开申请11件，涉及自然人10件、商业企业1件。"
    t3 = parse(scraped_report(t3_flat(rows), t4_flat(T4), s3_prose=prose))["tables"]["t3"]
    assert t3["ambiguous"] == [] and t3["cells"]["R1"]["NP"] == 10


def test_evidence_and_source_keys_are_internal() -> None:
    rows = _table(NEW=AMBIG, R1=AMBIG, R7=AMBIG)
    record = parse(scraped_report(t3_flat(rows), t4_flat(T4)))
    t3 = record["tables"]["t3"]
    assert t3["row_source"]["R1"] == "三、本年度办理结果（一）予以公开 270020130"
    assert t3["source"].splitlines()[2] == t3["row_source"]["R1"]
    public = public_view(record)["tables"]
    for key in ("t3", "t4"):
        assert not {"decided_by", "source", "row_source"} & set(public[key])


def test_a_finding_resting_on_a_plausibility_cell_says_so() -> None:
    # the table's own 总计 row is wrong in 总计 only (31): T3-ROW fires on R7 and T3-SUM on TOT
    rows = _table(NEW=AMBIG, R1=AMBIG, R7=AMBIG)
    text = t3_flat(rows)
    record = parse(scraped_report(text, t4_flat(T4)))
    assert record["tables"]["t3"]["decided_by"]["R1.NP"] == "plausibility"
    record["tables"]["t3"]["cells"]["R7"]["TOT"] = 31  # as if the report had printed 31
    found = {(f["rule"], f["target"]): f["message"] for f in run_rules(record)}
    # the row identity adds up R7's parties, three of them chosen by plausibility
    assert (
        "R7.NP、R7.BIZ、R7.NGO、R7.LAW的数字由数字粘连的几种读法中按合理性推定"
        in (found[("T3-ROW", "R7")])
    )
    # the 总计 column was never in doubt: no note there
    assert "合理性" not in found[("T3-SUM", "TOT")]


# ---- shape 5: the 2019 layout ---------------------------------------------------------------


@pytest.mark.parametrize("glue", ["none", "spaces"])
def test_2019_layout_with_its_single_other_row(glue: str) -> None:
    rows = _table(
        "2019",
        NEW=(41, 3, 0, 0, 0, 0, 44),
        R1=(20, 1, 0, 0, 0, 0, 21),
        R4_1=(15, 2, 0, 0, 0, 0, 17),
        R6=(6, 0, 0, 0, 0, 0, 6),
        R7=(41, 3, 0, 0, 0, 0, 44),
    )
    t3 = parse(scraped_report(t3_flat(rows, "2019", glue), t4_flat(T4), year=2019))["tables"]["t3"]
    assert t3["layout"] == "2019" and set(t3["cells"]) == set(t3_rows("2019"))
    assert {k: tuple(t3["cells"][k].values()) for k in rows} == rows
    assert t3["ambiguous"] == [] and t3["blank"] == []


def test_2019_layout_with_its_single_other_row_blank() -> None:
    rows = _table(
        "2019",
        NEW=(41, 3, 0, 0, 0, 0, 44),
        R1=(20, 1, 0, 0, 0, 0, 21),
        R4_1=(21, 2, 0, 0, 0, 0, 23),
        R7=(41, 3, 0, 0, 0, 0, 44),
    )
    rows["R6"] = (None,) * 7
    text = t3_flat(rows, "2019")
    assert "（六）其他处理（七）总计" in text
    t3 = parse(scraped_report(text, t4_flat(T4), year=2019))["tables"]["t3"]
    assert t3["layout"] == "2019" and len(t3["cells"]) == 23
    assert t3["blank"] == [f"R6.{c}" for c in T3_COLS]
    # never a wrong number; rows with one reading are read
    for key, values in rows.items():
        for col, want in zip(T3_COLS, values, strict=True):
            got = t3["cells"][key][col]
            assert got is None or got == want, (key, col)
    assert t3["cells"]["R1"] == dict(zip(T3_COLS, rows["R1"], strict=True))


# ---- shape 6: a one-line page with tabs between cells --------------------------------------


def test_a_whole_page_on_one_line_with_tabs_reads_like_one_with_spaces() -> None:
    # A scraper that keeps innerText's tabs between cells and drops the newlines: the page is one
    # long line full of tabs — not one tab-separated table row (which read every report of this
    # shape as having no table 三 at all).
    rows = _table(
        NEW=(71, 3, 0, 0, 0, 0, 74),
        R1=(21, 0, 0, 0, 0, 0, 21),
        R4_1=(37, 0, 0, 0, 0, 0, 37),
        R7=(58, 3, 0, 0, 0, 0, 61),
        CARRY_OUT=(13, 0, 0, 0, 0, 0, 13),
    )
    spaced = scraped_report(t3_flat(rows, glue="spaces"), t4_flat(T4, glue="spaces"))
    body_start = spaced.index("=\n") + 2
    tabbed = spaced[:body_start] + spaced[body_start:].replace(" ", "\t")
    assert tabbed.count("\t") > 50
    want, got = parse(spaced)["tables"], parse(tabbed)["tables"]
    assert got["t3"]["present"] is True
    assert {k: tuple(got["t3"]["cells"][k].values()) for k in rows} == rows
    assert got["t3"]["cells"] == want["t3"]["cells"]
    assert got["t4"]["cells"] == want["t4"]["cells"] == t4_cells(T4)


# ---- shape 7: a glued row broken by a line end -------------------------------------------


def test_a_line_break_inside_the_glued_rows_leaves_cells_unread_never_shifted() -> None:
    # A hard-wrapped copy: a line holds only the end of one label, two glued rows and the start
    # of the next label ("…申请 2000002 2.申请人逾期…申请 0000000 3.其" | "他 0200002（七）…").
    # The second row's digits become label text on that line; the label words before them must
    # not name the row after them, or 其他's numbers land in 逾期未缴费's row.
    rows = _table(  # every identity holds: what is read is accepted
        NEW=(60, 2, 0, 0, 0, 0, 62),
        R1=(21, 0, 0, 0, 0, 0, 21),
        R4_1=(37, 0, 0, 0, 0, 0, 37),
        R6_1=(2, 0, 0, 0, 0, 0, 2),
        R6_3=(0, 2, 0, 0, 0, 0, 2),
        R7=(60, 2, 0, 0, 0, 0, 62),
    )
    text = scraped_report(t3_flat(rows), t4_flat(T4))
    text = text.replace(
        "其政府信息公开申请20000022.申请人逾期", "其政府信息公开\n申请 20000022.申请人逾期", 1
    )
    text = text.replace("3.其他0200002", "3.其\n他 0200002", 1)
    assert "\n他 0200002" in text and "\n申请 20000022." in text
    t3 = parse(text)["tables"]["t3"]
    assert "他 0200002" not in t3["row_source"].get("R6_2", "")
    for key in ("R6_1", "R6_2", "R6_3"):
        for col, want in zip(t3["cells"][key], rows[key], strict=True):
            got = t3["cells"][key][col]
            assert got in (None, want), (key, col, got, want)
