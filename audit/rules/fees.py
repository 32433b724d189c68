"""Fees (信息处理费, 国办函〔2020〕109号): the statement, notices against table 三, collected ≤ billed.

行政事业性收费 (table 二's administrative fees) is a different thing and never counts as the
信息处理费 statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import Record
from reader.textnorm import compact, quote_around

from .arithmetic import plausibility_note
from .base import Context, Finding, Rule, Severity
from .cells import fmt, is_number, plain
from .registry import register
from .structure import parse_failed

_FEE_NUMBERS = ("notices_count", "notices_amount", "collected_amount")

# A fee statement the parser may not have turned into numbers still counts as a statement: the
# error must be certain. Matched on the normalised text without whitespace.
_STATEMENT = re.compile(
    r"处理费"
    r"|收费通知(?!要求)"
    r"|(?:未|没有|无|不)[^。;\n]{0,10}收(?:取|费)"
    r"|(?:未|没有|无)(?:产生|发生)[^。;\n]{0,6}费用"
    r"|(?:收取|收费)[^。;\n]{0,8}(?:均为|为)?(?:0|零)元"
    r"|收费(?:情况)?[:为]?(?:无|0|零)"
    r"|(?:依申请|申请人)[^。\n]{0,30}免费"
)
# What may sit between two characters of a table label in text saved from a PDF: the label
# column is narrow, so the row's numbers (or placeholders) land mid-label and the label goes on
# in the next lines; the left column's "（六）其他处理" may be interleaved the same way.
_GAP = r"(?:[\d\s|/\-—–_.·]|[(（]六[)）]|其他处理)*"


def _gapped(words: str) -> str:
    """A regex for ``words`` with :data:`_GAP` allowed between any two characters."""
    return _GAP.join(re.escape(ch) for ch in words)


# Not statements about the information fee: table 三's row R6_2 names 收费通知 in its label
# ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理…"; wrapped, "收费通知要 0 0 0…求缴纳"
# must not read as a notice, nor "未按收费" as "未…收费"), and 行政事业性收费 is table 二's
# administrative fees ("无行政事业性收费项目调整").
_NOT_FEE = re.compile(
    _gapped("逾期")
    + _GAP
    + "(?:[未不]"
    + _GAP
    + ")?"
    + _gapped("按")
    + _GAP
    + "(?:照"
    + _GAP
    + ")?"
    + _gapped("收费通知")
    + "(?:"
    + _GAP
    + _gapped("要求")
    + "(?:"
    + _GAP
    + _gapped("缴纳费用")
    + ")?)?"
    + "|"
    + _gapped("行政事业性收费")
)


def fee_block(record: Record) -> dict[str, Any]:
    fee = record.get("fee")
    return fee if isinstance(fee, dict) else {}


def fee_number(record: Record, key: str) -> float | int | None:
    value = fee_block(record).get(key)
    return value if is_number(value) else None


def fee_statement_in_text(text: str) -> str | None:
    """A quote of a 信息处理费 statement found in the normalised text, or ``None``."""
    body = _NOT_FEE.sub("|", compact(text))
    match = _STATEMENT.search(body)
    return quote_around(body, match.start(), match.end()) if match else None


@register
class FeeMissing(Rule):
    id = "FEE-MISSING"
    severity = Severity.ERROR
    title = "未报告信息处理费情况"
    description = (
        "报告没有说明信息处理费：发出收费通知的件数和总金额、实际收取的总金额（明确写“无”或“0”也算说明）。"
        "表二的行政事业性收费是另一回事，不算。2021 年及以后为错误，2019、2020 年为警告，"
        "2018 年及以前不检查。"
    )
    example: ClassVar[dict[str, Any]] = {
        "year": 2023,
        "fee": {"statement": None},
        "searched": "全文（含第六部分）",
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        year = context.year
        if year is None or year < 2019 or parse_failed(record):
            return
        fee = fee_block(record)
        if fee.get("statement") or any(fee_number(record, k) is not None for k in _FEE_NUMBERS):
            return
        if fee_statement_in_text(context.match_compact):
            return
        severity = Severity.ERROR if year >= 2021 else Severity.WARNING
        yield self.finding(
            target="s6",
            message=f"{year} 年度报告未说明信息处理费情况（发出收费通知的件数和总金额、实际收取的总金额）；"
            "如未收费，也应明确写明。",
            evidence={"year": year, "fee": {"statement": None}, "searched": "全文（含第六部分）"},
            severity=severity,
        )


@register
class FeeNotice(Rule):
    id = "FEE-NOTICE"
    severity = Severity.WARNING
    title = "表三有逾期未缴费的申请，但报告称未发出收费通知"
    description = (
        "表三“申请人逾期未按收费通知要求缴纳费用”一行总计大于 0，说明发出过收费通知，"
        "但报告称发出收费通知 0 件。"
    )
    example: ClassVar[dict[str, Any]] = {"cells": {"t3.R6_2.TOT": 3}, "fee": {"notices_count": 0}}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t3")
        if not view.usable:
            return
        dropped = view.value("R6_2", "TOT")
        notices = fee_number(record, "notices_count")
        if dropped is None or notices is None or not (dropped > 0 and notices == 0):
            return
        statement = fee_block(record).get("statement")
        yield self.finding(
            target="R6_2",
            message=f"表三有 {fmt(dropped)} 件申请因申请人逾期未按收费通知要求缴纳费用而不再处理，"
            "但报告称发出收费通知 0 件。" + plausibility_note(view, [view.ref("R6_2", "TOT")]),
            evidence={
                "cells": {view.ref("R6_2", "TOT"): plain(dropped)},
                "fee": {"notices_count": plain(notices)},
                "quotes": [statement] if statement else [],
            },
        )


@register
class FeeCollect(Rule):
    id = "FEE-COLLECT"
    severity = Severity.WARNING
    title = "实际收取的信息处理费多于收费通知的金额"
    description = "报告所述实际收取的信息处理费总金额大于发出收费通知的总金额。"
    example: ClassVar[dict[str, Any]] = {"fee": {"notices_amount": 300, "collected_amount": 450}}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        billed = fee_number(record, "notices_amount")
        collected = fee_number(record, "collected_amount")
        if billed is None or collected is None or collected <= billed:
            return
        statement = fee_block(record).get("statement")
        yield self.finding(
            target="s6",
            message=f"实际收取的信息处理费（{fmt(collected)} 元）多于收费通知的总金额（{fmt(billed)} 元）。",
            evidence={
                "fee": {"notices_amount": plain(billed), "collected_amount": plain(collected)},
                "expected": plain(billed),
                "actual": plain(collected),
                "quotes": [statement] if statement else [],
            },
        )
