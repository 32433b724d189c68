from __future__ import annotations

import pytest

from tests.audit.factories import findings, good_record, section, targets

NO_FEE = {
    "statement": None,
    "notices_count": None,
    "notices_amount": None,
    "collected_amount": None,
}


def _without_fee(year: int, s6: str = "暂无其他需要报告的事项。"):
    record = good_record(year=year)
    record["fee"] = dict(NO_FEE)
    record["sections"]["s6"] = section(s6)
    record["text"] = record["text"].replace(record["sections"]["s6"]["text"], "")
    record["text"] = (
        "\n".join(line for line in record["text"].splitlines() if "收费通知" not in line)
        + "\n"
        + s6
    )
    return record


def test_no_fee_statement_is_an_error_from_2021():
    [finding] = findings(_without_fee(2023), "FEE-MISSING")
    assert finding["target"] == "s6"
    assert finding["severity"] == "error"


def test_no_fee_statement_is_a_warning_for_2019_and_2020():
    for year in (2019, 2020):
        [finding] = findings(_without_fee(year), "FEE-MISSING")
        assert finding["severity"] == "warning"


def test_no_fee_rule_for_reports_up_to_2018():
    assert targets(_without_fee(2018), "FEE-MISSING") == []


def test_explicit_none_is_a_statement():
    record = _without_fee(2021, "本年度无收取信息处理费。")
    record["fee"] = {**NO_FEE, "statement": "本年度无收取信息处理费。", "collected_amount": 0}
    assert targets(record, "FEE-MISSING") == []


def test_fee_number_without_a_kept_sentence_is_a_statement():
    record = _without_fee(2022)
    record["fee"] = {**NO_FEE, "collected_amount": 400}
    assert targets(record, "FEE-MISSING") == []


def test_administrative_fees_in_table_two_are_not_the_information_fee():
    record = _without_fee(2022, "全年行政事业性收费8157.19万元。暂无其他需要报告的事项。")
    assert targets(record, "FEE-MISSING") == ["s6"]


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度无收取信息处理费。",
        "本机关未发出收费通知，未收取信息处理费。",
        "發(fā)出收費(fèi)通知的件數(shù)和總金額以及實(shí)際收取的總金額均為0。",
        "本年度依申请公开未收取任何费用。",
        "本机关未向申请人收取任何费用。",
        "依申请公开收费情况：无。",
    ],
)
def test_statement_the_parser_did_not_keep_is_still_found_in_the_text(sentence):
    # An error must be certain: a fee sentence anywhere in the text silences it.
    assert targets(_without_fee(2022, sentence), "FEE-MISSING") == []


def test_table_three_fee_row_label_is_not_a_statement():
    record = _without_fee(2022)
    record["text"] += "\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 |"
    assert targets(record, "FEE-MISSING") == ["s6"]


def test_year_unknown_is_not_judged():
    record = _without_fee(2022)
    record["year"] = None
    assert targets(record, "FEE-MISSING") == []


def test_no_change_to_administrative_fees_is_not_a_fee_statement():
    record = _without_fee(2022, "本年度无行政事业性收费项目调整。暂无其他需要报告的事项。")
    assert targets(record, "FEE-MISSING") == ["s6"]
