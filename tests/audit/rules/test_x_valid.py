from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, t2_table, targets


def _pair():
    previous = good_record(year=2023)
    current = good_record(year=2024)
    set_cell(previous, "t2", "NORM", "IN_FORCE", 219)  # 219 + 27 − 18 = 228
    return current, previous


def test_in_force_consistent_with_last_year_is_fine():
    current, previous = _pair()
    assert targets(current, "X-VALID", previous=previous) == []


def test_in_force_inconsistent_is_flagged_with_the_chinese_row_name():
    current, previous = _pair()
    set_cell(previous, "t2", "NORM", "IN_FORCE", 200)
    set_cell(previous, "t2", "REG", "IN_FORCE", 3)
    out = findings(current, "X-VALID", previous=previous)
    assert [f["target"] for f in out] == ["行政规范性文件", "规章"]
    norm = out[0]
    assert norm["severity"] == "warning"
    assert norm["evidence"]["expected"] == 209
    assert norm["evidence"]["actual"] == 228


def test_only_for_the_2021_layout_in_both_years():
    current, previous = _pair()
    previous["tables"]["t2"] = t2_table("2019")
    assert targets(current, "X-VALID", previous=previous) == []


def test_blank_cells_are_not_compared():
    current, previous = _pair()
    set_cell(previous, "t2", "NORM", "IN_FORCE", None)
    assert targets(current, "X-VALID", previous=previous) == []
