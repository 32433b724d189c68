from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def _gov(text: str, level: str = "gov"):
    record = good_record(level=level)
    record["text"] = text
    return record


def test_government_report_mentioning_all_three_is_fine():
    assert (
        targets(_gov("纳入年度目标考核，开展社会评议，本年度无相关责任追究。"), "GOV-ART50-4") == []
    )


def test_government_report_mentioning_only_assessment_is_flagged():
    [finding] = findings(_gov("加大政务公开工作绩效考核力度。"), "GOV-ART50-4")
    assert finding["target"] == "s1"
    assert finding["evidence"] == {"found": ["考核"], "missing": ["社会评议", "责任追究"]}


def test_traditional_script_with_pinyin_noise_is_read():
    text = "建立健全考核監(jiān)督、社會(huì)評議和責(zé)任追究制度。"
    assert targets(_gov(text), "GOV-ART50-4") == []


def test_accountability_phrased_the_other_way_round_counts():
    assert targets(_gov("严格考核，开展社会评议，依法追究相关人员责任。"), "GOV-ART50-4") == []


def test_department_reports_are_not_judged():
    assert targets(_gov("加大考核力度。", level="dept"), "GOV-ART50-4") == []


def test_level_from_metadata_decides():
    record = _gov("加大考核力度。", level="dept")
    assert targets(record, "GOV-ART50-4", metadata={"level": "gov"}) == ["s1"]
