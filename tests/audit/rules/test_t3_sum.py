from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_total_equal_to_result_rows_is_fine():
    assert targets(good_record(), "T3-SUM") == []
    assert targets(good_record(year=2020), "T3-SUM") == []


def test_total_differing_from_the_result_rows_is_an_error():
    record = good_record()
    set_cell(record, "t3", "R4_1", "NP", 1267)
    [finding] = findings(record, "T3-SUM")
    assert finding["target"] == "NP"
    assert finding["evidence"]["expected"] == 2093
    assert finding["evidence"]["actual"] == 2090
    assert finding["evidence"]["cells"]["t3.R4_1.NP"] == 1267
    assert len(finding["evidence"]["cells"]) == 22  # R7 and the 21 result rows


def test_2019_layout_sums_the_single_other_row():
    record = good_record(year=2020)
    set_cell(record, "t3", "R6", "TOT", 10)
    [finding] = findings(record, "T3-SUM")
    assert finding["target"] == "TOT"
    assert "t3.R6.TOT" in finding["evidence"]["cells"]


def test_blank_total_column_on_result_rows_is_not_a_sum_error():
    # Some reports leave 总计 blank on every result row except （七）.
    record = good_record()
    for row in record["tables"]["t3"]["cells"]:
        if row not in ("NEW", "CARRY_IN", "R7", "CARRY_OUT"):
            set_cell(record, "t3", row, "TOT", None)
    assert targets(record, "T3-SUM") == []
    assert targets(record, "T3-ROW") == []
