from __future__ import annotations

import pytest

from reader.parse.fee import read_fee
from reader.parse.textutil import sentences


def fee_of(text: str, section: str = "s6") -> dict:
    return read_fee(sentences(text, section))


def numbers(fee: dict) -> tuple:
    return fee["notices_count"], fee["notices_amount"], fee["collected_amount"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发出收费通知的件数和总金额以及实际收取的总金额均为0。", (0, 0, 0)),
        ("1、發(fā)出收費(fèi)通知的件數(shù)和總金額以及實(shí)際收取的總金額均為0。", (0, 0, 0)),
        (
            "2023年丰台区共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元。",
            (11, 3930, 1450),
        ),
        ("收费通知0件，总金额0元，实际收取0元。", (0, 0, 0)),
        ("共发出收费通知2件，总金额1.2万元，实际收取的总金额为0.5万元。", (2, 12000, 5000)),
        ("未发出收费通知，未收取信息处理费。", (0, 0, 0)),
        ("全区共收取政府信息处理费400元。", (None, None, 400)),
        ("全年收取政府信息公开信息处理费 0 元。", (None, None, 0)),
        ("本年度未产生信息处理费。", (None, None, 0)),
        ("本机关没有收取政府信息公开信息处理费。", (None, None, 0)),
        ("信息处理费收取情况：无。", (None, None, 0)),
        # The notice named 缴费通知.
        ("本年度发出信息处理费缴费通知1件，金额100元，实际收取100元。", (1, 100, 100)),
        ("本年度未发出缴费通知，未收取信息处理费。", (0, 0, 0)),
        # The collected sum named other ways than 实际收取.
        ("本机关向申请人发出收费通知1件，金额100元，申请人已缴纳100元。", (1, 100, 100)),
        ("全年发出信息处理费收费通知2件，应收金额300元，实收金额200元。", (2, 300, 200)),
        ("本年度发出收费通知0件，收费总金额0元，实际收费0元。", (0, 0, 0)),
        ("2023年度，共发出收费通知1件，总金额为50元，已收取50元。", (1, 50, 50)),
        # No charge for requests, said without the word 信息处理费.
        ("2022年度，本单位依申请公开政府信息未收取任何费用。", (None, None, 0)),
        ("2023年，本机关未向政府信息公开申请人收取费用。", (None, None, 0)),
        ("本年度依申请公开工作未涉及收费。", (None, None, 0)),
        ("本年度，本机关依申请公开政府信息不收取任何费用。", (None, None, 0)),
    ],
)
def test_fee_statement_shapes(text, expected):
    assert numbers(fee_of(text)) == expected


def test_fee_statement_none_collected_gives_zero_collected_only():
    fee = fee_of("本年度无收取信息处理费。本年度报告的统计期限为2021年1月1日至2021年12月31日。")
    assert numbers(fee) == (None, None, 0)
    assert fee["statement"] == "本年度无收取信息处理费。"


def test_statement_is_the_original_sentence():
    text = "2023年丰台区共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元。\n附件："
    assert fee_of(text)["statement"] == (
        "2023年丰台区共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元。"
    )


def test_administrative_fees_of_table_two_are_not_the_information_fee():
    text = "全年行政事业性收费8157.19万元。本年度行政事业性收费项目26项。"
    fee = fee_of(text, "s1")
    assert fee == {
        "statement": None,
        "notices_count": None,
        "notices_amount": None,
        "collected_amount": None,
    }


def test_other_processing_fees_are_not_the_information_fee():
    assert numbers(fee_of("全年收取污水处理费300万元。", "s1")) == (None, None, None)


def test_citing_the_fee_rules_without_figures_is_not_a_statement():
    fee = fee_of("严格执行《政府信息公开信息处理费管理办法》。")
    assert fee["statement"] is None
    assert numbers(fee) == (None, None, None)


def test_statement_in_section_six_wins_over_an_earlier_mention():
    sents = sentences("全区共收取政府信息处理费100元。", "s1") + sentences(
        "全区共收取政府信息处理费400元。", "s6"
    )
    assert read_fee(sents)["collected_amount"] == 400


def test_statement_split_over_two_sentences_is_combined():
    fee = fee_of("本年度共发出收费通知3件，总金额300元。实际收取的总金额为200元。")
    assert numbers(fee) == (3, 300, 200)
    assert numbers(fee_of("本年度共发出收费通知3件，总金额300元。申请人已缴纳200元。")) == (
        3,
        300,
        200,
    )
    assert fee["statement"] == "本年度共发出收费通知3件，总金额300元。实际收取的总金额为200元。"


def test_no_fee_text_gives_nulls():
    assert fee_of("暂无其他需要报告的事项。") == {
        "statement": None,
        "notices_count": None,
        "notices_amount": None,
        "collected_amount": None,
    }


def test_a_fee_rate_is_not_an_amount_collected():
    fee = fee_of("按件计收的，信息处理费100元/件。本年度未收取信息处理费。")
    assert numbers(fee) == (None, None, 0)


@pytest.mark.parametrize(
    "text",
    [
        # The regulation's art. 42, quoted: the rule, not what happened this year.
        "行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过"
        "合理范围的，行政机关可以收取信息处理费。",
        "依申请提供政府信息不收取费用，但申请数量明显超过合理范围的，可以收取信息处理费。",
        # No charge for something that is not an information request.
        "政府网站提供的各类信息查询服务均不收取任何费用。",
        "本年度未收取任何费用。",
    ],
)
def test_no_charge_outside_a_statement_about_requests_is_not_a_statement(text):
    fee = fee_of(text)
    assert fee["statement"] is None
    assert numbers(fee) == (None, None, None)
