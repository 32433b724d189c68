from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.rules.crossyear import similarity
from tests.audit.factories import findings, good_record, section, targets

S1_2023 = (
    "2023年，本区坚持以习近平新时代中国特色社会主义思想为指导，认真落实党中央、国务院关于政务公开工作的决策部署，"
    "围绕经济社会高质量发展，坚持以公开促落实、促规范、促服务，全面推进政务公开标准化规范化建设，"
    "提升政策制定公众参与度、政策推送精准度、政策获取便利度，充分利用互联网技术拓宽公开渠道，"
    "为推动放管服改革、优化营商环境提供有力支撑。全年主动公开政府信息3891条，办理依申请公开68件。"
)
S1_OTHER = (
    "2024年，区政府办公室聚焦企业群众关切，开展“政策体验官”“政务开放日”活动130场，"
    "推出云上服务“先丰站”，设置“我要找政策”板块，建立区政府文件联审机制，"
    "对主动公开文件审核是否同步配套政策解读，组织64家委办局及街镇开展年度政务公开培训，"
    "在区政府网站推出26张政府信息公开名片，整合教育、医疗、养老等信息，提供便民服务。"
)


def _pair(now: str, before: str):
    previous, current = good_record(year=2023), good_record(year=2024)
    previous["sections"]["s1"] = section(before)
    current["sections"]["s1"] = section(now)
    return current, previous


def test_section_copied_with_only_the_numbers_changed_is_flagged():
    copied = S1_2023.replace("2023", "2024").replace("3891", "4102").replace("68", "71")
    current, previous = _pair(copied, S1_2023)
    [finding] = findings(current, "X-COPY", previous=previous)
    assert finding["target"] == "s1"
    assert finding["severity"] == "warning"
    assert finding["evidence"]["similarity"] >= 0.9


def test_rewritten_section_is_fine():
    current, previous = _pair(S1_OTHER, S1_2023)
    assert targets(current, "X-COPY", previous=previous) == []


def test_very_short_sections_are_not_compared():
    current, previous = _pair("无。", "无。")
    current["sections"]["s5"] = section("暂无。")
    previous["sections"]["s5"] = section("暂无。")
    assert targets(current, "X-COPY", previous=previous) == []


def test_half_copied_section_is_below_the_threshold():
    half = S1_2023[: len(S1_2023) // 2] + S1_OTHER[len(S1_OTHER) // 2 :]
    current, previous = _pair(half, S1_2023)
    assert targets(current, "X-COPY", previous=previous) == []


def test_similarity_of_identical_and_disjoint_texts():
    assert similarity("甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛") == 1.0
    assert similarity("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未") == 0.0


def test_traditional_copy_of_a_simplified_section_is_still_a_copy():
    trad = (
        "2024年，本區堅持以習近平新時代中國特色社會主義思想為指導，認真落實黨中央、國務院關於政務公開工作的決策部署，"
        + (
            "圍繞經濟社會高質量發展，堅持以公開促落實、促規範、促服務，全面推進政務公開標準化規範化建設，"
            "提升政策制定公眾參與度、政策推送精準度、政策獲取便利度，充分利用互聯網技術拓寬公開渠道，"
            "為推動放管服改革、優化營商環境提供有力支撐。全年主動公開政府信息3891條，辦理依申請公開68件。"
        )
    )
    current, previous = _pair(trad, S1_2023)
    current["script"] = "hant"
    assert targets(current, "X-COPY", previous=previous) == ["s1"]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_clause_floor_never_hides_a_ninety_percent_copy(data):
    # The shingle comparison is skipped below the clause-overlap floor; small edits that keep
    # 90 % of the shingles must keep the clause overlap above it.
    from audit.rules.crossyear import _CLAUSE_FLOOR, _clauses, clause_overlap

    text = S1_2023 + S1_OTHER
    chars = list(text)
    for _ in range(data.draw(st.integers(0, 12))):
        i = data.draw(st.integers(0, len(chars) - 1))
        chars[i] = data.draw(st.sampled_from("甲乙丙丁戊"))
    edited = "".join(chars)
    a, b = _clauses(edited, "hans"), _clauses(text, "hans")
    if similarity("".join(a), "".join(b)) >= 0.9:
        assert clause_overlap(a, b) >= _CLAUSE_FLOOR
