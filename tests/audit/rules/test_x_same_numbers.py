from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, t3_table, targets


def test_identical_table_three_is_flagged():
    previous, current = good_record(year=2023), good_record(year=2024)
    [finding] = findings(current, "X-SAME-NUMBERS", previous=previous)
    assert finding["target"] == "t3"
    assert finding["evidence"]["cells_compared"] == 175


def test_one_different_cell_is_enough_to_be_fine():
    previous, current = good_record(year=2023), good_record(year=2024)
    set_cell(current, "t3", "R5_5", "SCI", 1)
    assert targets(current, "X-SAME-NUMBERS", previous=previous) == []


def test_all_zero_tables_are_not_suspicious():
    zero = {row: [0] * 7 for row in t3_table()["cells"]}
    previous, current = good_record(year=2023), good_record(year=2024)
    previous["tables"]["t3"] = t3_table(**zero)
    current["tables"]["t3"] = t3_table(**zero)
    assert targets(current, "X-SAME-NUMBERS", previous=previous) == []


def test_a_couple_of_applications_repeating_is_not_suspicious():
    rows = {row: [0] * 7 for row in t3_table()["cells"]}
    rows.update(NEW=[2, 0, 0, 0, 0, 0, 2], R1=[2, 0, 0, 0, 0, 0, 2], R7=[2, 0, 0, 0, 0, 0, 2])
    previous, current = good_record(year=2023), good_record(year=2024)
    previous["tables"]["t3"] = t3_table(**rows)
    current["tables"]["t3"] = t3_table(**rows)
    assert targets(current, "X-SAME-NUMBERS", previous=previous) == []
