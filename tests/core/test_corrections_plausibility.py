"""A finding that rests on a cell the parser chose by plausibility says so: the
identity and prose rules already do (``audit.rules.arithmetic.plausibility_note``); the other
rules that rest on one table-三 cell — X-CARRY and FEE-NOTICE — say it too, and say nothing
when the cell was read with certainty or corrected by staff."""

from __future__ import annotations

from reports.corrections import apply_corrections
from tests.audit.factories import findings, good_record, set_cell

NOTE = "按合理性推定"


def _carry_pair():
    previous = good_record(year=2023)
    current = good_record(year=2024)
    for col, value in zip(
        ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT"), (130, 3, 0, 0, 0, 3, 136), strict=True
    ):
        set_cell(current, "t3", "CARRY_IN", col, value)
    return current, previous


def test_x_carry_on_a_plausibility_cell_says_so():
    current, previous = _carry_pair()
    [plain, _] = findings(current, "X-CARRY", previous=previous)
    assert NOTE not in plain["message"]
    current["tables"]["t3"]["decided_by"] = {"CARRY_IN.NP": "plausibility"}
    [np_finding, tot_finding] = findings(current, "X-CARRY", previous=previous)
    assert "CARRY_IN.NP的数字由数字粘连的几种读法中按合理性推定" in np_finding["message"]
    assert NOTE not in tot_finding["message"]
    # Once staff corrected the cell, it is no longer the parser's guess.
    corrected = apply_corrections(current, [{"cell": "t3.CARRY_IN.NP", "value": 130}])
    assert NOTE not in findings(corrected, "X-CARRY", previous=previous)[0]["message"]


def test_fee_notice_on_a_plausibility_cell_says_so():
    record = good_record()
    record["fee"].update(notices_count=0, notices_amount=0, collected_amount=0)
    assert NOTE not in findings(record, "FEE-NOTICE")[0]["message"]
    record["tables"]["t3"]["decided_by"] = {"R6_2.TOT": "plausibility"}
    [finding] = findings(record, "FEE-NOTICE")
    assert "R6_2.TOT的数字由数字粘连的几种读法中按合理性推定" in finding["message"]
