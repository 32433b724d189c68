from __future__ import annotations

from tests.audit.factories import findings, good_record, set_cell, targets


def test_blank_cells_are_listed():
    record = good_record()
    set_cell(record, "t3", "R3_1", "TOT", None)
    set_cell(record, "t3", "R3_2", "TOT", None)
    [finding] = findings(record, "TABLE-BLANK-CELLS")
    assert finding["target"] == "t3"
    assert finding["severity"] == "warning"
    assert finding["evidence"]["cells"] == ["R3_1.TOT", "R3_2.TOT"]
    assert finding["evidence"]["count"] == 2


def test_blank_cell_is_not_read_as_zero():
    # R3_1.TOT really is 14: read as 0, R3_1's row and the TOT column would fail loudly.
    record = good_record()
    set_cell(record, "t3", "R3_1", "TOT", None)
    rules = {f["rule"] for f in findings(record)}
    assert "T3-ROW" not in rules
    assert "T3-SUM" not in rules


def test_identities_made_uncheckable_are_named_in_evidence():
    record = good_record()
    set_cell(record, "t3", "R3_1", "TOT", None)
    [finding] = findings(record, "TABLE-BLANK-CELLS")
    assert "T3-SUM:TOT" in finding["evidence"]["unchecked"]
    assert "T3-ROW:R3_1" in finding["evidence"]["unchecked"]
    assert "T3-COL:TOT" not in finding["evidence"]["unchecked"]


def test_table_four_and_two_blanks_are_separate_findings():
    record = good_record()
    set_cell(record, "t4", "LR", "PEND", None)
    set_cell(record, "t2", "REG", "ISSUED", None)
    assert targets(record, "TABLE-BLANK-CELLS") == ["t2", "t4"]


def test_complete_table_has_no_blank_cells():
    assert targets(good_record(), "TABLE-BLANK-CELLS") == []


def test_uncertain_cells_are_not_called_blank():
    # A glued-digit run the parser could not split is its uncertainty, not the agency's blank.
    record = good_record()
    table = record["tables"]["t3"]
    table["cells"]["NEW"] = dict.fromkeys(table["cells"]["NEW"])
    table["ambiguous"] = [f"NEW.{c}" for c in table["cells"]["NEW"]]
    assert targets(record, "TABLE-BLANK-CELLS") == []


def test_without_a_blank_list_none_cells_count_as_blank():
    record = good_record()
    del record["tables"]["t4"]["blank"]
    record["tables"]["t4"]["cells"]["REV"]["KEEP"] = None
    [finding] = findings(record, "TABLE-BLANK-CELLS")
    assert finding["evidence"]["cells"] == ["REV.KEEP"]
