"""The repaired prose the public reads: table dumps set apart, pinyin noise gone."""

from __future__ import annotations

from reader.readable import prose, repaired, split_text, table_text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text.split("\n")[0]) for p in split_text(text)]


def test_one_cell_per_line_dump_is_table_text():
    text = "2023年共收到申请15件。\n申请人情况 |\n||||\n自然人 |\n法人或其他组织 |\n15 |\n0 |\n以上申请均已办结。"
    assert kinds(text) == [
        ("prose", "2023年共收到申请15件。"),
        ("table", "申请人情况 |"),
        ("prose", "以上申请均已办结。"),
    ]
    assert prose(text) == "2023年共收到申请15件。\n以上申请均已办结。"


def test_rows_joined_by_pipes_and_a_part_label_before_them():
    text = (
        "第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
        "规章 | 0\n行政规范性文件 | 0 | 5\n第二十条第（五）项\n信息内容 | 本年处理决定数量\n行政许可 | 550"
    )
    assert [k for k, _ in kinds(text)] == ["table"]
    assert prose(text) == ""
    assert table_text(text) == text


def test_a_table_glued_into_one_line_is_table_text():
    text = (
        "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计110024001510102"
    )
    assert kinds(text) == [("table", text)]


def test_prose_naming_table_words_stays_prose():
    text = "本年度涉及自然人80件、商业企业1件,予以公开22件。\n（三）不予公开方面\n严格审查。"
    assert [k for k, _ in kinds(text)] == ["prose"]


def test_a_prose_heading_next_to_a_table_stays_prose():
    text = "（二）依申请公开情况\n申请人情况 |\n自然人 |\n3 |\n（三）政府信息管理\n健全制度。"
    assert kinds(text) == [
        ("prose", "（二）依申请公开情况"),
        ("table", "申请人情况 |"),
        ("prose", "（三）政府信息管理"),
    ]


def test_repaired_text_has_no_pinyin_and_keeps_its_script():
    assert repaired("被申請行政復(fù)議2件,規(guī)范落實(shí)") == "被申請行政復議2件,規范落實"
    assert repaired("") == ""
