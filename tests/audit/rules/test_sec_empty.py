from __future__ import annotations

from tests.audit.factories import drop_table, findings, good_record, section, targets


def test_heading_with_nothing_under_it_is_empty():
    record = drop_table(good_record(), "t3")
    record["sections"]["s3"] = section("")
    assert targets(record, "SEC-EMPTY") == ["s3"]
    [finding] = findings(record, "SEC-EMPTY")
    assert finding["severity"] == "error"


def test_each_empty_section_gets_its_own_finding():
    record = good_record()
    for key in ("s2", "s3", "s4"):
        record["sections"][key] = section("")
        drop_table(record, "t" + key[1])
    assert targets(record, "SEC-EMPTY") == ["s2", "s3", "s4"]


def test_section_with_text_is_not_empty():
    assert targets(good_record(), "SEC-EMPTY") == []


def test_missing_section_is_not_also_empty():
    record = good_record()
    record["sections"]["s5"] = {"present": False}
    assert targets(record, "SEC-EMPTY") == []


def test_a_section_whose_table_was_found_is_not_empty():
    record = good_record()
    record["sections"]["s3"] = section("")  # the table was read, e.g. from a grid block
    assert targets(record, "SEC-EMPTY") == []


def test_sections_without_tables_are_empty_by_their_text_alone():
    record = good_record()
    record["sections"]["s6"] = section("")
    assert targets(record, "SEC-EMPTY") == ["s6"]
