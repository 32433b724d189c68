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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

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
    totals. ``None`` when there are more than ``limit`` readings or the search budget ran out.

    A group with a total is searched total-first: its total is a run of digits at the group's
    end, and the parts before it must add up to it — which bounds every part by the total and
    prunes almost everything (a 14-digit row of table 三 takes a few hundred steps).
    """
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
    # prefix count of required cuts, to test "no required cut strictly inside (i, j)" in O(1)
    cuts_before = [0] * (size + 2)
    for i in range(1, size + 1):
        cuts_before[i + 1] = cuts_before[i] + (1 if must_cut[i] else 0)

    def whole(i: int, j: int) -> bool:
        """digits[i:j] may be one number: no leading zero, no required cut inside."""
        if j - i > 1 and digits[i] == "0":
            return False
        return cuts_before[j] - cuts_before[i + 1] == 0

    nodes = 0

    class _Stop(Exception):
        pass

    def tick() -> None:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise _Stop

    memo: dict[tuple[int, int, int, int], list[Vector]] = {}

    def split_sum(i: int, j: int, k: int, total: int) -> list[Vector]:
        """``k`` numbers exactly covering digits[i:j] and adding up to ``total``."""
        key = (i, j, k, total)
        if key in memo:
            return memo[key]
        tick()
        out: list[Vector] = []
        length = j - i
        if length < k or length > k * len(str(total)) or (total == 0 and length != k):
            memo[key] = out
            return out
        if k == 1:
            if whole(i, j) and int(digits[i:j]) == total:
                out.append((total,))
        else:
            longest = len(str(total))
            for e in range(i + 1, min(j - k + 1, i + longest) + 1):
                if not whole(i, e):
                    break
                value = int(digits[i:e])
                if value > total:
                    break
                rest = j - e
                remaining = total - value
                if remaining == 0:
                    if rest != k - 1:
                        continue  # only "0"s can follow
                elif rest > (k - 1) * len(str(remaining)):
                    continue  # too many digits left for numbers this small
                elif remaining > 10 ** (rest - k + 2) - 1 + 9 * (k - 2):
                    continue  # too few digits left: at most one long number and single digits
                for tail in split_sum(e, j, k - 1, total - value):
                    out.append((value, *tail))
        memo[key] = out
        return out

    free_memo: dict[tuple[int, int, int], list[Vector]] = {}

    def split_free(i: int, j: int, k: int) -> list[Vector]:
        """``k`` numbers exactly covering digits[i:j], no sum to meet."""
        key = (i, j, k)
        if key in free_memo:
            return free_memo[key]
        tick()
        out: list[Vector] = []
        if k == 1:
            if j - i <= max_digits and whole(i, j):
                out.append((int(digits[i:j]),))
        else:
            for e in range(i + 1, min(j - k + 1, i + max_digits) + 1):
                if not whole(i, e):
                    break
                for tail in split_free(e, j, k - 1):
                    out.append((int(digits[i:e]), *tail))
                    if len(out) > limit:
                        raise _Stop
        free_memo[key] = out
        return out

    results: list[Vector] = []

    def groups(g: int, start: int, acc: tuple[int, ...]) -> None:
        if g == len(schema):
            if start == size:
                results.append(acc)
                if len(results) > limit:
                    raise _Stop
            return
        parts, has_total = schema[g]
        left_after = sum(p + (1 if t else 0) for p, t in schema[g + 1 :])
        last = g == len(schema) - 1
        width = parts + (1 if has_total else 0)
        ends = [size] if last else range(start + width, size - left_after + 1)
        for end in ends:
            if end < size and not (must_cut[end] or True):
                continue
            if not has_total:
                for vec in split_free(start, end, parts):
                    groups(g + 1, end, acc + vec)
                continue
            for tl in range(1, min(max_digits, end - start - parts) + 1):
                t_start = end - tl
                if not whole(t_start, end):
                    continue
                total = int(digits[t_start:end])
                if t_start - start > parts * max(1, len(str(total))):
                    continue
                for vec in split_sum(start, t_start, parts, total):
                    groups(g + 1, end, (*acc, *vec, total))

    try:
        groups(0, 0, ())
    except _Stop:
        return None
    return results


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


# ---- a table whose own arithmetic is wrong ------------------------------------------------

MAX_VIOLATIONS = 2
MARGIN = 2
MAX_ASSIGNMENTS = 20_000


def solve_despite_errors(
    rows: Mapping[str, RowState],
    identities: Sequence[LinearIdentity],
    *,
    broken: Collection[str] = (),
    max_violations: int = MAX_VIOLATIONS,
    margin: int = MARGIN,
    max_assignments: int = MAX_ASSIGNMENTS,
) -> dict[str, list[Vector]]:
    """Narrow the candidates of undecided rows when the identities cannot all hold.

    A report with an arithmetic error (the very thing the audit looks for) has no reading that
    satisfies every identity, so :func:`solve_jointly` can say nothing. Here each assignment of
    candidates is scored by the number of usable identities it violates. A reading is kept when
    it is the only one among the assignments that are nearly the best: every assignment giving
    the row another reading violates at least ``margin`` more identities than the best one, and
    the best one violates at most ``max_violations`` (one typo in a cell breaks that column's
    identities — two at most; more than that and the table is too wrong to lean on).

    ``broken`` rows are glued runs with no reading that meets the row's own identity; their
    candidates are every split of the run. Their own identity counts as one violation each, and
    a split is only taken on the evidence of the column identities: a broken row that no usable
    identity touches, or whose component cannot be settled, keeps no candidate at all (a split
    forced by the digit count alone is still a guess — the run may hide a blank).

    Rows that share no usable identity are solved separately (a component at a time); a
    component with more than ``max_assignments`` assignments is left as it is. Returns, for each
    row with candidates, the candidates that survive (all of them when nothing can be said).
    """
    variable = [
        k for k, r in rows.items() if r.candidates and (len(r.candidates) > 1 or k in broken)
    ]
    out: dict[str, list[Vector]] = {
        k: list(r.candidates or []) for k, r in rows.items() if r.candidates
    }
    settled: set[str] = set()
    _narrow(
        rows, identities, variable, out, settled, broken, max_violations, margin, max_assignments
    )
    for k in broken:
        if k in out and k not in settled:
            out[k] = []
    return _confirm(rows, identities, out, broken, max_violations)


def _confirm(
    rows: Mapping[str, RowState],
    identities: Sequence[LinearIdentity],
    out: dict[str, list[Vector]],
    broken: Collection[str],
    max_violations: int,
) -> dict[str, list[Vector]]:
    """Drop readings that the column identities contradict.

    In a table that does not balance, a row whose own 总计 is wrong can still have readings
    that meet its row identity by coincidence (a long run splits many ways): they are wrong in
    most columns. A row is kept only when, with the other rows as read, one of its readings
    breaks at most ``max_violations`` of the identities touching it (its own broken row
    identity counted); otherwise none of its readings is trusted.
    Only identities whose other rows are settled (fixed, or one reading) are evidence; a row
    that no such identity confirms is not trusted either, unless it is a run of zeros.
    The worst row goes first and the others are judged again without it: one badly read row
    must not drag every row that shares its column sums down with it.
    """
    current = {k: list(v) for k, v in out.items()}

    def values(key: str, col: int) -> set[int] | None:
        if key in current:
            # only a row settled to one reading speaks for another row's reading
            return {current[key][0][col]} if len(current[key]) == 1 else None
        row = rows.get(key)
        cell = row.cell(col) if row is not None else None
        return {cell} if isinstance(cell, int) else None

    def violations(key: str) -> list[int]:
        checks: list[tuple[int, int, set[int]]] = []
        for ident in identities:
            if not any(k == key for k, _ in ident.terms):
                continue
            sums = {0}
            for k, coef in ident.terms:
                if k == key:
                    continue
                options = values(k, ident.col)
                if options is None:
                    sums = set()
                    break
                sums = {t + coef * v for t in sums for v in options}
                if len(sums) > 1000:
                    sums = set()
                    break
            if sums:
                own = sum(coef for k, coef in ident.terms if k == key)
                checks.append((ident.col, own, sums))
        base = 1 if key in broken else 0
        if not checks:
            # nothing confirms it: in a table that does not balance only a run of zeros is safe
            return [0 if not any(vec) else max_violations + 1 for vec in current[key]]
        return [
            base + sum(1 for col, c, rest in checks if -c * vec[col] not in rest)
            for vec in current[key]
        ]

    while True:
        worst: tuple[int, str] | None = None
        for key in current:
            if not current[key]:
                continue
            least = min(violations(key))
            if least > max_violations and (worst is None or least > worst[0]):
                worst = (least, key)
        if worst is None:
            break
        current[worst[1]] = []
    # Only whole rows are dropped: choosing between readings is the margin's job (_narrow).
    return current


def _narrow(
    rows: Mapping[str, RowState],
    identities: Sequence[LinearIdentity],
    variable: list[str],
    out: dict[str, list[Vector]],
    settled: set[str],
    broken: Collection[str],
    max_violations: int,
    margin: int,
    max_assignments: int,
) -> None:
    if not variable:
        return
    usable: list[LinearIdentity] = []
    for ident in identities:
        ok = True
        touches = False
        for key, _coef in ident.terms:
            row = rows.get(key)
            if row is None:
                ok = False
                break
            if row.candidates:
                touches = touches or key in variable
                if len(row.candidates) == 1 and not isinstance(row.candidates[0][ident.col], int):
                    ok = False
                    break
            elif row.fixed is None or not isinstance(row.cell(ident.col), int):
                ok = False
                break
        if ok and touches:
            usable.append(ident)
    if not usable:
        return

    # components of variable rows linked by a shared identity
    parent = {k: k for k in variable}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for ident in usable:
        keys = [k for k, _ in ident.terms if k in parent]
        for a in keys[1:]:
            parent[find(a)] = find(keys[0])
    components: dict[str, list[str]] = {}
    for k in variable:
        components.setdefault(find(k), []).append(k)

    for members in components.values():
        idents = [i for i in usable if any(k in members for k, _ in i.terms)]
        size = 1
        for k in members:
            size *= len(out[k])
        if size > max_assignments:
            continue
        targets = []
        for ident in idents:
            const = 0
            for key, coef in ident.terms:
                if key in members:
                    continue
                row = rows[key]
                value = row.candidates[0][ident.col] if row.candidates else row.cell(ident.col)
                const += coef * int(value or 0)
            targets.append(-const)
        contribs = {
            k: [
                tuple(sum(coef * vec[i.col] for key, coef in i.terms if key == k) for i in idents)
                for vec in out[k]
            ]
            for k in members
        }
        scored: list[tuple[int, tuple[int, ...]]] = []
        for choice in product(*(range(len(out[k])) for k in members)):
            sums = [0] * len(idents)
            for k, ci in zip(members, choice, strict=True):
                for j, v in enumerate(contribs[k][ci]):
                    sums[j] += v
            cost = sum(1 for s, t in zip(sums, targets, strict=True) if s != t)
            scored.append((cost, choice))
        own = sum(1 for k in members if k in broken)  # their row identities are broken
        best = min(cost for cost, _ in scored) + own
        if best > max_violations:
            continue
        near = [choice for cost, choice in scored if cost + own < best + margin]
        for pos, k in enumerate(members):
            keep = sorted({choice[pos] for choice in near})
            out[k] = [out[k][i] for i in keep]
            settled.add(k)
