from __future__ import annotations

import pytest

from tests.audit.factories import findings, good_record, t2_table, targets


def test_2019_layout_in_a_2022_report_is_flagged():
    record = good_record(year=2022)
    record["tables"]["t2"] = t2_table("2019")
    [finding] = findings(record, "FMT-VERSION")
    assert finding["target"] == "t2"
    assert finding["evidence"] == {"year": 2022, "layout": "2019", "expected_layout": "2021"}


def test_2021_layout_in_a_2020_report_is_flagged():
    record = good_record(year=2020)
    record["tables"]["t2"] = t2_table("2021")
    assert targets(record, "FMT-VERSION") == ["t2"]


@pytest.mark.parametrize(
    ("year", "layout"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2024, "2021")]
)
def test_right_layout_for_the_year_is_fine(year, layout):
    record = good_record(year=year)
    record["tables"]["t2"] = t2_table(layout)
    assert targets(record, "FMT-VERSION") == []


def test_old_reports_and_unknown_years_are_not_judged():
    record = good_record(year=2018)
    record["tables"]["t2"] = t2_table("2021")
    assert targets(record, "FMT-VERSION") == []
    record["year"] = None
    assert targets(record, "FMT-VERSION") == []


def test_year_from_metadata_wins():
    record = good_record(year=2021)
    assert targets(record, "FMT-VERSION", metadata={"year": 2020}) == ["t2"]
