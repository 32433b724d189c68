from __future__ import annotations

import pytest

from audit.rules.dates import deadline
from tests.audit.factories import findings, good_record, targets


def _published(level, date, source="metadata", year=2023):
    record = good_record(year=year, level=level)
    record["published"] = date
    record["published_source"] = source
    return record


def test_department_after_january_31_is_late():
    [finding] = findings(_published("dept", "2024-02-05"), "DATE-LATE")
    assert finding["target"] is None
    assert finding["evidence"]["deadline"] == "2024-01-31"
    assert finding["evidence"]["days_late"] == 5


def test_government_until_march_31_is_on_time():
    assert targets(_published("gov", "2024-03-31"), "DATE-LATE") == []
    assert targets(_published("gov", "2024-04-01"), "DATE-LATE") == [None]


def test_unknown_level_is_judged_against_the_later_deadline():
    record = _published(None, "2024-02-05")
    record["level"] = None
    assert targets(record, "DATE-LATE") == []
    record["published"] = "2024-04-02"
    assert targets(record, "DATE-LATE") == [None]


def test_old_reports_have_march_31_for_everyone():
    assert deadline(2017, "dept").isoformat() == "2018-03-31"
    assert targets(_published("dept", "2018-03-01", year=2017), "DATE-LATE") == []


def test_publication_date_from_metadata_argument_wins():
    record = _published("dept", "2024-01-10")
    assert targets(record, "DATE-LATE", metadata={"published": "2024-02-20"}) == [None]


def test_no_date_no_finding():
    record = good_record(level="dept")
    record["published"] = None
    assert targets(record, "DATE-LATE") == []


@pytest.mark.parametrize("source", ["metadata", "url"])
def test_a_page_date_years_later_is_a_reposting_not_a_late_report(source):
    assert targets(_published("dept", "2026-05-01", source=source), "DATE-LATE") == []


def test_a_date_given_by_staff_is_judged_however_late():
    record = good_record(level="dept")
    assert targets(record, "DATE-LATE", metadata={"published": "2026-05-01"}) == [None]
