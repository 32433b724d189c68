"""Stored findings: one row per (report version, rule, target), with the reviewer's decision.

A finding keeps the same ``fingerprint`` — a hash of (rule, target) — across re-audits and across
versions of a report, so a reviewer's decision (confirmed / dismissed) follows the problem from
one upload to the corrected next one, and a problem that no longer fires is closed as resolved
by the version that fixed it. Every change is a :class:`FindingEvent`; events are never deleted.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from reports.models import ReportVersion


def fingerprint(rule: str, target: str | None) -> str:
    """Stable identity of a finding within a report: the same for every run and version."""
    return hashlib.sha256(f"{rule}\x1f{target or ''}".encode()).hexdigest()


SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


class Finding(models.Model):
    """One finding of the audit rules on one report version."""

    class Severity(models.TextChoices):
        ERROR = "error", "错误"
        WARNING = "warning", "警告"
        INFO = "info", "提示"

    class Status(models.TextChoices):
        OPEN = "open", "待审核"
        CONFIRMED = "confirmed", "已确认"
        DISMISSED = "dismissed", "已驳回（误报）"
        RESOLVED = "resolved", "已解决"

    # Decisions a person makes; they are carried over to the next version of the report.
    REVIEW_DECISIONS = frozenset({Status.CONFIRMED, Status.DISMISSED})
    # Findings that still stand against a report: not yet reviewed, or confirmed by a reviewer.
    ACTIVE_STATUSES = (Status.OPEN, Status.CONFIRMED)

    version = models.ForeignKey(
        ReportVersion,
        verbose_name="报告版本",
        on_delete=models.PROTECT,
        related_name="audit_findings",
    )
    rule = models.CharField("规则", max_length=40, db_index=True)
    target = models.CharField("位置", max_length=60, blank=True, default="")
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices)
    # Errors first when sorting; kept in step with ``severity`` by save().
    severity_rank = models.PositiveSmallIntegerField("严重程度排序", default=0, editable=False)
    message = models.TextField("说明")
    evidence = models.JSONField("证据", default=dict, blank=True)
    fingerprint = models.CharField("指纹", max_length=64, editable=False)
    ruleset_version = models.CharField("规则集版本", max_length=20)
    status = models.CharField(
        "处理状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_by = models.ForeignKey(
        ReportVersion,
        verbose_name="由此版本解决",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolved_findings",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "审核发现"
        verbose_name_plural = "审核发现"
        ordering = ("version", "severity_rank", "rule", "target")
        constraints = (
            models.UniqueConstraint(
                fields=["version", "fingerprint"], name="finding_unique_per_version"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["error", "warning", "info"]),
                name="finding_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "confirmed", "dismissed", "resolved"]),
                name="finding_status_valid",
            ),
        )
        indexes = (
            models.Index(fields=["fingerprint"], name="finding_fingerprint_idx"),
            # covers the audit queue's per-report counts (version → standing findings by
            # severity) so the aggregate never reads the wide rows (message, evidence).
            models.Index(fields=["version", "status", "severity_rank"], name="finding_queue_idx"),
        )

    def __str__(self) -> str:
        where = f" · {self.target}" if self.target else ""
        return f"{self.rule}{where}（{self.get_severity_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fingerprint = fingerprint(self.rule, self.target)
        self.severity_rank = SEVERITY_RANK.get(self.severity, len(SEVERITY_RANK))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "severity" in update_fields:
            kwargs["update_fields"] = {*update_fields, "severity_rank"}
        super().save(*args, **kwargs)

    def as_dict(self) -> dict[str, Any]:
        """The ``record.md`` shape of a finding."""
        return {
            "rule": self.rule,
            "target": self.target or None,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
        }

    def review_state(self) -> dict[str, Any]:
        """What a :class:`FindingEvent` records as before/after."""
        return {
            "status": self.status,
            "severity": self.severity,
            "reviewed_by": self.reviewed_by_id,
            "review_comment": self.review_comment,
            "resolved_by": self.resolved_by_id,
        }


class HistoryQuerySet(models.QuerySet):
    """Decision history is append-only: bulk deletes are refused like single ones."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审核记录不能删除。")


class HistoryRecord(models.Model):
    """Base of the decision histories: rows are added, never deleted (one by one or in bulk).

    Each row says who (``actor``; empty for the system) did what (the subclass's ``action``,
    with its own choices) when, with the state ``before`` and ``after`` and a ``comment``.
    """

    # PROTECT: a user with history is deactivated, never deleted, so every decision keeps the
    # name of who took it (SET_NULL would turn it into a "system" action).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示系统自动操作。有审核记录的用户只能停用，不能删除。",
    )
    before = models.JSONField("操作前", default=dict, blank=True)
    after = models.JSONField("操作后", default=dict, blank=True)
    comment = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审核记录不能删除。")


class FindingEvent(HistoryRecord):
    """History of a finding: who did what when, the state before and after, a comment."""

    class Action(models.TextChoices):
        CREATED = "created", "发现"
        CARRIED = "carried", "沿用上一版本的审核结论"
        REVIEWED = "reviewed", "人工审核"
        UPDATED = "updated", "重新审核后更新"
        RESOLVED = "resolved", "不再出现，已解决"
        REOPENED = "reopened", "再次出现"

    finding = models.ForeignKey(
        Finding, verbose_name="审核发现", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ("finding", "created_at", "id")
        constraints = (
            models.CheckConstraint(
                condition=Q(
                    action__in=["created", "carried", "reviewed", "updated", "resolved", "reopened"]
                ),
                name="finding_event_action_valid",
            ),
        )

    def __str__(self) -> str:
        return f"{self.finding} · {self.get_action_display()}"


class VersionAudit(models.Model):
    """Which rule set last audited a version, so a new ``RULESET_VERSION`` re-audits it."""

    version = models.OneToOneField(
        ReportVersion,
        verbose_name="报告版本",
        on_delete=models.PROTECT,
        related_name="audit_run",
    )
    ruleset_version = models.CharField("规则集版本", max_length=20, db_index=True)
    previous_version = models.ForeignKey(
        ReportVersion,
        verbose_name="对比的上一年度报告版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counts = models.JSONField("发现数量", default=dict, blank=True)
    audited_at = models.DateTimeField("审核时间")

    class Meta:
        verbose_name = "审核运行"
        verbose_name_plural = "审核运行"

    def __str__(self) -> str:
        return f"{self.version} · 规则集 {self.ruleset_version}"


# ==== Report review workflow (the supervising office's audit queue) ==============
# One ``Review`` per report carries the office's verdict on it; ``ReviewEvent`` is its history.
# Finding-level decisions stay in ``Finding`` / ``FindingEvent`` above; the review page merges both.


class Review(models.Model):
    """The supervising office's handling of one report: status, assignee, rectification order.

    Created lazily (a report without one is 待审核). Changed only through ``audit.workflow``,
    which writes a :class:`ReviewEvent` for every change.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        IN_REVIEW = "in_review", "审核中"
        RECTIFYING = "rectifying", "待整改"
        RECTIFIED = "rectified", "已整改"
        PASSED = "passed", "已通过"

    report = models.OneToOneField(
        "gxnb_portal.Report",
        verbose_name="报告",
        on_delete=models.PROTECT,
        related_name="review",
    )
    status = models.CharField(
        "审核状态", max_length=12, choices=Status.choices, default=Status.PENDING
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField("整改期限", null=True, blank=True)
    rectification_message = models.TextField("整改要求", blank=True)
    # The version whose audit outcome the status was last evaluated on: a later audit of the
    # same version (a rule-set re-run) is not a corrected upload.
    version = models.ForeignKey(
        ReportVersion,
        verbose_name="依据的报告版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报告审核"
        verbose_name_plural = "报告审核"
        constraints = (
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "in_review", "rectifying", "rectified", "passed"]
                ),
                name="review_status_valid",
            ),
        )
        indexes = (
            models.Index(fields=["status"], name="review_status_idx"),
            models.Index(fields=["assignee", "status"], name="review_assignee_idx"),
            models.Index(fields=["due_date"], name="review_due_idx"),
        )

    def __str__(self) -> str:
        return f"{self.report} · {self.get_status_display()}"

    def state(self) -> dict[str, Any]:
        """What a :class:`ReviewEvent` records as before/after."""
        return {
            "status": self.status,
            "assignee": self.assignee_id,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "rectification_message": self.rectification_message,
        }


class ReviewEvent(HistoryRecord):
    """One decision on a report (or a comment on one of its findings): who, when, before → after."""

    class Action(models.TextChoices):
        ASSIGN = "assign", "分配承办人"
        START = "start", "开始审核"
        CONFIRM = "confirm", "确认问题"
        DISMISS = "dismiss", "认定误报"
        REOPEN_FINDING = "reopen_f", "重新打开问题"
        COMMENT = "comment", "意见"
        RECTIFY = "rectify", "要求整改"
        PASS = "pass", "审核通过"
        REUPLOAD = "reupload", "上传更正版本"
        REOPEN = "reopen", "重新打开"

    report = models.ForeignKey(
        "gxnb_portal.Report",
        verbose_name="报告",
        on_delete=models.PROTECT,
        related_name="review_events",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name="审核发现",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_events",
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = "报告审核记录"
        verbose_name_plural = "报告审核记录"
        ordering = ("report", "created_at", "id")

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"
