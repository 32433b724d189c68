from __future__ import annotations

import pytest

from tests.audit.factories import findings, good_record, targets


def _text(text: str, title: str | None = None):
    record = good_record(level="dept")
    record["text"] = text
    if title is not None:
        record["title"] = title
    return record


def test_agency_name_replaced_by_a_gambling_brand_is_spam():
    # Seed 001: the office's name was replaced on the copying site.
    title = "bet365亚洲官网 办公室2021年政府信息公开工作年度报告"
    record = _text(title + "\n如对本报告有疑问，请联系bet365亚洲官网 办公室。", title=title)
    [finding] = findings(record, "TEXT-SPAM")
    assert finding["severity"] == "error"
    assert finding["target"] is None
    assert finding["evidence"]["terms"] == ["bet365", "亚洲官网"]
    assert finding["evidence"]["count"] == 4
    assert finding["evidence"]["title"] == title
    assert all("bet365" in q for q in finding["evidence"]["quotes"])


@pytest.mark.parametrize(
    "text",
    ["欢迎光临澳门新葡京娱乐城，真人视讯在线", "體育投注 首選 皇冠體育", "开云体育官方网址"],
)
def test_injected_casino_advertising_is_spam(text):
    assert targets(_text("本机关认真落实条例。" + text), "TEXT-SPAM") == [None]


@pytest.mark.parametrize(
    "text",
    [
        "开展福利彩票、体育彩票销售管理信息公开。",
        "依法打击六合彩、网络赌博等违法犯罪活动，查处博彩案件12起。",
        "组织赴意大利威尼斯人文交流考察。",
        "太阳城社区完成老旧小区改造。",
        "本报告可从平谷区人民政府门户网站(http://www.bjpg.gov.cn/pgqrmzf/index.html)下载。",
        "详见 https://www.example.com/report 。",
        "真人真事改编的普法短视频。",
    ],
)
def test_ordinary_government_sentences_are_not_spam(text):
    assert targets(_text(text), "TEXT-SPAM") == []


def test_casino_brand_next_to_casino_words_is_spam():
    assert targets(_text("威尼斯人娱乐官网注册即送"), "TEXT-SPAM") == [None]


def test_link_to_a_casino_domain_is_spam():
    record = _text("更多信息请访问 http://www.bet365-yule.com/ 查询。")
    [finding] = findings(record, "TEXT-SPAM")
    assert any("yule" in t for t in finding["evidence"]["terms"])


def test_clean_report_has_no_spam():
    assert targets(good_record(), "TEXT-SPAM") == []


@pytest.mark.parametrize("text", ["澳門新葡京娛樂城", "ｂｅｔ３６５ 亞洲官網", "b e t 3 6 5"])
def test_spam_in_traditional_full_width_or_spaced_out_is_found(text):
    assert targets(_text("本机关认真落实条例。" + text), "TEXT-SPAM") == [None]


def test_macau_as_a_place_is_not_spam():
    assert targets(_text("赴澳门特别行政区学习政务公开经验。"), "TEXT-SPAM") == []
