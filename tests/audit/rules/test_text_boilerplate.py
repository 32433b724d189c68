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


def test_registration_marks_named_in_prose_are_not_chrome():
    record = good_record()
    record["text"] += (
        "\n按照检查指标要求对网站进行全面自查，网站标识码、ICP备案信息和公网安备案信息均已在首页展示。"
    )
    assert targets(record, "TEXT-BOILERPLATE") == []


def test_registration_marks_with_their_numbers_are_chrome_in_either_script():
    for footer in ("網站標識碼：bm12000001", "粤ICP备 05008955号-1", "京公网安备 11010602060030号"):
        record = good_record()
        record["text"] += "\n" + footer
        assert targets(record, "TEXT-BOILERPLATE") == [None], footer
