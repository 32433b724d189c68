"""Exports for the office's 通报 (report to superiors): CSV (UTF-8 with BOM, so Excel reads the
Chinese) and XLSX (openpyxl), with Chinese headers.

One row per confirmed finding of the reports' current versions; a report without a confirmed
finding still gets one row (rule columns empty), so the 通报 lists every report in the region
and year. The XLSX also has a per-report sheet with the counts and the workflow status.
Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is prefixed
with an apostrophe: report text comes from the public web.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.models import Agency, Report

from .models import Finding, Review
from .selectors import QueueFilters, queue_queryset

FINDING_HEADERS = (
    "机关",
    "行政区划",
    "类别",
    "报告年度",
    "报告审核状态",
    "规则",
    "严重程度",
    "说明",
    "证据",
    "问题状态",
    "整改期限",
)
REPORT_HEADERS = (
    "机关",
    "行政区划",
    "类别",
    "报告年度",
    "发布日期",
    "是否逾期发布",
    "错误",
    "警告",
    "提示",
    "报告审核状态",
    "承办人",
    "整改期限",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LEVELS = dict(Agency.Level.choices)
STATUSES = dict(Review.Status.choices)
SEVERITIES = dict(Finding.Severity.choices)
FINDING_STATUSES = dict(Finding.Status.choices)


@dataclass
class Export:
    reports: list[list[Any]]
    findings: list[list[Any]]


def rows_for_filters(user: Any, filters: QueueFilters) -> Export:
    """Every report the queue filters select (all pages, any status)."""
    reports = queue_queryset(user, QueueFilters(**{**filters.__dict__, "all": True, "page": 1}))
    return _rows(list(reports))


def rows_for_reports(user: Any, reports: Iterable[Report]) -> Export:
    """The given reports (already scoped by the caller), e.g. those ticked in the queue."""
    ids = [r.pk for r in reports]
    qs = queue_queryset(user, QueueFilters(all=True)).filter(pk__in=ids)
    return _rows(list(qs))


def _rows(reports: list[Report]) -> Export:
    confirmed: dict[int, list[Finding]] = {}
    for f in (
        Finding.objects.filter(
            version__report_id__in=[r.pk for r in reports],
            version__is_current=True,
            status=Finding.Status.CONFIRMED,
        )
        .select_related("version")
        .order_by("severity_rank", "rule", "target")
    ):
        confirmed.setdefault(f.version.report_id, []).append(f)
    out = Export(reports=[], findings=[])
    for r in sorted(reports, key=lambda r: (r.agency.region_code, r.agency.name, r.year)):
        review = _review(r)
        status = STATUSES.get(r.review_status, "")
        due = review.due_date.isoformat() if review and review.due_date else ""
        base = [r.agency.name, r.agency.region_name, LEVELS.get(r.agency.level, ""), r.year]
        late = r.is_late()
        out.reports.append(
            [
                *base,
                r.published.isoformat() if r.published else "",
                "" if late is None else ("是" if late else "否"),
                r.n_error,
                r.n_warning,
                r.n_info,
                status,
                _name(review.assignee) if review and review.assignee else "",
                due,
            ]
        )
        rows = confirmed.get(r.pk) or []
        if not rows:
            out.findings.append([*base, status, "", "", "（无已确认问题）", "", "", due])
        for f in rows:
            out.findings.append(
                [
                    *base,
                    status,
                    f.rule,
                    SEVERITIES.get(f.severity, f.severity),
                    f.message,
                    json.dumps(f.evidence, ensure_ascii=False, sort_keys=True),
                    FINDING_STATUSES.get(f.status, f.status),
                    due,
                ]
            )
    return out


def _review(report: Report) -> Review | None:
    try:
        return report.review
    except Review.DoesNotExist:
        return None


def _name(user: Any) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def safe_cell(value: Any) -> Any:
    """A value a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(data: Export) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FINDING_HEADERS)
    for row in data.findings:
        writer.writerow([safe_cell(v) for v in row])
    # The BOM makes Excel open the file as UTF-8 (without it, Chinese is garbled).
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(data: Export) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "已确认问题"
    _fill(sheet, FINDING_HEADERS, data.findings, widths=(28, 10, 6, 8, 10, 16, 8, 60, 40, 10, 12))
    reports = book.create_sheet("报告")
    _fill(reports, REPORT_HEADERS, data.reports, widths=(28, 10, 6, 8, 12, 10, 6, 6, 6, 10, 10, 12))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(
    sheet: Any, headers: tuple[str, ...], rows: list[list[Any]], widths: tuple[int, ...]
) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width


def response(data: Export, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404("不支持的导出格式")
    body = to_xlsx(data) if kind == "xlsx" else to_csv(data)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    resp = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    # ASCII fallback name plus the RFC 5987 Chinese one.
    name = f"audit-{stamp}.{kind}"
    cn = f"审核通报-{stamp}.{kind}"
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(cn)}"
    return resp
