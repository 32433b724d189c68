"""Table 四 (行政复议、行政诉讼): 15 numbers, read by position.

The header is often damaged (cells cut short: 结果纠正 → 结果, 尚未审结 → 尚未; letters wrapped one
per line in PDFs), so it is only used to find the table; the numbers are taken in the official
order REV (行政复议), LD (未经复议直接起诉), LR (复议后起诉), each KEEP, CORR, OTHER, PEND, TOT.
Three sub-tables of five (or three rows of five) are put in order by their group words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from reader.parse.glued import agreed_cells, readings
from reader.parse.numbers import read_number
from reader.parse.rowcells import atoms as _atoms
from reader.parse.rowcells import fit
from reader.parse.tablestream import BLANK, VALUE, Segment, Tok, label_core, segment_text
from reader.record import T4_COLS, T4_GROUPS

N_CELLS = len(T4_GROUPS) * len(T4_COLS)
_PER_GROUP = len(T4_COLS)

# Header words of table 四, whole or cut short; a label made only of these is header text.
_VOCAB = (
    "未经复议直接起诉",
    "复议后起诉",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "案件数量",
    "单位件",
    "总计",
    "合计",
    "小计",
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
    "数量",
    "件",
)
# Possessive: the words are tried longest first and never re-split, so a long header that
# does not match fails in linear time (overlapping words would otherwise backtrack
# exponentially: 结果维持 = 结果 + 维持).
_VOCAB_RE = re.compile("(?:" + "|".join(_VOCAB) + ")++")
_VOCAB_TAIL_RE = re.compile("(?:" + "|".join(_VOCAB) + ")++$")
# A flattened page runs the whole header (three rows of headings) into one label: up to ~90
# characters of header words, possibly after the section's own heading.
_MAX_HEADER = 200
_MIN_TAIL = 24  # a header tail must hold several headings, not one word at the end of prose


def _core(tok: Tok) -> str:
    return label_core(tok.text)[0]


def is_t4_header(tok: Tok) -> bool:
    return _is_header_core(_core(tok))


def _is_header_core(core: str) -> bool:
    return bool(core) and len(core) <= _MAX_HEADER and _VOCAB_RE.fullmatch(core) is not None


def header_tail(core: str) -> str:
    """The run of table-四 header words that ends ``core`` when it holds table 四's whole glued
    header (``…情况行政复议行政诉讼结果维持…总计``: a heading and the header on one line), else
    ``""``. Needs the group word and result words, so the end of a sentence is not a header."""
    if len(core) < _MIN_TAIL or "复议" not in core or "维持" not in core:
        return ""
    m = _VOCAB_TAIL_RE.search(core[-_MAX_HEADER:])
    if m is None:
        return ""
    tail = m.group(0)
    if len(tail) < _MIN_TAIL or "行政复议" not in tail or "尚未" not in tail:
        return ""
    return tail


def _header_words(tok: Tok) -> str:
    core = _core(tok)
    return core if _is_header_core(core) else header_tail(core)


def _starts_t4(seg: Segment) -> bool:
    # The substring tests first: most segments hold none of these words.
    cores = [_core(t) for t in seg.labels]
    if any("行政复议" in c and _is_header_core(c) for c in cores) or (
        any("结果维持" in c and _is_header_core(c) for c in cores)
        and any("尚未" in c and _is_header_core(c) for c in cores)
    ):
        return True
    return bool(cores) and bool(header_tail(cores[-1]))


def _region(segments: Sequence[Segment]) -> list[Segment] | None:
    starts = [i for i, seg in enumerate(segments) if _starts_t4(seg)]
    if not starts:
        return None
    in_s4 = [i for i in starts if segments[i].section == "s4"]
    start = in_s4[0] if in_s4 else starts[0]
    region = [segments[start]]
    for seg in segments[start + 1 :]:
        have = sum(len(s.numbers()) for s in region)
        # header words continue the table; so does a short row label ("件数", "2023年") while
        # numbers are still missing; prose, a heading or another table ends it
        short = all(len(_core(t)) <= 6 for t in seg.labels) and have < N_CELLS
        if seg.labels and not (all(is_t4_header(t) for t in seg.labels) or short):
            break
        region.append(seg)
        if have + len(seg.numbers()) >= N_CELLS and not seg.labels:
            break
    # the header must really be table 四's: a group word and a result word
    words = "".join(_header_words(t) for s in region for t in s.labels)
    numbers = sum(len(s.numbers()) for s in region)
    results = any(w in words for w in ("维持", "纠正", "尚未", "审结"))
    # sub-headings "（一）行政复议 … （二）行政诉讼" over prose are not a table: a header needs its
    # result words, or the numbers must be there
    if "行政复议" not in words or not (results or numbers >= _PER_GROUP):
        return None
    return region


def _group_of(seg: Segment) -> str | None:
    words = "".join(_core(t) for t in seg.labels)
    if "复议后起诉" in words:
        return "LR"
    if "直接起诉" in words:
        return "LD"
    if "行政复议" in words and "诉讼" not in words:
        return "REV"
    return None


_RESULT_WORDS = (("维持",), ("纠正",), ("其他",), ("尚未", "审结"), ("总计", "合计"))


def _transposed(value_segs: Sequence[Segment]) -> list[Tok] | None:
    """Five rows (结果维持 … 总计) of three columns (行政复议, 直接起诉, 复议后起诉)."""
    parts = [fit(s.values, len(T4_GROUPS)) for s in value_segs]
    if any(p is None for p in parts):
        return None
    order = []
    for words in _RESULT_WORDS:
        idx = [
            i
            for i, s in enumerate(value_segs)
            if any(w in "".join(_core(t) for t in s.labels[-1:]) for w in words)
        ]
        if len(idx) != 1:
            return None
        order.append(idx[0])
    if sorted(order) != list(range(_PER_GROUP)):
        return None
    return [parts[order[c]][g] for g in range(len(T4_GROUPS)) for c in range(_PER_GROUP)]  # type: ignore[index]


def _prose_cells(key: str) -> list[int] | None:
    """Positions (of the fifteen) whose sum a table-四 prose fact states: ``REV`` 行政复议's
    总计, ``LIT`` 行政诉讼's (both kinds of lawsuit), ``REV.KEEP``, ``LIT.PEND`` …"""
    group, _, col = key.partition(".")
    c = T4_COLS.index(col) if col in T4_COLS else (_PER_GROUP - 1 if not col else None)
    if c is None:
        return None
    if group == "REV":
        return [c]
    if group == "LIT":
        return [_PER_GROUP + c, 2 * _PER_GROUP + c]
    return None


def _narrow_by_prose(
    found: list[tuple[int, ...]], prose: Sequence[Mapping[str, Any]] | None
) -> list[tuple[int, ...]]:
    """The splits that the report's own prose counts allow (``行政复议案件2件``, ``其中维持10件``,
    ``均已结案``). A fact that no split meets is a contradiction for the NARR rules, not evidence;
    stated counts go before claims without a number."""
    facts = sorted(
        (f for f in prose or () if isinstance(f.get("key"), str) and type(f.get("value")) is int),
        key=lambda f: "claim" in (f.get("flags") or []),
    )
    current = list(found)
    for fact in facts:
        cells = _prose_cells(fact["key"])
        if cells is None or fact.get("share") is not None:
            continue
        kept = [vec for vec in current if sum(vec[i] for i in cells) == fact["value"]]
        if kept:
            current = kept
    return current


def parse_t4(
    segments: Sequence[Segment], prose: Sequence[Mapping[str, Any]] | None = None
) -> dict | None:
    """Table 四 in record shape, or ``None`` when there is no table 四.

    ``prose``: the report's prose facts, evidence for a glued run with several splits."""
    region = _region(segments)
    if region is None:
        return None
    value_segs = [s for s in region if s.numbers()]
    cells: list[int | float | None] = [None] * N_CELLS
    blank: set[int] = set()
    unread: set[int] = set(range(N_CELLS)) if value_segs else set()
    toks: list[Tok] | None = None
    decided: dict[int, str] = {}
    if len(value_segs) == 1:
        toks = fit(value_segs[0].values, N_CELLS)
    elif len(value_segs) == len(T4_GROUPS):
        parts = [fit(s.values, _PER_GROUP) for s in value_segs]
        groups = [_group_of(s) for s in value_segs]
        if all(p is not None for p in parts):
            if sorted(g for g in groups if g) == sorted(T4_GROUPS):
                order = [groups.index(g) for g in T4_GROUPS]
            else:
                order = list(range(len(T4_GROUPS)))
            toks = [t for i in order for t in parts[i] or []]
    elif len(value_segs) == _PER_GROUP:
        toks = _transposed(value_segs)
    if toks is None and value_segs:
        joined: list[Tok] = [t for s in value_segs for t in s.values]
        toks = fit(joined, N_CELLS)
        if toks is None:
            atoms = _atoms(joined)
            found = readings(atoms, [(_PER_GROUP - 1, True)] * len(T4_GROUPS)) if atoms else None
            if found:
                agreed = agreed_cells(found, N_CELLS)
                if len(found) > 1:
                    # several splits meet the group totals: the cells they agree on are
                    # decided by the identities, the others perhaps by the prose's counts
                    decided = {i: "identity" for i, v in enumerate(agreed) if v is not None}
                    narrowed = agreed_cells(_narrow_by_prose(found, prose), N_CELLS)
                    for i, v in enumerate(narrowed):
                        if v is not None and agreed[i] is None:
                            decided[i] = "prose"
                    agreed = narrowed
                cells = list(agreed)
                unread = {i for i, v in enumerate(agreed) if v is None}
    if toks is not None:
        unread = set()
        for i, tok in enumerate(toks):
            if tok.kind == BLANK:
                blank.add(i)
                continue
            num = read_number(tok.text) if tok.kind == VALUE else None
            if num is None:
                unread.add(i)
            else:
                cells[i] = num.value
    if not value_segs:
        blank = set(range(N_CELLS))
    out_cells: dict[str, dict[str, int | float | None]] = {}
    blank_keys: list[str] = []
    ambiguous: list[str] = []
    for g, group in enumerate(T4_GROUPS):
        out_cells[group] = {}
        for c, col in enumerate(T4_COLS):
            i = g * _PER_GROUP + c
            out_cells[group][col] = cells[i]
            if cells[i] is None:
                if i in blank:
                    blank_keys.append(f"{group}.{col}")
                elif i in unread:
                    ambiguous.append(f"{group}.{col}")
    any_number = any(v is not None for v in cells)
    any_placeholder = any(t.kind == BLANK and t.text for s in region for t in s.values)
    return {
        "present": True,
        # numbers seen but not read with certainty: the table is there and not empty
        "empty": not any_number and not any(s.numbers() for s in value_segs),
        "cells": out_cells,
        "blank": blank_keys,
        "ambiguous": ambiguous,
        "lost": not any_number and not any_placeholder,
        "decided_by": {
            f"{T4_GROUPS[i // _PER_GROUP]}.{T4_COLS[i % _PER_GROUP]}": how
            for i, how in sorted(decided.items())
        },
        "source": "\n".join(segment_text(s) for s in region),
    }
