from __future__ import annotations

from tests.audit.factories import drop_section, good_record, targets


def test_complete_report_has_no_missing_section():
    assert targets(good_record(), "SEC-MISSING") == []


def test_section_without_heading_is_reported_per_section():
    record = good_record()
    drop_section(record, "s4")
    drop_section(record, "s6")
    assert targets(record, "SEC-MISSING") == ["s4", "s6"]


def test_missing_section_is_an_error_naming_the_expected_title():
    record = good_record()
    drop_section(record, "s2")
    [finding] = [f for f in _all(record) if f["rule"] == "SEC-MISSING"]
    assert finding["severity"] == "error"
    assert finding["evidence"]["expected_title"] == "二、主动公开政府信息情况"
    assert "主动公开政府信息情况" in finding["message"]


def test_reports_before_the_national_format_are_not_judged():
    record = good_record(year=2017)
    drop_section(record, "s1")
    assert targets(record, "SEC-MISSING") == []


def test_a_record_whose_parse_failed_is_not_judged_on_structure():
    record = good_record()
    drop_section(record, "s3")
    record["parse_error"] = "ValueError: boom"
    assert targets(record, "SEC-MISSING") == []


def _all(record):
    from audit.engine import run_rules

    return run_rules(record)


def test_a_heading_shaped_line_the_parser_missed_means_the_section_is_there():
    record = good_record()
    record["sections"]["s4"] = {"present": False}  # the text still has 四、…行政诉讼情况
    assert targets(record, "SEC-MISSING") == []


def test_variant_heading_in_traditional_script_counts():
    record = drop_section(good_record(), "s4")
    record["text"] += "\n四、政府信息公開行政複議、行政訴訟情況"
    assert targets(record, "SEC-MISSING") == []


def test_table_three_row_labels_are_not_headings():
    record = drop_section(good_record(), "s3")
    record["text"] += "\n三、本年度办理结果 |\n四、结转下年度继续办理 | 0 |"
    assert targets(record, "SEC-MISSING") == ["s3"]


def test_intro_listing_the_titles_is_not_a_heading():
    record = drop_section(good_record(), "s5")
    record["text"] = (
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。\n"
        + record["text"]
    )
    assert targets(record, "SEC-MISSING") == ["s5"]
