from __future__ import annotations

from tests.audit.factories import good_record, targets


def test_complete_report_has_no_missing_section():
    assert targets(good_record(), "SEC-MISSING") == []


def test_section_without_heading_is_reported_per_section():
    record = good_record()
    record["sections"]["s4"] = {"present": False}
    record["sections"]["s6"] = {"present": False}
    assert targets(record, "SEC-MISSING") == ["s4", "s6"]


def test_missing_section_is_an_error_naming_the_expected_title():
    record = good_record()
    record["sections"]["s2"] = {"present": False}
    [finding] = [f for f in _all(record) if f["rule"] == "SEC-MISSING"]
    assert finding["severity"] == "error"
    assert finding["evidence"]["expected_title"] == "二、主动公开政府信息情况"
    assert "主动公开政府信息情况" in finding["message"]


def test_reports_before_the_national_format_are_not_judged():
    record = good_record(year=2017)
    record["sections"]["s1"] = {"present": False}
    assert targets(record, "SEC-MISSING") == []


def test_a_record_whose_parse_failed_is_not_judged_on_structure():
    record = good_record()
    record["sections"]["s3"] = {"present": False}
    record["parse_error"] = "ValueError: boom"
    assert targets(record, "SEC-MISSING") == []


def _all(record):
    from audit.engine import run_rules

    return run_rules(record)
