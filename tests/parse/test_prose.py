from __future__ import annotations

import pytest

from reader.parse.prose import read_prose
from reader.parse.textutil import sentences


def facts(text: str, section: str = "s1") -> list[tuple]:
    return [(f["key"], f["value"], f["flags"]) for f in read_prose(sentences(text, section))]


def test_intake_that_includes_the_carry_over_is_flagged():
    text = "2022年,全區受理依申請公開政府信息296件,其中:結轉自上年度7件,已答復294件,結轉下年度繼續辦理2件。"
    assert facts(text) == [
        ("RECEIVED", 296, ["includes_carry_in"]),
        ("CARRY_IN", 7, []),
        ("R7", 294, []),
        ("CARRY_OUT", 2, []),
    ]


def test_new_applications_are_told_from_plain_intake():
    assert facts("全区新收到依申请公开政府信息236件。") == [("NEW", 236, [])]
    assert facts("本年新收政府信息公开申请2180件。") == [("NEW", 2180, [])]
    assert facts("全区共收到政府信息依申请公开68件。") == [("RECEIVED", 68, [])]
    assert facts("2021年共收到政府信息公开案件70件，全部在期限内办结。") == [("RECEIVED", 70, [])]


def test_same_fact_stated_twice_is_kept_once_and_restated_intake_is_dropped():
    text = (
        "2022年，全区新收到依申请公开政府信息236件，上年结转申请7件，结转下年度继续办理9件。\n"
        "2022年度全区共收到依申请公开政府信息236件，上年结转申请7件；已办结227件，结转下年度继续办理9件。"
    )
    assert facts(text) == [
        ("NEW", 236, []),
        ("CARRY_IN", 7, []),
        ("CARRY_OUT", 9, []),
        ("R7", 227, []),
    ]


def test_fact_carries_quote_and_section():
    [fact] = read_prose(sentences("全区共收到政府信息依申请公开68件，答复率100%。", "s3"))
    assert fact["quote"] == "全区共收到政府信息依申请公开68件，答复率100%。"
    assert fact["section"] == "s3"


def test_carry_out_stated_with_the_number_first():
    text = "全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。"
    assert facts(text) == [
        ("RECEIVED", 3119, []),
        ("R7", 3050, []),
        ("CARRY_IN", 34, []),
        ("CARRY_OUT", 103, []),
    ]


def test_result_groups():
    text = "依申请公开办理中，予以公开120件，部分公开30件，不予公开5件，无法提供40件，不予处理3件。"
    assert facts(text) == [
        ("R1", 120, []),
        ("R2", 30, []),
        ("R3", 5, []),
        ("R4", 40, []),
        ("R5", 3, []),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "组织系列直播互动活动20余次，参与企业群众1万余人次。",
        "受理群众来信来访120件。",
        "收到行政复议申请5件。",
        "全年受理依申请公开约300件。",
        "1至9月累计办件量99597件，全区1485个事项入驻统一受理平台综合受理。",
        "政务服务中心全年受理政务服务事项申请52000件。",
        "答复率为100%，平均答复时间7.29个工作日。",
        "全区依申请公开申请量同比增长20%。",
        "主动公开政府信息3891条。",
        "表格 | 受理 | 296件 |",
    ],
)
def test_sentences_that_are_not_application_facts(text):
    assert facts(text) == []


def test_review_and_litigation_counts_about_information_disclosure():
    assert facts("全区因政府信息公开工作被申请行政复议25件，提起行政诉讼5件。", "s4") == [
        ("REV", 25, []),
        ("LIT", 5, []),
    ]
    assert facts("处理政府信息公开类行政复议2件、行政诉讼1件，没有被纠错情况。") == [
        ("REV", 2, []),
        ("LIT", 1, []),
        ("REV.CORR", 0, ["claim", "none_corrected"]),
        ("LIT.CORR", 0, ["claim", "none_corrected"]),
    ]


def test_no_review_or_litigation_states_zero():
    text = "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    assert facts(text, "s4") == [("REV", 0, []), ("LIT", 0, [])]


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。", "s1"),
        ("本年度未发生政府信息公开行政复议和行政诉讼，相关工作平稳有序。", "s1"),
        ("本年度发生政府信息公开行政复议、行政诉讼案件各0件。", "s1"),
        ("本年度无行政复议和行政诉讼案件。", "s4"),
        ("本年度政府信息公开行政复议和行政诉讼均为0。", "s4"),
    ],
)
def test_none_of_either_said_without_a_count_states_zero(text, section):
    assert facts(text, section) == [("REV", 0, []), ("LIT", 0, [])]


@pytest.mark.parametrize(
    "text",
    [
        "本年度未发生行政复议被撤销的情况。",
        "本年度未发生因政府信息公开被纠错的行政复议案件。",
    ],
)
def test_none_of_an_outcome_is_no_count(text):
    assert facts(text, "s4") == []


def test_no_lost_lawsuit_is_a_claim_of_no_correction_not_a_count():
    assert facts("加强行政复议应诉工作，未发生败诉案件。", "s4") == [
        ("LIT.CORR", 0, ["claim", "none_corrected"])
    ]


def test_review_cases_outside_information_disclosure_are_not_facts():
    assert facts("全年共办理行政复议案件120件，行政诉讼出庭应诉45件。") == []


def test_table_two_quantities_in_prose():
    text = "全年公开行政规范性文件90件,行政许可37824件,行政处罚6431件,行政强制102件,行政事业性收费8157.19万元。"
    assert facts(text) == [
        ("T2.LICENSE.DECISIONS", 37824, []),
        ("T2.PUNISH.DECISIONS", 6431, []),
        ("T2.COERCE.DECISIONS", 102, []),
        ("T2.FEE.AMOUNT", 8157.19, []),
    ]


def test_issued_regulatory_documents_and_fee_in_yuan():
    assert facts("全年制发行政规范性文件27件，废止18件。") == [
        ("T2.NORM.ISSUED", 27, []),
        ("T2.NORM.REPEALED", 18, []),
    ]
    assert facts("现行有效行政规范性文件228件。") == [("T2.NORM.IN_FORCE", 228, [])]
    assert facts("行政事业性收费50000元。") == [("T2.FEE.AMOUNT", 5.0, [])]


def test_documents_of_only_part_of_the_area_are_not_table_two_facts():
    assert facts("制定区政府规范性文件22件，均向市司法局报送备案。") == []
    assert facts("行政许可事项622项。") == []


def test_figures_for_only_part_of_the_government_are_not_facts():
    assert (
        facts("2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。")
        == []
    )
    assert facts("区政府本级共收到政府信息公开申请12件。") == []


def test_taiwan_phrasing_in_prose():
    assert facts("全年制發行政規範性檔案27件。") == [("T2.NORM.ISSUED", 27, [])]
    assert facts("全區受理依申請公開政府資訊296件。") == [("RECEIVED", 296, [])]


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收到政府信息公开申请。",
        "2023年，本机关未收到依申请公开政府信息申请。",
        "本年度没有收到公民、法人和其他组织提出的政府信息公开申请。",
    ],
)
def test_no_applications_received_states_no_new_ones(text):
    assert facts(text, "s3") == [("NEW", 0, [])]


@pytest.mark.parametrize(
    "text",
    ["本年度未收到政府信息公开申请人的投诉。", "本年度未收到申请人对答复的异议。"],
)
def test_no_complaint_from_applicants_is_no_count(text):
    assert facts(text, "s3") == []


def _full(text: str, section: str = "s3") -> list[dict]:
    return [
        {k: v for k, v in f.items() if k not in ("quote", "section")}
        for f in read_prose(sentences(text, section))
    ]


def test_categories_said_together_are_one_fact_with_their_parts():
    assert _full("依申请公开办理结果中，予以公开及部分公开42件，占35.6%。") == [
        {"key": "R1+R2", "value": 42, "flags": [], "parts": ["R1", "R2"], "share": 35.6}
    ]
    assert facts("依申请公开办理结果中，予以公开（含部分公开）42件。") == [("R1+R2", 42, [])]
    assert facts("不予公开、无法提供和不予处理的共44件。") == [("R3+R4+R5", 44, [])]


def test_one_number_per_row_with_reply_after_the_category_is_no_total():
    text = "同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件，无法提供的 10 件。"
    assert facts(text) == [("R1", 9, []), ("R2", 0, []), ("R3", 2, []), ("R4", 10, [])]


def test_respectively_and_each():
    assert facts("予以公开、部分公开分别为40件、12件。") == [("R1", 40, []), ("R2", 12, [])]
    assert facts("不予公开、不予处理各2件。") == [("R3", 2, []), ("R5", 2, [])]


def test_not_to_disclose_is_never_read_as_disclosed():
    assert facts("依申请公开中，不予以公开2件，不同意公开1件。") == [("R3", 2, []), ("R3", 1, [])]


def test_share_names_its_base():
    [fact] = read_prose(sentences("依申请公开中予以公开40件，占本年新收申请的33.9%。", "s3"))
    assert (fact["key"], fact["share"], fact["share_base"]) == ("R1", 33.9, "NEW")


def test_applicants_and_handled_figures():
    assert facts("全年收到政府信息公开申请75件，涉及自然人72件、商业企业3件。", "s1") == [
        ("RECEIVED", 75, []),
        ("PARTY.NP", 72, []),
        ("PARTY.BIZ", 3, []),
    ]
    assert facts("全年办理政府信息公开申请218件。", "s1") == [("HANDLED", 218, [])]
    assert facts("政务服务中心办理各类申请5000件，其中政府信息公开申请118件。", "s1") == []


def test_a_part_of_the_replies_or_another_years_figure_is_no_fact():
    assert facts("均依法答复，其中当场答复15件，延期答复3件。") == []
    assert facts("2022年收到政府信息公开申请98件，2023年收到118件。", "s1") == []
    assert facts("收到政府信息公开申请118件，较上年收到的98件增长20%。", "s1") == [
        ("RECEIVED", 118, [])
    ]


def test_review_outcomes_and_claims():
    text = "行政复议5件，其中维持3件，纠正1件，1件尚在审理中；行政诉讼4件，均获维持。"
    assert facts(text, "s4") == [
        ("REV", 5, []),
        ("LIT", 4, []),
        ("REV.KEEP", 3, []),
        ("REV.CORR", 1, []),
        ("REV.PEND", 1, []),
        ("LIT.CORR", 0, ["claim", "all_kept"]),
        ("LIT.PEND", 0, ["claim", "all_kept"]),
    ]
    assert facts("行政诉讼4件，已审结的均获维持。", "s4") == [
        ("LIT", 4, []),
        ("LIT.CORR", 0, ["claim", "all_kept"]),
    ]


def test_later_clauses_count_the_document_type_named_before():
    assert facts("本年度制发行政规范性文件15件，废止4件，现行有效393件。", "s1") == [
        ("T2.NORM.ISSUED", 15, []),
        ("T2.NORM.REPEALED", 4, []),
        ("T2.NORM.IN_FORCE", 393, []),
    ]
    assert facts("制定区政府规范性文件9件，废止3件。", "s1") == []


def test_thousands_separator_is_one_number():
    assert facts("全市共收到政府信息公开申请2,180件。", "s1") == [("RECEIVED", 2180, [])]


def test_every_outcome_column_of_both_groups():
    text = (
        "政府信息公开行政复议120件，其中结果维持40件，结果纠正20件，其他结果50件，尚未审结10件；"
        "政府信息公开行政诉讼30件，其中结果维持20件，结果纠正3件，其他结果5件，尚未审结2件。"
    )
    assert facts(text, "s1") == [
        ("REV", 120, []),
        ("LIT", 30, []),
        ("REV.KEEP", 40, []),
        ("REV.CORR", 20, []),
        ("REV.OTHER", 50, []),
        ("REV.PEND", 10, []),
        ("LIT.KEEP", 20, []),
        ("LIT.CORR", 3, []),
        ("LIT.OTHER", 5, []),
        ("LIT.PEND", 2, []),
    ]
