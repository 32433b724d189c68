"""The office's dashboard for its region and a year: numbers plus server-rendered SVG bars.

- reports expected (active agencies of the region) vs received vs published late;
- compliance rate by agency level (合规 = no standing error-level finding on the current version);
- the most frequent rules and the agencies with the most errors (standing findings);
- progress of rectification (reports per review status, overdue ones).

All numbers come from a handful of aggregate queries over the user's scope; the template draws
each chart as an SVG with the number written beside every bar (readable without the chart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from reports.models import Agency, StaffProfile, region_prefix
from reports.permissions import user_role
from reports.selectors import agencies_visible_to, reports_unrouted, reports_visible_to

from .models import Finding, Review
from .rules import get_rule

BAR_WIDTH = 320  # px of the longest bar
TOP = 10


@dataclass
class Bar:
    label: str
    value: float
    note: str = ""
    width: float = 0.0
    y: int = 0
    text_x: float = 0.0


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    unit: str = ""
    percent: bool = False
    height: int = 0

    def layout(self) -> Chart:
        top = max((b.value for b in self.bars), default=0) or 1
        scale = 100.0 if self.percent else top
        for i, bar in enumerate(self.bars):
            bar.width = round(BAR_WIDTH * bar.value / scale, 1) if scale else 0
            bar.y = i * 28
            bar.text_x = 200 + bar.width + 6
        self.height = max(len(self.bars) * 28, 28)
        return self


@dataclass
class Dashboard:
    year: int | None
    region: str
    region_name: str
    years: list[int]
    regions: list[dict[str, str]]
    expected: int = 0
    received: int = 0
    late: int = 0
    unknown_date: int = 0
    charts: list[Chart] = field(default_factory=list)
    overdue: int = 0
    # Administrators only: reports of the year that no auditor's region covers.
    unrouted: int | None = None


def build(user: Any, *, year: int | None, region: str = "") -> Dashboard:
    agencies = agencies_visible_to(user).filter(active=True)
    reports = reports_visible_to(user)
    regions = sorted(
        {
            (a["region_code"], a["region_name"])
            for a in agencies.values("region_code", "region_name")
            if a["region_code"]
        }
    )
    region = region if region.isdigit() else ""
    if region:
        prefix = region_prefix(region)
        agencies = agencies.filter(region_code__startswith=prefix)
        reports = reports.filter(agency__region_code__startswith=prefix)
    years = list(reports.values_list("year", flat=True).distinct().order_by("-year"))
    if year is None and years:
        year = years[0]
    d = Dashboard(
        year=year,
        region=region,
        region_name=next((n for c, n in regions if c == region), ""),
        years=years,
        regions=[{"code": c, "name": n or c} for c, n in regions],
    )
    if year is None:
        return d
    reports = reports.filter(year=year, versions__is_current=True)
    if user_role(user) == StaffProfile.Role.ADMIN:
        d.unrouted = reports.filter(pk__in=reports_unrouted().values("pk")).count()
    d.expected = agencies.count()
    received = list(reports.select_related("agency"))
    d.received = len(received)
    for r in received:
        late = r.is_late()
        d.late += late is True
        d.unknown_date += late is None

    standing = Finding.objects.filter(
        version__report__in=reports.values("pk"),
        version__is_current=True,
        status__in=Finding.ACTIVE_STATUSES,
    )
    with_errors = set(
        standing.filter(severity=Finding.Severity.ERROR)
        .values_list("version__report_id", flat=True)
        .distinct()
    )
    level_bars = []
    for level, label in Agency.Level.choices:
        ids = [r.pk for r in received if r.agency.level == level]
        if not ids:
            continue
        ok = sum(1 for pk in ids if pk not in with_errors)
        level_bars.append(Bar(label, round(100 * ok / len(ids), 1), f"{ok}/{len(ids)}"))
    d.charts.append(Chart("合规率（按机关类别）", level_bars, unit="%", percent=True).layout())

    rules = standing.values("rule").annotate(n=Count("id")).order_by("-n", "rule")[:TOP]
    d.charts.append(
        Chart(
            "最常见的问题（规则）",
            [Bar(_rule_title(r["rule"]), r["n"], note=r["rule"]) for r in rules],
            "个",
        ).layout()
    )

    worst = (
        standing.filter(severity=Finding.Severity.ERROR)
        .values("version__report__agency__name")
        .annotate(n=Count("id"))
        .order_by("-n", "version__report__agency__name")[:TOP]
    )
    d.charts.append(
        Chart(
            "错误最多的机关",
            [Bar(r["version__report__agency__name"], r["n"]) for r in worst],
            "个",
        ).layout()
    )

    by_status = dict(reports.values_list("review__status").annotate(n=Count("pk", distinct=True)))
    progress = [
        Bar(
            label, by_status.get(status, 0) + (by_status.get(None, 0) if status == "pending" else 0)
        )
        for status, label in Review.Status.choices
    ]
    d.charts.append(Chart("整改进度（报告数）", progress, "份").layout())
    d.overdue = reports.filter(
        Q(review__status=Review.Status.RECTIFYING) & Q(review__due_date__lt=timezone.localdate())
    ).count()
    d.charts.insert(
        0,
        Chart(
            "报告报送情况",
            [
                Bar("应报送", d.expected),
                Bar("已收到", d.received),
                Bar("逾期发布", d.late),
            ],
            "份",
        ).layout(),
    )
    return d


def _rule_title(rule_id: str) -> str:
    """A rule by its Chinese title (the code stays beside the bar as its note)."""
    try:
        return get_rule(rule_id).title or rule_id
    except KeyError:  # a retired rule still on old findings
        return rule_id
