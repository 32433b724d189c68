"""The orchestrator: parse() fills the whole record, arguments win, and it never raises."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.extract.blocks import Extracted, Paragraph, Table
from reader.parse import PARSER_VERSION, parse, read_report
from reader.record import SECTION_KEYS, empty_record, public_view
from tests.parse.helpers import CANONICAL, extracted

T2_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 27 | 18 | 228 |
第二十条第（五）项
信息内容 | 本年处理决定数量 |
行政许可 | 92486 |
第二十条第（六）项
信息内容 | 本年处理决定数量 |
行政处罚 | 26196 |
行政强制 | 68 |
第二十条第（八）项
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | 5098.4139 |
"""


def test_record_has_every_key_of_the_empty_record():
    record = parse(extracted(CANONICAL), source="a.txt")
    assert set(empty_record()) <= set(record)
    assert record["source"] == "a.txt"
    assert "parse_error" not in record
    json.dumps(public_view(record), ensure_ascii=False)
    json.dumps(record, ensure_ascii=False)


def test_canonical_report_metadata():
    record = parse(extracted(CANONICAL))
    assert record["title"] == "某某区人民政府2023年政府信息公开工作年度报告"
    assert (record["year"], record["title_year"]) == (2023, 2023)
    assert record["agency"] == "某某区人民政府"
    assert record["level"] == "gov"
    assert record["script"] == "hans"
    assert record["heading_order"] == list(SECTION_KEYS)
    assert record["fee"]["collected_amount"] == 0
    assert record["text"] == CANONICAL


def test_arguments_override_what_the_text_says():
    record = parse(
        extracted(CANONICAL),
        year=2020,
        agency="某某区人民政府办公室",
        level="dept",
        published="2021-01-15",
    )
    assert (record["year"], record["agency"], record["level"]) == (
        2020,
        "某某区人民政府办公室",
        "dept",
    )
    assert (record["published"], record["published_source"]) == ("2021-01-15", "argument")
    assert record["title_year"] == 2023  # what the text says is still kept


def test_publication_date_from_page_metadata():
    ex = extracted(CANONICAL, published="2024-01-30", published_source="url")
    record = parse(ex)
    assert (record["published"], record["published_source"]) == ("2024-01-30", "url")


def test_agency_argument_decides_the_level_when_level_is_not_given():
    record = parse(extracted(CANONICAL), agency="某某区教育局")
    assert record["level"] == "dept"


def test_format_version_follows_table_two_layout():
    text = CANONICAL.replace(
        "二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n", T2_2021
    )
    record = parse(extracted(text))
    assert record["tables"]["t2"]["present"]
    assert record["tables"]["t2"]["layout"] == "2021"
    assert record["format_version"] == "2021"
    assert record["tables"]["t2"]["cells"]["NORM"] == {
        "ISSUED": 27,
        "REPEALED": 18,
        "IN_FORCE": 228,
    }


def test_format_version_is_unknown_without_table_two():
    text = "一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    record = parse(extracted(text))
    assert record["tables"]["t2"] == {"present": False}
    assert record["format_version"] == "unknown"


def test_pdf_text_wrapped_mid_sentence_is_read_as_sentences():
    text = (
        "一、总体情况\n"
        "（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请\n"
        "公开受理渠道。2023 年全区受理政府信息公开申请 21 件，\n"
        "均在法定期限答复。\n"
        "六、其他需要报告的事项\n"
        "2023 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理\n"
        "费 0 元。\n"
    )
    record = parse(extracted(text, fmt="pdf"))
    assert [(f["key"], f["value"]) for f in record["prose"]] == [("RECEIVED", 21)]
    assert record["fee"]["collected_amount"] == 0


def test_blocks_are_rebuilt_from_text_when_extraction_gave_none():
    record = parse(Extracted(format="text", blocks=[], text=CANONICAL))
    assert all(record["sections"][k]["present"] for k in SECTION_KEYS)


def test_read_report_reads_gb18030_text_bytes():
    record = read_report(CANONICAL.encode("gb18030"), "report.txt")
    assert record["source"] == "report.txt"
    assert all(record["sections"][k]["present"] for k in SECTION_KEYS)
    assert record["agency"] == "某某区人民政府"


def test_parser_version_is_a_string():
    assert isinstance(PARSER_VERSION, str) and PARSER_VERSION


def test_empty_input_gives_the_empty_record_shape():
    record = parse(Extracted(format="text", blocks=[], text=""))
    assert record["sections"] == {k: {"present": False} for k in SECTION_KEYS}
    assert record["year"] is None and record["level"] is None
    assert "parse_error" not in record


# ---- never raises --------------------------------------------------------------------------------

_pieces = st.sampled_from(
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、",
        "收到和处理政府信息公开申请情况",
        "四、结转下年度继续办理 |",
        "七、其他需要报告的事项",
        "（一）",
        "第二十条第（一）项",
        "行政复议 |",
        "|||",
        "2111 |",
        "发出收费通知0件",
        "受理296件,其中:",
        "報(bào)",
        "\ufffd",
        "?。ǘ┮",
        "",
        " ",
        "2023年",
        "二〇二二年",
        "统计期限自",
    ]
)
_line = st.one_of(st.text(max_size=40), st.lists(_pieces, max_size=6).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, max_size=40))
def test_parse_never_raises_on_arbitrary_text(lines):
    text = "\n".join(lines)
    record = parse(extracted(text))
    assert "parse_error" not in record
    json.dumps(record, ensure_ascii=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    grid=st.lists(
        st.lists(st.one_of(_line, st.just("一、总体情况\n正文")), min_size=0, max_size=5),
        max_size=8,
    ),
    before=st.lists(_line, max_size=5),
)
def test_parse_never_raises_on_odd_tables(grid, before):
    width = max((len(r) for r in grid), default=0)
    rows = tuple(tuple(r + [""] * (width - len(r))) for r in grid)
    blocks = [Paragraph(x) for x in before] + [Table(rows=rows)]
    record = parse(Extracted(format="html", blocks=blocks, text="\n".join(before)))
    assert "parse_error" not in record


def test_parse_survives_a_very_long_line():
    text = "一、总体情况\n" + "公开" * 200_000 + "\n六、其他需要报告的事项\n无。"
    record = parse(extracted(text))
    assert record["sections"]["s6"]["present"]
    assert "parse_error" not in record


def test_pdf_text_saved_as_plain_text_is_rejoined_for_sentences():
    body = (
        "2020年,通过区政府门户网站主动公开政府信息3891条,主动公开政府信息7701\n"
        "条。2020年,全区共收到政府信息依申请公开68件,主要涉及土地、房屋征收和城市管理\n"
        "领域相关法规文件内容,答复率为100%。以完善内部制度为抓手,以规范答复文书格式为\n"
        "重点,提升政府信息公开申请办理工作质量,印发了通知。通过政务微博、微信公众号、\n"
        "公开电话(信箱)、新闻发布等多种渠道,主动公开政府信息。为巩固全市政务公开工作\n"
        "培训班学习内容,提升政务公开意识,增强业务工作能力。\n"
    )
    record = parse(extracted("一、总体情况\n" + body))
    assert [(f["key"], f["value"]) for f in record["prose"]] == [("RECEIVED", 68)]
