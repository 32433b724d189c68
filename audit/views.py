"""The supervising office's workspace under ``/audit/``: queue, review page, bulk
actions, exports, dashboard. Server-rendered; every write calls :mod:`audit.workflow`.

Access: anonymous → the login page; a logged-in user without a staff role → 403; 录入员 → their
agencies' confirmed findings, read-only; 审核员 → their region; 管理员 → everything. A report
outside the user's scope is a 404 (its existence is not revealed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from reader.readable import split_text
from reader.record import (
    SECTION_KEYS,
    SECTION_TITLES,
    T2_ROW_LABELS,
    T3_ROW_LABELS,
    T4_GROUPS,
    TABLE_SECTION,
)
from reports.models import Report
from reports.record_tables import cell_label, plain_cell, section_tables
from reports.selectors import can_edit_report, reports_visible_to

from . import dashboard as dashboard_data
from . import exports, selectors, workflow
from .evidence import evidence_items
from .models import Finding, Review


def workspace_user(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; a user with no staff role gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.can_read_workspace(request.user):
            raise PermissionDenied("您没有审核工作台的访问权限。")
        return view(request, *args, **kwargs)

    return wrapped


def reviewer_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @workspace_user
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not workflow.is_reviewer(request.user):
            raise PermissionDenied("只有审核员或管理员可以进行此操作。")
        return view(request, *args, **kwargs)

    return wrapped


# ---- the queue ------------------------------------------------------------------------------


@require_GET
@workspace_user
def queue(request: HttpRequest) -> HttpResponse:
    filters = selectors.QueueFilters.from_query(request.GET)
    page = selectors.queue_page(request.user, filters)
    reviewer = workflow.is_reviewer(request.user)
    choices = selectors.queue_choices(request.user)
    context = {
        "filters": filters,
        "queue": page,
        "choices": choices,
        "reviewer": reviewer,
        "assignees": workflow.assignable_users(request.user) if reviewer else [],
        "sort_links": [
            {"value": k, "label": label, "url": "?" + filters.query_string(sort=k, page=1)}
            for k, label in choices["sorts"]
        ],
        "prev_url": "?" + filters.query_string(page=page.page.previous_page_number())
        if page.page.has_previous()
        else None,
        "next_url": "?" + filters.query_string(page=page.page.next_page_number())
        if page.page.has_next()
        else None,
        "here": request.get_full_path(),
        "export_query": filters.query_string(page=1),
    }
    return render(request, "audit/queue.html", context)


@require_POST
@reviewer_only
def bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("report") if v.isdigit()][: workflow.MAX_BULK]
    reports = list(reports_visible_to(request.user).filter(pk__in=ids))
    action = request.POST.get("action", "")
    back = _back(request, reverse("audit:queue"))
    if not reports:
        messages.warning(request, "请先勾选报告。")
        return HttpResponseRedirect(back)
    if action == "assign":
        try:
            assignee = workflow.assignee_from_id(request.POST.get("assignee", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(back)
        result = workflow.bulk_assign(user=request.user, reports=reports, assignee=assignee)
        _bulk_message(request, "分配承办人", result)
    elif action == "pass_info":
        result = workflow.bulk_pass_info_only(user=request.user, reports=reports)
        _bulk_message(request, "通过（仅有提示级别问题的报告）", result)
    elif action in ("export_csv", "export_xlsx"):
        kind = "xlsx" if action == "export_xlsx" else "csv"
        return exports.response(exports.rows_for_reports(request.user, reports), kind)
    else:
        messages.error(request, "未知的批量操作。")
    return HttpResponseRedirect(back)


def _bulk_message(request: HttpRequest, what: str, result: workflow.BulkResult) -> None:
    if result.done:
        messages.success(request, f"{what}：已处理 {len(result.done)} 份报告。")
    if result.skipped:
        reasons = sorted(set(result.skipped.values()))
        messages.warning(
            request, f"{what}：跳过 {len(result.skipped)} 份报告（{'；'.join(reasons)}）。"
        )


# ---- one report -----------------------------------------------------------------------------


@require_GET
@workspace_user
def report(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.report_for(request.user, pk)
    if obj is None:
        raise Http404("报告不存在或不在您的范围内")
    reviewer = workflow.is_reviewer(request.user)
    version = obj.current_version
    record: dict[str, Any] = (version.record if version else None) or {}
    findings = selectors.report_findings(request.user, obj)
    review = Review.objects.filter(report=obj).select_related("assignee").first()
    groups = [
        {
            "severity": sev,
            "label": label,
            "findings": [f for f in findings if f.severity == sev],
        }
        for sev, label in Finding.Severity.choices
    ]
    cell_refs = {f.pk: finding_cells(f) for f in findings}
    for f in findings:
        f.cells = cell_refs[f.pk]
        f.cell_links = [(ref, cell_label(ref)) for ref in f.cells]
        f.evidence_items = evidence_items(f.evidence)
    context = {
        "report": obj,
        "version": version,
        "review": review,
        "status": review.status if review else Review.Status.PENDING,
        "status_label": review.get_status_display() if review else "待审核",
        "reviewer": reviewer,
        "groups": [g for g in groups if g["findings"]],
        "finding_count": len(findings),
        "cell_refs": cell_refs,
        "sections": review_sections(record, findings, cell_refs),
        "resolved": selectors.resolved_findings(request.user, obj),
        "history": selectors.report_history(obj, request.user),
        "assignees": workflow.assignable_users(request.user) if reviewer else [],
        "today": timezone.localdate().isoformat(),
        "back": _back(request, reverse("audit:queue"), param="back"),
        # A clerk answers a rectification request with a corrected file of this report.
        "can_upload": can_edit_report(request.user, obj),
    }
    return render(request, "audit/report.html", context)


@require_POST
@reviewer_only
def finding_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.select_related("version__report"),
        pk=pk,
        version__report__in=reports_visible_to(request.user).values("pk"),
    )
    text = request.POST.get("comment", "")
    services: dict[str, Callable[[], Any]] = {
        "confirm": lambda: workflow.finding_confirm(
            user=request.user, finding=finding, comment=text
        ),
        "dismiss": lambda: workflow.finding_dismiss(
            user=request.user, finding=finding, reason=text
        ),
        "reopen": lambda: workflow.finding_reopen(user=request.user, finding=finding, comment=text),
        "comment": lambda: workflow.finding_comment(user=request.user, finding=finding, text=text),
    }
    if action not in services:
        raise Http404("未知操作")
    done = {
        "confirm": "已确认问题",
        "dismiss": "已认定为误报",
        "reopen": "已重新打开",
        "comment": "已添加意见",
    }
    _run(request, services[action], done[action])
    if action in ("dismiss", "reopen", "confirm"):
        _hold_follows(finding)
    url = reverse("audit:report", args=[finding.version.report_id])
    return HttpResponseRedirect(f"{url}#finding-{finding.pk}")


@require_POST
@reviewer_only
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    obj = selectors.report_for(request.user, pk)
    if obj is None:
        raise Http404("报告不存在或不在您的范围内")
    post = request.POST
    services: dict[str, Callable[[], Any]] = {
        "assign": lambda: workflow.review_assign(
            user=request.user,
            report=obj,
            assignee=workflow.assignee_from_id(post.get("assignee", "")),
        ),
        "rectify": lambda: workflow.review_request_rectification(
            user=request.user,
            report=obj,
            due_date=_date(post.get("due_date", "")),
            message=post.get("message", ""),
        ),
        "pass": lambda: workflow.review_pass(
            user=request.user, report=obj, comment=post.get("comment", "")
        ),
        "release": lambda: _release(request.user, obj, post.get("comment", "")),
    }
    if action not in services:
        raise Http404("未知操作")
    done = {
        "assign": "已分配承办人",
        "rectify": "已要求整改",
        "pass": "已审核通过",
        "release": "已放行：报告将出现在公开页面和检索中",
    }
    _run(request, services[action], done[action])
    return HttpResponseRedirect(reverse("audit:report", args=[obj.pk]))


def _hold_follows(finding: Finding) -> None:
    """A decision on an identity finding (YEAR-MISMATCH, TEXT-SPAM) decides the publication
    hold too: dismissed as a false alarm, it no longer holds the report back; reopened, it
    does again. The index follows through the pipeline's task."""
    from reports.identity import IDENTITY_RULES
    from reports.pipeline import reindex_report, report_hold_update

    if finding.rule not in IDENTITY_RULES:
        return
    version = finding.version
    if report_hold_update(version):
        reindex_report.delay_on_commit(version.report_id)


def _release(user: Any, report: Report, comment: str) -> None:
    """放行 a held report, then put it back in the index (the pipeline's task: audit does not
    import search)."""
    from reports.pipeline import reindex_report

    workflow.report_release(user=user, report=report, comment=comment)
    reindex_report.delay_on_commit(report.pk)


def _run(request: HttpRequest, call: Callable[[], Any], done: str) -> None:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


# ---- export and dashboard -------------------------------------------------------------------


@require_GET
@reviewer_only
def export(request: HttpRequest, kind: str) -> HttpResponse:
    filters = selectors.QueueFilters.from_query(request.GET)
    rows = exports.rows_for_filters(request.user, filters)
    return exports.response(rows, kind)


@require_GET
@reviewer_only
def dashboard(request: HttpRequest) -> HttpResponse:
    data = dashboard_data.build(
        request.user, year=_int(request.GET.get("year")), region=request.GET.get("region", "")
    )
    return render(request, "audit/dashboard.html", {"d": data})


# ---- the record as tables with the findings' cells ------------------------------------------


def finding_cells(finding: Finding) -> list[str]:
    """Cell keys (``t3.R7.TOT``) a finding involves, read from its evidence.

    Evidence names cells as ``t3.ROW.COL`` (dict keys or list items); blank-cell findings list
    ``ROW.COL`` under their table target. Cells of the previous year's report
    (``previous.…``) are not on this page.
    """
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    refs: list[str] = []
    for name in ("cells", "blank"):
        value = evidence.get(name)
        if isinstance(value, dict):
            refs += [str(k) for k in value]
        elif isinstance(value, list):
            refs += [str(k) for k in value if isinstance(k, str)]
    out = []
    for ref in refs:
        if ref.startswith("previous."):
            continue
        parts = ref.split(".")
        if len(parts) == 3 and parts[0] in TABLE_SECTION:
            out.append(ref)
        elif len(parts) == 2:
            table = finding.target if finding.target in TABLE_SECTION else _table_of(parts[0])
            if table:
                out.append(f"{table}.{ref}")
    return list(dict.fromkeys(out))


def _table_of(row: str) -> str:
    if row in T4_GROUPS:
        return "t4"
    if row in T3_ROW_LABELS:
        return "t3"
    if row in T2_ROW_LABELS:
        return "t2"
    return ""


def review_sections(
    record: dict[str, Any], findings: list[Finding], cell_refs: dict[int, list[str]]
) -> list[dict[str, Any]]:
    """The record's sections with their tables; every cell knows the findings involving it."""
    involved: dict[str, list[Finding]] = {}
    for f in findings:
        for ref in cell_refs.get(f.pk, ()):
            involved.setdefault(ref, []).append(f)
    by_section: dict[str, list[Finding]] = {}
    for f in findings:
        if f.target in SECTION_TITLES:
            by_section.setdefault(f.target, []).append(f)
        elif f.target in TABLE_SECTION:
            by_section.setdefault(TABLE_SECTION[f.target], []).append(f)
    quotes = finding_quotes(findings)
    sections = []
    for key in SECTION_KEYS:
        section = (record.get("sections") or {}).get(key) or {}
        text = str(section.get("text") or "")
        # The tables' text dumps (``| 0 | 0 |``, glued digit runs) are read into the tables below;
        # shown apart, behind “原文”. The prose is not repaired: the auditor sees the damage.
        parts = split_text(text)
        prose = "\n".join(p.text for p in parts if p.kind == "prose")
        sections.append(
            {
                "key": key,
                "title": section.get("title") or SECTION_TITLES[key],
                "present": bool(section.get("present")),
                "text": text,
                "html": marked_text(prose, quotes) if prose.strip() else "",
                "raw": "\n".join(p.text for p in parts if p.kind == "table"),
                "findings": by_section.get(key, []),
                "tables": section_tables(record, key, cell=partial(_cell, involved)),
            }
        )
    return sections


QUOTE_KEYS = ("quotes", "pinyin", "mojibake")


def finding_quotes(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Text a finding quotes as evidence (a sentence, injected spam, damaged characters)."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        evidence = f.evidence if isinstance(f.evidence, dict) else {}
        for key in QUOTE_KEYS:
            values = evidence.get(key)
            for value in values if isinstance(values, list) else ():
                if isinstance(value, str) and len(value.strip()) >= 2:
                    out.setdefault(value.strip(), []).append(f)
    return out


def marked_text(text: str, quotes: dict[str, list[Finding]]) -> str:
    """``text`` as escaped HTML paragraphs with every quoted passage in ``<mark>``.

    Escaping happens piece by piece before any markup is added, so report text never becomes
    markup; the longest quote wins where two overlap.
    """
    spans: list[tuple[int, int, list[Finding]]] = []
    for quote in sorted(quotes, key=len, reverse=True):
        start = text.find(quote)
        while start >= 0:
            end = start + len(quote)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, quotes[quote]))
            start = text.find(quote, end)
    spans.sort(key=lambda span: span[0])
    parts: list[str] = []
    at = 0
    for start, end, found in spans:
        parts.append(escape(text[at:start]))
        rank = min(f.severity_rank for f in found)
        ids = " ".join(str(f.pk) for f in found)
        rules = "、".join(dict.fromkeys(f.rule for f in found))
        parts.append(
            f'<mark class="q hl-{rank}" data-findings="{ids}" title="涉及：{escape(rules)}">'
            f"{escape(text[start:end])}</mark>"
        )
        at = end
    parts.append(escape(text[at:]))
    return mark_safe(linebreaks("".join(parts), autoescape=False))


def _cell(
    involved: dict[str, Any], table: str, row: str, col: str, value: Any, meta: dict[str, Any]
) -> dict:
    """A table cell with the findings that involve it (highlighted on the review page)."""
    out = plain_cell(table, row, col, value, meta)
    found = involved.get(out["key"], [])
    out["findings"] = found
    out["severity"] = min((f.severity_rank for f in found), default=None)
    return out


# ---- small helpers --------------------------------------------------------------------------


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _back(request: HttpRequest, default: str, *, param: str = "next") -> str:
    target = request.POST.get(param) or request.GET.get(param) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
