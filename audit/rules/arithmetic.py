"""Arithmetic (勾稽关系) of tables 三 and 四, and the domain of every count.

Only cells read as numbers with certainty are judged. A blank (``None``) is never read as 0: an
identity with blank cells is skipped (TABLE-BLANK-CELLS lists it as unchecked), except when the
known cells already break it whatever the blanks hold — counts are never negative, so a blank
can only add to its side.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from reader.record import (
    T2_DECIMAL_CELLS,
    T2_LAYOUTS,
    T2_ROW_LABELS,
    T2_SIGNED_CELLS,
    T3_COL_LABELS,
    T3_COLS,
    T3_PARTY_COLS,
    T3_ROW_LABELS,
    T4_COL_LABELS,
    T4_GROUP_LABELS,
    T4_GROUPS,
    Record,
    t3_result_rows,
    t3_rows,
)

from .base import Context, Finding, Rule, Severity
from .cells import Identity, Outcome, TableView, fmt, plain
from .registry import register

# ---- the identities, defined once (rules and the blank-cell evidence share them) -----------


# Identities depend on the table's layout only: built once per layout, shared by every audit.
Identities = tuple[tuple[str, Identity], ...]


def t3_col_identities(view: TableView) -> Iterator[tuple[str, Identity]]:
    """第一项加第二项之和，等于第三项加第四项之和 — per column."""
    return iter(_T3_COL)


_T3_COL: Identities = tuple(
    (col, Identity(left=(("NEW", col), ("CARRY_IN", col)), right=(("R7", col), ("CARRY_OUT", col))))
    for col in T3_COLS
)


def t3_sum_identities(view: TableView) -> Iterator[tuple[str, Identity]]:
    """（七）总计 = the sum of the result rows — per column."""
    return iter(_t3_sum(view.layout))


@lru_cache(maxsize=8)
def _t3_sum(layout: str | None) -> Identities:
    rows = t3_result_rows(layout)
    return tuple(
        (col, Identity(left=(("R7", col),), right=tuple((row, col) for row in rows)))
        for col in T3_COLS
    )


def t3_row_identities(view: TableView) -> Iterator[tuple[str, Identity]]:
    """总计 = the six applicant columns — per row."""
    return iter(_t3_row(view.layout))


@lru_cache(maxsize=8)
def _t3_row(layout: str | None) -> Identities:
    return tuple(
        (row, Identity(left=((row, "TOT"),), right=tuple((row, col) for col in T3_PARTY_COLS)))
        for row in t3_rows(layout)
    )


def t4_identities(view: TableView) -> Iterator[tuple[str, Identity]]:
    """总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 — per group."""
    return iter(_T4)


_T4: Identities = tuple(
    (
        group,
        Identity(
            left=((group, "TOT"),),
            right=tuple((group, c) for c in ("KEEP", "CORR", "OTHER", "PEND")),
        ),
    )
    for group in T4_GROUPS
)


IDENTITIES = {
    "t3": (
        ("T3-COL", t3_col_identities),
        ("T3-SUM", t3_sum_identities),
        ("T3-ROW", t3_row_identities),
    ),
    "t4": (("T4-SUM", t4_identities),),
}


def unchecked_identities(table_key: str, view: TableView) -> list[str]:
    """``RULE:target`` of identities that blanks (or unread cells) make impossible to decide."""
    out = []
    for rule_id, identities in IDENTITIES.get(table_key, ()):
        for target, identity in identities(view):
            if not identity.evaluate(view).checked:
                out.append(f"{rule_id}:{target}")
    return out


def _evidence(outcome: Outcome) -> dict:
    evidence: dict = {
        "cells": outcome.cells,
        "expected": plain(outcome.left),
        "actual": plain(outcome.right),
    }
    # A cell the parser could not read is unknown, not the agency's blank: named apart.
    blank = [k for k in outcome.unknown if k not in outcome.unread]
    if blank:
        evidence["blank"] = blank
    if outcome.unread:
        evidence["unread"] = outcome.unread
    if outcome.unknown:
        evidence["note"] = (
            f"{_unknown_words(outcome)}单元格按不小于 0 计，已知数字已使等式不可能成立"
        )
    return evidence


def _unknown_words(outcome: Outcome) -> str:
    blank = len(outcome.unknown) > len(outcome.unread)
    return {(True, False): "空白", (False, True): "未能读取的", (True, True): "空白或未能读取的"}[
        (blank, bool(outcome.unread))
    ]


class _IdentityRule(Rule):
    """A rule checking one family of identities of one table."""

    table_key = "t3"
    severity = Severity.ERROR

    def identities(self, view: TableView) -> Iterator[tuple[str, Identity]]:
        raise NotImplementedError

    def message(self, target: str, outcome: Outcome) -> str:
        raise NotImplementedError

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table(self.table_key)
        if not view.usable:
            return
        for target, identity in self.identities(view):
            outcome = identity.evaluate(view)
            if outcome.checked and not outcome.holds:
                yield self.finding(
                    target=target,
                    message=self.message(target, outcome) + plausibility_note(view, outcome.cells),
                    evidence=_evidence(outcome),
                )


def plausibility_note(view: TableView, refs: Iterable[str]) -> str:
    """A sentence for a finding that rests on cells the parser chose by plausibility (glued
    digits with several readings, decided because a column is 0 in every other row): a
    judgement, not arithmetic, so the reviewer is told to check them against the original."""
    decided = view.table.get("decided_by")
    if not isinstance(decided, dict):
        return ""
    prefix = f"{view.key}."
    cells = [
        ref[len(prefix) :]
        for ref in refs
        if ref.startswith(prefix) and decided.get(ref[len(prefix) :]) == "plausibility"
    ]
    if not cells:
        return ""
    return (
        f"（其中{'、'.join(cells)}的数字由数字粘连的几种读法中按合理性推定"
        "（同列其他各行均为 0），并非原文可确定，请对照原件核实。）"
    )


def _blank_note(outcome: Outcome) -> str:
    return f"（{_unknown_words(outcome)}单元格未计入）" if outcome.unknown else ""


@register
class Table3ColumnBalance(_IdentityRule):
    id = "T3-COL"
    title = "表三勾稽关系：第一项加第二项之和等于第三项加第四项之和"
    description = (
        "表三每一列：本年新收 + 上年结转 应等于 本年度办理结果（七）总计 + 结转下年度继续办理。"
        "这是表三表头印明的勾稽关系。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": {
            "t3.NEW.TOT": 2180,
            "t3.CARRY_IN.TOT": 126,
            "t3.R7.TOT": 2161,
            "t3.CARRY_OUT.TOT": 139,
        },
        "expected": 2306,
        "actual": 2300,
    }

    def identities(self, view: TableView) -> Iterator[tuple[str, Identity]]:
        return t3_col_identities(view)

    def message(self, target: str, outcome: Outcome) -> str:
        return (
            f"表三“{T3_COL_LABELS[target]}”列：第一项加第二项之和（{fmt(outcome.left)}）"
            f"不等于第三项加第四项之和（{fmt(outcome.right)}）{_blank_note(outcome)}。"
        )


@register
class Table3ResultSum(_IdentityRule):
    id = "T3-SUM"
    title = "表三（七）总计等于各项办理结果之和"
    description = (
        "表三每一列：（七）总计 应等于（一）予以公开至（六）其他处理各行之和"
        "（2021 年版格式含（六）的 3 个小项，2019 年试行格式（六）为一行）。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": {"t3.R7.NP": 2093, "t3.R1.NP": 430, "t3.R2.NP": 128, "…": "…"},
        "expected": 2093,
        "actual": 2090,
    }

    def identities(self, view: TableView) -> Iterator[tuple[str, Identity]]:
        return t3_sum_identities(view)

    def message(self, target: str, outcome: Outcome) -> str:
        return (
            f"表三“{T3_COL_LABELS[target]}”列：（七）总计为 {fmt(outcome.left)}，"
            f"但各项办理结果之和为 {fmt(outcome.right)}{_blank_note(outcome)}。"
        )


@register
class Table3RowTotal(_IdentityRule):
    id = "T3-ROW"
    title = "表三每行总计等于各类申请人之和"
    description = "表三每一行：总计 应等于 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他 六列之和。"
    example: ClassVar[dict[str, Any]] = {
        "cells": {"t3.NEW.TOT": 2180, "t3.NEW.NP": 2111, "t3.NEW.BIZ": 63, "…": "…"},
        "expected": 2180,
        "actual": 2179,
    }

    def identities(self, view: TableView) -> Iterator[tuple[str, Identity]]:
        return t3_row_identities(view)

    def message(self, target: str, outcome: Outcome) -> str:
        label = T3_ROW_LABELS.get(target, target)
        return (
            f"表三“{label}”行：总计为 {fmt(outcome.left)}，"
            f"但各类申请人之和为 {fmt(outcome.right)}{_blank_note(outcome)}。"
        )


@register
class Table4GroupSum(_IdentityRule):
    id = "T4-SUM"
    table_key = "t4"
    title = "表四总计等于各结果之和"
    description = (
        "表四的行政复议、未经复议直接起诉、复议后起诉三组：总计 应等于 "
        "结果维持 + 结果纠正 + 其他结果 + 尚未审结。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": {
            "t4.REV.TOT": 106,
            "t4.REV.KEEP": 75,
            "t4.REV.CORR": 5,
            "t4.REV.OTHER": 8,
            "t4.REV.PEND": 18,
        },
        "expected": 106,
        "actual": 106,
    }

    def identities(self, view: TableView) -> Iterator[tuple[str, Identity]]:
        return t4_identities(view)

    def message(self, target: str, outcome: Outcome) -> str:
        return (
            f"表四“{T4_GROUP_LABELS[target]}”：总计为 {fmt(outcome.left)}，但结果维持、结果纠正、"
            f"其他结果、尚未审结之和为 {fmt(outcome.right)}{_blank_note(outcome)}。"
        )


# ---- domains --------------------------------------------------------------------------------


def _not_whole(value: float | int) -> bool:
    return isinstance(value, float) and not value.is_integer()


class _DomainRule(Rule):
    table_key = "t3"
    severity = Severity.ERROR
    table_name = "表三"

    def labels(self, row: str, col: str) -> str:
        raise NotImplementedError

    def bad(self, row: str, col: str, value: float | int) -> str | None:
        if value < 0:
            return "为负数"
        if _not_whole(value):
            return "不是整数"
        return None

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table(self.table_key)
        if not view.usable:
            return
        for row, col, value in view.numbers():
            if type(value) is int and value >= 0:
                continue  # the common case, decided without a call
            why = self.bad(row, col, value)
            if why:
                yield self.finding(
                    target=f"{row}.{col}",
                    message=f"{self.table_name}{self.labels(row, col)}的数字 {fmt(value)} {why}。",
                    evidence={"cells": {view.ref(row, col): plain(value)}},
                )


@register
class Table3Domain(_DomainRule):
    id = "T3-DOM"
    title = "表三的数字应为非负整数"
    description = "表三是申请件数，每个单元格都应是不小于 0 的整数。"
    example: ClassVar[dict[str, Any]] = {"cells": {"t3.R1.NP": -3}}

    def labels(self, row: str, col: str) -> str:
        return f"“{T3_ROW_LABELS.get(row, row)}”行“{T3_COL_LABELS.get(col, col)}”列"


@register
class Table4Domain(_DomainRule):
    id = "T4-DOM"
    table_key = "t4"
    table_name = "表四"
    title = "表四的数字应为非负整数"
    description = "表四是案件件数，每个单元格都应是不小于 0 的整数。"
    example: ClassVar[dict[str, Any]] = {"cells": {"t4.LD.KEEP": 1.5}}

    def labels(self, row: str, col: str) -> str:
        return f"“{T4_GROUP_LABELS.get(row, row)}—{T4_COL_LABELS.get(col, col)}”"


@register
class Table2Domain(_DomainRule):
    id = "T2-DOM"
    table_key = "t2"
    table_name = "表二"
    title = "表二的数字应为非负数，件数应为整数"
    description = (
        "表二的件数、数量应为不小于 0 的整数；收费金额、采购金额可以有小数但不能为负；"
        "2019 年格式的“本年增/减”可以为负数。"
    )
    example: ClassVar[dict[str, Any]] = {"cells": {"t2.NORM.ISSUED": 2.5}}

    def labels(self, row: str, col: str) -> str:
        from reader.record import T2_COL_LABELS

        return f"“{T2_ROW_LABELS.get(row, row)}—{T2_COL_LABELS.get(col, col)}”"

    def bad(self, row: str, col: str, value: float | int) -> str | None:
        key = f"{row}.{col}"
        if value < 0 and key not in T2_SIGNED_CELLS:
            return "为负数"
        if _not_whole(value) and key not in T2_DECIMAL_CELLS:
            return "不是整数"
        return None

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t2")
        layout = T2_LAYOUTS.get(view.layout or "")
        for finding in super().check(record, context):
            row, col = (finding.target or ".").split(".", 1)
            # Only cells of the table's own layout: anything else is not ours to judge.
            if layout is None or col in layout.get(row, ()):
                yield finding
