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


# ---- through the parser: table 三's row labels start with 一、…四、 -------------------------


def _read(text):
    from reader.parse import read_report

    return read_report(text.encode("utf-8"), "report.txt")


def test_table_three_label_starting_with_si_is_not_section_four():
    from tests.audit.factories import report_text

    record = _read(report_text())
    assert record["heading_order"] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    rules = {f["rule"] for f in findings(record)}
    assert not rules & {"SEC-ORDER", "SEC-MISSING", "SEC-EMPTY", "TABLE-MISSING"}


def test_section_four_content_without_its_heading_is_present_and_only_noted():
    from tests.audit.factories import report_text

    text = report_text().replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    record = _read(text)
    assert "四、结转下年度继续办理" in record["text"]
    # The parser finds table 四's content without a heading: the section is present, and the
    # lost heading is an info-level note (it may have been lost in copying), never an error.
    assert record["sections"]["s4"]["present"] is True
    assert record["sections"]["s4"]["title"] is None
    assert targets(record, "SEC-MISSING") == []
    [finding] = findings(record, "SEC-HEADING-LOST")
    assert finding["target"] == "s4"
    assert finding["severity"] == "info"
    assert finding["evidence"]["content_without_heading"] is True
    assert targets(record, "SEC-ORDER") == []
