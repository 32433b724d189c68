"""Chinese analysis: one function for documents and queries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search.analysis import analyse, bigrams, needs_unigrams, normalise, unigrams


def test_traditional_becomes_simplified_including_place_names():
    assert normalise("武漢市礄口區政府信息公開") == "武汉市硚口区政府信息公开"


def test_pinyin_noise_and_full_width_are_removed():
    assert normalise("本年度報(bào)告２０２２年（ＩＰｖ６）") == "本年度报告2022年(ipv6)"


def test_taiwan_phrasing_is_mapped_back_when_the_text_shows_it():
    text = "區政府入口網站最佳化,集中公開行政規範性檔案,套用新範本。"
    assert normalise(text) == "区政府门户网站优化,集中公开行政规范性文件,应用新范本。"


def test_taiwan_list_leaves_text_without_that_conversion_alone():
    # No marker phrase: a Traditional text that was not Taiwan-converted keeps its words.
    assert normalise("規範檔案管理,設定目標") == "规范档案管理,设定目标"
    # Simplified text is never touched by it, and tw2sp's rewrites do not happen.
    assert normalise("规范性文件,建立制度,档案") == "规范性文件,建立制度,档案"


def test_guard_entries_keep_real_archives():
    assert normalise("入口網站上的檔案館與人事檔案") == "门户网站上的档案馆与人事档案"


def test_offsets_point_back_into_the_original():
    original = "礄口區入口網站持續最佳化,報(bào)告"
    analysed = analyse(original, keep_offsets=True)
    for word, expected in (
        ("门户网站", "入口網站"),
        ("优化", "最佳化"),
        ("报告", "報(bào)告"),
        ("硚口", "礄口"),
    ):
        i = analysed.text.index(word)
        s, e = analysed.original_span(i, i + len(word))
        assert original[s:e] == expected


def test_simplified_text_is_aligned_and_stores_no_offsets():
    analysed = analyse("政务公开工作", keep_offsets=True)
    assert analysed.aligned and analysed.breaks() == []


@given(
    st.text(
        alphabet=st.sampled_from("報(bào)告入口網站最佳化檔案公開礄口區 ,。ＡＢ１２ab"), max_size=60
    )
)
def test_compact_offsets_equal_full_offsets(text):
    from search.analysis import Analysed

    full = analyse(text, keep_offsets=True)
    compact = Analysed.from_breaks(full.text, full.breaks()) if not full.aligned else full
    for i in range(len(full.text)):
        for j in range(i + 1, min(len(full.text), i + 5) + 1):
            assert compact.original_span(i, j) == full.original_span(i, j)


def test_tokens_bigram_and_unigram():
    assert bigrams("政务公开 2022年 ipv6支持") == [
        "政务",
        "务公",
        "公开",
        "2022",
        "年",
        "ipv6",
        "支持",
    ]
    assert unigrams("公开2022年") == ["公", "开", "2022", "年"]
    assert needs_unigrams("2022年") and needs_unigrams("税") and not needs_unigrams("政务公开")


def test_taiwan_name_of_information_disclosure_is_the_mainland_one():
    # What a reader from Taiwan types, and what a Taiwan-converted report says.
    assert normalise("政府資訊公開") == normalise("政府信息公开") == "政府信息公开"
    assert normalise("資訊公開工作年度報告") == "信息公开工作年度报告"
    assert normalise("入口網站發布政務資訊") == "门户网站发布政务信息"


def test_information_alone_is_left_alone_without_the_taiwan_phrase():
    # 资讯 is a mainland word too (政务资讯栏目); only a text that shows Taiwan wording maps it.
    assert normalise("政務資訊欄目") == "政务资讯栏目"
    assert normalise("资讯") == "资讯"


def test_taiwan_offsets_point_back_into_the_original():
    original = "依《政府資訊公開法》辦理"
    analysed = analyse(original, keep_offsets=True)
    i = analysed.text.index("政府信息公开")
    s, e = analysed.original_span(i, i + len("政府信息公开"))
    assert original[s:e] == "政府資訊公開"
