from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_table_four_groups_adding_up_are_fine():
    assert targets(good_record(), "T4-SUM") == []


def test_group_total_differing_is_an_error_per_group():
    record = good_record()
    set_cell(record, "t4", "LD", "TOT", 40)
    [finding] = findings(record, "T4-SUM")
    assert finding["target"] == "LD"
    assert finding["severity"] == "error"
    assert finding["evidence"]["cells"] == {
        "t4.LD.TOT": 40,
        "t4.LD.KEEP": 14,
        "t4.LD.CORR": 8,
        "t4.LD.OTHER": 6,
        "t4.LD.PEND": 13,
    }
    assert "未经复议直接起诉" in finding["message"]


def test_blank_pending_cell_is_not_zero():
    record = good_record()
    set_cell(record, "t4", "REV", "PEND", None)
    assert targets(record, "T4-SUM") == []
