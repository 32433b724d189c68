from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.rules.textnorm import compact, fold, matchable
from gxnb_portal.extract.repair import fold_width, normalise_for_match

_report_chars = st.sampled_from(
    [
        *"報(bào)告，：；（）【】“”‘’—－\u3000\xa0 abcABC123１２３ＡＢｃ發展政府信息公開ā(a)(ICP)",
        # Compatibility characters PDFs and web pages carry: Kangxi radicals, circled and
        # parenthesised numbers, ligatures, a full-width letter followed by a combining accent,
        # Hangul jamo that compose, a precomposed syllable followed by a trailing jamo.
        *["⼀", "⼆", "①", "㈠", "ﬁ", "\u0301", "\u0308", "Ｅ", "\u1100", "\u1161", "\u11a8"],
        *["가", "…", "㎡"],
    ]
)


@settings(max_examples=300)
@given(st.text(alphabet=_report_chars, max_size=60))
def test_fast_fold_equals_repair_fold_width(text):
    assert fold(text) == fold_width(text)


@given(st.text(max_size=40))
def test_fast_fold_equals_repair_fold_width_on_any_unicode(text):
    assert fold(text) == fold_width(text)


@given(st.text(alphabet=_report_chars, max_size=60))
def test_matchable_equals_repair_normalise_for_match(text):
    assert matchable(text) == normalise_for_match(text)


@given(st.text(max_size=40))
def test_compact_removes_exactly_regex_whitespace(text):
    import re

    assert compact(text) == re.sub(r"\s+", "", text)


def test_matchable_strips_pinyin_and_converts_to_simplified():
    assert matchable("本年度報(bào)告（一）") == "本年度报告(一)"
