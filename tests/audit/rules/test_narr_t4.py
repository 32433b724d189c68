from __future__ import annotations

from tests.audit.factories import fact, findings, good_record, targets


def test_prose_review_and_litigation_counts_matching_table_four_are_fine():
    record = good_record()
    record["prose"] = [fact("REV", 106), fact("LIT", 59)]  # 41 + 18
    assert targets(record, "NARR-T4") == []


def test_prose_review_count_differing_is_flagged():
    record = good_record()
    record["prose"] = [fact("REV", 25, "被申请行政复议25件"), fact("LIT", 59)]
    [finding] = findings(record, "NARR-T4")
    assert finding["target"] == "REV"
    assert finding["evidence"]["cells"] == {"t4.REV.TOT": 106}
    assert finding["evidence"]["quotes"] == ["被申请行政复议25件"]


def test_litigation_is_compared_with_both_lawsuit_groups():
    record = good_record()
    record["prose"] = [fact("LIT", 41)]  # only 直接起诉
    [finding] = findings(record, "NARR-T4")
    assert finding["target"] == "LIT"
    assert finding["evidence"]["expected"] == 59


def test_without_table_four_nothing_is_compared():
    record = good_record()
    record["tables"]["t4"] = {"present": False}
    record["prose"] = [fact("REV", 25), fact("LIT", 5)]
    assert targets(record, "NARR-T4") == []


def test_blank_total_is_not_compared():
    record = good_record()
    record["tables"]["t4"]["cells"]["LR"]["TOT"] = None
    record["prose"] = [fact("LIT", 5)]
    assert targets(record, "NARR-T4") == []
