from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def _pair(year: int = 2024):
    previous = good_record(year=year - 1)
    current = good_record(year=year)
    for col, value in zip(
        ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT"), (139, 3, 0, 0, 0, 3, 145), strict=True
    ):
        set_cell(current, "t3", "CARRY_IN", col, value)
    return current, previous


def test_carry_in_equal_to_last_years_carry_out_is_fine():
    current, previous = _pair()
    assert targets(current, "X-CARRY", previous=previous) == []


def test_carry_in_differing_from_last_years_carry_out_is_an_error_per_column():
    current, previous = _pair()
    set_cell(current, "t3", "CARRY_IN", "NP", 130)
    set_cell(current, "t3", "CARRY_IN", "TOT", 136)
    out = findings(current, "X-CARRY", previous=previous)
    assert [f["target"] for f in out] == ["NP", "TOT"]
    assert out[0]["severity"] == "error"
    assert out[0]["evidence"]["cells"] == {"t3.CARRY_IN.NP": 130, "previous.t3.CARRY_OUT.NP": 139}


def test_only_when_the_previous_report_is_for_the_year_before():
    current, previous = _pair()
    set_cell(current, "t3", "CARRY_IN", "NP", 130)
    previous["year"] = 2022
    assert targets(current, "X-CARRY", previous=previous) == []


def test_not_for_2019_whose_previous_year_had_no_table():
    current, previous = _pair(year=2019)
    set_cell(current, "t3", "CARRY_IN", "NP", 130)
    assert targets(current, "X-CARRY", previous=previous) == []


def test_blank_cells_are_not_compared():
    current, previous = _pair()
    set_cell(current, "t3", "CARRY_IN", "NP", None)
    set_cell(previous, "t3", "CARRY_OUT", "TOT", None)
    set_cell(current, "t3", "CARRY_IN", "TOT", 1)
    assert targets(current, "X-CARRY", previous=previous) == []


def test_without_previous_nothing_runs():
    current, _ = _pair()
    set_cell(current, "t3", "CARRY_IN", "NP", 130)
    assert targets(current, "X-CARRY") == []
