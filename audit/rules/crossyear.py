"""Across years: this report against the same agency's report for the year before.

Every rule here runs only when ``Context.previous`` is there and is for year − 1 (a record of
another year, or the same report uploaded twice, says nothing about continuity).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import (
    T2_ROW_LABELS,
    T3_COL_LABELS,
    T3_COLS,
    T3_ROWS_2019,
    T3_ROWS_2021,
    Record,
)
from reader.textnorm import compact, to_simplified

from .arithmetic import plausibility_note
from .base import Context, Finding, Rule, Severity
from .cells import fmt, plain
from .registry import register

# ---- X-CARRY ----------------------------------------------------------------------------------


@register
class CrossYearCarry(Rule):
    id = "X-CARRY"
    severity = Severity.ERROR
    title = "本年“上年结转”不等于上年度报告的“结转下年度继续办理”"
    description = (
        "表三每一列：本年度报告的“二、上年结转政府信息公开申请数量”应等于上一年度报告的"
        "“四、结转下年度继续办理”。2019 年度报告不检查（2018 年没有表三）。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": {"t3.CARRY_IN.TOT": 7, "previous.t3.CARRY_OUT.TOT": 9},
        "expected": 9,
        "actual": 7,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if not context.has_consecutive_previous or context.year == 2019:
            return
        assert context.previous is not None
        now = context.table("t3")
        before = context.previous_table("t3")
        if not (now.usable and before.usable):
            return
        for col in T3_COLS:
            carry_in = now.value("CARRY_IN", col)
            carry_out = before.value("CARRY_OUT", col)
            if carry_in is None or carry_out is None or carry_in == carry_out:
                continue
            yield self.finding(
                target=col,
                message=f"表三“{T3_COL_LABELS[col]}”列：本年“上年结转”为 {fmt(carry_in)}，"
                f"但 {context.previous_year} 年度报告“结转下年度继续办理”为 {fmt(carry_out)}。"
                + plausibility_note(now, [now.ref("CARRY_IN", col)]),
                evidence={
                    "cells": {
                        now.ref("CARRY_IN", col): plain(carry_in),
                        "previous." + before.ref("CARRY_OUT", col): plain(carry_out),
                    },
                    "previous_year": context.previous_year,
                    "expected": plain(carry_out),
                    "actual": plain(carry_in),
                },
            )


# ---- X-VALID ----------------------------------------------------------------------------------


@register
class CrossYearInForce(Rule):
    id = "X-VALID"
    severity = Severity.WARNING
    title = "现行有效件数与上年数、本年制发和废止数对不上"
    description = (
        "2021 年版表二的规章、行政规范性文件：现行有效件数（本年）应等于"
        "上年度现行有效件数 + 本年制发件数 − 本年废止件数。"
        "制发件数可能含修订，文件也可能自然失效，故为警告。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": {
            "t2.NORM.IN_FORCE": 228,
            "previous.t2.NORM.IN_FORCE": 219,
            "t2.NORM.ISSUED": 27,
            "t2.NORM.REPEALED": 18,
        },
        "expected": 228,
        "actual": 228,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if not context.has_consecutive_previous:
            return
        assert context.previous is not None
        now = context.table("t2")
        before = context.previous_table("t2")
        if not (now.usable and before.usable and now.layout == before.layout == "2021"):
            return
        for row in ("REG", "NORM"):
            in_force = now.value(row, "IN_FORCE")
            issued = now.value(row, "ISSUED")
            repealed = now.value(row, "REPEALED")
            last = before.value(row, "IN_FORCE")
            if in_force is None or issued is None or repealed is None or last is None:
                continue
            expected = last + issued - repealed
            if expected == in_force:
                continue
            label = T2_ROW_LABELS[row]
            yield self.finding(
                target=label,
                message=f"表二“{label}”：现行有效 {fmt(in_force)} 件，但上年度现行有效 {fmt(last)} 件"
                f"加本年制发 {fmt(issued)} 件减本年废止 {fmt(repealed)} 件应为 {fmt(expected)} 件。",
                evidence={
                    "cells": {
                        now.ref(row, "IN_FORCE"): plain(in_force),
                        "previous." + before.ref(row, "IN_FORCE"): plain(last),
                        now.ref(row, "ISSUED"): plain(issued),
                        now.ref(row, "REPEALED"): plain(repealed),
                    },
                    "previous_year": context.previous_year,
                    "expected": plain(expected),
                    "actual": plain(in_force),
                },
            )


# ---- X-COPY -----------------------------------------------------------------------------------

COPY_THRESHOLD = 0.9
COPY_MIN_CHARS = 100
SHINGLE = 4

# Punctuation, spaces and digits do not make a text new: a copy with this year's numbers typed
# in is still a copy.
_WORDS = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_DIGITS = re.compile(r"\d+")


def _clauses(text: str, script: str | None = None) -> list[str]:
    """Normalised clauses split at punctuation, digits masked. Whitespace goes first: PDF text
    breaks lines mid-sentence, and the same sentence wrapped differently is the same clause.
    Latin runs go entirely (pinyin annotations, "ipv6"): cheaper than stripping pinyin precisely,
    and irrelevant to whether a Chinese text was copied. Full-width digits are ``\\d`` already;
    only Traditional text needs converting."""
    text = _LATIN.sub("", text)
    if script != "hans":
        text = to_simplified(text)
    return _WORDS.findall(_DIGITS.sub("0", compact(text)))


def _shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def similarity(a: str, b: str) -> float:
    """Share of character 4-gram shingles the two texts have in common (of the larger set)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / max(len(sa), len(sb))


def clause_overlap(a: list[str], b: list[str]) -> float:
    """Share of characters in clauses found verbatim in the other text (of the longer text)."""
    common = set(a) & set(b)
    size_a, size_b = sum(map(len, a)), sum(map(len, b))
    if not size_a or not size_b:
        return 0.0
    shared = min(sum(len(c) for c in a if c in common), sum(len(c) for c in b if c in common))
    return shared / max(size_a, size_b)


# Below this clause overlap a 90 % shingle overlap is out of reach (it would take a small edit in
# most clauses), so the costlier shingle comparison is skipped.
_CLAUSE_FLOOR = 0.4


SECTION_LABELS = {"s1": "第一部分“总体情况”", "s5": "第五部分“存在的主要问题及改进情况”"}


@register
class CrossYearCopy(Rule):
    id = "X-COPY"
    severity = Severity.WARNING
    title = "与上年度报告内容雷同"
    description = (
        "第一部分“总体情况”或第五部分“存在的主要问题及改进情况”与上一年度报告的同一部分 90% 以上相同"
        "（按四字片段比较，忽略标点、空格和数字；少于 100 字的部分不比较）。"
    )
    example: ClassVar[dict[str, Any]] = {
        "similarity": 0.96,
        "chars": 1840,
        "previous_chars": 1822,
        "previous_year": 2023,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if not context.has_consecutive_previous:
            return
        assert context.previous is not None
        for key in ("s1", "s5"):
            raw_now = context.section_text(key)
            raw_before = context.section_text(key, context.previous)
            # Normalising only drops characters: too short already means too short after.
            if len(raw_now) < COPY_MIN_CHARS or len(raw_before) < COPY_MIN_CHARS:
                continue
            now_clauses = _clauses(raw_now, context.record.get("script"))
            before_clauses = _clauses(raw_before, context.previous.get("script"))
            now, before = "".join(now_clauses), "".join(before_clauses)
            if len(now) < COPY_MIN_CHARS or len(before) < COPY_MIN_CHARS:
                continue
            if clause_overlap(now_clauses, before_clauses) < _CLAUSE_FLOOR:
                continue
            score = 1.0 if now == before else similarity(now, before)
            if score < COPY_THRESHOLD:
                continue
            yield self.finding(
                target=key,
                message=f"{SECTION_LABELS[key]}与 {context.previous_year} 年度报告的同一部分"
                f"约 {round(score * 100)}% 相同，可能照搬上年内容。",
                evidence={
                    "similarity": round(score, 3),
                    "chars": len(now),
                    "previous_chars": len(before),
                    "previous_year": context.previous_year,
                },
            )


# ---- X-SAME-NUMBERS ---------------------------------------------------------------------------

# Identical tables are suspicious only when they carry information: a handful of applications,
# all answered the same way, can repeat by chance.
SAME_MIN_NONZERO = 8
SAME_MIN_VALUE = 20


@register
class CrossYearSameNumbers(Rule):
    id = "X-SAME-NUMBERS"
    severity = Severity.WARNING
    title = "表三与上年度逐格相同"
    description = "表三每个单元格都与上一年度报告相同（全为 0 或只有零星几件时不算可疑）。"
    example: ClassVar[dict[str, Any]] = {
        "cells_compared": 175,
        "nonzero_cells": 36,
        "previous_year": 2023,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if not context.has_consecutive_previous:
            return
        assert context.previous is not None
        now = context.table("t3")
        before = context.previous_table("t3")
        if not (now.usable and before.usable):
            return
        rows = T3_ROWS_2019 if "2019" in (now.layout, before.layout) else T3_ROWS_2021
        rows = tuple(r for r in rows if r in now.cells or r in before.cells)
        compared = nonzero = 0
        largest: float | int = 0
        for row in rows:
            for col in T3_COLS:
                a, b = now.value(row, col), before.value(row, col)
                if a != b:
                    return
                if a is None:
                    continue
                compared += 1
                if a:
                    nonzero += 1
                    largest = max(largest, a)
        if nonzero < SAME_MIN_NONZERO and largest < SAME_MIN_VALUE:
            return
        yield self.finding(
            target="t3",
            message=f"表三的 {compared} 个数字与 {context.previous_year} 年度报告逐格相同，"
            "请核实是否照搬了上年数据。",
            evidence={
                "cells_compared": compared,
                "nonzero_cells": nonzero,
                "previous_year": context.previous_year,
                "sample": {
                    now.ref(r, "TOT"): plain(v)
                    for r in ("NEW", "CARRY_IN", "R7", "CARRY_OUT")
                    if (v := now.value(r, "TOT")) is not None
                },
            },
        )
