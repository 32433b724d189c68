from __future__ import annotations

import datetime as dt

import pytest

from reader.parse.meta import (
    classify_level,
    detect_script,
    find_agency,
    find_period,
    find_title,
    find_year_in_body,
    level_from_body,
    normalise_date,
)
from reader.parse.textutil import sentences
from tests.parse.helpers import paragraphs

# ---- title ---------------------------------------------------------------------------------------


def test_title_gives_agency_and_year():
    title = find_title(paragraphs("北京市丰台区人民政府2023年政府信息公开工作年度报告\n正文。"))
    assert title is not None
    assert (title.agency, title.year) == ("北京市丰台区人民政府", 2023)


def test_title_broken_over_two_lines_is_joined():
    title = find_title(
        paragraphs("洪泽区人民政府\n2023 年政府信息公开工作年度报告\n本报告由…编制。")
    )
    assert title is not None
    assert title.text == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert (title.agency, title.year) == ("洪泽区人民政府", 2023)


def test_title_with_the_year_first():
    title = find_title(paragraphs("2021年度某市统计局政府信息公开工作年度报告"))
    assert title is not None
    assert (title.agency, title.year) == ("某市统计局", 2021)


def test_title_year_in_chinese_numerals_and_pinyin_noise():
    title = find_title(paragraphs("某某區人民政府二〇二二年政府信息公開工作年度報(bào)告"))
    assert title is not None
    assert (title.agency, title.year) == ("某某區人民政府", 2022)


def test_spam_replaced_agency_name_is_kept_as_printed():
    title = find_title(paragraphs("bet365亚洲官网 办公室2021年政府信息公开工作年度报告"))
    assert title is not None
    assert title.agency == "bet365亚洲官网办公室"
    assert classify_level(title.agency) == "dept"


def test_page_title_is_used_when_the_text_has_none():
    title = find_title(
        paragraphs("一、总体情况"),
        meta_title="某县人民政府2022年政府信息公开工作年度报告_某县人民政府",
    )
    assert title is not None
    assert (title.agency, title.year) == ("某县人民政府", 2022)


def test_no_title():
    assert find_title(paragraphs("一、总体情况\n2022年，平谷区坚持…")) is None


# ---- period --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("本报告中所列数据统计期限自2022年1月1日起至2022年12月31日止。", 2022),
        ("本年度報(bào)告中所列數(shù)據(jù)統(tǒng)計(jì)期限從2022年1月1日到12月31日止。", 2022),
        ("本年度报告的统计期限为2021年1月1日至2021年12月31日。", 2021),
        ("报告所列数据统计时限为2020年1月1日至12月31日。", 2020),
        ("数据统计时间为2019年1月1日至2019年12月31日。", 2019),
        ("本报告统计数据的时间范围为2022年1月1日至2022年12月31日。", 2022),
        ("本报告中所列数据的统计期限为2024年度。", 2024),
    ],
)
def test_period_statement_variants(text, year):
    statement, found = find_period(sentences("前言。\n" + text + "\n如有疑问请联系。"))
    assert found == year
    assert statement is not None and "统计" in statement.replace("統計", "统计")


def test_no_period_statement():
    assert find_period(sentences("本报告依据条例编制。")) == (None, None)


# ---- year in the body ----------------------------------------------------------------------------


def test_year_stated_at_the_start_of_section_one():
    assert find_year_in_body("2022年,平谷區堅持以習近平新時代…") == 2022
    assert find_year_in_body("在市委领导下，2020 年我区…") == 2020
    assert find_year_in_body("我区坚持公开为常态。") is None


# ---- agency and level ----------------------------------------------------------------------------


def test_agency_from_now_reporting_sentence():
    text = "现将重庆市北碚区人民政府2020年政府信息公开情况报告如下。\n一、总体情况"
    assert find_agency(None, text, "") == "重庆市北碚区人民政府"


def test_agency_from_the_subject_of_section_one():
    assert find_agency(None, "", "2022年礄口區人民政府堅持以習近平…") == "礄口區人民政府"
    assert find_agency(None, "", "2023年,丰台区政府认真贯彻落实条例。") == "丰台区政府"
    assert find_agency(None, "", "2024 年，我市坚持以习近平…") is None


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("北京市丰台区人民政府", "gov"),
        ("丰台区政府", "gov"),
        ("平谷區", "gov"),
        ("某某街道办事处", "gov"),
        ("某某镇人民政府", "gov"),
        ("某某乡", "gov"),
        ("北京市丰台区人民政府办公室", "dept"),
        ("某市生态环境局", "dept"),
        ("某市人民政府国有资产监督管理委员会", "dept"),
        ("某市发展和改革委", "dept"),
        ("某省教育厅", "dept"),
        ("某市政务服务中心", "dept"),
        ("bet365亚洲官网 办公室", "dept"),
        ("某某", None),
        (None, None),
    ],
)
def test_level_from_agency_name(name, level):
    assert classify_level(name) == level


def test_level_from_a_body_that_speaks_for_the_whole_area():
    assert level_from_body("2022年，全区受理依申请公开296件。") == "gov"
    assert level_from_body("2024年，我市坚持以习近平…") == "gov"
    assert level_from_body("2023年,丰台区政府认真贯彻落实…") == "gov"
    assert level_from_body("2023年，本局认真贯彻落实条例。") == "dept"
    assert level_from_body("2022年，我委坚持公开为常态。") == "dept"
    assert level_from_body("2024年以来，青石区将政府信息公开工作纳入重点工作。") == "gov"
    assert level_from_body("一年来，各项工作稳步推进。") is None


# ---- script --------------------------------------------------------------------------------------


def test_traditional_text_is_hant():
    text = (
        "2022年礄口區人民政府堅持以習近平新時代中國特色社會主義思想為指導，貫徹落實黨的二十大精神。"
        * 3
    )
    assert detect_script(text) == "hant"


def test_simplified_text_with_a_few_traditional_looking_characters_is_hans():
    text = "2023年，丰台区政府认真贯彻落实条例，按照要求推进政务公开各项工作，礄口區来访交流。" * 5
    assert detect_script(text) == "hans"


def test_pinyin_noise_does_not_change_the_script():
    assert (
        detect_script("本年度報(bào)告依據(jù)《中華人民共和國政府信息公開條例》編制。" * 3)
        == "hant"
    )


# ---- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-01-30", "2023-01-30"),
        ("2023年1月30日", "2023-01-30"),
        ("2023/1/3", "2023-01-03"),
        (dt.date(2024, 3, 31), "2024-03-31"),
        ("2023-02-30", None),
        ("昨天", None),
        (None, None),
    ],
)
def test_dates_normalised(value, expected):
    assert normalise_date(value) == expected


def test_year_cited_once_does_not_beat_the_report_year():
    s1 = "认真贯彻2019年修订的《条例》，全面推进公开。全区2022年主动公开信息5000条，2022年受理申请30件。"
    assert find_year_in_body(s1) == 2022


def test_intro_sentence_is_not_taken_for_an_agency():
    title = find_title(paragraphs("本报告根据条例要求编制2022年度政府信息公开工作年度报告"))
    assert title is not None and title.agency is None
    title = find_title(paragraphs("某市统计局关于2022年度政府信息公开工作年度报告"))
    assert title is not None and title.agency == "某市统计局"


def test_title_in_a_metadata_block_loses_its_label():
    title = find_title(
        paragraphs(
            "索引号：11010600/2023-00123\n名称：某某区人民政府2022年政府信息公开工作年度报告\n正文"
        )
    )
    assert title is not None
    assert (title.text, title.agency) == (
        "某某区人民政府2022年政府信息公开工作年度报告",
        "某某区人民政府",
    )


def test_dated_period_statement_wins_over_an_earlier_undated_mention():
    sents = sentences("按照统计口径，全区主动公开信息100条。", "s1") + sentences(
        "本报告统计期限为2022年1月1日至2022年12月31日。", "s6"
    )
    assert find_period(sents) == ("本报告统计期限为2022年1月1日至2022年12月31日。", 2022)


def test_a_cited_document_is_not_the_title():
    text = (
        "根据《中华人民共和国政府信息公开条例》《国务院办公厅政府信息与\n"
        "政务公开办公室关于政府信息公开工作年度报告有关事项的通知》有关规定编制本报告。\n"
    )
    assert find_title(paragraphs(text)) is None


def test_agency_from_a_publishing_sentence_wrapped_over_lines():
    text = (
        "按照条例规定，现公布望川市人民政府办公室2024年政府信息\n公开工作年度报告。\n一、总体情况"
    )
    assert find_agency(None, text, "") == "望川市人民政府办公室"


def test_the_government_office_does_not_speak_for_the_government():
    assert level_from_body("一年来，市人民政府办公室紧扣年度政务公开工作要点。") is None


def test_agency_from_the_compiler_of_the_report():
    intro = "本报告依据条例要求，由望川市教育局办公室编制。报告由六个部分组成。"
    assert find_agency(None, intro, "") == "望川市教育局"
    intro = "根据条例第五十条规定，望川市青石区\n人民政府编制本报告。"
    assert find_agency(None, intro, "") == "望川市青石区人民政府"
    intro = "本报告由某某区人民政府办公室根据条例要求编制此报告。"
    assert find_agency(None, intro, "") == "某某区人民政府"
