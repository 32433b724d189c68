"""The fast folds in ``reader.textnorm`` against their plain definitions."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.textnorm import FOLD, compact, fold_width, matchable, strip_pinyin, to_simplified

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

_PINYIN_RE = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})[)）]"
)
_TONES = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


def reference_fold(text: str) -> str:
    """The definition: NFKC, then the punctuation folds."""
    return unicodedata.normalize("NFKC", text).translate(FOLD)


def reference_strip_pinyin(text: str) -> str:
    """The definition, without the fast path's pre-scan."""

    def drop(m: re.Match[str]) -> str:
        s = m.group(1)
        return "" if any(c in _TONES for c in s) or (s.islower() and len(s) <= 6) else m.group(0)

    return _PINYIN_RE.sub(drop, text)


@settings(max_examples=300)
@given(st.text(alphabet=_report_chars, max_size=60))
def test_fold_width_equals_its_definition(text):
    assert fold_width(text) == reference_fold(text)


@given(st.text(max_size=40))
def test_fold_width_equals_its_definition_on_any_unicode(text):
    assert fold_width(text) == reference_fold(text)


@settings(max_examples=300)
@given(st.text(alphabet=_report_chars, max_size=60))
def test_strip_pinyin_equals_its_definition(text):
    assert strip_pinyin(text) == reference_strip_pinyin(text)


@given(st.text(alphabet=_report_chars, max_size=60))
def test_matchable_is_pinyin_stripped_folded_simplified(text):
    assert matchable(text) == to_simplified(reference_fold(reference_strip_pinyin(text)))
    assert fold_width(text) == reference_fold(text)


@given(st.text(max_size=40))
def test_compact_removes_exactly_regex_whitespace(text):
    assert compact(text) == re.sub(r"\s+", "", text)


def test_matchable_strips_pinyin_and_converts_to_simplified():
    assert matchable("本年度報(bào)告（一）") == "本年度报告(一)"


def test_fold_width_folds_full_width_punctuation_digits_and_quotes():
    assert fold_width("（一）１２３，“ａ”—【注】\u3000") == '(一)123,"a"-[注] '
