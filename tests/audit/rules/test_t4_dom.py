from __future__ import annotations

from tests.audit.factories import good_record, set_cell, targets


def test_table_four_counts_are_fine():
    assert targets(good_record(), "T4-DOM") == []


def test_negative_or_fractional_case_count_is_flagged():
    record = good_record()
    set_cell(record, "t4", "REV", "CORR", -5)
    set_cell(record, "t4", "LR", "OTHER", 1.5)
    assert targets(record, "T4-DOM") == ["LR.OTHER", "REV.CORR"]
