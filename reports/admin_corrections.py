"""The admin's correction page: one version's parsed record beside its extracted text.

Staff see every cell that was left unread, doubtful, or decided by plausibility, with the text it
was read from, and correct cells and section boundaries; each correction is stored with who, when,
old → new (:mod:`reports.correction_services`), the report is re-audited and re-indexed at once, and the
history and the parser's own record stay visible. Scoping: the version is looked up through
:func:`reports.selectors.versions_visible_to`; saving needs :func:`reports.corrections.can_correct`
(a clerk's own agencies, an auditor's region, admins).

No script: plain forms (the admin's CSP allows no inline script), everything from the report
is autoescaped by the template.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin
from unfold.decorators import display

from audit.models import Finding
from audit.selectors import findings_visible_to
from reader import record as rec
from reports import correction_services, corrections
from reports.models import Correction, ReportVersion
from reports.record_tables import CAPTIONS
from reports.record_view import record_context, render_record
from reports.selectors import versions_visible_to

# Lines offered as section headings: short lines with Chinese text.
HEADING_CANDIDATE_MAX = 60
HEADING_CANDIDATES_LIMIT = 500


def corrections_url(version: ReportVersion) -> str:
    return reverse(
        "admin:gxnb_portal_report_corrections",
        kwargs={"object_id": version.report_id, "version_id": version.pk},
    )


def target_label(target: str) -> str:
    """``t3.R1.NP`` → ``表三 · （一）予以公开 · 自然人``; ``s4`` → the section's title."""
    if target in rec.SECTION_TITLES:
        return f"部分 · {rec.SECTION_TITLES[target]}"
    parts = target.split(".")
    if len(parts) != 3:
        return target
    table, row, col = parts
    caption = CAPTIONS.get(table, table).split(" ")[0]
    if table == "t3":
        return f"{caption} · {rec.T3_ROW_LABELS.get(row, row)[:16]} · {rec.T3_COL_LABELS.get(col, col)}"
    if table == "t4":
        return (
            f"{caption} · {rec.T4_GROUP_LABELS.get(row, row)} · {rec.T4_COL_LABELS.get(col, col)}"
        )
    return f"{caption} · {rec.T2_ROW_LABELS.get(row, row)} · {rec.T2_COL_LABELS.get(col, col)}"


def show_value(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, dict):
        if not value.get("present"):
            return "（无此部分）"
        title = value.get("title") or value.get("heading") or "（无标题）"
        end = value.get("end")
        return f"“{title}”" + (f"，止于“{end}”" if end else "")
    return str(value)


def _history_rows(version: ReportVersion) -> list[dict[str, Any]]:
    rows = corrections.history(version)
    effective = {r.pk for r in corrections.effective_corrections(version)}
    out = []
    for row in reversed(rows):
        if row.pk in effective:
            status = row.get_status_display()
        else:
            status = "已被后续更正取代"
        out.append(
            {
                "id": row.pk,
                "at": row.created_at,
                "by": (row.created_by.get_full_name() or row.created_by.get_username())
                if row.created_by
                else "—",
                "version": row.version.number,
                "target": row.target,
                "label": target_label(row.target),
                "parsed": show_value(row.parsed_value),
                "old": show_value(row.old_value),
                "new": show_value(row.new_value),
                "status": status,
                "flagged": row.pk in effective and row.status == Correction.Status.REVIEW,
                "note": row.review_note,
                "comment": row.comment,
                "parser_version": row.parser_version,
            }
        )
    return out


def _stale_rows(version: ReportVersion) -> list[Correction]:
    return list(
        Correction.objects.filter(version=version, status=Correction.Status.STALE).select_related(
            "created_by"
        )
    )


def _text_lines(text: str) -> list[dict[str, Any]]:
    return [{"n": i, "text": line} for i, line in enumerate(text.splitlines(), 1)]


def _with_lines(context: dict[str, Any], text: str) -> dict[str, Any]:
    """Give each table row with a source text the number of the line it starts on (a link into
    the original beside the tables)."""
    lines = text.splitlines()
    for table in context.get("tables") or []:
        for row in table.get("rows") or []:
            source = str(row.get("source") or "").strip()
            probe = source.splitlines()[0][:20] if source else ""
            if probe:
                row["line"] = next((i for i, ln in enumerate(lines, 1) if probe in ln), None)
    return context


def _heading_candidates(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in text.splitlines():
        line = line.strip()
        if 2 <= len(line) <= HEADING_CANDIDATE_MAX and any(
            "\u4e00" <= ch <= "\u9fff" for ch in line
        ):
            seen.setdefault(line, None)
        if len(seen) >= HEADING_CANDIDATES_LIMIT:
            break
    return list(seen)


def _findings(user: Any, version: ReportVersion) -> list[Any]:
    """The version's standing findings that ``user`` may read (a clerk: confirmed ones only)."""
    return list(
        findings_visible_to(user)
        .filter(version=version, status__in=Finding.ACTIVE_STATUSES)
        .order_by("severity_rank", "rule", "target")
    )


def corrections_view(
    model_admin: Any, request: HttpRequest, object_id: str, version_id: int
) -> HttpResponse:
    if not model_admin.has_view_or_change_permission(request):
        raise Http404
    version = get_object_or_404(
        versions_visible_to(request.user).select_related("report__agency"),
        pk=version_id,
        report_id=object_id,
    )
    allowed = corrections.can_correct(request.user, version.report)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        _handle_post(request, version)
        return redirect(corrections_url(version))

    record = version.record if isinstance(version.record, dict) else None
    parsed = corrections.parser_record(version) if record else None
    has_parsed_copy = record is not None and parsed is not record
    text = version.extracted_text or str((record or {}).get("text") or "")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"核对与更正：{version.report} · 第 {version.number} 版",
        "version": version,
        "report": version.report,
        "allowed": allowed,
        "record_ctx": _with_lines(record_context(record, skeleton=True), text),
        "text_lines": _text_lines(text),
        "heading_candidates": _heading_candidates(text),
        "history": _history_rows(version) if record else [],
        "stale": _stale_rows(version),
        "findings": _findings(request.user, version) if record else [],
        "parsed_html": render_record(parsed) if has_parsed_copy else "",
        "download_url": reverse(
            "admin:gxnb_portal_report_original",
            kwargs={"object_id": version.report_id, "version_id": version.pk},
        ),
        "report_url": reverse("admin:gxnb_portal_report_change", args=[version.report_id]),
    }
    return TemplateResponse(request, "admin/gxnb_portal/corrections.html", context)


def _handle_post(request: HttpRequest, version: ReportVersion) -> None:
    action = request.POST.get("action")
    comment = (request.POST.get("comment") or "").strip()
    try:
        if action == "cells":
            _post_cells(request, version, comment)
        elif action == "section":
            _post_section(request, version, comment)
        elif action == "confirm":
            row = get_object_or_404(
                Correction, pk=request.POST.get("correction"), version__report=version.report
            )
            correction_services.confirm(version, row, request.user)
            messages.success(request, f"已确认更正：{target_label(row.target)}")
        else:
            messages.error(request, "未知的操作。")
    except corrections.CorrectionError as exc:
        messages.error(request, f"未保存：{exc.message}")


def _post_cells(request: HttpRequest, version: ReportVersion, comment: str) -> None:
    record = version.record or {}
    typed: dict[str, str] = {}
    for name, raw in request.POST.items():
        if not name.startswith("cell:"):
            continue
        target = name[len("cell:") :]
        raw = raw.strip()
        current = corrections.cell_value(record, target)
        # Only what the person changed: an untouched input shows the current value.
        if raw != ("" if current is None else str(current)):
            typed[target] = raw
    made = correction_services.correct_cells(version, request.user, typed, comment=comment)
    if made:
        changes = "；".join(
            f"{target_label(r.target)}：{show_value(r.old_value)} → {show_value(r.new_value)}"
            for r in made
        )
        messages.success(request, f"已保存 {len(made)} 处更正并重新审核：{changes}")
    else:
        messages.info(request, "没有改动。")


def _post_section(request: HttpRequest, version: ReportVersion, comment: str) -> None:
    key = request.POST.get("section") or ""
    if key not in rec.SECTION_KEYS:
        raise corrections.CorrectionError("请选择要更正的部分。")
    absent = request.POST.get("absent") == "1"
    made = correction_services.correct_section(
        version,
        request.user,
        key,
        heading=None if absent else (request.POST.get("heading") or "").strip(),
        end=(request.POST.get("end") or "").strip() or None,
        comment=comment,
    )
    if made is None:
        messages.info(request, "没有改动。")
    else:
        messages.success(
            request,
            f"已保存更正并重新审核：{target_label(key)}：{show_value(made.old_value)} → "
            f"{show_value(made.new_value)}",
        )


# ---- every correction, in one list (flagged ones to review after a parser upgrade) -----------------


@admin.register(Correction)
class CorrectionAdmin(ModelAdmin):
    """Read only: corrections are made on the correction page, which this list links to."""

    list_display = ("created_at", "report_link", "place", "change", "status", "created_by")
    list_filter = ("status", "kind")
    search_fields = ("version__report__agency__name", "target")
    list_select_related = ("version__report__agency", "created_by")
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Correction]:
        return Correction.objects.filter(
            version__in=versions_visible_to(request.user).values("pk")
        ).select_related("version__report__agency", "created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history of corrections is kept

    @display(description="报告")
    def report_link(self, obj: Correction) -> str:
        return format_html(
            '<a href="{}">{} · 第 {} 版</a>',
            corrections_url(obj.version),
            obj.version.report,
            obj.version.number,
        )

    @display(description="位置")
    def place(self, obj: Correction) -> str:
        return target_label(obj.target)

    @display(description="更正前 → 更正后")
    def change(self, obj: Correction) -> str:
        return f"{show_value(obj.old_value)} → {show_value(obj.new_value)}"
