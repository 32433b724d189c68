from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_whole_non_negative_counts_are_fine():
    assert targets(good_record(), "T3-DOM") == []


def test_negative_count_is_flagged_at_its_cell():
    record = good_record()
    set_cell(record, "t3", "R3_3", "NP", -1)
    [finding] = findings(record, "T3-DOM")
    assert finding["target"] == "R3_3.NP"
    assert finding["evidence"] == {"cells": {"t3.R3_3.NP": -1}}
    assert "负数" in finding["message"]


def test_fractional_count_is_flagged():
    record = good_record()
    set_cell(record, "t3", "R5_2", "BIZ", 0.5)
    assert targets(record, "T3-DOM") == ["R5_2.BIZ"]


def test_float_that_is_whole_is_fine():
    record = good_record()
    set_cell(record, "t3", "R5_2", "NP", 5.0)
    assert targets(record, "T3-DOM") == []
