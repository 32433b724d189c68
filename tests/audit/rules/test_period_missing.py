from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_stated_period_is_fine():
    assert targets(good_record(), "PERIOD-MISSING") == []


def test_no_period_statement_is_info():
    record = good_record()
    record["period"] = {"statement": None, "year": None}
    [finding] = findings(record, "PERIOD-MISSING")
    assert finding["severity"] == "info"
