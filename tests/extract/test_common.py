"""``clean_inline``: whitespace runs collapsed, spaces beside CJK dropped; its fast path for
cells of letters, digits and ideographs gives what the full clean-up gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract.common import clean_inline

_CJK_CLASS = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—"


def reference(text: str) -> str:
    text = re.sub(r"[\s\xa0\u3000\u200b\ufeff]+", " ", text).strip()
    return re.sub(rf"(?<=[{_CJK_CLASS}]) | (?=[{_CJK_CLASS}])", "", text)


_chars = st.sampled_from(
    [*"本年新制作数量12aB ", "\xa0", "\u3000", "\u200b", "\ufeff", "\t", "\n", "、", "Ⅻ", "²"]
)


@settings(max_examples=400)
@given(st.text(alphabet=_chars, max_size=20))
def test_clean_inline_equals_the_full_clean_up(text):
    assert clean_inline(text) == reference(text)


@given(st.text(max_size=20))
def test_clean_inline_equals_the_full_clean_up_on_any_text(text):
    assert clean_inline(text) == reference(text)


def test_examples():
    assert clean_inline("本年新 制作数量") == "本年新制作数量"
    assert clean_inline(" New\xa0 York ") == "New York"
    assert clean_inline("2180") == "2180"
