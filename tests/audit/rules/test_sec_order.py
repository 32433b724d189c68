from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_canonical_order_is_fine():
    assert targets(good_record(), "SEC-ORDER") == []


def test_misnumbered_other_matters_heading_is_flagged():
    record = good_record()
    record["heading_numbers"] = {"s6": "七"}
    [finding] = findings(record, "SEC-ORDER")
    assert finding["target"] is None
    assert finding["severity"] == "warning"
    assert finding["evidence"]["misnumbered"] == {"s6": {"printed": "七", "expected": "六"}}
    assert "七" in finding["message"]


def test_sections_out_of_order_are_flagged():
    record = good_record()
    record["heading_order"] = ["s1", "s2", "s4", "s3", "s5", "s6"]
    [finding] = findings(record, "SEC-ORDER")
    assert finding["evidence"]["out_of_order"] == [["s4", "s3"]]


def test_duplicated_heading_is_flagged():
    record = good_record()
    record["heading_order"] = ["s1", "s2", "s3", "s3", "s4", "s5", "s6"]
    [finding] = findings(record, "SEC-ORDER")
    assert finding["evidence"]["duplicated"] == ["s3"]


def test_a_missing_section_alone_is_not_an_order_problem():
    record = good_record()
    record["heading_order"] = ["s1", "s2", "s3", "s5", "s6"]
    record["sections"]["s4"] = {"present": False}
    assert targets(record, "SEC-ORDER") == []


def test_printed_ordinal_equal_to_the_canonical_one_is_fine():
    record = good_record()
    record["heading_numbers"] = {"s6": "六"}
    assert targets(record, "SEC-ORDER") == []
