"""Table 二 (主动公开政府信息情况): 2021 or 2019 layout, rows by label, units read.

The layout is told by header words (domain.md §2.3 signatures), else by the rows present
(其他对外管理服务事项 / 政府集中采购 exist only in 2019) or by how many numbers 行政许可 has.
Amounts are in 万元; a cell (or its header) saying 元 is converted. Table 二 has no identities,
so a glued run is only split when exactly one reading exists (``000`` → 0, 0, 0).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.parse.glued import readings
from reader.parse.numbers import read_number, to_wanyuan, unit_in_header
from reader.parse.table3 import _atoms, fit
from reader.parse.tablestream import (
    BLANK,
    VALUE,
    LabelMatcher,
    LabelSpec,
    Segment,
    Tok,
    align,
    label_core,
)
from reader.record import T2_DECIMAL_CELLS, T2_LAYOUTS, T2_ROW_LABELS

THRESHOLD = 0.75

_VARIANTS = {
    # 檔案 is how Taiwan-phrased conversions (seed 003) write 文件
    "NORM": ("规范性文件", "行政规范性文件", "行政规范性档案", "规范性档案"),
    "LICENSE": ("行政许可", "行政许可事项"),
    "PUNISH": ("行政处罚", "行政处罚决定"),
    "COERCE": ("行政强制", "行政强制措施"),
    "PROCURE": ("政府集中采购", "政府集中采购项目"),
    "FEE": ("行政事业性收费", "行政事业性收费项目"),
}

SPECS = {
    key: LabelSpec(
        key=key,
        cores=tuple(label_core(c)[0] for c in (_VARIANTS.get(key) or (label,))),
    )
    for key, label in T2_ROW_LABELS.items()
}

MATCHER = LabelMatcher(list(SPECS.values()), THRESHOLD)

_SIGNATURES = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增减",
        "其他对外管理服务事项",
        "第二十条第九项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
    ),
}

_ALL_KEYS = ("REG", "NORM", "LICENSE", "OTHER_SERVICE", "PUNISH", "COERCE", "FEE", "PROCURE")


def _find(segments: Sequence[Segment]) -> dict[str, Segment]:
    pairs = []
    for si, seg in enumerate(segments):
        if not seg.labels:
            continue
        seg_scores = MATCHER.scores(seg.labels[-1:])
        for ki, key in enumerate(_ALL_KEYS):
            sc = seg_scores.get(key, 0.0)
            if sc >= THRESHOLD:
                if seg.numbers():
                    sc += 0.05
                pairs.append((si, ki, sc))
    chain = align(pairs)
    if not chain:
        return {}
    # keep the densest run (a prose line "行政许可" far away is not a row)
    clusters: list[list[tuple[int, int, float]]] = [[chain[0]]]
    for pair in chain[1:]:
        if pair[0] - clusters[-1][-1][0] > 15:
            clusters.append([pair])
        else:
            clusters[-1].append(pair)
    in_s2 = [c for c in clusters if any(segments[p[0]].section == "s2" for p in c)]
    pool = in_s2 or clusters
    best = max(pool, key=lambda c: sum(p[2] for p in c))
    return {_ALL_KEYS[ki]: segments[si] for si, ki, _ in best}


def _header_words(segments: Sequence[Segment], rows: dict[str, Segment]) -> list[str]:
    first = min(seg.index for seg in rows.values())
    last = max(seg.index for seg in rows.values())
    by_index = {seg.index: seg for seg in segments}
    words = []
    for i in range(max(0, first - 8), last + 1):
        seg = by_index.get(i)
        if seg is not None:
            words.extend(t.text for t in seg.labels)
    return words


def _layout(words: Sequence[str], rows: dict[str, Segment]) -> str:
    cores = "".join(label_core(w)[0] for w in words)
    hits = {lay: sum(1 for s in sig if s in cores) for lay, sig in _SIGNATURES.items()}
    if hits["2021"] != hits["2019"]:
        return "2021" if hits["2021"] > hits["2019"] else "2019"
    if "OTHER_SERVICE" in rows or "PROCURE" in rows:
        return "2019"
    lic = rows.get("LICENSE")
    if lic is not None and len(lic.numbers()) >= 2 and len({t.text for t in lic.numbers()}) > 1:
        return "2019"
    return "2021"


def _collapse_spans(values: Sequence[Tok], n: int) -> list[Tok] | None:
    """The ``n`` cells of a row whose spanned cell was repeated by the span expansion.

    Table 二 is printed as a 4-column grid, so a 2019 row with two values has its last cell
    spanning two columns (``<td>26</td><td colspan="2">37</td>`` → 26, 37, 37). Only
    *consecutive equal* tokens can be one spanned cell; when collapsing one run by the surplus
    gives the same cells whichever run is chosen, the reading is certain (26, 37, 37 → 26, 37;
    0, 0, 0 → 0, 0), otherwise (5, 5, 7, 7 for three cells) it is not and ``None`` is returned.
    """
    toks = [t for t in values if not (t.kind == BLANK and t.soft)]
    while len(toks) > n and toks[0].kind == BLANK:
        toks.pop(0)
    while len(toks) > n and toks[-1].kind == BLANK:
        toks.pop()
    surplus = len(toks) - n
    if surplus <= 0 or not any(t.kind == VALUE for t in toks):
        return None
    if any(t.joined for t in toks):
        # numbers split by spaces inside one cell ("1 1" in a PDF cell is 11): the row has
        # the wrong count for another reason than a spanned copy
        return None
    results: dict[tuple[str, ...], list[Tok]] = {}
    start = 0
    while start < len(toks):
        end = start
        while end + 1 < len(toks) and (toks[end + 1].kind, toks[end + 1].text) == (
            toks[start].kind,
            toks[start].text,
        ):
            end += 1
        if end - start >= surplus:
            cells = toks[: end + 1 - surplus] + toks[end + 1 :]
            results.setdefault(tuple(f"{t.kind}:{t.text}" for t in cells), cells)
        start = end + 1
    if len(results) != 1:
        return None
    return next(iter(results.values()))


def _read(values: Sequence[Tok], n: int) -> tuple[list[Tok | None] | None, bool]:
    """(cell tokens, certain). ``None`` tokens: unreadable."""
    toks = fit(values, n)
    if toks is not None:
        return list(toks), True
    spanned = _collapse_spans(values, n)
    if spanned is not None:
        return list(spanned), True
    atoms = _atoms(values)
    if atoms:
        found = readings(atoms, [(n, False)], limit=2)
        if found is not None and len(found) == 1:
            return [Tok(VALUE, str(v)) for v in found[0]], True
    return None, False


def parse_t2(segments: Sequence[Segment]) -> dict | None:
    """Table 二 in record shape, or ``None`` when there is no table 二."""
    rows = _find(segments)
    if len(rows) < 2:
        return None
    words = _header_words(segments, rows)
    if not any(seg.numbers() for seg in rows.values()):
        # row names without a number are a table (lost in copying) only under its header
        cores = "".join(label_core(w)[0] for w in words)
        if "第二十条" not in cores and not any(
            w in cores for sig in _SIGNATURES.values() for w in sig
        ):
            return None
    layout = _layout(words, rows)
    columns = T2_LAYOUTS[layout]
    fee_unit = next((unit_in_header(w) for w in words if "收费金额" in label_core(w)[0]), None)
    procure_unit = next(
        (unit_in_header(w) for w in words if "采购总金额" in label_core(w)[0]), None
    )

    cells: dict[str, dict[str, int | float | None]] = {}
    blank: list[str] = []
    ambiguous: list[str] = []
    any_number = False
    any_placeholder = False
    for key, cols in columns.items():
        cells[key] = dict.fromkeys(cols)
        seg = rows.get(key)
        if seg is None:
            ambiguous.extend(f"{key}.{c}" for c in cols)
            continue
        if not seg.numbers():
            blank.extend(f"{key}.{c}" for c in cols)
            any_placeholder |= any(t.kind == BLANK and t.text for t in seg.values)
            continue
        toks, _certain = _read(seg.values, len(cols))
        if toks is None:
            ambiguous.extend(f"{key}.{c}" for c in cols)
            continue
        for col, tok in zip(cols, toks, strict=True):
            name = f"{key}.{col}"
            if tok is None:
                ambiguous.append(name)
                continue
            if tok.kind == BLANK:
                blank.append(name)
                any_placeholder |= bool(tok.text)
                continue
            num = read_number(tok.text)
            if num is None:
                ambiguous.append(name)
                continue
            value: int | float = num.value
            if name in T2_DECIMAL_CELLS:
                header_unit = fee_unit if key == "FEE" else procure_unit
                value = to_wanyuan(num, header_unit=header_unit)
            cells[key][col] = value
            any_number = True
    return {
        "present": True,
        "empty": not any_number,
        "layout": layout,
        "cells": cells,
        "blank": blank,
        "ambiguous": ambiguous,
        "lost": not any_number and not any_placeholder,
    }
