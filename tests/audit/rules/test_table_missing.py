from __future__ import annotations

from tests.audit.factories import drop_table, findings, good_record, section, targets


def test_section_with_prose_but_no_table_is_missing_its_table():
    record = good_record()
    record["sections"]["s4"] = section(
        "2022年度，全区因政府信息公开工作被申请行政复议25件，提起行政诉讼5件。"
    )
    drop_table(record, "t4")
    [finding] = findings(record, "TABLE-MISSING")
    assert finding["target"] == "t4"
    assert finding["severity"] == "error"
    assert finding["evidence"]["section"] == "s4"


def test_not_raised_when_the_section_is_empty():
    record = good_record()
    record["sections"]["s2"] = section("")
    record["tables"]["t2"] = {"present": False}
    assert targets(record, "TABLE-MISSING") == []
    assert targets(record, "SEC-EMPTY") == ["s2"]


def test_not_raised_when_the_section_is_missing():
    record = good_record()
    record["sections"]["s3"] = {"present": False}
    record["tables"]["t3"] = {"present": False}
    assert targets(record, "TABLE-MISSING") == []


def test_an_empty_skeleton_is_not_a_missing_table():
    from tests.audit.factories import empty_table

    record = good_record()
    record["tables"]["t3"] = empty_table("t3")
    assert targets(record, "TABLE-MISSING") == []


def test_all_three_tables_are_checked():
    record = good_record()
    for key in ("t2", "t3", "t4"):
        drop_table(record, key)
    assert targets(record, "TABLE-MISSING") == ["t2", "t3", "t4"]


def test_table_header_words_in_the_text_mean_a_table_the_parser_could_not_read():
    record = good_record()
    record["tables"]["t4"] = {"present": False}
    record["text"] += "\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"
    assert targets(record, "TABLE-MISSING") == []


def test_prose_about_reviews_is_not_a_table():
    record = drop_table(good_record(), "t4")
    record["text"] += "\n2022年度，全区因政府信息公开工作被申请行政复议25件，提起行政诉讼5件。"
    assert targets(record, "TABLE-MISSING") == ["t4"]
