from __future__ import annotations

from tests.audit.factories import empty_table, findings, good_record, targets


def test_skeleton_without_numbers_is_empty():
    record = good_record()
    record["tables"]["t3"] = empty_table("t3")
    [finding] = findings(record, "TABLE-EMPTY")
    assert finding["target"] == "t3"
    assert finding["severity"] == "error"
    assert finding["evidence"]["lost_in_copy"] is True


def test_table_with_numbers_is_not_empty():
    assert targets(good_record(), "TABLE-EMPTY") == []


def test_absent_table_is_not_empty():
    record = good_record()
    record["tables"]["t2"] = {"present": False}
    assert targets(record, "TABLE-EMPTY") == []


def test_empty_table_does_not_also_get_blank_cells_or_arithmetic():
    record = good_record()
    record["tables"]["t4"] = empty_table("t4")
    out = {f["rule"] for f in findings(record)}
    assert "TABLE-EMPTY" in out
    assert not out & {"TABLE-BLANK-CELLS", "T4-SUM", "T4-DOM"}


def test_table_whose_glued_numbers_could_not_be_split_is_not_empty():
    # The parser found every row with its digits but could not split them with certainty: the
    # cells are listed ambiguous (unknown), none blank. Numbers are there; they are unread.
    record = good_record()
    table = record["tables"]["t4"]
    table["cells"] = {g: dict.fromkeys(cols) for g, cols in table["cells"].items()}
    table["ambiguous"] = [f"{g}.{c}" for g, cols in table["cells"].items() for c in cols]
    table.update(blank=[], empty=True, lost=True)
    assert targets(record, "TABLE-EMPTY") == []


def test_hand_built_empty_table_without_lists_is_still_empty():
    record = good_record()
    table = empty_table("t2")
    del table["blank"]
    record["tables"]["t2"] = table
    assert targets(record, "TABLE-EMPTY") == ["t2"]
