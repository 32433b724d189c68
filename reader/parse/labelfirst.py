"""Table 三 whose numbers are not next to their row labels: placed by the order of the rows.

PDF-to-text converters and browser prints break a table's rows apart:

- all row labels first, then every number as a bare line (or a line per row), in row order —
  a converter that reads the label column as one text block;
- each row's numbers *before* its label (the label wrapped over several lines, the numbers
  vertically centred, and a reading order that takes the numbers' line first);
- label fragments of neighbouring rows interleaved (``（三）不`` … ``予公开``, ``三、本年度``
  between two rows) and print furniture between rows (see :mod:`pagebreaks`).

Matching labels to the numbers after them then reads the wrong row or nothing. What still holds
is the order: the table's numbers come row by row in the format's order of 25 rows (2021) or 23
(2019). So when the table's region holds exactly 25×7 (or 23×7) cells, they are laid out row by
row, and the reading is accepted only when the complete rows meet their own identity (总计 =
the six parties) — which a reading shifted by even one cell breaks in every row with a non-zero
total after the shift — and enough rows carry numbers for that test to mean something. Two local
disorders of ``pdftotext`` are undone where the identities then hold: two rows whose lines
alternate (``-layout`` with wrapped labels), and a row's two lines in the wrong order. One row
may fail as the report's own error in a single cell (its 总计, or one party cell when only that
party's column is off by as much); the audit then reports it.

How it meets the label reading (:func:`repair_t3`): the label reading stands when it is complete
and meets every identity. Otherwise, when the order reading also meets the column identities
(新收 + 结转 = 总计 + 结转下年; the result rows add up to 总计) it is the table; when it does not
(the report's own sums are wrong), it only fills cells the label reading left unread or blank,
and a cell the two read as different numbers becomes unread — a wrong number is worse than
none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.parse.numbers import read_number
from reader.parse.tablestream import BLANK, VALUE, Segment, Tok, label_core
from reader.record import T3_COLS, t3_result_rows, t3_rows

N_COLS = len(T3_COLS)
# Rows with a non-zero total that must meet their identity before an order reading is trusted:
# an all-zero row meets it in any shift.
_MIN_EVIDENCE_ROWS = 3
# Complete rows whose total is not the sum of their parties, at most (the report's own error,
# see _one_wrong_cell).
_MAX_FAILING_ROWS = 1
# Distinct table-三 rows whose labels must be seen in the region: it is table 三.
_MIN_LABELLED_ROWS = 8

_START_WORDS = ("勾稽关系", "申请人情况")
_SECTION3 = "收到和处理政府信息公开申请情况"
# Words that end table 三's region: section 四's heading or table 四's header, the headings of
# sections 五 and 六.
_END_WORDS = (
    "行政复议行政诉讼",
    "政府信息公开行政复议",
    "因政府信息公开工作被申请行政复议",
    "存在的主要问题",
    "其他需要报告",
)
_PROSE_CORE = 60

Cells = dict[str, dict[str, int | float | None]]


def _cores(seg: Segment) -> list[str]:
    return [label_core(t.text)[0] for t in seg.labels]


def _has_header(seg: Segment) -> bool:
    return any(any(w in c for w in _START_WORDS) for c in _cores(seg))


def _region(segments: Sequence[Segment]) -> list[Segment] | None:
    start = None
    for i, seg in enumerate(segments):
        if _has_header(seg):
            start = i
            break
    if start is None:
        for i, seg in enumerate(segments):
            if any(c.endswith(_SECTION3) and len(c) <= 24 for c in _cores(seg)):
                start = i
                break
    if start is None:
        return None
    region = [segments[start]]
    for seg in segments[start + 1 :]:
        cores = _cores(seg)
        if any(any(w in c for w in _END_WORDS) or len(c) > _PROSE_CORE for c in cores):
            break
        if any(_is_t4_start(c) for c in cores):
            break
        region.append(seg)
    return region


def _is_t4_start(core: str) -> bool:
    return core in ("行政复议", "行政诉讼", "行政复议行政诉讼") or core.startswith(
        "行政复议行政诉讼"
    )


def _labelled_rows(region: Sequence[Segment]) -> int:
    from reader.parse.table3 import MATCHER

    keys: set[str] = set()
    for seg in region:
        for tok in seg.labels:
            for key, sc in MATCHER.scores([tok]).items():
                if sc >= 0.75 and not key.startswith("G"):
                    keys.add(key)
    return len(keys)


# A label glued to the row's first number (``用、0 0 0 0 0 0 0``: a narrow table leaves no gap
# between the label column and the first number). Row labels never end in a digit.
_GLUED_FIRST = re.compile(r"(?<=[^\d.．\s])(\d{1,7})$")


def _cell_tokens(region: Sequence[Segment]) -> list[Tok]:
    return [t for run in _runs(region) for t in run]


def _runs(region: Sequence[Segment]) -> list[list[Tok]]:
    """The cell tokens of each segment (a run of numbers between two labels)."""
    out: list[list[Tok]] = []
    for seg in region:
        values = [t for t in seg.values if t.kind == VALUE or (t.kind == BLANK and not t.soft)]
        if values and seg.labels:
            m = _GLUED_FIRST.search(seg.labels[-1].text)
            if m is not None:
                first = values[0]
                if first.kind == VALUE:  # on the same line as the number glued to the label
                    values[0] = Tok(VALUE, first.text, first.section, joined=True)
                values.insert(0, Tok(VALUE, m.group(1), seg.labels[-1].section))
        if values:
            out.append(values)
    return out


def _value(tok: Tok) -> int | float | None:
    if tok.kind == BLANK:
        return None
    num = read_number(tok.text)
    return num.value if num is not None else None


def _column_identities_hold(rows: dict[str, list[int | float | None]], layout: str) -> bool:
    """新收 + 结转 = 总计 + 结转下年, and the result rows add up to 总计, in every column."""
    results = t3_result_rows(layout)
    for c in range(N_COLS):
        column = {k: v[c] for k, v in rows.items()}
        if any(v is None for v in column.values()):
            return False
        if sum(column[r] for r in results) != column["R7"]:  # type: ignore[misc]
            return False
        if column["NEW"] + column["CARRY_IN"] != column["R7"] + column["CARRY_OUT"]:  # type: ignore[operator]
            return False
    return True


def _residuals(rows: dict[str, list[int | float | None]], layout: str, c: int) -> tuple:
    """Column ``c``'s two identities as differences (0 when they hold; None when a cell is
    blank): result rows − 总计, and 新收 + 结转 − 总计 − 结转下年."""
    column = {k: v[c] for k, v in rows.items()}
    if any(v is None for v in column.values()):
        return (None, None)
    results = sum(column[r] for r in t3_result_rows(layout)) - column["R7"]  # type: ignore[operator,misc]
    intake = column["NEW"] + column["CARRY_IN"] - column["R7"] - column["CARRY_OUT"]  # type: ignore[operator]
    return (results, intake)


def _one_wrong_cell(rows: dict[str, list[int | float | None]], layout: str) -> bool:
    """The one row that fails its identity is the report's own error in a single cell: its 总计
    (the six party columns all add up) or one party cell (only that party's column is off, by
    no more than the row is). Rows put together wrongly move cells between rows and columns and
    break several party columns."""
    bad = [
        k
        for k, v in rows.items()
        if all(x is not None for x in v) and sum(v[:-1]) != v[-1]  # type: ignore[arg-type]
    ]
    if len(bad) != 1:
        return False
    values = rows[bad[0]]
    delta = abs(sum(values[:-1]) - values[-1])  # type: ignore[arg-type,operator]
    off = []
    for c in range(N_COLS - 1):
        res = _residuals(rows, layout, c)
        if None in res:
            return False
        if any(res):
            off.append(res)
    if not off:
        return True
    return len(off) == 1 and all(abs(r) in (0, delta) for r in off[0])


class OrderReading:
    """Table 三 read by the order of its rows: cells, which of them are blank, and whether the
    column identities hold as well."""

    def __init__(self, layout: str, rows: dict[str, list[int | float | None]], blank: set[str]):
        self.layout = layout
        self.rows = rows
        self.blank = blank  # "ROW.COL" of placeholder cells
        self.columns_hold = _column_identities_hold(rows, layout)


def _lines(toks: Sequence[Tok]) -> list[int]:
    """For each token, the index of the text line it came from (a value not ``joined`` to the
    one before starts a line)."""
    out: list[int] = []
    line = -1
    for tok in toks:
        if not (tok.kind == VALUE and tok.joined):
            line += 1
        out.append(line)
    return out


def _holds(part: Sequence[Tok]) -> bool | None:
    """The row identity on seven tokens: True/False, or None when a cell is blank."""
    values = [_value(t) for t in part]
    if any(v is None for v in values):
        return None
    return sum(values[:-1]) == values[-1]  # type: ignore[arg-type]


def _interleaved(
    toks: Sequence[Tok], lines: Sequence[int], p: int
) -> tuple[list[Tok], list[Tok], int] | None:
    """Two rows whose lines alternate (``pdftotext -layout`` of two rows whose labels wrap: the
    numbers of both fall between the label lines, column by column), from token ``p`` on: the
    two rows and the position after them, when both meet their identity."""
    if p and lines[p] == lines[p - 1]:
        return None  # not at a line start
    rows: tuple[list[Tok], list[Tok]] = ([], [])
    q, turn = p, 0
    while q < len(toks) and (len(rows[0]) < N_COLS or len(rows[1]) < N_COLS):
        end = q
        while end < len(toks) and lines[end] == lines[q]:
            end += 1
        rows[turn].extend(toks[q:end])
        if len(rows[turn]) > N_COLS:
            return None
        q, turn = end, 1 - turn
    if len(rows[0]) != N_COLS or len(rows[1]) != N_COLS:
        return None
    if _holds(rows[0]) and _holds(rows[1]):
        return rows[0], rows[1], q
    return None


def _swapped(toks: Sequence[Tok], lines: Sequence[int], p: int) -> list[Tok] | None:
    """A row printed on two lines that come in the wrong order (``0 0 28`` before ``28 0 0 0``:
    the reading order took the right-hand columns' line first), when put back it meets its
    identity."""
    end = p + N_COLS
    if (p and lines[p] == lines[p - 1]) or (end < len(toks) and lines[end] == lines[end - 1]):
        return None  # the row does not start and end with whole lines
    cuts = [k for k in range(1, N_COLS) if lines[p + k] != lines[p + k - 1]]
    if len(cuts) != 1:
        return None
    k = cuts[0]
    row = [*toks[p + k : end], *toks[p : p + k]]
    return row if _holds(row) else None


def _assemble(toks: Sequence[Tok], n_rows: int) -> tuple[list[list[Tok]], int] | None:
    """The table's rows in order, seven tokens each, and how many complete rows fail their
    identity. Row by row in reading order; where a row fails, and the next two rows' lines
    alternate with both identities holding, the two are taken apart; where a row's two lines
    came in the wrong order and put back it holds, they are put back."""
    lines = _lines(toks)
    rows: list[list[Tok]] = []
    failing = 0
    p = 0
    while p < len(toks) and len(rows) < n_rows:
        part = list(toks[p : p + N_COLS])
        if len(part) < N_COLS:
            return None
        if _holds(part) is False:
            pair = _interleaved(toks, lines, p) if len(rows) + 2 <= n_rows else None
            if pair is not None:
                rows.extend(pair[:2])
                p = pair[2]
                continue
            swapped = _swapped(toks, lines, p)
            if swapped is not None:
                rows.append(swapped)
                p += N_COLS
                continue
            failing += 1
        rows.append(part)
        p += N_COLS
    if p != len(toks) or len(rows) != n_rows:
        return None
    return rows, failing


def _by_columns(runs: Sequence[Sequence[Tok]], n_rows: int) -> list[list[Tok]] | None:
    """The rows when each run of numbers is a block of rows read column by column (``pdftotext``
    of a table laid out with blocks: the labels first, then, page by page, the 自然人 column of
    the page's rows, then the 商业企业 column …), or None when a run is not whole rows. Only
    trusted when every row then meets its identity."""
    rows: list[list[Tok]] = []
    for run in runs:
        if len(run) % N_COLS:
            return None
        k = len(run) // N_COLS
        rows.extend([run[c * k + i] for c in range(N_COLS)] for i in range(k))
    if len(rows) != n_rows or any(_holds(r) is False for r in rows):
        return None
    return rows


def read_by_order(segments: Sequence[Segment]) -> OrderReading | None:
    """The order reading of table 三 in ``segments``, or None when the evidence does not decide
    it (see the module doc)."""
    region = _region(segments)
    if region is None:
        return None
    runs = _runs(region)
    toks = [t for run in runs for t in run]
    for layout in ("2021", "2019"):
        keys = t3_rows(layout)
        if len(toks) != len(keys) * N_COLS:
            continue
        if any(t.kind == VALUE and read_number(t.text) is None for t in toks):
            return None
        assembled = _assemble(toks, len(keys))
        if assembled is None or assembled[1] > _MAX_FAILING_ROWS:
            by_columns = _by_columns(runs, len(keys))
            if by_columns is not None:
                assembled = (by_columns, 0)
        if assembled is None:
            return None
        parts, failing = assembled
        rows: dict[str, list[int | float | None]] = {}
        blank: set[str] = set()
        complete = evidence = 0
        for key, part in zip(keys, parts, strict=True):
            values = [_value(t) for t in part]
            for c, t in enumerate(part):
                if t.kind == BLANK:
                    blank.add(f"{key}.{T3_COLS[c]}")
            rows[key] = values
            if all(v is not None for v in values):
                complete += 1
                if values[-1] and sum(values[:-1]) == values[-1]:  # type: ignore[arg-type]
                    evidence += 1
        # One row may be the report's own arithmetic error (the audit reports it); a reading
        # shifted by a cell breaks every row with numbers after the shift.
        if failing > _MAX_FAILING_ROWS or evidence < _MIN_EVIDENCE_ROWS + 2 * failing:
            return None
        if failing and not _one_wrong_cell(rows, layout):
            return None
        if complete * 2 < len(keys):
            return None
        # It is table 三: its header opens the region (申请人情况, the 勾稽关系 note), or its row
        # labels are there (a narrow column cuts them into pieces too short to match).
        if not _has_header(region[0]) and _labelled_rows(region) < _MIN_LABELLED_ROWS:
            return None
        return OrderReading(layout, rows, blank)
    return None


def _consistent(t3: dict) -> bool:
    """The label reading is complete (every cell read or blank in the source) and meets every
    identity it can be checked on."""
    layout = t3.get("layout")
    cells: Cells = t3.get("cells") or {}
    if layout not in ("2021", "2019") or t3.get("ambiguous"):
        return False
    blank = set(t3.get("blank") or ())
    rows: dict[str, list[int | float | None]] = {}
    for key in t3_rows(layout):
        row = cells.get(key) or {}
        values = [row.get(c) for c in T3_COLS]
        for c, v in zip(T3_COLS, values, strict=True):
            if v is None and f"{key}.{c}" not in blank:
                return False
        if all(v is not None for v in values) and sum(values[:-1]) != values[-1]:  # type: ignore[arg-type]
            return False
        rows[key] = values
    if blank:
        return True  # blank cells: the column identities cannot be checked
    return _column_identities_hold(rows, layout)


def repair_t3(segments: Sequence[Segment], t3: dict | None) -> dict | None:
    """``t3`` (the label reading, ``None`` when not found) with the order reading's cells where
    the evidence decides them. Unchanged when the label reading is already complete and
    consistent, or when no order reading is decided."""
    if t3 is not None and t3.get("present") and _consistent(t3):
        return t3
    if not _worth_trying(segments):
        return t3
    order = read_by_order(segments)
    if order is None:
        return t3
    layout = order.layout
    keys = t3_rows(layout)
    same = t3 is not None and t3.get("present") and t3.get("layout") == layout
    old_cells: Cells = t3.get("cells", {}) if same else {}  # type: ignore[union-attr]
    cells: Cells = {}
    blank: list[str] = []
    ambiguous: list[str] = []
    for key in keys:
        cells[key] = {}
        for c, col in enumerate(T3_COLS):
            name = f"{key}.{col}"
            new = order.rows[key][c]
            new_blank = name in order.blank
            old = old_cells.get(key, {}).get(col)
            # A blank in the label reading is no evidence against the order: it is what a row
            # label with no numbers after it reads as (the numbers are elsewhere).
            if order.columns_hold or old is None or old == new:
                value, is_blank = new, new_blank
            else:
                value, is_blank = None, False
                ambiguous.append(name)
                cells[key][col] = None
                continue
            cells[key][col] = value
            if value is None and is_blank:
                blank.append(name)
    any_number = any(v is not None for row in cells.values() for v in row.values())
    return {
        "present": True,
        "empty": not any_number,
        "layout": layout,
        "cells": cells,
        "blank": blank,
        "ambiguous": ambiguous,
        "lost": False,
    }


def _worth_trying(segments: Sequence[Segment]) -> bool:
    """Cheap test before the region is looked for: enough numbers in the document at all."""
    n = 0
    for seg in segments:
        n += len(seg.values)
        if n >= 23 * N_COLS:
            return True
    return False
