"""Prose against tables: numbers stated in the report's sentences versus tables 三, 四 and 二.

The parser puts each number it found in ``record["prose"]`` (``key``, ``value``, ``quote``,
``section``, ``flags``; see ``reader/record.py``). These rules compare them with the table
cells that are numbers, and stay silent whenever one reading of the sentence agrees with the
table: a false alarm costs a reviewer more than a missed warning.

Traps handled here:

- an intake that already includes the carry-over (flag ``includes_carry_in``, or a plain
  收到/受理 N 件 where N = 新收 + 上年结转) is not a contradiction;
- with no usable table 三, the prose itself must balance: 新收 + 上年结转 = 办结 + 结转下年度;
- the same fact stated twice gives one finding.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import (
    T2_LAYOUTS,
    T2_ROW_LABELS,
    T3_GROUP_LABELS,
    T3_GROUPS,
    T3_ROW_LABELS,
    Record,
)

from . import register
from .base import Context, Finding, Rule, Severity
from .cells import TableView, fmt, is_number, plain

INCLUDES_CARRY_IN = "includes_carry_in"

# Prose keys about table 三 and how they are said in Chinese (for messages).
T3_FACT_NAMES = {
    "NEW": "本年新收申请",
    "RECEIVED": "收到申请",
    "CARRY_IN": "上年结转申请",
    "R1": "予以公开",
    "R2": "部分公开",
    "R3": "不予公开",
    "R4": "无法提供",
    "R5": "不予处理",
    "R6": "其他处理",
    "R7": "办结（答复）",
    "CARRY_OUT": "结转下年度继续办理",
}


def prose_facts(record: Record) -> list[dict[str, Any]]:
    """The record's prose facts that carry a number."""
    facts = record.get("prose")
    if not isinstance(facts, list):
        return []
    return [
        f
        for f in facts
        if isinstance(f, dict) and isinstance(f.get("key"), str) and is_number(f.get("value"))
    ]


def _flags(fact: dict[str, Any]) -> set[str]:
    flags = fact.get("flags")
    return {f for f in flags if isinstance(f, str)} if isinstance(flags, list) else set()


def _quotes(facts: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(f.get("quote") or "").strip() for f in facts if f.get("quote")))


def _same(a: float | int, b: float | int) -> bool:
    return abs(a - b) < 1e-9


# ---- table 三 --------------------------------------------------------------------------------


def _t3_total(view: TableView, key: str) -> tuple[float | int | None, dict[str, Any]]:
    """Table 三's 总计 for a row or a group (sum of its rows), with the cells used."""
    if key in T3_GROUPS and not (key == "R6" and view.layout == "2019"):
        rows = T3_GROUPS[key]
    else:
        rows = (key,)
    cells: dict[str, Any] = {}
    total: float | int = 0
    for row in rows:
        value = view.value(row, "TOT")
        if value is None:
            return None, {}
        cells[view.ref(row, "TOT")] = plain(value)
        total += value
    return total, cells


def _t3_usable(view: TableView) -> bool:
    """Table 三 holds at least one of the balance rows' totals as a number."""
    if not view.usable:
        return False
    return any(view.value(row, "TOT") is not None for row in ("NEW", "CARRY_IN", "R7", "CARRY_OUT"))


@register
class NarrativeTable3(Rule):
    id = "NARR-T3"
    severity = Severity.WARNING
    title = "正文所述申请数字与表三不一致"
    description = (
        "正文中的收到/新收、上年结转、办结、结转下年度、予以公开、部分公开、不予公开、无法提供、"
        "不予处理、其他处理的件数与表三总计列不同；表三不可用时，正文数字本身应满足"
        "“新收 + 上年结转 = 办结 + 结转下年度”（目标 balance）。"
        "“受理 296 件，其中结转自上年度 7 件”这类已含上年结转的说法，"
        "以及收到件数等于新收加上年结转的情况，不视为矛盾；但新收与收到（受理）的说法各自判断，"
        "一句正确的含上年结转的受理数不能抵消一句错误的新收数。"
        "表三在而数字粘连无法读取时，不以正文自身平衡代替表三核对。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"RECEIVED": 68},
        "cells": {"t3.NEW.TOT": 50, "t3.CARRY_IN.TOT": 0},
        "expected": 50,
        "actual": 68,
        "quotes": ["全区共收到政府信息依申请公开68件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        facts = [f for f in prose_facts(record) if f["key"] in T3_FACT_NAMES]
        if not facts:
            return
        view = context.table("t3")
        if _t3_usable(view):
            yield from self._against_table(facts, view)
        elif not view.unread:
            # The prose stands in for a table that is absent or an empty skeleton, not for one
            # whose numbers are there but unread (glued digits): TABLE-AMBIGUOUS-CELLS says so,
            # and prose copied from a faulty table would only repeat the table's fault.
            yield from self._balance(facts)

    # -- with a table ------------------------------------------------------------------------

    def _against_table(self, facts: list[dict[str, Any]], view: TableView) -> Iterable[Finding]:
        by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in facts:
            target = "NEW" if fact["key"] == "RECEIVED" else fact["key"]
            by_target[target].append(fact)
        for target, group in by_target.items():
            if target == "NEW":
                finding = self._intake(group, view)
            else:
                finding = self._plain(target, group, view)
            if finding:
                yield finding

    def _intake(self, group: list[dict[str, Any]], view: TableView) -> Finding | None:
        new = view.value("NEW", "TOT")
        if new is None:
            return None
        carry = view.value("CARRY_IN", "TOT")
        accepted = [new] + ([new + carry] if carry is not None else [])
        # Each kind of intake fact is judged on its own: a right "受理21件（含上年结转1件）" says
        # nothing about a wrong "新收10件". Within one kind, any one reading that agrees with
        # the table settles it (one fact stated twice with two numbers usually means two
        # scopes, e.g. 全区 and 本机关).
        kinds: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for fact in group:
            kinds[(fact["key"], INCLUDES_CARRY_IN in _flags(fact))].append(fact)
        wrong = [
            f
            for facts in kinds.values()
            if not any(any(_same(f["value"], a) for a in accepted) for f in facts)
            for f in facts
        ]
        if not wrong:
            return None
        cells = {view.ref("NEW", "TOT"): plain(new)}
        if carry is not None:
            cells[view.ref("CARRY_IN", "TOT")] = plain(carry)
        values = list(dict.fromkeys(plain(f["value"]) for f in wrong))
        said = "、".join(fmt(v) for v in values)
        also = f"，也不等于新收与上年结转之和（{fmt(new + carry)}）" if carry else ""
        stated: dict[str, list[float | int]] = defaultdict(list)
        for f in wrong:
            if plain(f["value"]) not in stated[f["key"]]:
                stated[f["key"]].append(plain(f["value"]))
        return self.finding(
            target="NEW",
            message=f"正文称收到（新收）政府信息公开申请 {said} 件，"
            f"与表三“本年新收”总计（{fmt(new)}）不一致{also}。",
            evidence={
                "prose": {k: _one(v) for k, v in stated.items()},
                "cells": cells,
                "expected": plain(new),
                "actual": values[0] if len(values) == 1 else values,
                "quotes": _quotes(wrong),
            },
        )

    def _plain(self, target: str, group: list[dict[str, Any]], view: TableView) -> Finding | None:
        total, cells = _t3_total(view, target)
        if total is None:
            return None
        if any(_same(f["value"], total) for f in group):
            return None
        values = list(dict.fromkeys(plain(f["value"]) for f in group))
        label = T3_GROUP_LABELS.get(target) or T3_ROW_LABELS.get(target, target)
        what = "之和" if len(cells) > 1 else "总计"
        return self.finding(
            target=target,
            message=f"正文称{T3_FACT_NAMES[target]} {'、'.join(fmt(v) for v in values)} 件，"
            f"与表三“{label}”{what}（{fmt(total)}）不一致。",
            evidence={
                "prose": {target: values[0] if len(values) == 1 else values},
                "cells": cells,
                "expected": plain(total),
                "actual": values[0] if len(values) == 1 else values,
                "quotes": _quotes(group),
            },
        )

    # -- without a table -----------------------------------------------------------------------

    def _balance(self, facts: list[dict[str, Any]]) -> Iterable[Finding]:
        values: dict[str, list[float | int]] = defaultdict(list)
        received_incl: list[float | int] = []
        for fact in facts:
            key, value = fact["key"], fact["value"]
            if key == "RECEIVED" and INCLUDES_CARRY_IN in _flags(fact):
                received_incl.append(value)
            elif key in _BALANCE_KEYS and value not in values[key]:
                values[key].append(value)
        if not values["R7"] or not values["CARRY_OUT"]:
            return
        # 收到 N 件 stated beside 新收 N 件 is the same fact said twice, not a second reading.
        received = [r for r in values["RECEIVED"] if r not in values["NEW"]]
        # Every reading of the intake the prose allows; one that balances settles it.
        intakes: set[float | int] = set(received_incl)
        for carry in values["CARRY_IN"]:
            intakes |= {new + carry for new in values["NEW"]}
            for r in received:
                intakes |= {r, r + carry}  # a plain 收到 N 件 may already include the carry-over
        # Without a stated carry-over, 新收 or a plain 收到 alone cannot be judged: the prose
        # may have left an earlier year's applications unsaid.
        if not intakes:
            return
        outs = {r + c for r, c in itertools.product(values["R7"], values["CARRY_OUT"])}
        if any(_same(i, o) for i in intakes for o in outs):
            return
        used = [f for f in facts if f["key"] in _BALANCE_KEYS]
        stated: dict[str, Any] = {k: _one(v) for k, v in values.items() if v}
        if received_incl:
            stated["RECEIVED"] = _one(received_incl)
        ins, outs_sorted = sorted(intakes), sorted(outs)
        yield self.finding(
            target="balance",
            message=(
                "正文所述申请数字自相矛盾：新收与上年结转之和为 "
                f"{'、'.join(fmt(i) for i in ins)} 件，而办结与结转下年度之和为 "
                f"{'、'.join(fmt(o) for o in outs_sorted)} 件（应相等）。"
            ),
            evidence={
                "prose": stated,
                "expected": _one(ins),
                "actual": _one(outs_sorted),
                "quotes": _quotes(used),
            },
        )


_BALANCE_KEYS = ("NEW", "RECEIVED", "CARRY_IN", "R7", "CARRY_OUT")


def _one(values: list[float | int]) -> Any:
    """One value as itself, several as a list (evidence stays readable)."""
    out = [plain(v) for v in values]
    return out[0] if len(out) == 1 else out


# ---- table 四 --------------------------------------------------------------------------------


@register
class NarrativeTable4(Rule):
    id = "NARR-T4"
    severity = Severity.WARNING
    title = "正文所述复议、诉讼件数与表四不一致"
    description = (
        "正文中因政府信息公开被申请行政复议、提起行政诉讼的件数与表四不同"
        "（行政复议对比复议总计；行政诉讼对比“未经复议直接起诉”与“复议后起诉”的总计之和）。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"REV": 25},
        "cells": {"t4.REV.TOT": 23},
        "expected": 23,
        "actual": 25,
        "quotes": ["全区因政府信息公开工作被申请行政复议25件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t4")
        if not view.usable:
            return
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in prose_facts(record):
            if fact["key"] in ("REV", "LIT"):
                groups[fact["key"]].append(fact)
        for key, group in groups.items():
            rows = ("REV",) if key == "REV" else ("LD", "LR")
            cells = {view.ref(r, "TOT"): view.value(r, "TOT") for r in rows}
            if any(v is None for v in cells.values()):
                continue
            total = sum(v for v in cells.values() if v is not None)
            if any(_same(f["value"], total) for f in group):
                continue
            values = list(dict.fromkeys(plain(f["value"]) for f in group))
            name = "被申请行政复议" if key == "REV" else "被提起行政诉讼"
            where = "行政复议总计" if key == "REV" else "行政诉讼两组总计之和"
            yield self.finding(
                target=key,
                message=f"正文称{name} {'、'.join(fmt(v) for v in values)} 件，"
                f"与表四{where}（{fmt(total)}）不一致。",
                evidence={
                    "prose": {key: values[0] if len(values) == 1 else values},
                    "cells": {k: plain(v) for k, v in cells.items() if v is not None},
                    "expected": plain(total),
                    "actual": values[0] if len(values) == 1 else values,
                    "quotes": _quotes(group),
                },
            )


# ---- table 二 --------------------------------------------------------------------------------


def _close(prose: float | int, cell: float | int, decimal: bool) -> bool:
    """Equal, allowing a rounded amount in the prose (8157.19 万元 for 8157.1912)."""
    if not decimal:
        return _same(prose, cell)
    return abs(prose - cell) <= max(0.01, abs(cell) * 0.005)


# Prose facts name 2021-layout columns; in a 2019-layout table these cells say the same thing.
# A column with no counterpart (2019 has no 废止 count and no fee amount) cannot be compared.
_COUNTERPARTS_2019 = {"ISSUED": ("MADE", "PUBLISHED"), "IN_FORCE": ("TOTAL",)}


def _compared_cells(layout_cols: Iterable[str], col: str, layout: str | None) -> tuple[str, ...]:
    cols = tuple(layout_cols)
    if col in cols:
        return (col,)
    if layout == "2019":
        return tuple(c for c in _COUNTERPARTS_2019.get(col, ()) if c in cols)
    return ()


@register
class NarrativeTable2(Rule):
    id = "NARR-T2"
    severity = Severity.WARNING
    title = "正文所述主动公开数量与表二不一致"
    description = (
        "正文中的规范性文件制发/废止/现行有效件数、行政许可、行政处罚、行政强制件数、"
        "行政事业性收费金额与表二不同。正文数字等于该行任一单元格时不报告"
        "（正文常只说“规范性文件 N 件”而不说是哪一列）；金额允许四舍五入；"
        "表中没有对应栏目（如 2019 年格式没有废止件数和收费金额）时不比较。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"T2.NORM.ISSUED": 22},
        "cells": {"t2.NORM.MADE": 40, "t2.NORM.PUBLISHED": 40, "t2.NORM.TOTAL": 62},
        "expected": 40,
        "actual": 22,
        "quotes": ["制定区政府规范性文件22件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t2")
        if not view.usable:
            return
        groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for fact in prose_facts(record):
            parts = fact["key"].split(".")
            if len(parts) == 3 and parts[0] == "T2" and parts[1] in T2_ROW_LABELS:
                groups[parts[1]].append((parts[2], fact))
        layout = T2_LAYOUTS.get(view.layout or "")
        for row, items in groups.items():
            if layout is None or row not in layout:
                continue
            numbers = {c: v for c in layout[row] if (v := view.value(row, c)) is not None}
            decimal = row in ("FEE", "PROCURE")
            mismatched = []
            for col, fact in items:
                compared = [
                    c for c in _compared_cells(layout[row], col, view.layout) if c in numbers
                ]
                if not compared:
                    continue  # no such column, or its cell is blank: nothing certain to compare
                if any(_close(fact["value"], v, decimal) for v in numbers.values()):
                    continue
                mismatched.append((compared[0], fact))
            if not mismatched:
                continue
            facts = [f for _, f in mismatched]
            values = list(dict.fromkeys(plain(f["value"]) for f in facts))
            expected = numbers[mismatched[0][0]]
            shown = "、".join(fmt(v) for v in numbers.values())
            yield self.finding(
                target=row,
                message=f"正文所述{T2_ROW_LABELS[row]}数量（{'、'.join(fmt(v) for v in values)}）"
                f"与表二该行的数字（{shown}）均不一致。",
                evidence={
                    "prose": {f["key"]: plain(f["value"]) for f in facts},
                    "cells": {view.ref(row, c): plain(v) for c, v in numbers.items()},
                    "expected": plain(expected),
                    "actual": values[0] if len(values) == 1 else values,
                    "quotes": _quotes(facts),
                },
            )
