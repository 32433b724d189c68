"""The audit queue in the admin: findings of the reports a staff member may see, and reviews.

Rows are scoped through :func:`audit.selectors.findings_visible_to` — the one rule for what a
staff member sees, the workspace's too (a clerk: confirmed findings of their agencies only).
A review (confirm / dismiss / reopen, with a comment) goes through the same workflow as the
audit workspace (:mod:`audit.workflow`): the reviewer's region is checked, a dismissal needs a
reason, the report moves from 待审核 to 审核中, and every decision is a :class:`FindingEvent` and
a line of the report's history.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from . import workflow
from .evidence import evidence_items, history_text
from .models import Finding, FindingEvent
from .selectors import findings_visible_to

SEVERITY_LABELS = {"error": "danger", "warning": "warning", "info": "info"}
STATUS_LABELS = {
    "open": "warning",
    "confirmed": "danger",
    "dismissed": "info",
    "resolved": "success",
}
REVIEW_CHOICES = [
    (Finding.Status.OPEN, Finding.Status.OPEN.label),
    (Finding.Status.CONFIRMED, Finding.Status.CONFIRMED.label),
    (Finding.Status.DISMISSED, Finding.Status.DISMISSED.label),
]


class FindingEventInline(TabularInline):
    model = FindingEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "actor", "before_text", "after_text", "comment")
    readonly_fields = fields
    verbose_name = "审核记录"
    verbose_name_plural = "审核记录（不可删除）"

    def get_queryset(self, request: HttpRequest) -> QuerySet[FindingEvent]:
        # Each row names its actor and (in the form) its finding: joined, not a query a row.
        return super().get_queryset(request).select_related("actor", "finding")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # Readable text, not the admin's highlighted JSON (one syntax highlighter per cell cost
    # ~3 ms a row: a finding with 30 history rows took 0.2 s to show).
    @display(description="操作前")
    def before_text(self, obj: FindingEvent) -> str:
        return history_text(obj.before)

    @display(description="操作后")
    def after_text(self, obj: FindingEvent) -> str:
        return history_text(obj.after)


class ReviewForm(forms.ModelForm):
    status = forms.ChoiceField(label="审核结论", choices=REVIEW_CHOICES)
    review_comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea)

    class Meta:
        model = Finding
        fields = ("status", "review_comment")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.has_changed():
            return data
        try:
            workflow.require_decidable(self.instance)  # the instance still holds the stored values
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        if (
            data.get("status") == Finding.Status.DISMISSED
            and not (data.get("review_comment") or "").strip()
        ):
            self.add_error("review_comment", workflow.DISMISS_REASON_REQUIRED)
        return data


def decide(user: Any, finding: Finding, status: str, comment: str = "") -> Finding:
    """One decision through the workflow (raises PermissionDenied / ValidationError)."""
    if status == Finding.Status.CONFIRMED:
        return workflow.finding_confirm(user=user, finding=finding, comment=comment)
    if status == Finding.Status.DISMISSED:
        return workflow.finding_dismiss(user=user, finding=finding, reason=comment)
    return workflow.finding_reopen(user=user, finding=finding, comment=comment)


class RuleFilter(admin.SimpleListFilter):
    """Rules from the registry, named in Chinese: not a DISTINCT over every finding."""

    title = "规则"
    parameter_name = "rule"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        from .rules.registry import all_rules

        return sorted((rule.id, f"{rule.title}（{rule.id}）") for rule in all_rules())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Finding]) -> QuerySet[Finding]:
        return queryset.filter(rule=self.value()) if self.value() else queryset


@admin.register(Finding)
class FindingAdmin(ModelAdmin):
    form = ReviewForm
    list_display = (
        "rule",
        "target",
        "severity_label",
        "status_label",
        "agency",
        "year",
        "version_number",
        "short_message",
    )
    list_filter = ("status", "severity", RuleFilter, "version__is_current", "version__report__year")
    search_fields = ("version__report__agency__name", "rule", "message")
    list_select_related = ("version__report__agency",)
    # Newest first by primary key: the database reads the first page off the index instead of
    # sorting every finding by the model's (version, severity, rule, target) order.
    ordering = ("-pk",)
    readonly_fields = (
        "rule",
        "target",
        "severity",
        "message",
        "evidence_text",
        "version",
        "ruleset_version",
        "resolved_by",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("rule", "target", "severity", "message", "evidence_text")}),
        ("审核", {"fields": ("status", "review_comment", "reviewed_by", "reviewed_at")}),
        ("来源", {"fields": ("version", "ruleset_version", "resolved_by", "created_at")}),
    )
    inlines = (FindingEventInline,)
    # No bulk dismissal: a dismissal needs its own reason (the change form asks for it).
    actions = ("confirm", "reopen")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Finding]:
        return findings_visible_to(request.user).select_related(
            "version__report__agency", "reviewed_by", "resolved_by"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # findings come from the rules only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a reviewed finding is history

    def save_model(self, request: HttpRequest, obj: Finding, form: Any, change: bool) -> None:
        if change and {"status", "review_comment"} & set(form.changed_data):
            fresh = Finding.objects.get(pk=obj.pk)  # the form has already set the new values
            decide(
                request.user,
                fresh,
                form.cleaned_data["status"],
                form.cleaned_data.get("review_comment") or "",
            )

    @display(description="证据")
    def evidence_text(self, obj: Finding) -> Any:
        items = evidence_items(obj.evidence)
        if not items:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}：{}", items)

    # -- list columns -------------------------------------------------------------------------

    @display(description="严重程度", label=SEVERITY_LABELS)
    def severity_label(self, obj: Finding) -> Any:
        return obj.severity, obj.get_severity_display()

    @display(description="处理状态", label=STATUS_LABELS)
    def status_label(self, obj: Finding) -> Any:
        return obj.status, obj.get_status_display()

    @display(description="机关", ordering="version__report__agency__name")
    def agency(self, obj: Finding) -> str:
        return obj.version.report.agency.name

    @display(description="年度", ordering="version__report__year")
    def year(self, obj: Finding) -> int:
        return obj.version.report.year

    @display(description="版本")
    def version_number(self, obj: Finding) -> str:
        suffix = "（当前）" if obj.version.is_current else ""
        return f"第 {obj.version.number} 版{suffix}"

    @display(description="说明")
    def short_message(self, obj: Finding) -> str:
        return obj.message if len(obj.message) <= 60 else obj.message[:60] + "…"

    # -- review actions -----------------------------------------------------------------------

    def _review(self, request: HttpRequest, queryset: QuerySet[Finding], status: str) -> None:
        done: list[Finding] = []
        refused: list[str] = []
        for finding in queryset:
            try:
                done.append(decide(request.user, finding, status))
            except (PermissionDenied, ValidationError) as exc:
                refused.append(f"{finding.rule}：{workflow.reason_of(exc)}")
        label = Finding.Status(status).label
        if done:
            self.message_user(
                request, f"已将 {len(done)} 条审核发现标记为“{label}”。", messages.SUCCESS
            )
        if refused:
            self.message_user(
                request,
                f"{len(refused)} 条未处理："
                + "；".join(refused[:5])
                + ("等" if len(refused) > 5 else ""),
                messages.WARNING,
            )

    @admin.action(description="确认所选发现", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        self._review(request, queryset, Finding.Status.CONFIRMED)

    @admin.action(description="重新打开所选发现", permissions=["change"])
    def reopen(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        self._review(request, queryset, Finding.Status.OPEN)
