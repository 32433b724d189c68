from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_decimal_fee_amount_is_fine():
    assert targets(good_record(), "T2-DOM") == []


def test_fractional_document_count_is_flagged():
    record = good_record()
    set_cell(record, "t2", "NORM", "ISSUED", 2.5)
    [finding] = findings(record, "T2-DOM")
    assert finding["target"] == "NORM.ISSUED"
    assert "不是整数" in finding["message"]


def test_negative_fee_amount_is_flagged():
    record = good_record()
    set_cell(record, "t2", "FEE", "AMOUNT", -3.2)
    assert targets(record, "T2-DOM") == ["FEE.AMOUNT"]


def test_2019_layout_change_may_be_negative_and_procurement_amount_decimal():
    record = good_record(year=2020)
    set_cell(record, "t2", "LICENSE", "CHANGE", -12)
    assert targets(record, "T2-DOM") == []


def test_2019_layout_negative_item_count_is_flagged():
    record = good_record(year=2020)
    set_cell(record, "t2", "LICENSE", "PREV_ITEMS", -12)
    assert targets(record, "T2-DOM") == ["LICENSE.PREV_ITEMS"]
