from __future__ import annotations

from reader.record import T3_COLS
from tests.audit.factories import findings, good_record, targets

RULE = "TABLE-AMBIGUOUS-CELLS"


def _unread_row(record, table: str, row: str) -> list[str]:
    """Make one row unread the way the parser leaves glued digits it could not split."""
    tab = record["tables"][table]
    tab["cells"][row] = dict.fromkeys(tab["cells"][row])
    keys = [f"{row}.{c}" for c in tab["cells"][row]]
    tab.setdefault("ambiguous", []).extend(keys)
    return keys


def _wholly_unread_t3(record) -> None:
    """Table 三 found, every row glued and none split with certainty (parser: no blank)."""
    tab = record["tables"]["t3"]
    for row in tab["cells"]:
        tab["cells"][row] = dict.fromkeys(T3_COLS)
    tab["ambiguous"] = [f"{r}.{c}" for r in tab["cells"] for c in T3_COLS]
    tab["blank"] = []
    tab["empty"] = True
    tab["lost"] = True


def test_cells_the_parser_could_not_read_are_listed_as_info():
    record = good_record()
    keys = _unread_row(record, "t3", "R1")
    [finding] = findings(record, RULE)
    assert finding["target"] == "t3"
    assert finding["severity"] == "info"
    assert finding["evidence"]["cells"] == keys
    assert finding["evidence"]["count"] == 7
    # The reviewer learns which checks the unread cells kept from running.
    assert "T3-ROW:R1" in finding["evidence"]["unchecked"]
    assert "T3-SUM:TOT" in finding["evidence"]["unchecked"]


def test_each_table_is_its_own_finding():
    record = good_record()
    _unread_row(record, "t4", "LR")
    record["tables"]["t2"]["ambiguous"] = ["FEE.AMOUNT"]
    record["tables"]["t2"]["cells"]["FEE"]["AMOUNT"] = None
    assert targets(record, RULE) == ["t2", "t4"]


def test_cells_listed_in_the_parsers_order():
    record = good_record()
    record["tables"]["t3"]["ambiguous"] = ["R7.TOT", "NEW.NP"]
    record["tables"]["t3"]["cells"]["R7"]["TOT"] = None
    record["tables"]["t3"]["cells"]["NEW"]["NP"] = None
    [finding] = findings(record, RULE)
    assert finding["evidence"]["cells"] == ["R7.TOT", "NEW.NP"]


def test_tables_read_with_certainty_give_nothing():
    assert targets(good_record(), RULE) == []


def test_blank_cells_are_not_unread_cells():
    record = good_record()
    record["tables"]["t3"]["cells"]["R1"]["TOT"] = None
    record["tables"]["t3"]["blank"] = ["R1.TOT"]
    assert targets(record, RULE) == []


def test_wholly_unread_table_is_reported_here_and_not_as_empty():
    record = good_record()
    _wholly_unread_t3(record)
    out = {(f["rule"], f["target"]) for f in findings(record)}
    assert (RULE, "t3") in out
    assert ("TABLE-EMPTY", "t3") not in out
    assert not {r for r, _ in out} & {"T3-COL", "T3-SUM", "T3-ROW", "TABLE-BLANK-CELLS"}


def test_empty_skeleton_with_rows_not_found_is_left_to_table_empty():
    # Seed 003: three rows found with no values (blank), the other rows not found at all
    # (listed ambiguous). That is an empty skeleton, TABLE-EMPTY's finding.
    record = good_record()
    _wholly_unread_t3(record)
    tab = record["tables"]["t3"]
    tab["blank"] = [f"R6_{i}.{c}" for i in (1, 2, 3) for c in T3_COLS]
    tab["ambiguous"] = [k for k in tab["ambiguous"] if k not in tab["blank"]]
    assert targets(record, "TABLE-EMPTY") == ["t3"]
    assert targets(record, RULE) == []


def test_finding_is_never_an_error_or_warning():
    # IDs outside rules.md must never count as error/warning findings.
    record = good_record()
    _wholly_unread_t3(record)
    _unread_row(record, "t4", "REV")
    assert {f["severity"] for f in findings(record, RULE)} == {"info"}


GLUED_PDF_TEXT = """某某市教育局2024年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请160件，上年结转6件，办结153件，结转下年度继续办理3件。
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
一、本年新收政府信息公开申请数量 135121093160
二、上年结转政府信息公开申请数量 6000006
（七）总计 128121093153
四、结转下年度继续办理 3000003
四、政府信息公开行政复议、行政诉讼情况
"""


def test_glued_table_three_that_cannot_be_split_is_unread_not_empty():
    # NEW.NP was mistyped (+10) so no split makes the columns balance: the parser leaves every
    # cell unread. The table is not empty, and the prose (which copies the faulty table) is
    # not judged against itself in the table's place.
    from reader.parse import read_report

    record = read_report(GLUED_PDF_TEXT.encode("utf-8"), "glued.txt")
    assert record["tables"]["t3"]["present"]
    out = {(f["rule"], f["target"]) for f in findings(record)}
    assert (RULE, "t3") in out
    assert ("TABLE-EMPTY", "t3") not in out
    assert ("NARR-T3", "balance") not in out
