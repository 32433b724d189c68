"""Damaged-text detection and repair (find_mojibake, repair_mojibake, count_replacement_chars)."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.textnorm import (
    _UTF8_CJK_RUN,
    _has_utf8_cjk_run,
    count_replacement_chars,
    find_mojibake,
    matchable,
    repair_mojibake,
)
from tests.shared import requires_shared, seed_paths

CLEAN = "政府信息公开工作年度报告（二）依申请办理方面。本机关全年共新收政府信息公开申请296件。"


def test_replacement_chars_are_counted() -> None:
    assert count_replacement_chars("报\ufffd告\ufffd") == 2
    assert count_replacement_chars(CLEAN) == 0


def test_shifted_gbk_subheading_is_found() -> None:
    text = "全面暢通受理渠道。\n?。ǘ┮郎暾堔k理方面\n全面暢通當面受理。"
    runs = find_mojibake(text)
    assert len(runs) == 1
    assert runs[0].startswith("?。ǘ┮郎暾堔")


def test_utf8_read_as_gbk_is_found_and_repaired() -> None:
    clean = "政府信息公开工作年度报告（二）依申请办理方面"
    damaged = clean.encode("utf-8").decode("gb18030")
    text = f"一、总体情况\n{damaged}\n二、主动公开"
    assert find_mojibake(text)
    assert repair_mojibake(text) == f"一、总体情况\n{clean}\n二、主动公开"


def test_utf8_read_as_gbk_with_lost_bytes_is_still_found() -> None:
    damaged = CLEAN.encode("utf-8").decode("gb18030", errors="replace")
    assert "\ufffd" in damaged
    assert find_mojibake(damaged)


def test_gbk_read_as_latin1_is_found_and_repaired() -> None:
    damaged = CLEAN.encode("gbk").decode("latin-1")
    assert find_mojibake(damaged)
    assert repair_mojibake(damaged) == CLEAN


def test_utf8_read_as_cp1252_with_holes_is_found_but_not_repaired() -> None:
    damaged = CLEAN.encode("utf-8").decode("cp1252", errors="replace")
    assert "\ufffd" in damaged
    assert find_mojibake(damaged)
    # Bytes are lost in the holes: a "repair" would be a guess.
    assert repair_mojibake(damaged) == damaged


def test_shifted_bytes_are_left_alone_by_repair() -> None:
    text = "?。ǘ┮郎暾堔k理方面"
    assert repair_mojibake(text) == text


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        opencc.OpenCC("s2t").convert(CLEAN),
        "2022年礄口區人民政府堅持以人民為中心深化政務公開,反饋問題及時辦理。",  # rare place name
        "本年度報(bào)告依據(jù)《條例》編制。",  # pinyin noise is not mojibake
        "您访问的链接即将离开“北京市丰台区人民政府”门户网站 是否继续?",
        "详见 http://www.gov.cn/index.html?id=3&t=1 页面",
        "│项目│数量│\n├────┼────┤\n│新收│296│",  # a text-drawn table
        "αβγ and Привет in a foreign-language note; カタカナ alone.",
    ],
)
def test_normal_text_has_no_mojibake(text: str) -> None:
    assert find_mojibake(text) == []
    assert repair_mojibake(text) == text


@requires_shared
def test_seed_000_mojibake_runs_are_found_and_other_seeds_are_clean() -> None:
    s2t = opencc.OpenCC("s2t")
    for path in seed_paths():
        text = path.read_text(encoding="utf-8")
        runs = find_mojibake(text)
        if path.name.startswith("000_"):
            assert len(runs) == 4, runs
            assert any("ǘ┮郎暾堔" in r for r in runs)
        else:
            assert runs == [], (path.name, runs)
            # The same report in the other script must stay clean too.
            assert find_mojibake(s2t.convert(text)) == [], path.name


def test_matchable_still_folds_and_simplifies() -> None:
    assert matchable("（二）報(bào)告") == "(二)报告"


# Pieces of byte strings near the pattern's edge: UTF-8 CJK and punctuation, GBK text, ASCII,
# stray continuation and lead bytes.
_BYTE_PIECES = st.sampled_from(
    [
        b"\xe4\xb8\xad",
        b"\xef\xbc\x8c",
        b"\xe3\x80\x82",
        "政府".encode("gb18030"),
        b"a",
        b"\x80",
        b"\xe4",
    ]
)


@settings(max_examples=500)
@given(st.one_of(st.binary(max_size=60), st.lists(_BYTE_PIECES, max_size=12).map(b"".join)))
def test_utf8_run_prescan_agrees_with_the_byte_pattern(raw):
    assert _has_utf8_cjk_run(raw) == (_UTF8_CJK_RUN.search(raw) is not None)
