from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_collected_within_the_billed_amount_is_fine():
    assert targets(good_record(), "FEE-COLLECT") == []


def test_collected_more_than_billed_is_flagged():
    record = good_record()
    record["fee"].update(notices_amount=300, collected_amount=450)
    [finding] = findings(record, "FEE-COLLECT")
    assert finding["target"] == "s6"
    assert finding["evidence"]["expected"] == 300
    assert finding["evidence"]["actual"] == 450


def test_unknown_billed_amount_is_not_judged():
    record = good_record()
    record["fee"].update(notices_amount=None, collected_amount=400)
    assert targets(record, "FEE-COLLECT") == []
