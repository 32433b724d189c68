from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_title_and_period_of_the_report_year_are_fine():
    assert targets(good_record(), "YEAR-MISMATCH") == []


def test_period_copied_from_last_year_is_flagged():
    record = good_record(year=2023)
    record["period"] = {"statement": "统计期限自2022年1月1日起至2022年12月31日止", "year": 2022}
    [finding] = findings(record, "YEAR-MISMATCH")
    assert finding["evidence"]["period_year"] == 2022
    assert "2022" in finding["message"]


def test_title_year_differing_from_the_given_year_is_flagged():
    record = good_record(year=2023)
    assert targets(record, "YEAR-MISMATCH", metadata={"year": 2024}) == [None]


def test_nothing_stated_nothing_to_compare():
    record = good_record()
    record["title_year"] = None
    record["period"] = {"statement": None, "year": None}
    assert targets(record, "YEAR-MISMATCH") == []
