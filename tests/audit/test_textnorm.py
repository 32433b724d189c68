from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.rules.textnorm import fold, matchable
from gxnb_portal.extract.repair import fold_width, normalise_for_match

_alphabet = st.sampled_from(
    list("報(bào)告，：；（）【】“”‘’—－\u3000\xa0 abcABC123１２３發展政府信息公開ā(a)(ICP)")
)


@given(st.text(alphabet=_alphabet, max_size=60))
def test_fast_fold_equals_repair_fold_width(text):
    assert fold(text) == fold_width(text)


@given(st.text(alphabet=_alphabet, max_size=60))
def test_matchable_equals_repair_normalise_for_match(text):
    assert matchable(text) == normalise_for_match(text)


def test_matchable_strips_pinyin_and_converts_to_simplified():
    assert matchable("本年度報(bào)告（一）") == "本年度报告(一)"
