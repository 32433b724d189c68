from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_dropped_for_non_payment_but_no_notices_is_flagged():
    record = good_record()
    record["fee"].update(notices_count=0, notices_amount=0, collected_amount=0)
    [finding] = findings(record, "FEE-NOTICE")
    assert finding["target"] == "R6_2"
    assert finding["evidence"]["cells"] == {"t3.R6_2.TOT": 51}
    assert finding["evidence"]["fee"] == {"notices_count": 0}


def test_more_dropped_applications_than_notices_is_not_a_contradiction():
    # 丰台 2023: R6_2 = 51 with 11 notices (one notice may cover several applications).
    assert targets(good_record(), "FEE-NOTICE") == []


def test_notice_count_not_stated_is_not_judged():
    record = good_record()
    record["fee"].update(notices_count=None, collected_amount=0)
    assert targets(record, "FEE-NOTICE") == []


def test_no_dropped_applications_is_fine():
    record = good_record()
    record["fee"].update(notices_count=0)
    set_cell(record, "t3", "R6_2", "TOT", 0)
    assert targets(record, "FEE-NOTICE") == []
