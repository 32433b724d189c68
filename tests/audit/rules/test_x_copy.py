from __future__ import annotations

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
