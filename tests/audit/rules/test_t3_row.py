from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_rows_adding_up_are_fine():
    assert targets(good_record(), "T3-ROW") == []


def test_row_total_differing_from_its_columns_is_an_error():
    record = good_record()
    set_cell(record, "t3", "R1", "TOT", 447)
    [finding] = findings(record, "T3-ROW")
    assert finding["target"] == "R1"
    assert finding["evidence"]["expected"] == 447
    assert finding["evidence"]["actual"] == 448
    assert "予以公开" in finding["message"]


def test_blank_party_cell_makes_the_row_uncheckable_unless_already_over():
    record = good_record()
    set_cell(record, "t3", "R2", "BIZ", None)  # 128 + blank could be 129
    assert targets(record, "T3-ROW") == []
    set_cell(record, "t3", "R2", "NP", 130)  # 130 + blank can never be 129
    assert targets(record, "T3-ROW") == ["R2"]
