from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_website_footer_inside_the_report_is_info():
    record = good_record()
    record["text"] += (
        "\n主办:北京市丰台区人民政府办公室\n网站标识码:1101060001\n京ICP备20013709号\n京公网安备11010602060030号"
    )
    [finding] = findings(record, "TEXT-BOILERPLATE")
    assert finding["severity"] == "info"
    assert finding["evidence"]["quotes"] == [
        "主办:北京市丰台区人民政府办公室",
        "网站标识码:1101060001",
        "京ICP备20013709号",
        "京公网安备11010602060030号",
    ]


def test_host_in_an_ordinary_sentence_is_not_chrome():
    record = good_record()
    record["text"] += "\n所有议提案均已办结，其中主办件6件。"
    assert targets(record, "TEXT-BOILERPLATE") == []


def test_leaving_site_prompt_is_chrome():
    record = good_record()
    record["text"] += "\n您访问的链接即将离开“北京市丰台区人民政府”门户网站 是否继续?"
    assert targets(record, "TEXT-BOILERPLATE") == [None]
