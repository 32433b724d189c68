from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_balanced_table_three_is_fine():
    assert targets(good_record(), "T3-COL") == []


def test_column_out_of_balance_is_an_error_with_the_four_cells():
    record = good_record()
    set_cell(record, "t3", "CARRY_OUT", "TOT", 139)  # 2180 + 126 ≠ 2161 + 139
    [finding] = findings(record, "T3-COL")
    assert finding["target"] == "TOT"
    assert finding["severity"] == "error"
    assert finding["evidence"] == {
        "cells": {
            "t3.NEW.TOT": 2180,
            "t3.CARRY_IN.TOT": 126,
            "t3.R7.TOT": 2161,
            "t3.CARRY_OUT.TOT": 139,
        },
        "expected": 2306,
        "actual": 2300,
    }
    assert (
        finding["message"]
        == "表三“总计”列：第一项加第二项之和（2306）不等于第三项加第四项之和（2300）。"
    )


def test_each_failing_column_is_its_own_finding():
    record = good_record()
    set_cell(record, "t3", "NEW", "NP", 2112)
    set_cell(record, "t3", "NEW", "OTH", 7)
    assert targets(record, "T3-COL") == ["NP", "OTH"]


def test_blank_carry_in_makes_the_column_uncheckable():
    record = good_record()
    set_cell(record, "t3", "CARRY_IN", "NP", None)
    assert targets(record, "T3-COL") == []


def test_known_cells_that_already_exceed_the_other_side_fail_despite_a_blank():
    # NEW alone (3000) is more than R7 + CARRY_OUT (2306): no carry-in ≥ 0 can fix that.
    record = good_record()
    set_cell(record, "t3", "NEW", "TOT", 3000)
    set_cell(record, "t3", "CARRY_IN", "TOT", None)
    [finding] = findings(record, "T3-COL")
    assert finding["target"] == "TOT"
    assert finding["evidence"]["blank"] == ["CARRY_IN.TOT"]


def test_uncertain_cells_are_not_judged():
    record = good_record()
    set_cell(record, "t3", "NEW", "BIZ", 64)
    record["tables"]["t3"]["ambiguous"] = ["NEW.BIZ"]
    assert targets(record, "T3-COL") == []


def test_unread_cell_is_named_unread_not_blank_in_evidence():
    # NEW alone (3000) is more than R7 + CARRY_OUT (2306), whatever the unread carry-in holds.
    record = good_record()
    set_cell(record, "t3", "NEW", "TOT", 3000)
    record["tables"]["t3"]["cells"]["CARRY_IN"]["TOT"] = None
    record["tables"]["t3"]["ambiguous"] = ["CARRY_IN.TOT"]
    [finding] = findings(record, "T3-COL")
    assert finding["evidence"]["unread"] == ["CARRY_IN.TOT"]
    assert "blank" not in finding["evidence"]


def test_2019_layout_is_checked_the_same_way():
    record = good_record(year=2020)
    set_cell(record, "t3", "R7", "TOT", 45)
    assert "TOT" in targets(record, "T3-COL")
