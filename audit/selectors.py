"""Reads of stored findings (admin, search documents, API) and of the office's workspace.

The first functions take a version or queryset already scoped. The rest serve the audit
queue, the review page and the history.

Every query starts from :func:`reports.selectors.reports_visible_to` — the single source of
who sees which report. On top of it:

- a reviewer (审核员 / 管理员) sees the findings still standing (待审核 or 已确认);
- a 录入员 sees only the findings the office confirmed, for their own agencies.

The queue is one aggregate query: reports joined to their current version's standing findings,
grouped per report, with counts per severity and the worst rank as annotations (filters on them
become HAVING clauses), then paginated; the worst finding's text is fetched for the page's rows
only. See ``benchmarks/bench_queue.py`` for its timing at 5,000 reports / 50,000 findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone

from reports.models import Agency, Report, ReportVersion, StaffProfile, region_prefix
from reports.permissions import user_role
from reports.selectors import (
    agencies_unrouted,
    agencies_visible_to,
    reports_visible_to,
    sees_every_agency,
    versions_visible_to,
)

from .models import SEVERITY_RANK, Finding, FindingEvent, Review, ReviewEvent
from .rules import all_rules
from .workflow import is_reviewer


def active_findings(version: ReportVersion) -> QuerySet[Finding]:
    """Findings of ``version`` that are open or confirmed (not dismissed, not resolved)."""
    return Finding.objects.filter(version=version, status__in=Finding.ACTIVE_STATUSES)


def active_rule_ids(version: ReportVersion) -> list[str]:
    """Sorted distinct rule IDs of the active findings (a facet for staff search)."""
    ids = active_findings(version).values_list("rule", flat=True).distinct()
    return sorted(set(ids))


def queue(versions: QuerySet[ReportVersion]) -> QuerySet[Finding]:
    """The audit queue: open findings of the current versions among ``versions``."""
    return Finding.objects.filter(
        version__in=versions.filter(is_current=True).values("pk"), status=Finding.Status.OPEN
    ).select_related("version__report__agency")


# ---- the office's workspace ---------------------------------------------------------------

PAGE_SIZE = 50
DUE_SOON_DAYS = 3

SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "worst": ("问题最严重", (F("worst").asc(nulls_last=True), "-n_error", "-n_warning", "pk")),
    "errors": ("错误最多", ("-n_error", "-n_warning", "pk")),
    "total": ("问题最多", ("-n_total", "pk")),
    "agency": ("机关名称", ("agency__name", "-year", "pk")),
    "year": ("年度（新→旧）", ("-year", "agency__name", "pk")),
    "due": ("整改期限", (F("review__due_date").asc(nulls_last=True), "pk")),
    "updated": ("最近处理", (F("review__updated_at").desc(nulls_last=True), "pk")),
}
SEVERITY_LABELS = dict(Finding.Severity.choices)
STATUS_LABELS = dict(Review.Status.choices)
LEVEL_LABELS = dict(Agency.Level.choices)


def reader_statuses(user: Any) -> tuple[str, ...]:
    """Finding statuses ``user`` may read in the workspace."""
    if is_reviewer(user):
        return tuple(Finding.ACTIVE_STATUSES)
    return (Finding.Status.CONFIRMED,)


def findings_visible_to(user: Any) -> QuerySet[Finding]:
    """The findings ``user`` may read anywhere — the workspace, the admin, the API.

    Reviewers read every finding of the reports in their scope; a clerk reads only what a
    reviewer confirmed for their agencies (not what is still 待审核, nor what was dismissed).
    """
    if sees_every_agency(user):
        qs = Finding.objects.all()
    else:
        qs = Finding.objects.filter(version__in=versions_visible_to(user).values("pk"))
    if is_reviewer(user):
        return qs
    return qs.filter(status__in=reader_statuses(user))


def can_read_workspace(user: Any) -> bool:
    return user_role(user) is not None


# ---- the queue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters, read from and written back to the URL (a view can be shared)."""

    severity: str = ""
    rule: str = ""
    region: str = ""
    level: str = ""
    year: int | None = None
    status: str = ""
    assignee: str = ""  # "me", "none" or a user id
    overdue: bool = False
    q: str = ""
    all: bool = False  # include reports with nothing standing
    unrouted: bool = False  # only reports no auditor covers (the administrators' queue)
    sort: str = "worst"
    page: int = 1

    @classmethod
    def from_query(cls, query: QueryDict | dict[str, Any]) -> QueueFilters:
        def get(name: str) -> str:
            value = query.get(name) or ""
            return str(value).strip()[:100]

        year = get("year")
        page = get("page")
        sort = get("sort")
        severity = get("severity")
        status = get("status")
        level = get("level")
        assignee = get("assignee")
        return cls(
            severity=severity if severity in SEVERITY_LABELS else "",
            rule=get("rule").upper()[:40],
            region=get("region") if get("region").isdigit() else "",
            level=level if level in LEVEL_LABELS else "",
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
            status=status if status in STATUS_LABELS else "",
            assignee=assignee if assignee in ("me", "none") or assignee.isdigit() else "",
            overdue=get("overdue") in ("1", "true", "on"),
            q=get("q"),
            all=get("all") in ("1", "true", "on"),
            unrouted=get("unrouted") in ("1", "true", "on"),
            sort=sort if sort in SORTS else "worst",
            page=int(page) if page.isdigit() and int(page) > 0 else 1,
        )

    def query_string(self, **changes: Any) -> str:
        """The URL query for these filters with ``changes`` applied; defaults are left out."""
        data = replace(self, **changes)
        params: list[tuple[str, str]] = []
        for name in (
            "q",
            "severity",
            "rule",
            "region",
            "level",
            "year",
            "status",
            "assignee",
        ):
            value = getattr(data, name)
            if value not in ("", None):
                params.append((name, str(value)))
        if data.overdue:
            params.append(("overdue", "1"))
        if data.all:
            params.append(("all", "1"))
        if data.unrouted:
            params.append(("unrouted", "1"))
        if data.sort != "worst":
            params.append(("sort", data.sort))
        if data.page != 1:
            params.append(("page", str(data.page)))
        return urlencode(params)


def _standing(statuses: tuple[str, ...], **conditions: Any) -> Exists:
    """A report has a standing finding (of the current version) matching ``conditions``."""
    return Exists(
        Finding.objects.filter(
            version__report=OuterRef("pk"),
            version__is_current=True,
            status__in=statuses,
            **conditions,
        )
    )


def queue_queryset(
    user: Any, filters: QueueFilters, *, rows: bool = True, count_only: bool = False
) -> QuerySet[Any]:
    """Reports of ``user``'s scope with their standing findings counted; filtered and sorted.

    ``rows=False`` gives ``{"pk", "n_error", …}`` dicts grouped by the report id alone — the cheap
    form the queue pages through (the page's report rows are fetched afterwards). Counts use
    ``severity_rank`` so the aggregate reads only the ``finding_queue_idx`` index.
    ``count_only=True`` stops before the aggregate: the same rows, for a cheap ``count()``.
    """
    statuses = reader_statuses(user)
    reviewer = is_reviewer(user)
    # filter() before annotate(): the counts use this same join, i.e. current versions only.
    qs = reports_visible_to(user).filter(versions__is_current=True)
    if filters.q:
        qs = qs.filter(agency__name__icontains=filters.q)
    if filters.region:
        qs = qs.filter(agency__region_code__startswith=region_prefix(filters.region))
    if filters.unrouted:
        qs = qs.filter(agency__in=agencies_unrouted().values("pk"))
    if filters.level:
        qs = qs.filter(agency__level=filters.level)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.rule:
        # IN over the rule index beats a per-report EXISTS (``rule`` is not in the queue index).
        qs = qs.filter(
            pk__in=Finding.objects.filter(
                rule=filters.rule, status__in=statuses, version__is_current=True
            ).values("version__report_id")
        )
    if filters.severity:
        qs = qs.filter(_standing(statuses, severity_rank=SEVERITY_RANK[filters.severity]))
    if filters.status == Review.Status.PENDING:
        qs = qs.filter(Q(review__isnull=True) | Q(review__status=Review.Status.PENDING))
    elif filters.status:
        qs = qs.filter(review__status=filters.status)
    if reviewer and filters.assignee == "me":
        qs = qs.filter(review__assignee=user)
    elif reviewer and filters.assignee == "none":
        qs = qs.filter(Q(review__isnull=True) | Q(review__assignee__isnull=True))
    elif reviewer and filters.assignee:
        qs = qs.filter(review__assignee_id=int(filters.assignee))
    if filters.overdue:
        qs = qs.filter(
            review__status=Review.Status.RECTIFYING, review__due_date__lt=timezone.localdate()
        )
    if not (filters.all or filters.status or filters.overdue):
        # The queue proper: something to decide, or a report in the rectification loop.
        loop = [Review.Status.RECTIFYING, Review.Status.RECTIFIED]
        if reviewer:
            loop.append(Review.Status.IN_REVIEW)
        qs = qs.filter(_standing(statuses) | Q(review__status__in=loop))
    if count_only:
        # Every condition above is a WHERE clause: counting needs no aggregate.
        return qs
    if not rows:
        qs = qs.values("pk")
    found = "versions__audit_findings"
    standing = Q(versions__audit_findings__status__in=statuses)
    rank = "versions__audit_findings__severity_rank"
    qs = qs.annotate(
        n_error=Count(found, filter=standing & Q(**{rank: 0})),
        n_warning=Count(found, filter=standing & Q(**{rank: 1})),
        n_info=Count(found, filter=standing & Q(**{rank: 2})),
        n_total=Count(found, filter=standing),
        worst=Min(rank, filter=standing),
    )
    qs = qs.order_by(*SORTS[filters.sort][1])
    if rows:
        qs = qs.annotate(
            review_status=Coalesce("review__status", Value(Review.Status.PENDING))
        ).select_related("review", "review__assignee")
    return qs


class _Paginator(Paginator):
    """A paginator told its count (from the aggregate-free query) instead of counting the
    aggregate itself."""

    count: int = 0  # type: ignore[assignment]


@dataclass
class QueueRow:
    report: Report
    counts: dict[str, int]
    total: int
    worst: Finding | None
    status: str
    status_label: str
    assignee: Any
    due_date: dt.date | None
    deadline: str  # "", "ok", "soon", "overdue"
    deadline_label: str


@dataclass
class QueuePage:
    filters: QueueFilters
    page: Page
    rows: list[QueueRow] = field(default_factory=list)


def queue_page(user: Any, filters: QueueFilters, *, page_size: int = PAGE_SIZE) -> QueuePage:
    paginator = _Paginator(queue_queryset(user, filters, rows=False), page_size)
    paginator.count = queue_queryset(user, filters, count_only=True).count()
    page = paginator.get_page(filters.page)
    stats = list(page.object_list)
    ids = [s["pk"] for s in stats]
    reports = Report.objects.select_related("agency", "review", "review__assignee").in_bulk(ids)
    worst = worst_findings(user, ids)
    today = timezone.localdate()
    rows = []
    for item in stats:
        report = reports[item["pk"]]
        review = report.review if _has_review(report) else None
        due = review.due_date if review else None
        status = review.status if review else Review.Status.PENDING
        deadline, label = deadline_state(status, due, today)
        rows.append(
            QueueRow(
                report=report,
                counts={
                    "error": item["n_error"],
                    "warning": item["n_warning"],
                    "info": item["n_info"],
                },
                total=item["n_total"],
                worst=worst.get(report.pk),
                status=status,
                status_label=STATUS_LABELS.get(status, status),
                assignee=review.assignee if review else None,
                due_date=due,
                deadline=deadline,
                deadline_label=label,
            )
        )
    return QueuePage(filters=filters, page=page, rows=rows)


def _has_review(report: Report) -> bool:
    try:
        return report.review is not None
    except Review.DoesNotExist:
        return False


def deadline_state(status: str, due: dt.date | None, today: dt.date) -> tuple[str, str]:
    """(key, label) of a rectification deadline; only meaningful while 待整改."""
    if status != Review.Status.RECTIFYING or due is None:
        return "", "—"
    days = (due - today).days
    if days < 0:
        return "overdue", f"已逾期 {-days} 天"
    if days <= DUE_SOON_DAYS:
        return "soon", "今天到期" if days == 0 else f"{days} 天后到期"
    return "ok", f"{days} 天后到期"


def worst_findings(user: Any, report_ids: list[int]) -> dict[int, Finding]:
    """Per report, its most severe standing finding (one query for a page of the queue)."""
    out: dict[int, Finding] = {}
    if not report_ids:
        return out
    rows = (
        Finding.objects.filter(
            version__report_id__in=report_ids,
            version__is_current=True,
            status__in=reader_statuses(user),
        )
        .annotate(report_id=F("version__report_id"))
        .only("id", "rule", "target", "severity", "message", "version_id")
        .order_by("severity_rank", "rule", "target")
    )
    for row in rows:
        out.setdefault(row.report_id, row)
    return out


def queue_choices(user: Any) -> dict[str, Any]:
    """Options of the queue's filter form, within ``user``'s scope."""
    agencies = agencies_visible_to(user)
    regions = sorted(
        {
            (a["region_code"], a["region_name"])
            for a in agencies.values("region_code", "region_name")
            if a["region_code"]
        },
    )
    # The rule catalogue, not a scan of every finding: the list stays cheap at any size.
    rules = sorted((rule.id, rule.title) for rule in all_rules())
    years = reports_visible_to(user).values_list("year", flat=True).distinct().order_by("-year")
    return {
        "regions": [{"code": c, "name": n or c} for c, n in regions],
        "rules": [{"id": i, "title": title} for i, title in rules],
        "years": list(years),
        "severities": list(SEVERITY_LABELS.items()),
        "statuses": list(STATUS_LABELS.items()),
        "levels": list(LEVEL_LABELS.items()),
        "sorts": [(k, v[0]) for k, v in SORTS.items()],
        "unrouted": user_role(user) == StaffProfile.Role.ADMIN,
    }


# ---- one report ------------------------------------------------------------------------------


def report_for(user: Any, pk: int) -> Report | None:
    """The report if ``user`` may open its review page (in scope; a clerk: confirmed findings)."""
    return reports_visible_to(user).filter(pk=pk).first()


def report_findings(user: Any, report: Report) -> list[Finding]:
    """The findings of the current version ``user`` may read, most severe first.

    A reviewer also sees dismissed ones (a decision can be revisited); a clerk only confirmed.
    """
    statuses: tuple[str, ...]
    if is_reviewer(user):
        statuses = (*Finding.ACTIVE_STATUSES, Finding.Status.DISMISSED)
    else:
        statuses = (Finding.Status.CONFIRMED,)
    return list(
        Finding.objects.filter(
            version__report=report, version__is_current=True, status__in=statuses
        )
        .select_related("reviewed_by")
        .order_by("severity_rank", "rule", "target")
    )


def resolved_findings(user: Any, report: Report) -> list[Finding]:
    """Findings closed by a corrected version. A clerk sees those the office had confirmed."""
    qs = Finding.objects.filter(version__report=report, status=Finding.Status.RESOLVED)
    if not is_reviewer(user):
        qs = qs.filter(
            events__action=FindingEvent.Action.RESOLVED,
            events__before__status=Finding.Status.CONFIRMED,
        )
    return list(
        qs.select_related("version", "resolved_by")
        .distinct()
        .order_by("-resolved_by__number", "severity_rank", "rule")
    )


CHANGE_LABELS = {
    "status": ("审核状态", STATUS_LABELS),
    "finding_status": ("问题状态", dict(Finding.Status.choices)),
    "assignee": ("承办人", None),
    "due_date": ("整改期限", None),
}


@dataclass
class HistoryEntry:
    at: dt.datetime
    actor: Any
    action: str
    finding: Finding | None
    before: dict[str, Any]
    after: dict[str, Any]
    comment: str
    users: dict[int, str] = field(default_factory=dict)

    @property
    def change(self) -> str:
        """``审核状态：待审核 → 审核中；承办人：（无） → auditor_a``."""
        parts = []
        before, after = self.before or {}, self.after or {}
        if "finding_status" not in after and "status" in after and self.finding is not None:
            # A FindingEvent: its "status" is the finding's.
            before = {"finding_status": before.get("status"), **before}
            after = {"finding_status": after.get("status")}
        for key, (label, names) in CHANGE_LABELS.items():
            old, new = before.get(key), after.get(key)
            if key not in after or old == new:
                continue
            parts.append(f"{label}：{self._show(key, old, names)} → {self._show(key, new, names)}")
        return "；".join(parts)

    def _show(self, key: str, value: Any, names: dict[str, str] | None) -> str:
        if value in (None, ""):
            return "（无）"
        if key == "assignee":
            return self.users.get(value, f"#{value}")
        return (names or {}).get(value, str(value))


def report_history(report: Report, user: Any = None) -> list[HistoryEntry]:
    """Every decision on the report, oldest first: the office's actions and the machine's
    resolutions/reopenings of findings.

    Given a ``user`` who is not a reviewer (a clerk), only what concerns the report itself and
    the findings the office confirmed: remarks on other findings stay inside the office.
    """
    entries = [
        HistoryEntry(
            at=e.created_at,
            actor=e.actor,
            action=e.get_action_display(),
            finding=e.finding,
            before=e.before,
            after=e.after,
            comment=e.comment,
        )
        for e in ReviewEvent.objects.filter(report=report).select_related("actor", "finding")
    ]
    # Decisions the workspace made are ReviewEvents already; a decision taken elsewhere (the
    # Django admin calls audit.workflow.finding_review directly) is only a FindingEvent.
    mirrored = {
        (e.finding.pk, e.actor.pk if e.actor else None, int(e.at.timestamp()))
        for e in entries
        if e.finding is not None
    }
    machine = (FindingEvent.Action.RESOLVED, FindingEvent.Action.REOPENED)
    events = FindingEvent.objects.filter(
        Q(actor__isnull=True, action__in=machine)
        | Q(actor__isnull=False, action=FindingEvent.Action.REVIEWED),
        finding__version__report=report,
    ).select_related("finding", "actor")
    for e in events:
        second = int(e.created_at.timestamp())
        key = (e.finding_id, e.actor_id)
        if e.actor_id and any((*key, second + d) in mirrored for d in (-1, 0, 1)):
            continue
        entries.append(
            HistoryEntry(
                at=e.created_at,
                actor=e.actor,
                action=f"问题{e.get_action_display()}",
                finding=e.finding,
                before=e.before,
                after=e.after,
                comment=e.comment,
            )
        )
    ids = {e.before.get("assignee") for e in entries} | {e.after.get("assignee") for e in entries}
    ids.discard(None)
    users = dict(
        get_user_model()
        .objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
        .values_list("pk", "username")
    )
    for entry in entries:
        entry.users = users
    if user is not None and not is_reviewer(user):
        shown = {f.pk for f in resolved_findings(user, report)} | set(
            Finding.objects.filter(
                version__report=report, status=Finding.Status.CONFIRMED
            ).values_list("pk", flat=True)
        )
        internal = {ReviewEvent.Action.COMMENT.label, ReviewEvent.Action.DISMISS.label}
        entries = [
            e
            for e in entries
            if e.finding is None or (e.finding.pk in shown and e.action not in internal)
        ]
    entries.sort(key=lambda e: e.at)
    return entries
