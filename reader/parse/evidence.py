"""Deciding glued table-三 rows that have several readings, the way a careful reader does.

A glued row such as ``270020130`` can satisfy its own 总计 in more than one way (27, 0, 0, 2, 0,
1, 30 or 2, 7, 0, 0, 20, 1, 30). :mod:`glued` keeps every reading and the column identities
across the whole table narrow them (solved jointly). What is still undecided is looked at with
two more kinds of evidence, in this order, each used only where it decides something and never
against the table:

1. **prose** — the report's own sentences usually state the same counts (``予以公开22件``,
   ``无法提供31件``, ``涉及自然人80件、商业企业1件``; ``record["prose"]`` facts). A fact is a
   constraint with the readings the wording allows (an intake figure is 新收 or 新收 + 上年结转);
   a fact that no joint reading of the table meets is a contradiction for the NARR rules, not
   evidence, and is ignored here.
2. **plausibility** — a column that is 0 in every other row of the table (科研机构, 社会公益组织 …
   in most reports): a reading that puts a number there is less plausible than one that does
   not. This is a judgement, not arithmetic: cells it decides are marked so, and findings that
   rest on them say so.

Every cell decided among several readings records which evidence decided it
(``decided_by``: ``identity`` | ``prose`` | ``plausibility``). A cell is read only when every
surviving joint reading agrees on it; the search over joint readings is bounded
(``MAX_ASSIGNMENTS``) and says nothing when the bound is hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from reader.parse.glued import LinearIdentity, RowState, Vector, agreed_cells
from reader.record import T3_COLS

IDENTITY = "identity"
PROSE = "prose"
PLAUSIBILITY = "plausibility"

MAX_ASSIGNMENTS = 20_000
# A column is "zero everywhere else" only on the word of this many rows read as numbers.
MIN_ZERO_ROWS = 8

_N = len(T3_COLS)
_TOT = _N - 1
_COL = {c: i for i, c in enumerate(T3_COLS)}

Cell = tuple[str, int]  # (row key, column position)
Form = tuple[tuple[Cell, int], ...]  # Σ coef·cell


@dataclass(frozen=True, slots=True)
class Constraint:
    """A stated number: one of ``forms`` (the readings its wording allows) equals ``value``."""

    forms: tuple[Form, ...]
    value: int


def _tot(rows: Iterable[str], col: int = _TOT) -> Form:
    return tuple(((r, col), 1) for r in rows)


def _group_rows(group: str, layout: str) -> tuple[str, ...]:
    if group == "R6" and layout == "2019":
        return ("R6",)
    sizes = {"R3": 8, "R4": 3, "R5": 5, "R6": 3}
    return tuple(f"{group}_{i}" for i in range(1, sizes[group] + 1))


def _rows_of(key: str, layout: str) -> tuple[str, ...] | None:
    if key in ("NEW", "CARRY_IN", "R1", "R2", "R7", "CARRY_OUT"):
        return (key,)
    if key in ("R3", "R4", "R5", "R6"):
        return _group_rows(key, layout)
    return None


def prose_constraints(facts: Sequence[Mapping[str, Any]] | None, layout: str) -> list[Constraint]:
    """Constraints on table 三 from the prose facts (``reader/record.py``, ``prose``)."""
    out: list[Constraint] = []
    for fact in facts or ():
        key, value = fact.get("key"), fact.get("value")
        if not isinstance(key, str) or type(value) is not int or fact.get("share") is not None:
            continue
        flags = fact.get("flags") or []
        if "claim" in flags:
            continue
        forms: list[Form] = []
        parts = fact.get("parts")
        if parts:
            rows: list[str] = []
            for part in parts:
                got = _rows_of(part, layout) if isinstance(part, str) else None
                if got is None:
                    rows = []
                    break
                rows.extend(got)
            if rows:
                forms.append(_tot(rows))
        elif (rows_t := _rows_of(key, layout)) is not None:
            forms.append(_tot(rows_t))
        elif key in ("RECEIVED", "HANDLED"):
            if "includes_carry_in" not in flags:
                forms.append(_tot(("NEW",)))
            forms.append(_tot(("NEW", "CARRY_IN")))
            if key == "HANDLED":
                forms.append(_tot(("R7",)))
        elif key.startswith("PARTY."):
            col = key.split(".", 1)[1]
            if col == "ORG":
                cols = [_COL[c] for c in ("BIZ", "SCI", "NGO", "LAW", "OTH")]
            elif col in _COL and col != "TOT":
                cols = [_COL[col]]
            else:
                continue
            forms.append(tuple((("NEW", c), 1) for c in cols))
            forms.append(tuple(((r, c), 1) for r in ("NEW", "CARRY_IN") for c in cols))
        if forms:
            out.append(Constraint(forms=tuple(forms), value=value))
    return out


def decide(
    states: Mapping[str, RowState],
    solved: Mapping[str, list[Vector]],
    identities: Sequence[LinearIdentity],
    constraints: Sequence[Constraint],
) -> tuple[dict[str, list[Vector]], dict[str, str]]:
    """Narrow ``solved`` (the readings left by the column identities) with prose, then
    plausibility. Returns the surviving readings per row and ``decided_by`` per cell
    (``"R1.NP"``) for every cell that several readings of its row disagreed on and that is now
    decided."""
    out = {k: list(v) for k, v in solved.items()}
    decided: dict[str, str] = {}
    initial = {k: agreed_cells(states[k].candidates or [], _N) for k in out if states.get(k)}
    _mark(initial, out, decided, IDENTITY)

    open_rows = [k for k, v in out.items() if len(v) > 1]
    if not open_rows:
        return out, decided
    size = 1
    for k in open_rows:
        size *= len(out[k])
    if size > MAX_ASSIGNMENTS:
        return out, decided

    def value(assign: Mapping[str, Vector], cell: Cell) -> int | None:
        row, col = cell
        if row in assign:
            return assign[row][col]
        if row in out and len(out[row]) == 1:
            return out[row][0][col]
        state = states.get(row)
        v = state.cell(col) if state is not None else None
        return v if type(v) is int else None

    def holds(form: Form, target: int, assign: Mapping[str, Vector]) -> bool | None:
        total = 0
        for cell, coef in form:
            v = value(assign, cell)
            if v is None:
                return None
            total += coef * v
        return total == target

    assignments = [
        dict(zip(open_rows, combo, strict=True)) for combo in product(*(out[k] for k in open_rows))
    ]
    # joint readings that break an identity the rows' own survivors could not show broken
    checked = [i for i in identities if any(r in open_rows for r, _ in i.terms)]
    valid = [
        a
        for a in assignments
        if all(
            holds(tuple(((r, i.col), c) for r, c in i.terms), 0, a) is not False for i in checked
        )
    ]
    if not valid:
        return out, decided  # the table does not balance: nothing here is evidence

    current = valid
    for constraint in constraints:
        if not any(r in open_rows for form in constraint.forms for (r, _c), _ in form):
            continue
        verdicts = [_meets(constraint, a, holds) for a in current]
        if any(v is None for v in verdicts):
            continue  # a form with an unread cell: the fact cannot be weighed
        kept = [a for a, v in zip(current, verdicts, strict=True) if v]
        if kept and len(kept) < len(current):
            current = kept
    before = {k: agreed_cells(out[k], _N) for k in open_rows}
    narrowed = _rows(open_rows, current)
    out.update(narrowed)
    _mark(before, out, decided, PROSE)

    still = [k for k in open_rows if len(out[k]) > 1]
    if still:
        zero_cols = _zero_columns(states, out, still)
        if zero_cols:
            scores = [sum(1 for k in still for c in zero_cols if a[k][c]) for a in current]
            best = min(scores)
            if best < max(scores):
                current = [a for a, s in zip(current, scores, strict=True) if s == best]
                before = {k: agreed_cells(out[k], _N) for k in still}
                out.update(_rows(still, current))
                _mark(before, out, decided, PLAUSIBILITY)
    return out, decided


def _meets(constraint: Constraint, assign: Mapping[str, Vector], holds: Any) -> bool | None:
    results = [holds(form, constraint.value, assign) for form in constraint.forms]
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def _rows(
    keys: Sequence[str], assignments: Sequence[Mapping[str, Vector]]
) -> dict[str, list[Vector]]:
    out: dict[str, list[Vector]] = {}
    for k in keys:
        seen: dict[Vector, None] = {}
        for a in assignments:
            seen.setdefault(a[k], None)
        out[k] = list(seen)
    return out


def _mark(
    before: Mapping[str, list[int | None]],
    out: Mapping[str, list[Vector]],
    decided: dict[str, str],
    how: str,
) -> None:
    for k, old in before.items():
        new = agreed_cells(out.get(k) or [], _N)
        if not out.get(k):
            continue
        for c in range(_N):
            if old[c] is None and new[c] is not None:
                decided.setdefault(f"{k}.{T3_COLS[c]}", how)


def _zero_columns(
    states: Mapping[str, RowState], out: Mapping[str, list[Vector]], undecided: Sequence[str]
) -> list[int]:
    """Party columns that are 0 in every row read outside ``undecided`` (enough of them)."""
    cols = []
    for c in range(_TOT):
        count = 0
        zero = True
        for key, state in states.items():
            if key in undecided:
                continue
            if key in out:
                v = out[key][0][c] if len(out[key]) == 1 else None
            else:
                v = state.cell(c)
            if v is None:
                continue
            if v != 0:
                zero = False
                break
            count += 1
        if zero and count >= MIN_ZERO_ROWS:
            cols.append(c)
    return cols
