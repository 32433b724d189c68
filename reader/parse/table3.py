"""Table 三 (收到和处理政府信息公开申请情况): rows matched by label, cells read, glued runs split.

Rows are found BY LABEL — normalised (Simplified, half-width, no pinyin), enumerators checked,
damaged labels tolerated (``2.其他法律行政止公开``) — and kept in the format's order by an
order-keeping alignment; a row is placed by position only when its neighbours are matched and
the count of unlabelled rows between them is exactly the count of missing rows.

Layout 2021 has ``R6_1…R6_3``; layout 2019 has one ``R6`` row (（六）其他处理 with numbers).
Non-official subtotal rows (（三）不予公开 with numbers) are matched to their group and ignored;
a non-official subtotal column (法人或其他组织小计) is found by the identities and dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from reader.parse.evidence import decide, prose_constraints
from reader.parse.glued import (
    LinearIdentity,
    RowState,
    Vector,
    agreed_cells,
    readings,
    solve_despite_errors,
    solve_jointly,
)
from reader.parse.numbers import read_number
from reader.parse.rowcells import atoms as _atoms
from reader.parse.rowcells import fit, hard_count
from reader.parse.tablestream import (
    BLANK,
    VALUE,
    LabelMatcher,
    LabelSpec,
    Segment,
    Tok,
    align,
    label_core,
    segment_text,
)
from reader.record import (
    T3_COLS,
    T3_GROUP_LABELS,
    T3_ROW_LABELS,
    t3_result_rows,
    t3_rows,
)

THRESHOLD = 0.6
N_COLS = len(T3_COLS)
# Splits of a glued row whose own total is wrong, at most (a 14-digit run has 1,716).
FREE_LIMIT = 5000

_EXPECTED_PREFIX = {
    "NEW": ("cn", 1),
    "CARRY_IN": ("cn", 2),
    "R1": ("cnp", 1),
    "R2": ("cnp", 2),
    "G3": ("cnp", 3),
    "G4": ("cnp", 4),
    "G5": ("cnp", 5),
    "G6": ("cnp", 6),
    "R6": ("cnp", 6),
    "R7": ("cnp", 7),
    "CARRY_OUT": ("cn", 4),
}
_EXTRA_CORES = {
    "R2": ("部分公开",),
    "R7": ("合计",),
    "CARRY_IN": ("上年结转政府信息公开申请",),
    "NEW": ("本年新收政府信息公开申请",),
}
# Short common words: trusted only with their enumerator (R6_3 "3.其他"), or capped (R7 "总计").
_BARE = {"R6_3": 0.0, "R7": 0.75}


def _spec(key: str, label: str) -> LabelSpec:
    core, _prefix = label_core(label)
    if key in _EXPECTED_PREFIX:
        prefix = _EXPECTED_PREFIX[key]
    elif "_" in key:
        prefix = ("ar", int(key.split("_")[1]))
    else:
        prefix = None
    cores = (core, *(label_core(c)[0] for c in _EXTRA_CORES.get(key, ())))
    return LabelSpec(key=key, cores=cores, prefix=prefix, bare_score=_BARE.get(key))


def _specs() -> dict[str, LabelSpec]:
    specs = {k: _spec(k, v) for k, v in T3_ROW_LABELS.items()}
    for group, label in T3_GROUP_LABELS.items():
        gkey = "G" + group[1:]
        specs[gkey] = _spec(gkey, label)
    return specs


SPECS = _specs()
MATCHER = LabelMatcher(list(SPECS.values()), THRESHOLD)

Scores = dict[int, dict[str, float]]  # segment position → {key: score}


def key_order(layout: str) -> list[str]:
    """Row keys of a layout in order, with the optional group rows (G3…G6) where they stand."""
    order: list[str] = []
    for key in t3_rows(layout):
        if key == "R3_1":
            order.append("G3")
        elif key == "R4_1":
            order.append("G4")
        elif key == "R5_1":
            order.append("G5")
        elif key == "R6_1":
            order.append("G6")
        order.append(key)
    return order


# ---- finding the rows ------------------------------------------------------------------------


@dataclass(slots=True)
class Found:
    layout: str
    rows: dict[str, Segment]  # data row key → segment (group rows excluded)
    matched: int  # labels matched (data and group rows)


def _pairs(
    segments: Sequence[Segment], keys: Sequence[str], scores: Scores
) -> list[tuple[int, int, float]]:
    pairs = []
    position = {key: ki for ki, key in enumerate(keys)}
    for si, seg_scores in scores.items():
        # This layout's keys the segment scored for, in key order (ties keep that order).
        hits = sorted(
            (position[key], sc)
            for key, sc in seg_scores.items()
            if sc >= THRESHOLD and key in position
        )
        if not hits:
            continue
        n_vals = len(segments[si].numbers())
        for ki, sc in hits:
            if n_vals > 2 * N_COLS:
                sc *= 0.5  # table 四's 15 numbers after a header ending in 总计
            elif n_vals:
                sc += 0.05  # prefer the copy of a label that carries numbers
            if sc >= THRESHOLD:
                pairs.append((si, ki, sc))
    return pairs


def _best_region(
    segments: Sequence[Segment],
    pairs: list[tuple[int, int, float]],
    keys: Sequence[str],
    gap: int = 12,
    section: str = "s3",
) -> list[tuple[int, int, float]]:
    """The order-keeping chain of the best table-like region.

    Matches more than ``gap`` segments apart belong to different regions (a sub-heading in prose
    that looks like a row; a second table). Each region is aligned on its own; the region in
    table 三's own section wins unless another is more than twice as good.
    """
    if not pairs:
        return []
    best_key: dict[int, tuple[float, int]] = {}
    for si, ki, sc in pairs:
        if sc > best_key.get(si, (0.0, 0))[0]:
            best_key[si] = (sc, ki)
    by_segment = sorted(best_key)
    regions: list[tuple[int, int]] = []
    start = prev = by_segment[0]
    last_row = best_key[start][1] if not keys[best_key[start][1]].startswith("G") else -1
    for si in by_segment[1:]:
        ki = best_key[si][1]
        # A new region after a long gap, or where the rows start again from the top (a second
        # table right after the first). Group labels never restart: a non-official subtotal
        # row (（三）不予公开 | 小计 | 91 …) prints its group's label after the group's rows.
        is_group = keys[ki].startswith("G")
        restart = not is_group and ki < last_row - 4
        if si - prev > gap or restart:
            regions.append((start, prev))
            start = si
            last_row = -1
        prev = si
        if not is_group:
            last_row = ki
    regions.append((start, prev))
    chains = [align([p for p in pairs if lo <= p[0] <= hi]) for lo, hi in regions]
    if len(chains) == 1:
        return chains[0]
    totals = [sum(p[2] for p in c) for c in chains]
    best = max(range(len(chains)), key=lambda i: totals[i])
    own = [i for i, c in enumerate(chains) if any(segments[p[0]].section == section for p in c)]
    if own:
        i = max(own, key=lambda i: totals[i])
        if totals[i] * 2 >= totals[best]:
            best = i
    return chains[best]


def label_scores(segments: Sequence[Segment]) -> Scores:
    out: Scores = {}
    for si, seg in enumerate(segments):
        if seg.labels:
            found = MATCHER.scores(seg.labels, long_tail=bool(seg.values))
            if found:
                out[si] = found
    return out


def find_rows(segments: Sequence[Segment]) -> Found | None:
    scores = label_scores(segments)
    results = {}
    for layout in ("2021", "2019"):
        keys = key_order(layout)
        chain = _best_region(segments, _pairs(segments, keys, scores), keys)
        rows = {keys[ki]: segments[si] for si, ki, _ in chain}
        results[layout] = (rows, chain, keys)
    rows21 = results["2021"][0]
    rows19 = results["2019"][0]
    if any(k in rows21 for k in ("R6_1", "R6_2", "R6_3")):
        layout = "2021"
    elif "R6" in rows19 and rows19["R6"].numbers():
        layout = "2019"
    elif _blank_r6(segments, rows19):
        layout = "2019"
    else:
        layout = "2021"
    rows, chain, keys = results[layout]
    if len(chain) < 3:
        return positional_rows(segments) or (None if not chain else _found(layout, rows, chain))
    found = _finish(segments, layout, rows, chain, keys, scores)
    if layout == "2019" and "R6" not in found.rows and _r6_in_total_label(rows19.get("R7")):
        # the blank row's label ran into （七）总计's: a row of seven blank cells
        found.rows["R6"] = Segment(index=rows19["R7"].index)
    return found


def _r6_in_total_label(seg: Segment | None) -> bool:
    """（六）其他处理 with nothing after it before （七）总计 ("（六）其他处理（七）总计2180…"): a
    flattened 2019 table whose single R6 row is blank."""
    if seg is None or not seg.labels:
        return False
    core = label_core(seg.labels[-1].text)[0]
    at = core.rfind("其他处理")
    return at >= 0 and core.find("总计", at) == at + len("其他处理") + 1 and core[at + 4] == "七"


def _blank_r6(segments: Sequence[Segment], rows19: dict[str, Segment]) -> bool:
    """A 2019 table whose （六）其他处理 row is blank: its label is found with no numbers, and
    no row with numbers stands between it and （七）总计 (a 2021 table's R6_1…R6_3 would)."""
    r7 = rows19.get("R7")
    if r7 is None:
        return False
    r6 = rows19.get("R6")
    if r6 is None:
        return _r6_in_total_label(r7)
    return all(not seg.numbers() for seg in segments[r6.index + 1 : r7.index])


def _found(layout: str, rows: dict[str, Segment], chain: list) -> Found:
    return Found(
        layout=layout,
        rows={k: s for k, s in rows.items() if not k.startswith("G")},
        matched=len(chain),
    )


def _finish(
    segments: Sequence[Segment],
    layout: str,
    rows: dict[str, Segment],
    chain: list[tuple[int, int, float]],
    keys: Sequence[str],
    scores: Scores,
) -> Found:
    found_rows = {k: seg for k, seg in rows.items() if not k.startswith("G")}
    _fill_out_of_order(segments, chain, keys, found_rows, scores)
    _fill_by_position(segments, chain, keys, found_rows, scores)
    return Found(layout=layout, rows=found_rows, matched=len(chain))


def _fill_out_of_order(
    segments: Sequence[Segment],
    chain: list[tuple[int, int, float]],
    keys: Sequence[str],
    rows: dict[str, Segment],
    scores: Scores,
) -> None:
    """Rows printed out of the format's order: the order-keeping alignment leaves them out, but a
    clear label match inside the table still names the row."""
    lo, hi = min(p[0] for p in chain), max(p[0] for p in chain)
    used = {seg.index for seg in rows.values()} | {segments[p[0]].index for p in chain}
    for key in keys:
        if key.startswith("G") or key in rows:
            continue
        best: list[tuple[float, Segment]] = []
        for seg in segments[lo : hi + 1]:
            if seg.index in used or not seg.numbers():
                continue
            sc = scores.get(seg.index, {}).get(key, 0.0)
            if sc >= 0.85:
                best.append((sc, seg))
        best.sort(key=lambda p: -p[0])
        if best and (len(best) == 1 or best[0][0] > best[1][0]):
            rows[key] = best[0][1]
            used.add(best[0][1].index)


def _fill_by_position(
    segments: Sequence[Segment],
    chain: list[tuple[int, int, float]],
    keys: Sequence[str],
    rows: dict[str, Segment],
    scores: Scores,
) -> None:
    """Place rows whose label was lost, when their position makes it certain: unlabelled rows
    between two matched rows when their count is exactly the count of missing rows; a row glued
    to the next one (a lost label in one-cell-per-line text: 14 numbers under one label); the
    first or last row right next to its matched neighbour."""
    data_keys = [k for k in keys if not k.startswith("G")]
    _split_merged_rows(data_keys, rows)
    anchors = sorted((seg.index, data_keys.index(k)) for k, seg in rows.items())
    used = {seg.index for seg in rows.values()}
    for (s_a, k_a), (s_b, k_b) in pairwise(anchors):
        missing = [k for k in data_keys[k_a + 1 : k_b] if k not in rows]
        if not missing or s_b - s_a < 2:
            continue
        between = [
            seg
            for seg in segments[s_a + 1 : s_b]
            if seg.index not in used
            and seg.numbers()
            and not _is_group_label(scores.get(seg.index, {}))
        ]
        if len(between) == len(missing) == len(data_keys[k_a + 1 : k_b]):
            for key, seg in zip(missing, between, strict=True):
                rows[key] = seg
    anchors = sorted((seg.index, data_keys.index(k)) for k, seg in rows.items())
    if not anchors:
        return
    first_key, last_key = data_keys[0], data_keys[-1]
    s_first, k_first = anchors[0]
    if first_key not in rows and k_first == 1 and s_first > 0:
        seg = segments[s_first - 1]
        if _stray_row(seg, scores):
            rows[first_key] = seg
    s_last, k_last = anchors[-1]
    if last_key not in rows and k_last == len(data_keys) - 2 and s_last + 1 < len(segments):
        seg = segments[s_last + 1]
        if _stray_row(seg, scores):
            rows[last_key] = seg


def _stray_row(seg: Segment, scores: Scores) -> bool:
    """A segment that can only be a table row: one row's worth of numbers, and labels (if any)
    that are neither another row of table 三 nor table 四's header."""
    from reader.parse.table4 import is_t4_header

    if max(scores.get(seg.index, {}).values(), default=0.0) >= 0.85:
        return False
    if any(
        is_t4_header(t) and ("复议" in label_core(t.text)[0] or "诉讼" in label_core(t.text)[0])
        for t in seg.labels
    ):
        return False  # table 四's header: its numbers are not a row of table 三
    return hard_count(seg.values) in (N_COLS, N_COLS + 1) and len(seg.numbers()) >= 1


def _split_merged_rows(data_keys: Sequence[str], rows: dict[str, Segment]) -> None:
    """Split a matched row carrying k×7 values over the k−1 unmatched rows after it."""
    for i, key in enumerate(data_keys):
        seg = rows.get(key)
        if seg is None:
            continue
        hard = [t for t in seg.values if not (t.kind == BLANK and t.soft)]
        if len(hard) <= N_COLS or len(hard) % N_COLS:
            continue
        m = len(hard) // N_COLS
        following = data_keys[i + 1 : i + m]
        if len(following) != m - 1 or any(k in rows for k in following):
            continue
        for j, k in enumerate((key, *following)):
            part = Segment(index=seg.index, labels=seg.labels if j == 0 else [])
            part.values = hard[j * N_COLS : (j + 1) * N_COLS]
            rows[k] = part


def positional_rows(segments: Sequence[Segment]) -> Found | None:
    """A table 三 whose row labels are all lost (images, a converter that dropped the label
    column): after the 勾稽关系 note, exactly 25 (2021) or 23 (2019) rows of 7 numbers."""
    start = next(
        (
            i
            for i, seg in enumerate(segments)
            if any("勾稽关系" in label_core(t.text)[0] for t in seg.labels)
        ),
        None,
    )
    if start is None:
        return None
    values: list[Tok] = []
    for seg in segments[start:]:
        if seg.index != segments[start].index and any(
            len(label_core(t.text)[0]) > 8 for t in seg.labels
        ):
            break
        values.extend(t for t in seg.values if not (t.kind == BLANK and t.soft))
    while values and values[0].kind == BLANK:
        values.pop(0)
    for layout in ("2021", "2019"):
        keys = t3_rows(layout)
        if len(values) == len(keys) * N_COLS and sum(t.kind == VALUE for t in values) > len(keys):
            rows = {}
            for i, key in enumerate(keys):
                part = Segment(index=segments[start].index)
                part.values = values[i * N_COLS : (i + 1) * N_COLS]
                rows[key] = part
            return Found(layout=layout, rows=rows, matched=0)
    return None


def _is_group_label(seg_scores: dict[str, float]) -> bool:
    return any(seg_scores.get(g, 0.0) >= 0.9 for g in ("G3", "G4", "G5", "G6"))


# ---- reading cells ---------------------------------------------------------------------------


@dataclass(slots=True)
class RowRead:
    state: RowState
    blank: set[int]  # column positions that are blank/placeholder in the source
    unread: set[int]  # column positions whose text is not a number
    # A glued run with no reading that meets the row's own identity (its 总计 is wrong in the
    # source): every split into seven numbers, for the column identities to choose from.
    free: list[Vector] | None = None


def read_row(
    values: Sequence[Tok], n: int, extra_col: int | None, glued_table: bool = False
) -> RowRead:
    """Cells of one row (``n`` tokens wide, ``extra_col`` dropped) as fixed values or candidates.

    A row with fewer numbers than cells is either glued or has blank cells. It is split as glued
    when it cannot be laid out with blanks, or when the table shows gluing elsewhere
    (``glued_table``); otherwise the missing cells are read as blanks — a row such as
    ``10 | 0 | 0 | 0 | 0 | 1 | (blank)`` must not become 1, 0, 0, 0, 0, 0, 1.
    """
    numbers = [t for t in values if t.kind == VALUE]
    if not numbers:
        # a row whose cells are all blank (or a skeleton): every cell blank
        return RowRead(RowState(fixed=[None] * N_COLS), set(range(N_COLS)), set())
    toks = fit(values, n)
    count = hard_count(values)
    if count != n and extra_col is None and (toks is None or glued_table or count > n):
        atoms = _atoms(values)
        if atoms is not None:
            found = readings(atoms, [(N_COLS - 1, True)])
            if found:
                return RowRead(RowState(candidates=found), set(), set())
            if found is None:
                return RowRead(RowState(), set(), set(range(N_COLS)))
            if count < n:
                free = readings(atoms, [(N_COLS, False)], limit=FREE_LIMIT)
                if free:
                    return RowRead(RowState(), set(), set(range(N_COLS)), free=free)
    if toks is None:
        return RowRead(RowState(), set(), set(range(N_COLS)))
    if extra_col is not None:
        toks = [t for i, t in enumerate(toks) if i != extra_col]
    fixed: list[int | float | None] = []
    blank: set[int] = set()
    unread: set[int] = set()
    for c, tok in enumerate(toks):
        if tok.kind == BLANK:
            fixed.append(None)
            blank.add(c)
            continue
        num = read_number(tok.text)
        if num is None:
            fixed.append(None)
            unread.add(c)
        else:
            fixed.append(num.value)
    return RowRead(RowState(fixed=fixed), blank, unread)


def _extra_column(rows: dict[str, Segment]) -> int | None:
    """Position of a non-official extra column (法人或其他组织小计), when most rows have 8 cells."""
    counts = [hard_count(seg.values) for seg in rows.values() if seg.numbers()]
    if not counts:
        return None
    wide = sum(1 for c in counts if c == N_COLS + 1)
    if wide < 3 or wide <= sum(1 for c in counts if c == N_COLS):
        return None
    best, best_score = N_COLS - 1, -1
    for p in range(N_COLS + 1):
        score = 0
        for seg in rows.values():
            toks = fit(seg.values, N_COLS + 1)
            if toks is None:
                continue
            nums = [read_number(t.text) if t.kind == VALUE else None for t in toks]
            if any(x is None for x in nums):
                continue
            vals = [x.value for x in nums if x is not None]
            kept = [v for i, v in enumerate(vals) if i != p]
            if kept[-1] == sum(kept[:-1]):
                score += 1
                if vals[p] == sum(kept[1:-1]):
                    score += 1  # 小计 = the five kinds of organisation
        if score > best_score:
            best, best_score = p, score
    return best


def _skeleton(found: Found, has_note: bool) -> bool:
    """Labels without a single number are a table (lost in copying) only with the table's note,
    or with many rows and their empty cells — not a few sub-headings that read like rows."""
    if has_note:
        return True
    cells = sum(1 for seg in found.rows.values() for t in seg.values if t.kind == BLANK)
    return found.matched >= 5 and cells >= found.matched


def _move_total_last(reads: dict[str, RowRead]) -> None:
    """A table printing 总计 before the parties (总计 | 自然人 | …): told by the row identity
    holding on the first column and never on the last, then put back in the official order."""
    first = last = 0
    for read in reads.values():
        row = read.state.fixed
        if row is None or any(not isinstance(v, int) for v in row) or not any(row):
            continue
        first += row[0] == sum(row[1:])
        last += row[-1] == sum(row[:-1])
    if first < 3 or last > 0:
        return
    for read in reads.values():
        if read.state.fixed is not None:
            read.state.fixed = [*read.state.fixed[1:], read.state.fixed[0]]
            read.blank = {(c - 1) % N_COLS for c in read.blank}
            read.unread = {(c - 1) % N_COLS for c in read.unread}


def _totals_left_blank(states: dict[str, RowState]) -> bool:
    """Rows read directly show 总计 left blank while the parties are filled ([S6] style)."""
    count = 0
    for st in states.values():
        if (
            st.fixed is not None
            and st.fixed[-1] is None
            and any(v is not None for v in st.fixed[:-1])
        ):
            count += 1
    return count >= 2


def _solve_glued(reads: dict[str, RowRead], layout: str) -> tuple[dict[str, list[Vector]], bool]:
    """The surviving readings of each glued row (a cell is read when they all agree on it).

    First the whole table is solved with every identity holding (:func:`solve_jointly`). A
    report whose own arithmetic is wrong has no such reading, and a row whose 总计 is wrong has
    no reading of its own: then the readings that violate the fewest identities are kept, if
    clearly fewer than any other (:func:`solve_despite_errors`). A row fixed by its own
    identity alone (a single split, e.g. all zeros) is read whatever the rest of the table says
    — unless the table has blank cells, which a glued run may hide.

    The flag says whether the readings left are those of a table that balances (every
    identity holds): only then may other evidence (prose, plausibility) choose among them.
    """
    states = {k: r.state for k, r in reads.items()}
    glued = [k for k, st in states.items() if st.candidates]
    broken = {k: r.free for k, r in reads.items() if r.free}
    if not glued and not broken:
        return {}, False
    if _totals_left_blank(states):
        # 总计 cells left blank: a glued run need not end with a total, no reading is certain
        return {k: [] for k in [*glued, *broken]}, False
    identities = _identities(layout)
    joint = solve_jointly(states, identities)
    if joint is not None and not broken:
        return joint, not any(r.blank for r in reads.values())
    if any(r.blank for r in reads.values()):
        # The table leaves cells blank, so a glued run may hide a blank too (10, 0, 0, 0, 0, 1
        # and a blank 总计 glued read 1, 0, 0, 0, 0, 0, 1): with identities that do not hold
        # nothing tells the two apart, so only a table that balances is split.
        # A run of seven zeros hides no blank (no other number can be written with zeros).
        out = {
            k: [] if not _all_zero(states[k].candidates) else states[k].candidates or []
            for k in glued
        }
        if joint is not None:
            out.update(joint)
        return {**out, **{k: [] for k in broken}}, False
    trial = dict(states)
    if joint is not None:
        for key, cands in joint.items():
            trial[key] = RowState(candidates=cands)
    for key, free in broken.items():
        trial[key] = RowState(candidates=free)
    return solve_despite_errors(trial, identities, broken=broken), False


def _all_zero(candidates: list[Vector] | None) -> bool:
    return candidates is not None and len(candidates) == 1 and not any(candidates[0])


def _identities(layout: str) -> list[LinearIdentity]:
    out = []
    result_rows = t3_result_rows(layout)
    for c in range(N_COLS):
        out.append(LinearIdentity(terms=(*((r, 1) for r in result_rows), ("R7", -1)), col=c))
        out.append(
            LinearIdentity(
                terms=(("NEW", 1), ("CARRY_IN", 1), ("R7", -1), ("CARRY_OUT", -1)), col=c
            )
        )
    return out


def _find_table(segments: Sequence[Segment]) -> Found | None:
    found = find_rows(segments)
    if found is not None:
        has_note = any(
            "勾稽关系" in label_core(t.text)[0] for seg in segments for t in seg.labels[-3:]
        )
        if 0 < found.matched < 3 and not (has_note and found.matched >= 2):
            found = None
        elif not any(seg.numbers() for seg in found.rows.values()) and not _skeleton(
            found, has_note
        ):
            found = None
    return found if found is not None else label_line_skeleton(segments)


# Header words of table 三 that a skeleton's label lines keep (the note, the column heads).
_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织")
_SKELETON_MIN_ROWS = 8


def label_line_skeleton(segments: Sequence[Segment]) -> Found | None:
    """An empty table 三 whose rows are label lines with nothing after them.

    PDF text lines and tab-separated copies of an empty table keep only the labels (the
    extractor drops trailing tabs), so the labels of every row run together into one segment
    and no row is seen. Here each label of such a run is tried as a row of its own (with the
    label before it, for labels wrapped over two lines). It is a table only with many rows in
    the format's order *and* the table's header (its 勾稽关系 note or column heads) — a few
    sub-headings of prose that read like rows are not a table.
    """
    exploded: list[Segment] = []
    for seg in segments:
        if len(seg.labels) < _SKELETON_MIN_ROWS:
            exploded.append(Segment(index=len(exploded), labels=seg.labels, values=seg.values))
            continue
        # the values after the run (e.g. table 四's numbers) stay with its last labels
        keep = 4 if seg.values else 0
        for j in range(len(seg.labels) - keep):
            labels = seg.labels[max(0, j - 1) : j + 1]
            exploded.append(Segment(index=len(exploded), labels=labels))
        if keep:
            exploded.append(
                Segment(index=len(exploded), labels=seg.labels[-keep:], values=seg.values)
            )
    if len(exploded) == len(segments):
        return None
    found = find_rows(exploded)
    if (
        found is None
        or found.matched < _SKELETON_MIN_ROWS
        or any(seg.numbers() for seg in found.rows.values())
    ):
        return None
    first = min(seg.index for seg in found.rows.values())
    last = max(seg.index for seg in found.rows.values())
    header = [
        label_core(seg.labels[-1].text)[0]
        for seg in exploded[max(0, first - 15) : last + 1]
        if seg.labels
    ]
    note = any("勾稽关系" in core for core in header)
    heads = sum(1 for core in header if any(core.startswith(w) for w in _HEADER_WORDS))
    if not note and heads < 2:
        return None
    return found


def parse_t3(
    segments: Sequence[Segment], prose: Sequence[Mapping[str, Any]] | None = None
) -> dict | None:
    """Table 三 in record shape, or ``None`` when no table 三 is in the segments.

    ``prose``: the report's prose facts (``record["prose"]``), evidence for glued rows with
    several readings (:mod:`evidence`).
    """
    found = _find_table(segments)
    if found is None:
        return None
    layout = found.layout
    row_keys = t3_rows(layout)
    extra = _extra_column(found.rows)
    width = N_COLS + (1 if extra is not None else 0)

    glued_table = any(
        seg.numbers() and hard_count(seg.values) < width and fit(seg.values, width) is None
        for seg in found.rows.values()
    )
    reads: dict[str, RowRead] = {}
    for key, seg in found.rows.items():
        reads[key] = read_row(seg.values, width, extra, glued_table)

    _move_total_last(reads)
    solved, balanced = _solve_glued(reads, layout)
    decided_by: dict[str, str] = {}
    if balanced:
        solved, decided_by = decide(
            {k: r.state for k, r in reads.items()},
            solved,
            _identities(layout),
            prose_constraints(prose, layout),
        )

    cells: dict[str, dict[str, int | float | None]] = {}
    blank: list[str] = []
    ambiguous: list[str] = []
    any_number = False
    any_placeholder = False
    seen_values = False
    row_source = {key: segment_text(found.rows[key]) for key in row_keys if key in found.rows}
    for key in row_keys:
        row_cells: dict[str, int | float | None] = {}
        read = reads.get(key)
        if read is None:
            values: list[int | float | None] = [None] * N_COLS
            unread = set(range(N_COLS))
            blanks: set[int] = set()
        elif key in solved:
            values = list(agreed_cells(solved[key], N_COLS))
            unread = {c for c, v in enumerate(values) if v is None}
            blanks = set()
        elif read.state.fixed is not None:
            values = list(read.state.fixed)
            unread, blanks = read.unread, read.blank
        else:
            values = [None] * N_COLS
            unread, blanks = read.unread, set()
        for c, col in enumerate(T3_COLS):
            row_cells[col] = values[c]
            if values[c] is not None:
                any_number = True
            elif c in blanks:
                blank.append(f"{key}.{col}")
            elif c in unread:
                ambiguous.append(f"{key}.{col}")
        cells[key] = row_cells
        if read is not None and found.rows.get(key) is not None:
            if any(t.kind == BLANK and not t.soft and t.text for t in found.rows[key].values):
                any_placeholder = True
            # numbers seen but not read with certainty: the table is not empty
            seen_values = seen_values or bool(found.rows[key].numbers())
    return {
        "present": True,
        "empty": not (any_number or seen_values),
        "layout": layout,
        "cells": cells,
        "blank": blank,
        "ambiguous": ambiguous,
        "lost": not any_number and not any_placeholder,
        "decided_by": {k: v for k, v in decided_by.items() if k not in ambiguous},
        "source": "\n".join(row_source.values()),
        "row_source": row_source,
    }
