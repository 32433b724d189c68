"""A record's tables 二/三/四 as rows for templates — one builder for every page that shows them.

The public report page and the audit review page both render the parsed tables; they differ only
in what a cell carries (the review page marks the cells its findings involve), which the caller
adds through ``cell``. Shape of one table::

    {"key": "t3", "caption": "表三 …", "kind": "t2" | "grid", "columns": [...],
     "rows": [{"label": …, "cells": [cell, …]} | {"label": …, "group": True}]}

Table 二 rows hold their own column labels (``cell["label"]``); tables 三 and 四 share
``columns``. A cell is ``{"key", "value", "blank", "missing", "ambiguous"}``: ``blank`` when the
source left it empty, ``missing`` when no value was read, ``ambiguous`` when the parser could
not read it with certainty.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reader.record import (
    T2_COL_LABELS,
    T2_LAYOUTS,
    T2_ROW_LABELS,
    T3_COL_LABELS,
    T3_COLS,
    T3_GROUP_LABELS,
    T3_ROW_LABELS,
    T4_COL_LABELS,
    T4_COLS,
    T4_GROUP_LABELS,
    T4_GROUPS,
    TABLE_SECTION,
    t3_rows,
)

__all__ = ["CAPTIONS", "cell_label", "plain_cell", "record_tables", "section_tables"]

CAPTIONS = {
    "t2": "表二 主动公开政府信息情况",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
}
# Table 三's group rows, printed before their first sub-row.
_T3_GROUP_STARTS = {"R3_1": "R3", "R4_1": "R4", "R5_1": "R5", "R6_1": "R6"}

_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def cell_label(ref: str) -> str:
    """A cell reference as a person reads it: ``t3.R1.NP`` → ``表三·自然人·（一）予以公开``.

    ``previous.`` (last year's report, in cross-year evidence) becomes ``上一年度``; anything that
    is not a known cell reference is returned as it is.
    """
    prefix = ""
    if ref.startswith("previous."):
        prefix, ref = "上一年度·", ref.removeprefix("previous.")
    parts = ref.split(".")
    if len(parts) != 3 or parts[0].lower() not in _TABLE_NAMES:
        return prefix + ref if prefix else ref
    table, row, col = parts[0].lower(), parts[1], parts[2]
    if table == "t2":
        row_label, col_label = T2_ROW_LABELS.get(row), T2_COL_LABELS.get(col)
        ordered = (row_label, col_label)
    elif table == "t3":
        row_label = T3_ROW_LABELS.get(row) or T3_GROUP_LABELS.get(row)
        col_label = T3_COL_LABELS.get(col)
        # Table 三 is read by applicant column, then result row (as its printed form).
        ordered = (col_label, row_label.split("（区分")[0] if row_label else None)
    else:
        row_label, col_label = T4_GROUP_LABELS.get(row), T4_COL_LABELS.get(col)
        ordered = (row_label, col_label)
    if None in ordered:
        return prefix + ref if prefix else ref
    return prefix + "·".join((_TABLE_NAMES[table], *ordered))


CellBuilder = Callable[[str, str, str, Any, dict[str, set[str]]], dict[str, Any]]


def plain_cell(table: str, row: str, col: str, value: Any, meta: dict[str, set[str]]) -> dict:
    """A cell with what the parser knows about it (``meta``: the table's blank/ambiguous keys)."""
    ref = f"{row}.{col}"
    return {
        "key": f"{table}.{ref}",
        "value": value,
        "blank": value is None and ref in meta["blank"],
        "missing": value is None and ref not in meta["blank"],
        "ambiguous": ref in meta["ambiguous"],
    }


def section_tables(
    record: dict[str, Any],
    section: str,
    *,
    cell: CellBuilder = plain_cell,
    skip_empty: bool = False,
) -> list[dict[str, Any]]:
    """The tables of ``section`` (``s2``/``s3``/``s4``) that the record holds.

    ``skip_empty`` leaves out tables found without any value (the public page shows text only).
    """
    return [
        table
        for table in record_tables(record, cell=cell)
        if TABLE_SECTION[table["key"]] == section
        and table["present"]
        and not (skip_empty and table["empty"])
    ]


def record_tables(
    record: dict[str, Any], *, cell: CellBuilder = plain_cell, skeleton: bool = False
) -> list[dict[str, Any]]:
    """Every table of the record (二, 三, 四), found or not, with what the parser says of it.

    Besides the rows, each carries ``present``, ``empty``, ``lost`` (a skeleton without values)
    and the numbers of blank and ambiguous cells; a table not found has no rows, unless
    ``skeleton`` (the admin's correction page: staff type in a table the parser did not find).
    """
    tables = record.get("tables") or {}
    out = []
    for key in TABLE_SECTION:
        table = tables.get(key) or {}
        meta = {
            "blank": set(table.get("blank") or ()),
            "ambiguous": set(table.get("ambiguous") or ()),
        }
        view: dict[str, Any] = {
            "key": key,
            "caption": CAPTIONS[key],
            "present": bool(table.get("present")),
            "empty": bool(table.get("empty")),
            "lost": bool(table.get("lost")),
            "layout": table.get("layout"),
            "blank_count": len(meta["blank"]),
            "ambiguous_count": len(meta["ambiguous"]),
        }
        if view["present"] or skeleton:
            row_cells = partial(_row_cells, cell, key, meta)
            view.update(_body(key, table, table.get("cells") or {}, row_cells))
        out.append(view)
    return out


def _row_cells(
    cell: CellBuilder, key: str, meta: dict[str, set[str]], row: str, cols: Any, values: dict
) -> list[dict[str, Any]]:
    return [cell(key, row, c, values.get(c), meta) for c in cols]


def _body(
    key: str,
    table: dict[str, Any],
    cells: dict[str, Any],
    row_cells: Callable[[str, Any, dict], list[dict[str, Any]]],
) -> dict[str, Any]:
    if key == "t2":
        layout = T2_LAYOUTS.get(table.get("layout") or "2021", T2_LAYOUTS["2021"])
        rows = []
        for row, cols in layout.items():
            built = row_cells(row, cols, cells.get(row) or {})
            for c, col in zip(built, cols, strict=True):
                c["label"] = T2_COL_LABELS.get(col, col)
            rows.append({"label": T2_ROW_LABELS.get(row, row), "cells": built})
        return {"kind": "t2", "rows": rows}
    if key == "t3":
        rows = []
        for row in t3_rows(table.get("layout")):
            if row in _T3_GROUP_STARTS:
                rows.append({"label": T3_GROUP_LABELS[_T3_GROUP_STARTS[row]], "group": True})
            rows.append(
                {
                    "label": T3_ROW_LABELS.get(row, row),
                    "cells": row_cells(row, T3_COLS, cells.get(row) or {}),
                }
            )
        return {"kind": "grid", "columns": [T3_COL_LABELS[c] for c in T3_COLS], "rows": rows}
    rows = [
        {"label": T4_GROUP_LABELS[g], "cells": row_cells(g, T4_COLS, cells.get(g) or {})}
        for g in T4_GROUPS
    ]
    return {"kind": "grid", "columns": [T4_COL_LABELS[c] for c in T4_COLS], "rows": rows}
