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


# A .txt saved from a PDF hard-wraps the narrow label column of table 三: the row's numbers sit
# in the middle of its label and the label goes on in the next lines.
_R6_2 = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def _wrapped_r6_2(cut: int, numbers: str, second_cut: int | None = None) -> str:
    head, tail = _R6_2[:cut], _R6_2[cut:]
    if second_cut is not None:
        tail = tail[: second_cut - cut] + "\n" + tail[second_cut - cut :]
    return f"{head}{numbers}\n{tail}"


_WRAPS = [
    pytest.param(_wrapped_r6_2(cut, numbers, second), id=f"cut{cut}-{second}-{kind}")
    for kind, numbers in (("spaces", " 0 0 0 0 0 0 0"), ("tabs", "\t3\t0\t0\t0\t0\t0\t3"))
    for cut in range(3, 19)
    for second in (None, 24)
]


@pytest.mark.parametrize("label", _WRAPS)
def test_table_three_fee_row_label_wrapped_around_its_numbers_is_not_a_statement(label):
    record = _without_fee(2022)
    record["text"] += "\n（六）其他处理 1.申请人无正当理由逾期不补 1 0 0 0 0 0 1\n" + label
    assert targets(record, "FEE-MISSING") == ["s6"]


def test_table_three_fee_row_label_with_a_comma_variant_is_not_a_statement():
    record = _without_fee(2022)
    record["text"] += (
        "\n2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请 0 0 0"
    )
    assert targets(record, "FEE-MISSING") == ["s6"]


def test_a_real_statement_beside_the_wrapped_label_still_counts():
    record = _without_fee(2022, "本机关未发出收费通知。")
    record["text"] += "\n" + _wrapped_r6_2(13, " 0 0 0 0 0 0 0")
    assert targets(record, "FEE-MISSING") == []


PDF_TEXT_WITHOUT_FEE = """某某区人民政府2023年政府信息公开工作年度报告
一、总体情况
2023年，全区政务公开工作有序推进，本年度共收到政府信息公开申请68件，均按时
答复，无逾期答复情况，群众满意度进一步提高。
二、主动公开政府信息情况
本年主动公开政府信息1200条，内容涵盖政策文件、规划计划、财政预决算等重点领域。
三、收到和处理政府信息公开申请情况
（六）其他处理 1.申请人无正当理由逾期不补 1 0 0 0 0 0 1
{label}
四、政府信息公开行政复议、行政诉讼情况
本年无行政复议、行政诉讼。
五、存在的主要问题及改进情况
一是公开质量有待提升，部分信息更新不及时。二是解读形式单一，下一步将加强培训，完善制度。
六、其他需要报告的事项
无其他需要报告的事项。
"""


@pytest.mark.parametrize("cut", [8, 11, 13, 14, 15])
def test_parsed_pdf_text_with_a_wrapped_fee_row_label_has_no_fee_statement(cut):
    # The whole chain: the parser's fee reader and the rule's text search both ignore the label.
    from reader.parse import read_report

    text = PDF_TEXT_WITHOUT_FEE.format(label=_wrapped_r6_2(cut, " 0 0 0 0 0 0 0", 30))
    record = read_report(text.encode("utf-8"), "from-pdf.txt")
    assert record["fee"]["statement"] is None
    assert targets(record, "FEE-MISSING") == ["s6"]


def test_prose_restating_the_unpaid_fee_row_is_not_a_fee_statement():
    # "…逾期未按收费通知要求缴纳费用的均为0件" counts table-三 applications, not notices: read as
    # "收费通知 0 件" it would hide the missing fee statement (and feed FEE-NOTICE a false 0).
    from reader.parse import read_report

    sentence = "本年度申请人无正当理由逾期不补正、申请人逾期未按收费通知要求缴纳费用的均为0件。"
    text = PDF_TEXT_WITHOUT_FEE.format(label=sentence)
    record = read_report(text.encode("utf-8"), "report.txt")
    assert record["fee"] == {
        "statement": None,
        "notices_count": None,
        "notices_amount": None,
        "collected_amount": None,
    }
    assert targets(record, "FEE-MISSING") == ["s6"]
