from __future__ import annotations

import pytest

from tests.audit.factories import findings, good_record, section, targets


@pytest.mark.parametrize("text", ["无", "暂无。", "无。", "本年度暂无存在的主要问题。"])
def test_section_five_saying_nothing_is_flagged(text):
    record = good_record()
    record["sections"]["s5"] = section(text)
    [finding] = findings(record, "S5-VACUOUS")
    assert finding["target"] == "s5"
    assert finding["severity"] == "warning"


def test_section_five_with_substance_is_fine():
    assert targets(good_record(), "S5-VACUOUS") == []


def test_just_over_twenty_characters_is_fine():
    record = good_record()
    record["sections"]["s5"] = section(
        "一是政策解读形式单一；二是公开平台栏目设置有待优化，将持续改进。"
    )
    assert targets(record, "S5-VACUOUS") == []


def test_missing_section_five_is_not_vacuous():
    record = good_record()
    record["sections"]["s5"] = {"present": False}
    assert targets(record, "S5-VACUOUS") == []


def test_empty_section_five_is_left_to_sec_empty():
    record = good_record()
    record["sections"]["s5"] = section("")
    assert targets(record, "S5-VACUOUS") == []
    assert targets(record, "SEC-EMPTY") == ["s5"]
