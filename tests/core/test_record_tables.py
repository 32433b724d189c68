"""One builder for the record tables both the public page and the review page show."""

from __future__ import annotations

from reader.record import T3_COLS, empty_record
from reports.record_tables import section_tables


def _record() -> dict:
    record = empty_record()
    record["tables"]["t3"] = {
        "present": True,
        "empty": False,
        "layout": "2021",
        "cells": {"NEW": {"NP": 12, "TOT": 12}, "CARRY_IN": {"NP": None}},
        "blank": ["CARRY_IN.NP"],
        "ambiguous": ["NEW.TOT"],
    }
    record["tables"]["t2"] = {"present": True, "empty": True, "layout": "2021", "cells": {}}
    return record


def test_table_three_rows_come_in_format_order_with_group_rows_and_cell_marks():
    (table,) = section_tables(_record(), "s3")
    assert table["key"] == "t3" and table["caption"].startswith("表三")
    assert len(table["columns"]) == len(T3_COLS)
    first = table["rows"][0]
    assert first["label"].startswith("一、本年新收")
    by_key = {c["key"]: c for row in table["rows"] if not row.get("group") for c in row["cells"]}
    assert by_key["t3.NEW.NP"] == {
        "key": "t3.NEW.NP",
        "value": 12,
        "blank": False,
        "missing": False,
        "ambiguous": False,
    }
    assert by_key["t3.NEW.TOT"]["ambiguous"] is True
    assert by_key["t3.CARRY_IN.NP"]["blank"] is True  # the source left it empty
    assert by_key["t3.R7.TOT"]["missing"] is True  # nothing was read
    groups = [row["label"] for row in table["rows"] if row.get("group")]
    assert len(groups) == 4  # （三）…（六）


def test_empty_tables_are_left_out_only_when_asked():
    assert [t["key"] for t in section_tables(_record(), "s2")] == ["t2"]
    assert section_tables(_record(), "s2", skip_empty=True) == []
    assert section_tables(_record(), "s4") == []  # not found in the record


def test_the_caller_adds_to_each_cell():
    def marked(table, row, col, value, meta):
        return {"key": f"{table}.{row}.{col}", "value": value, "mine": True}

    (table,) = section_tables(_record(), "s2", cell=marked)
    assert all(c["mine"] and c["label"] for row in table["rows"] for c in row["cells"])
