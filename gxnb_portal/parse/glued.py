"""Glued digits: splitting a run such as ``21116300062180`` back into cells, using the table's
own identities, and never guessing.

Some HTML-to-text copies drop the separators between cells, so a row of table 三 becomes one run
of digits (丰台 2023 row 一 → ``21116300062180`` = 2111, 63, 0, 0, 0, 6, 2180). Others keep some
separators (partially glued), and PDF text sometimes cuts one number in two (``1 270``).

A row is described by *atoms*: digit strings in order, each marked whether it was separated from
the previous one by whitespace only (then the two may also be one number). Inside an atom a cut
is optional (glue); between whitespace-joined atoms a cut is optional (a split number); at any
other separator a cut is required.

:func:`readings` enumerates every reading that satisfies a *schema* — groups of part cells with
an optional total cell after them that must equal their sum (table 三 row: six parties then 总计;
table 四: three groups of four results then 总计). Numbers have no leading zeros unless they are
``0``. The search is bounded; when the bound is hit it says so (``None``) instead of returning a
partial answer.

:func:`solve_jointly` then uses the identities between rows (table 三: 总计 row = Σ result rows;
新收 + 上年结转 = 总计 + 结转下年度, per column) to keep only readings that fit the whole table.
A cell is read only when every surviving reading agrees on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Atom = tuple[str, bool]  # (digits, joined to the previous atom by whitespace only)
Schema = Sequence[tuple[int, bool]]  # groups of (number of part cells, has a total cell)
Vector = tuple[int, ...]

MAX_DIGITS = 9
NODE_BUDGET = 200_000


class SearchTooLarge(Exception):
    """The bounded search could not finish: nothing can be said with certainty."""


def schema_size(schema: Schema) -> int:
    return sum(parts + (1 if total else 0) for parts, total in schema)


def readings(
    atoms: Sequence[Atom],
    schema: Schema,
    *,
    limit: int = 5000,
    max_digits: int = MAX_DIGITS,
    budget: int = NODE_BUDGET,
) -> list[Vector] | None:
    """Every way to read ``atoms`` as ``schema_size(schema)`` numbers satisfying the schema's
    totals. ``None`` when there are more than ``limit`` readings or the search budget ran out."""
    digits = "".join(a for a, _ in atoms)
    if not digits or not digits.isdigit():
        return []
    n_total = schema_size(schema)
    size = len(digits)
    if size < n_total:
        return []
    # must_cut[i]: a cut is required between digits[i-1] and digits[i]
    must_cut = [False] * (size + 1)
    pos = 0
    for i, (text, joined) in enumerate(atoms):
        if i > 0 and not joined:
            must_cut[pos] = True
        pos += len(text)
    must_cut[size] = True

    # how many numbers come after each (group, index) position, for pruning
    plan: list[tuple[int, int, bool]] = []  # (group, index within group, is total)
    for g, (parts, total) in enumerate(schema):
        plan.extend((g, k, False) for k in range(parts))
        if total:
            plan.append((g, parts, True))
    n_plan = len(plan)

    out: list[Vector] = []
    nodes = 0
    acc: list[int] = []

    def dfs(pos: int, step: int, group_sum: int) -> bool:
        """False when the search must stop (limit or budget)."""
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            return False
        if step == n_plan:
            if pos == size:
                out.append(tuple(acc))
                if len(out) > limit:
                    return False
            return True
        left = n_plan - step
        remaining = size - pos
        if remaining < left or remaining > left * max_digits:
            return True
        _g, _k, is_total = plan[step]
        if is_total:
            text = str(group_sum)
            end = pos + len(text)
            if digits[pos:end] != text or not must_cut_ok(pos, end):
                return True
            acc.append(group_sum)
            ok = dfs(end, step + 1, 0)
            acc.pop()
            return ok
        next_resets = step + 1 < n_plan and plan[step + 1][0] != plan[step][0]
        for end in range(pos + 1, min(size, pos + max_digits) + 1):
            if end > pos + 1 and (digits[pos] == "0" or must_cut[end - 1]):
                break
            value = int(digits[pos:end])
            acc.append(value)
            ok = dfs(end, step + 1, 0 if next_resets else group_sum + value)
            acc.pop()
            if not ok:
                return False
        return True

    def must_cut_ok(start: int, end: int) -> bool:
        if end > size:
            return False
        if end - start > 1 and digits[start] == "0":
            return False
        return not any(must_cut[i] for i in range(start + 1, end))

    if not dfs(0, 0, 0):
        return None
    return out


def natural_reading(atoms: Sequence[Atom]) -> Vector:
    """The reading that takes every atom as one number."""
    return tuple(int(a) for a, _ in atoms)


# ---- several rows at once (table 三) ------------------------------------------------------


@dataclass(slots=True)
class RowState:
    """A row of table 三 while solving: ``fixed`` cells read directly (``None`` = blank), or
    ``candidates`` (complete readings) from glued digits, or neither (unreadable)."""

    fixed: list[int | float | None] | None = None
    candidates: list[Vector] | None = None

    def cell(self, c: int) -> int | float | None:
        return self.fixed[c] if self.fixed is not None else None


@dataclass(frozen=True, slots=True)
class LinearIdentity:
    """Σ coef·row[col] = 0 over the listed rows, for one column."""

    terms: tuple[tuple[str, int], ...]  # (row key, coefficient)
    col: int


def solve_jointly(
    rows: Mapping[str, RowState],
    identities: Sequence[LinearIdentity],
    *,
    max_states: int = 50_000,
) -> dict[str, list[Vector]] | None:
    """The candidates of each undecided row that appear in at least one assignment satisfying
    every usable identity. ``None`` when no assignment satisfies them (the table itself is
    inconsistent) or the search is too large — the caller then falls back to single rows.

    An identity is usable when every row in it is either fixed with a number in that column or
    has candidates; identities touching an unreadable row or a blank cell are skipped.
    """
    variable = [k for k, r in rows.items() if r.candidates]
    if not variable:
        return {}
    usable: list[LinearIdentity] = []
    for ident in identities:
        ok = True
        touches_variable = False
        for key, _coef in ident.terms:
            row = rows.get(key)
            if row is None:
                ok = False
                break
            if row.candidates:
                touches_variable = True
            elif row.fixed is None or not isinstance(row.cell(ident.col), int):
                ok = False
                break
        if ok and touches_variable:
            usable.append(ident)
    if not usable:
        return {k: list(rows[k].candidates or []) for k in variable}

    # constant part of each identity, and each candidate's contribution vector
    target = []
    for ident in usable:
        const = 0
        for key, coef in ident.terms:
            row = rows[key]
            if not row.candidates:
                const += coef * int(row.cell(ident.col) or 0)
        target.append(-const)
    target_t = tuple(target)

    def contribution(key: str, vec: Vector) -> tuple[int, ...]:
        out = []
        for ident in usable:
            total = 0
            for k, coef in ident.terms:
                if k == key:
                    total += coef * vec[ident.col]
            out.append(total)
        return tuple(out)

    contribs = {k: [contribution(k, v) for v in rows[k].candidates or []] for k in variable}
    zero = tuple(0 for _ in usable)

    forward: list[set[tuple[int, ...]]] = [{zero}]
    for key in variable:
        nxt = {
            tuple(a + b for a, b in zip(s, c, strict=True))
            for s in forward[-1]
            for c in contribs[key]
        }
        if len(nxt) > max_states:
            return None
        forward.append(nxt)
    if target_t not in forward[-1]:
        return None
    backward: list[set[tuple[int, ...]]] = [set() for _ in range(len(variable) + 1)]
    backward[-1] = {target_t}
    for i in range(len(variable) - 1, -1, -1):
        prev = {
            tuple(a - b for a, b in zip(t, c, strict=True))
            for t in backward[i + 1]
            for c in contribs[variable[i]]
        }
        backward[i] = prev & forward[i]
    result: dict[str, list[Vector]] = {}
    for i, key in enumerate(variable):
        keep = []
        for vec, c in zip(rows[key].candidates or [], contribs[key], strict=True):
            if any(
                tuple(a + b for a, b in zip(s, c, strict=True)) in backward[i + 1]
                for s in backward[i]
            ):
                keep.append(vec)
        result[key] = keep
    return result


def agreed_cells(candidates: Sequence[Vector], width: int) -> list[int | None]:
    """Per cell: the value every candidate agrees on, else ``None``."""
    if not candidates:
        return [None] * width
    out: list[int | None] = []
    for c in range(width):
        values = {vec[c] for vec in candidates}
        out.append(values.pop() if len(values) == 1 else None)
    return out
