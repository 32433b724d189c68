"""Dates and metadata: the legal deadline (art. 49), the stated year and period, art. 50(4)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import Record

from .base import Context, Finding, Rule, Severity, _as_int
from .registry import register
from .structure import parse_failed

LEVEL_NAMES = {"gov": "政府", "dept": "部门"}

# A page's own date far beyond the deadline is more likely a copying site's re-posting date than
# a report a year late; only a date the caller vouches for is judged that far out.
_UNRELIABLE_AFTER = dt.timedelta(days=366)


def deadline(year: int, level: str | None) -> dt.date:
    """The legal publication deadline for a report on ``year`` (domain.md §3.6).

    Art. 49: departments by 1 月 31 日, a government's own report by 3 月 31 日 of the next year.
    Reports for years up to 2018 (old art. 31): 3 月 31 日 for everyone. With the level unknown
    the later deadline is used, so only a report late for either is flagged.
    """
    if year <= 2018 or level != "dept":
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


@register
class DateLate(Rule):
    id = "DATE-LATE"
    severity = Severity.WARNING
    title = "发布晚于法定期限"
    description = (
        "发布日期晚于《条例》第四十九条规定的期限：部门报告为次年 1 月 31 日，"
        "政府本级报告为次年 3 月 31 日（2018 年及以前的报告一律为次年 3 月 31 日；"
        "层级不明时按 3 月 31 日判断）。"
    )
    example: ClassVar[dict[str, Any]] = {
        "published": "2024-02-05",
        "published_source": "metadata",
        "deadline": "2024-01-31",
        "level": "dept",
        "days_late": 5,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        published, source = context.published
        year = context.year
        if published is None or year is None:
            return
        due = deadline(year, context.level)
        if published <= due or published < dt.date(year, 1, 1):
            return
        if source != "argument" and published - due > _UNRELIABLE_AFTER:
            return
        days = (published - due).days
        who = LEVEL_NAMES.get(context.level or "", "")
        yield self.finding(
            target=None,
            message=f"报告发布于 {published.isoformat()}，晚于{who}年度报告的法定期限"
            f"（{due.isoformat()}）{days} 天。",
            evidence={
                "published": published.isoformat(),
                "published_source": source,
                "deadline": due.isoformat(),
                "level": context.level,
                "days_late": days,
            },
        )


@register
class YearMismatch(Rule):
    id = "YEAR-MISMATCH"
    severity = Severity.WARNING
    title = "标题或统计期限的年份与报告年度不符"
    description = "报告标题中的年份，或“统计期限”所述年份，与报告所属年度不同。"
    example: ClassVar[dict[str, Any]] = {
        "year": 2023,
        "title_year": 2023,
        "period_year": 2022,
        "period": "本报告统计期限自2022年1月1日起至2022年12月31日止",
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        year = context.year
        if year is None:
            return
        title_year = _as_int(record.get("title_year"))
        period = record.get("period") if isinstance(record.get("period"), dict) else {}
        period_year = _as_int(period.get("year"))
        wrong: list[str] = []
        evidence: dict[str, Any] = {"year": year}
        if title_year is not None and title_year != year:
            wrong.append(f"标题为 {title_year} 年")
            evidence["title_year"] = title_year
            if record.get("title"):
                evidence["title"] = record["title"]
        if period_year is not None and period_year != year:
            wrong.append(f"统计期限为 {period_year} 年")
            evidence["period_year"] = period_year
            if period.get("statement"):
                evidence["period"] = period["statement"]
        if wrong:
            yield self.finding(
                target=None,
                message=f"报告年度为 {year} 年，但" + "，".join(wrong) + "。",
                evidence=evidence,
            )


@register
class PeriodMissing(Rule):
    id = "PERIOD-MISSING"
    severity = Severity.INFO
    title = "未说明统计期限"
    description = "报告没有“本报告中所列数据的统计期限自某年1月1日起至12月31日止”一类说明。"
    example: ClassVar[dict[str, Any]] = {"period": None}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record):
            return
        period = record.get("period") if isinstance(record.get("period"), dict) else {}
        if period.get("statement"):
            return
        yield self.finding(
            target=None,
            message="报告没有说明数据的统计期限（如“统计期限自1月1日起至12月31日止”）。",
            evidence={"period": None},
        )


# 工作考核、社会评议和责任追究 (art. 50(4)) and the ways reports say them.
_ART50_4 = {
    "考核": re.compile(r"考核|考评"),
    "社会评议": re.compile(r"评议"),
    "责任追究": re.compile(r"责任追究|追究[^。;]{0,8}责任|问责"),
}


@register
class GovArticle50(Rule):
    id = "GOV-ART50-4"
    severity = Severity.WARNING
    title = "政府年报未报告工作考核、社会评议和责任追究情况"
    description = (
        "《条例》第五十条第（四）项要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况；"
        "政府本级报告的全文没有同时提到考核、评议、责任追究时提示。部门报告不检查。"
    )
    example: ClassVar[dict[str, Any]] = {"found": ["考核"], "missing": ["社会评议", "责任追究"]}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if context.level != "gov" or parse_failed(record):
            return
        if context.year is not None and context.year < 2019:
            return
        text = context.match_compact
        if not text:
            return
        found = [name for name, pattern in _ART50_4.items() if pattern.search(text)]
        missing = [name for name in _ART50_4 if name not in found]
        if not missing:
            return
        yield self.finding(
            target="s1",
            message="政府年度报告应包括工作考核、社会评议和责任追究结果情况，报告未提及"
            + "、".join(missing)
            + "。",
            evidence={"found": found, "missing": missing},
        )
