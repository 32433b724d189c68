from __future__ import annotations

import pytest

from reader.extract.blocks import Paragraph, Table
from reader.parse.sections import match_heading, split_sections
from reader.record import SECTION_KEYS
from tests.parse.helpers import CANONICAL, paragraphs


def keys_present(text: str) -> list[str]:
    split = split_sections(paragraphs(text))
    return [k for k in SECTION_KEYS if split.sections[k]["present"]]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# ---- the canonical report ------------------------------------------------------------------------


def test_canonical_report_has_six_sections_with_printed_titles():
    split = split_sections(paragraphs(CANONICAL))
    titles = {k: split.sections[k]["title"] for k in SECTION_KEYS}
    assert titles == {
        "s1": "一、总体情况",
        "s2": "二、主动公开政府信息情况",
        "s3": "三、收到和处理政府信息公开申请情况",
        "s4": "四、政府信息公开行政复议、行政诉讼情况",
        "s5": "五、存在的主要问题及改进情况",
        "s6": "六、其他需要报告的事项",
    }
    assert split.heading_order == list(SECTION_KEYS)
    assert split.heading_numbers == {}


def test_text_before_the_first_heading_is_s0():
    split = split_sections(paragraphs(CANONICAL))
    s0 = [b.text for b in split.section_blocks["s0"]]
    assert s0 == [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "本报告依据《中华人民共和国政府信息公开条例》编制。",
    ]


def test_section_text_chars_and_flattened_table_lines():
    split = split_sections(paragraphs(CANONICAL))
    s1 = split.sections["s1"]
    assert s1["text"] == "2023年，某某区政府坚持公开为常态。"
    assert s1["chars"] == len("2023年，某某区政府坚持公开为常态。")
    s2 = split.sections["s2"]
    assert s2["text"].splitlines() == ["第二十条第（一）项 |", "信息内容 |", "本年制发件数 |"]
    # pipes are table residue, not text
    assert s2["chars"] == len("第二十条第（一）项信息内容本年制发件数")


# ---- variants of headings ------------------------------------------------------------------------


def test_traditional_headings_with_pinyin_noise_are_found():
    text = """一、總體情況
正文。
二、主動(dòng)公開政府信息情況
三、收到和處(chǔ)理政府信息公開申請情況
四、政府信息公開行政復(fù)議、行政訴(sù)訟情況
五、存在的主要問(wèn)題及改進(jìn)情況
正文。
六、其他需要報(bào)告的事項(xiàng)
正文。
"""
    split = split_sections(paragraphs(text))
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    assert split.sections["s2"]["title"] == "二、主動公開政府信息情況"
    assert split.sections["s4"]["title"] == "四、政府信息公開行政復議、行政訴訟情況"


@pytest.mark.parametrize(
    "heading",
    [
        "四、政府信息公開行政複議、行政訴訟情況",
        "四、政府信息公开行政复议和行政诉讼情况",
        "四、政府信息公开行政复议及行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "四、政府信息公开行行政复议、行政诉讼情况",
        "四、政府信息公开行政法复议、行政诉讼情况",
        "四、行政复议、行政诉讼情况",
    ],
)
def test_section_four_heading_variants(heading):
    assert "s4" in keys_present(
        replace(CANONICAL, "四、政府信息公开行政复议、行政诉讼情况", heading)
    )


@pytest.mark.parametrize(
    "heading",
    [
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的主要问题和改进措施",
        "五、存在问题及改进情况",
        "五、存在的主要问题及改进措施",
        "五、存在的不足及改进措施",
        "五、工作中存在的问题及下一步工作打算",
        "五、存在的主要問題及改進情況",
    ],
)
def test_section_five_heading_variants(heading):
    assert "s5" in keys_present(replace(CANONICAL, "五、存在的主要问题及改进情况", heading))


@pytest.mark.parametrize(
    "heading",
    [
        "一.总体情况",
        "一，总体情况",
        "一 、总体情况",
        "一．总体情况",
        "第一部分 总体情况",
        "第一部分：总体情况",
        "一、总体情况：",
        "一、总体情况。",
        "## 一、总体情况",
        "**一、总体情况**",
        "一、总 体 情 况",
        "一、概述",
    ],
)
def test_ordinal_and_punctuation_variants_of_section_one(heading):
    split = split_sections(paragraphs(replace(CANONICAL, "一、总体情况", heading)))
    assert split.sections["s1"]["present"]
    assert split.sections["s1"]["text"] == "2023年，某某区政府坚持公开为常态。"


def test_heading_followed_by_text_on_the_same_line_starts_the_body():
    text = replace(CANONICAL, "一、总体情况\n", "一、总体情况。2020年，我区持续推进公开。\n")
    split = split_sections(paragraphs(text))
    assert split.sections["s1"]["title"] == "一、总体情况"
    assert split.sections["s1"]["text"].splitlines()[0] == "2020年，我区持续推进公开。"


def test_heading_split_over_two_lines_is_joined():
    text = replace(
        CANONICAL,
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请\n情况\n",
    )
    split = split_sections(paragraphs(text))
    assert split.sections["s3"]["present"]
    assert split.sections["s3"]["title"] == "三、收到和处理政府信息公开申请情况"
    assert not split.sections["s3"]["text"].startswith("情况")


def test_ordinal_alone_on_its_line_joins_the_title_below():
    text = replace(CANONICAL, "六、其他需要报告的事项\n", "六、\n其他需要报告的事项\n")
    split = split_sections(paragraphs(text))
    assert split.sections["s6"]["title"] == "六、其他需要报告的事项"
    assert split.sections["s6"]["text"] == "本年度未收取信息处理费。"


def test_misnumbered_seventh_heading_is_section_six_and_keeps_its_number():
    text = replace(CANONICAL, "六、其他需要报告的事项", "七、其他需要报告的事项")
    split = split_sections(paragraphs(text))
    assert split.sections["s6"]["present"]
    assert split.sections["s6"]["title"] == "七、其他需要报告的事项"
    assert split.heading_numbers == {"s6": "七"}


def test_sections_numbered_with_arabic_ordinals():
    text = CANONICAL
    for i, cn in enumerate("一二三四五六", start=1):
        text = text.replace(f"\n{cn}、", f"\n{i}.", 1) if cn != "四" else text
    text = text.replace("四、政府信息公开行政复议", "4.政府信息公开行政复议")
    assert keys_present(text) == list(SECTION_KEYS)


def test_bare_titles_without_ordinals_are_headings_when_alone_on_the_line():
    text = """总体情况
正文一。
主动公开政府信息情况
正文二。
收到和处理政府信息公开申请情况
正文三。
政府信息公开行政复议、行政诉讼情况
正文四。
存在的主要问题及改进情况
正文五。
其他需要报告的事项
正文六。
"""
    assert keys_present(text) == list(SECTION_KEYS)


def test_sections_numbered_in_parentheses_are_read_when_nothing_else_is():
    text = """（一）总体情况
正文一。
（二）主动公开政府信息情况
正文二。
（三）收到和处理政府信息公开申请情况
正文三。
（四）政府信息公开行政复议、行政诉讼情况
正文四。
（五）存在的主要问题及改进情况
正文五。
（六）其他需要报告的事项
正文六。
"""
    assert keys_present(text) == list(SECTION_KEYS)


# ---- traps ---------------------------------------------------------------------------------------


def test_table_row_label_starting_with_si_is_not_a_section_heading():
    split = split_sections(paragraphs(CANONICAL))
    s3 = split.sections["s3"]["text"]
    assert "四、结转下年度继续办理 |" in s3
    assert "一、本年新收政府信息公开申请数量 |" in s3
    assert split.sections["s4"]["title"] == "四、政府信息公开行政复议、行政诉讼情况"


@pytest.mark.parametrize(
    "label",
    [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "（一）主动公开政府信息情况",
        "(二)依申请公开情况",
        "二是主动公开政府信息情况有待加强。",
        "一、主动公开方面",
        "行政复议 |",
        "行政复议 | 行政诉讼 |",
    ],
)
def test_lines_that_look_like_headings_but_are_not(label):
    assert match_heading(label) is None


def test_sub_heading_about_proactive_disclosure_inside_section_one_is_not_section_two():
    text = replace(
        CANONICAL,
        "2023年，某某区政府坚持公开为常态。\n",
        "2023年，某某区政府坚持公开为常态。\n（一）主动公开政府信息情况\n全年公开信息100条。\n",
    )
    split = split_sections(paragraphs(text))
    assert "全年公开信息100条。" in split.sections["s1"]["text"]
    assert split.sections["s2"]["title"] == "二、主动公开政府信息情况"


def test_intro_sentence_listing_all_six_titles_is_not_a_heading():
    intro = (
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    )
    text = replace(CANONICAL, "本报告依据《中华人民共和国政府信息公开条例》编制。", intro)
    split = split_sections(paragraphs(text))
    assert [b.text for b in split.section_blocks["s0"]][-1] == intro
    assert split.sections["s1"]["title"] == "一、总体情况"


def test_table_of_contents_before_the_report_does_not_take_the_headings():
    toc = "\n".join(
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    )
    text = "目录\n" + toc + "\n" + CANONICAL
    split = split_sections(paragraphs(text))
    assert split.sections["s1"]["text"] == "2023年，某某区政府坚持公开为常态。"
    assert not split.sections["s2"]["empty"]
    assert split.sections["s6"]["text"] == "本年度未收取信息处理费。"


# ---- empty, missing, out of order ------------------------------------------------------------


def test_consecutive_headings_make_empty_sections():
    text = """一、总体情况
正文。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
正文。
六、其他需要报告的事项
正文。
"""
    split = split_sections(paragraphs(text))
    empties = [k for k in SECTION_KEYS if split.sections[k]["empty"]]
    assert empties == ["s2", "s3", "s4"]
    assert split.sections["s2"]["chars"] == 0


def test_missing_section_is_absent_not_empty():
    text = replace(CANONICAL, "五、存在的主要问题及改进情况\n一是解读形式单一。\n", "")
    split = split_sections(paragraphs(text))
    assert split.sections["s5"] == {"present": False}


def test_missing_section_two_heading_starts_at_its_table():
    text = replace(CANONICAL, "二、主动公开政府信息情况\n", "")
    split = split_sections(paragraphs(text))
    s2 = split.sections["s2"]
    assert s2["present"] and s2["title"] is None and not s2["empty"]
    assert s2["text"].startswith("第二十条第（一）项")
    assert split.sections["s1"]["text"] == "2023年，某某区政府坚持公开为常态。"
    assert "s2" not in split.heading_order


def test_missing_section_three_heading_starts_at_the_balance_table():
    text = replace(CANONICAL, "三、收到和处理政府信息公开申请情况\n", "")
    split = split_sections(paragraphs(text))
    s3 = split.sections["s3"]
    assert s3["present"] and s3["title"] is None
    assert s3["text"].startswith("（本列数据的勾稽关系为")


def test_missing_section_four_heading_starts_at_the_review_table():
    text = replace(
        CANONICAL,
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n",
        "行政复议 |\n行政诉讼 |\n结果维持 |\n结果纠正 |\n0 |\n",
    )
    split = split_sections(paragraphs(text))
    s4 = split.sections["s4"]
    assert s4["present"] and s4["title"] is None
    assert s4["text"].startswith("行政复议 |")
    assert "行政复议" not in split.sections["s3"]["text"]


def test_sections_out_of_order_are_all_present_and_order_is_recorded():
    text = """一、总体情况
正文一。
二、主动公开政府信息情况
正文二。
三、收到和处理政府信息公开申请情况
正文三。
五、存在的主要问题及改进情况
正文五。
四、政府信息公开行政复议、行政诉讼情况
正文四。
六、其他需要报告的事项
正文六。
"""
    split = split_sections(paragraphs(text))
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    assert split.heading_order == ["s1", "s2", "s3", "s5", "s4", "s6"]
    assert split.sections["s4"]["text"] == "正文四。"
    assert split.sections["s5"]["text"] == "正文五。"


def test_repeated_heading_is_kept_in_heading_order():
    text = CANONICAL + "六、其他需要报告的事项\n重复。\n"
    split = split_sections(paragraphs(text))
    assert split.heading_order == ["s1", "s2", "s3", "s4", "s5", "s6", "s6"]
    assert split.sections["s6"]["text"].endswith("重复。")


# ---- tables as grids ---------------------------------------------------------------------------


def test_headings_inside_layout_table_cells_split_the_report():
    rows = (
        ("一、总体情况", "一、总体情况"),
        ("全年公开信息100条。", "全年公开信息100条。"),
        ("二、主动公开政府信息情况", "二、主动公开政府信息情况"),
        ("信息内容", "本年制发件数"),
        ("规章", "0"),
        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况"),
        ("一、本年新收政府信息公开申请数量", "5"),
        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况"),
        ("行政复议", "行政诉讼"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况"),
        ("不足。", "不足。"),
        ("六、其他需要报告的事项", "六、其他需要报告的事项"),
        ("无。", "无。"),
    )
    split = split_sections([Paragraph("某局2023年政府信息公开工作年度报告"), Table(rows=rows)])
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    s2_blocks = split.section_blocks["s2"]
    assert s2_blocks == [Table(rows=(("信息内容", "本年制发件数"), ("规章", "0")))]
    s3_blocks = split.section_blocks["s3"]
    assert s3_blocks == [Table(rows=(("一、本年新收政府信息公开申请数量", "5"),))]
    assert split.sections["s1"]["text"] == "全年公开信息100条。"


def test_whole_report_in_one_table_cell_is_split_by_lines():
    cell = "\n".join(
        [
            "一、总体情况",
            "正文一。",
            "二、主动公开政府信息情况",
            "正文二。",
            "三、收到和处理政府信息公开申请情况",
            "正文三。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "正文四。",
            "五、存在的主要问题及改进情况",
            "正文五。",
            "六、其他需要报告的事项",
            "正文六。",
        ]
    )
    split = split_sections([Table(rows=((cell,),))])
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    assert split.sections["s4"]["text"] == "正文四。"


def test_data_table_under_its_heading_makes_the_section_non_empty():
    blocks = [
        Paragraph("一、总体情况"),
        Paragraph("正文。"),
        Paragraph("二、主动公开政府信息情况"),
        Table(rows=(("信息内容", "本年制发件数"), ("规章", "0"))),
        Paragraph("三、收到和处理政府信息公开申请情况"),
    ]
    split = split_sections(blocks)
    assert split.sections["s2"]["empty"] is False
    assert split.sections["s2"]["text"] == "信息内容 | 本年制发件数\n规章 | 0"
    assert split.sections["s3"]["empty"] is True


def test_paragraph_with_line_breaks_is_split_into_lines():
    split = split_sections([Paragraph("一、总体情况\n正文。\n二、主动公开政府信息情况\n正文二。")])
    assert split.sections["s1"]["text"] == "正文。"
    assert split.sections["s2"]["text"] == "正文二。"


def test_no_headings_at_all_leaves_everything_in_s0():
    split = split_sections(paragraphs("随便一段文字。\n另一段。"))
    assert all(not split.sections[k]["present"] for k in SECTION_KEYS)
    assert len(split.section_blocks["s0"]) == 2
    assert split.heading_order == []


def test_empty_input_gives_no_sections():
    split = split_sections([])
    assert split.sections == {k: {"present": False} for k in SECTION_KEYS}


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("一、总体情况", "一、2023年政府信息公开工作总体情况", "s1"),
        ("一、总体情况", "一、总体概述", "s1"),
        ("三、收到和处理政府信息公开申请情况", "三、政府信息依申请公开情况", "s3"),
        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府公开信息申请情况", "s3"),
        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请", "s3"),
        ("二、主动公开政府信息情况", "二、主动公开政府信息", "s2"),
        ("六、其他需要报告的事项", "六、其他", "s6"),
        ("六、其他需要报告的事项", "六、其他需要说明的事项", "s6"),
        ("六、其他需要报告的事项", "六、其他事项", "s6"),
    ],
)
def test_more_title_variants(old, new, key):
    split = split_sections(paragraphs(replace(CANONICAL, old, new)))
    assert split.sections[key]["present"]
    assert split.sections[key]["title"] == new


def test_invisible_characters_around_a_heading_are_ignored():
    text = replace(
        CANONICAL, "二、主动公开政府信息情况", "\ufeff\u200b二、主动公开\u200b政府信息情况\u00a0"
    )
    split = split_sections(paragraphs(text))
    assert split.sections["s2"]["title"] == "二、主动公开政府信息情况"


def test_arabic_sub_headings_inside_section_one_do_not_replace_a_missing_section_two():
    text = replace(
        CANONICAL,
        "2023年，某某区政府坚持公开为常态。\n",
        "2023年，某某区政府坚持公开为常态。\n1.主动公开政府信息情况\n全年公开信息100条。\n",
    )
    text = replace(text, "二、主动公开政府信息情况\n", "")
    split = split_sections(paragraphs(text))
    assert "全年公开信息100条。" in split.sections["s1"]["text"]
    assert split.sections["s2"]["title"] is None
    assert split.sections["s2"]["text"].startswith("第二十条")


def test_year_before_the_title_is_allowed():
    text = replace(CANONICAL, "二、主动公开政府信息情况", "二、2023年主动公开政府信息情况")
    split = split_sections(paragraphs(text))
    assert split.sections["s2"]["title"] == "二、2023年主动公开政府信息情况"


def test_bare_sub_heading_echoing_a_bare_section_title_does_not_take_the_section():
    # Word's automatic numbering is not in the text: every heading and sub-heading is bare.
    text = """总体情况
2023年，本局坚持公开为常态。
主动公开政府信息情况
全年公开信息100条。
依申请公开情况
全年收到申请5件。
主动公开政府信息情况
信息内容 | 本年制发件数 |
收到和处理政府信息公开申请情况
正文三。
政府信息公开行政复议、行政诉讼情况
正文四。
存在的主要问题及改进情况
正文五。
其他需要报告的事项
正文六。
"""
    split = split_sections(paragraphs(text))
    assert split.sections["s2"]["text"] == "信息内容 | 本年制发件数 |"
    assert "全年公开信息100条。" in split.sections["s1"]["text"]
    assert "全年收到申请5件。" in split.sections["s1"]["text"]
    assert split.sections["s3"]["text"] == "正文三。"


@pytest.mark.parametrize(
    ("heading_and_body", "key", "body"),
    [
        ("一、总体情况2022年，我区坚持公开。", "s1", "2022年，我区坚持公开。"),
        ("一、总体情况我区坚持公开。", "s1", "我区坚持公开。"),
        ("六、其他需要报告的事项本年度未收取信息处理费。", "s6", "本年度未收取信息处理费。"),
        ("五、存在的主要问题及改进情况一是解读不足。", "s5", "一是解读不足。"),
        ("一、 **总体情况**", "s1", ""),
        ("一(yī)、總(zǒng)體(tǐ)情(qíng)況(kuàng)", "s1", ""),
        ("㈠总体情况", None, ""),
    ],
)
def test_heading_glued_to_its_body_or_decorated(heading_and_body, key, body):
    hit = match_heading(heading_and_body)
    if key is None:
        assert hit is None
    else:
        assert hit is not None and hit.key == key
        assert hit.rest == body


def test_sub_items_of_section_one_numbered_like_sections_do_not_take_them():
    text = replace(
        CANONICAL,
        "2023年，某某区政府坚持公开为常态。\n",
        "2023年，某某区政府坚持公开为常态。\n一、主动公开情况\n全年公开100条。\n"
        "二、依申请公开情况\n全年收到申请5件。\n三、政府信息管理情况\n规范管理。\n",
    )
    split = split_sections(paragraphs(text))
    assert "全年收到申请5件。" in split.sections["s1"]["text"]
    assert split.sections["s2"]["title"] == "二、主动公开政府信息情况"
    assert split.sections["s3"]["title"] == "三、收到和处理政府信息公开申请情况"
    assert split.heading_order == list(SECTION_KEYS)


def test_report_without_line_breaks_is_split_at_inline_headings():
    text = (
        "本报告依据条例编制。一、总体情况2022年，我区坚持公开为常态，全年公开信息100条。"
        "进一步完善制度，规范信息发布审核流程，推进重点领域信息公开，加强政策解读与回应。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数"
        "三、收到和处理政府信息公开申请情况全区受理申请30件。"
        "四、政府信息公开行政复议、行政诉讼情况无。"
        "五、存在的主要问题及改进情况一是解读不足。"
        "六、其他需要报告的事项本年度未收取信息处理费。"
    )
    split = split_sections([Paragraph(text)])
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    assert split.sections["s3"]["text"] == "全区受理申请30件。"
    assert split.sections["s6"]["text"] == "本年度未收取信息处理费。"
    assert [b.text for b in split.section_blocks["s0"]] == ["本报告依据条例编制。"]


def test_heading_glued_to_the_end_of_the_previous_paragraph_is_found():
    text = replace(
        CANONICAL,
        "2023年，某某区政府坚持公开为常态。\n二、主动公开政府信息情况\n",
        "2023年，某某区政府坚持公开为常态。二、主动公开政府信息情况\n",
    )
    split = split_sections(paragraphs(text))
    assert split.sections["s2"]["title"] == "二、主动公开政府信息情况"
    assert split.sections["s1"]["text"] == "2023年，某某区政府坚持公开为常态。"


def test_a_title_quoted_inside_a_sentence_does_not_split_it():
    text = replace(
        CANONICAL,
        "2023年，某某区政府坚持公开为常态。\n",
        "2023年，某某区政府坚持公开为常态，详见报告第二、主动公开政府信息情况部分。\n",
    )
    text = replace(text, "五、存在的主要问题及改进情况\n一是解读形式单一。\n", "")
    split = split_sections(paragraphs(text))
    assert "详见报告第二、主动公开政府信息情况部分。" in split.sections["s1"]["text"]
    assert split.sections["s2"]["title"] == "二、主动公开政府信息情况"


def test_site_footer_after_the_last_heading_is_not_content():
    text = replace(
        CANONICAL,
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n",
        "六、其他需要报告的事项\n附件:\n主办:北京市丰台区人民政府办公室\n网站标识码:1101060001\n"
        "京ICP备20013709号\n",
    )
    split = split_sections(paragraphs(text))
    s6 = split.sections["s6"]
    assert s6["empty"] is True
    assert s6["chars"] == 0
    assert "京ICP备20013709号" in s6["text"]


def test_a_sentence_naming_the_registration_marks_is_content():
    line = "网站标识码、ICP备案信息均已在首页展示。"
    text = replace(
        CANONICAL,
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n",
        f"六、其他需要报告的事项\n{line}\n",
    )
    s6 = split_sections(paragraphs(text)).sections["s6"]
    assert s6["empty"] is False
    assert s6["chars"] == len(line)


def test_footer_after_real_content_only_leaves_the_content_counted():
    text = CANONICAL + "主办:某某区人民政府办公室\n"
    split = split_sections(paragraphs(text))
    assert split.sections["s6"]["empty"] is False
    assert split.sections["s6"]["chars"] == len("本年度未收取信息处理费。")


def test_taiwan_phrasing_of_headings():
    text = replace(
        CANONICAL, "三、收到和处理政府信息公开申请情况", "三、收到和處理政府資訊公開申請情況"
    )
    text = replace(text, "二、主动公开政府信息情况", "二、主動公開政府資訊情況")
    split = split_sections(paragraphs(text))
    assert split.sections["s3"]["title"] == "三、收到和處理政府資訊公開申請情況"
    assert split.sections["s2"]["present"]


def test_heading_glued_after_a_table_row_is_found():
    text = replace(
        CANONICAL,
        "行政诉讼 |\n五、存在的主要问题及改进情况",
        "行政诉讼 |五、存在的主要问题及改进情况",
    )
    split = split_sections(paragraphs(text))
    assert split.sections["s5"]["title"] == "五、存在的主要问题及改进情况"


def test_empty_sections_whose_headings_ran_together_are_all_found():
    text = """一、总体情况
正文一。
二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
正文五。
六、其他需要报告的事项
正文六。
"""
    split = split_sections(paragraphs(text))
    assert all(split.sections[k]["present"] for k in SECTION_KEYS)
    assert [k for k in SECTION_KEYS if split.sections[k]["empty"]] == ["s2", "s3", "s4"]


def test_report_title_glued_to_the_first_heading():
    text = replace(
        CANONICAL,
        "年度报告\n本报告依据《中华人民共和国政府信息公开条例》编制。\n一、总体情况",
        "年度报告一、总体情况",
    )
    split = split_sections(paragraphs(text))
    assert split.sections["s1"]["title"] == "一、总体情况"
    assert [b.text for b in split.section_blocks["s0"]] == [
        "某某区人民政府2023年政府信息公开工作年度报告"
    ]
