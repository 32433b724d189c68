"""Review services of the supervising office: the pages and the API call these.

Every function here checks that ``user`` may act on the report (a reviewer — 审核员 or 管理员 —
whose scope, per :func:`reports.selectors.reports_visible_to`, holds the report), changes
the state in one transaction and writes a :class:`~audit.models.ReviewEvent` (who, when, what,
before → after). Nothing is ever deleted.

Report status (``Review.Status``) follows the work::

    待审核 ──(assign / a decision on a finding)──▶ 审核中 ──(request rectification)──▶ 待整改
      ▲                                             ▲   │                                │
      │                                             │   └──(pass)──▶ 已通过               │
      │                          confirmed findings still fire      corrected version uploaded
      │                                             └───────────────────┬────────────────┘
      │                                                                 ▼ nothing confirmed fires
      │                                                               已整改 ──(pass)──▶ 已通过

:func:`on_version_audited` is the hook ``audit.services.audit_version`` calls after storing
findings: it moves the status when a corrected version comes in.

Failures raise :class:`django.core.exceptions.PermissionDenied` (not allowed) or
:class:`django.core.exceptions.ValidationError` (a Chinese message for the user).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reports.identity import PLACEHOLDER_PREFIX
from reports.models import Report, ReportVersion, StaffProfile, region_prefix
from reports.permissions import user_role
from reports.selectors import reports_visible_to

from .models import Finding, FindingEvent, Review, ReviewEvent

Status = Review.Status
Action = ReviewEvent.Action
REVIEWER_ROLES = (StaffProfile.Role.AUDITOR, StaffProfile.Role.ADMIN)

MAX_TEXT = 2000


# ---- who may do what ------------------------------------------------------------------------


def is_reviewer(user: Any) -> bool:
    """审核员 and 管理员 act on reviews; 录入员 only read their confirmed findings."""
    return user_role(user) in REVIEWER_ROLES and bool(user.has_perm("audit.change_review"))


def require_reviewer(user: Any, report: Report) -> None:
    """Raise unless ``user`` may decide on ``report`` (role and region)."""
    if not is_reviewer(user):
        raise PermissionDenied("只有审核员或管理员可以进行审核操作。")
    if not reports_visible_to(user).filter(pk=report.pk).exists():
        raise PermissionDenied("该报告不在您的监督范围内。")


# One bulk request decides at most this many reports (the page and the API alike).
MAX_BULK = 500


def assignee_from_id(value: int | str | None) -> Any | None:
    """The user an assignment names: ``None`` (empty) unassigns; an unknown or inactive user is
    refused, never read as "nobody" — that would clear the assignee and report success."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    user = (
        get_user_model().objects.filter(pk=int(text), is_active=True).first()
        if text.isdigit() and int(text) < 2**63  # a larger id is no row (and overflows SQL)
        else None
    )
    if user is None:
        raise ValidationError("承办人不存在或已停用，未做任何更改。")
    return user


def can_be_assigned(assignee: Any, report: Report) -> bool:
    """An assignee must be a reviewer whose region holds the report."""
    return (
        assignee is not None
        and is_reviewer(assignee)
        and reports_visible_to(assignee).filter(pk=report.pk).exists()
    )


def assignable_users(user: Any) -> list[Any]:
    """Reviewers a user may assign work to: those whose region overlaps the user's."""
    User = get_user_model()
    candidates = (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(staff_profile__role__in=REVIEWER_ROLES))
        .select_related("staff_profile")
    )
    role = user_role(user)
    prefix = ""
    if role == StaffProfile.Role.AUDITOR:
        prefix = region_prefix(user.staff_profile.region_code)
    out = []
    for u in candidates.order_by("username"):
        if not is_reviewer(u):
            continue
        if prefix and user_role(u) == StaffProfile.Role.AUDITOR:
            theirs = region_prefix(u.staff_profile.region_code)
            # Either region inside the other: they share reports.
            if not (theirs.startswith(prefix) or prefix.startswith(theirs)):
                continue
        out.append(u)
    return out


# ---- reading the state ----------------------------------------------------------------------


def review_for(report: Report) -> Review:
    """The report's review row, created (待审核, on the current version) when missing."""
    review = Review.objects.filter(report=report).first()
    if review is not None:
        return review
    current = ReportVersion.objects.filter(report=report, is_current=True).first()
    review, _ = Review.objects.get_or_create(report=report, defaults={"version": current})
    return review


def active_findings(report: Report) -> Any:
    """Findings on the current version still standing: open or confirmed."""
    return Finding.objects.filter(
        version__report=report, version__is_current=True, status__in=Finding.ACTIVE_STATUSES
    )


def _locked_review(report: Report) -> Review:
    review_for(report)
    return Review.objects.select_for_update().get(report=report)


def _log(
    review: Review,
    *,
    user: Any,
    action: str,
    before: dict[str, Any],
    comment: str = "",
    finding: Finding | None = None,
    after: dict[str, Any] | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        report_id=review.report_id,
        finding=finding,
        actor=user,
        action=action,
        before=before,
        after=review.state() if after is None else after,
        comment=comment,
    )


def _text(value: str | None, *, required: str | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(required)
    if len(text) > MAX_TEXT:
        raise ValidationError(f"内容过长（不超过 {MAX_TEXT} 字）。")
    return text


def _start(review: Review) -> None:
    """The first decision on a report moves it from 待审核 to 审核中."""
    if review.status == Status.PENDING:
        review.status = Status.IN_REVIEW


# ---- per finding ----------------------------------------------------------------------------


DISMISS_REASON_REQUIRED = "认定误报必须填写理由。"


def require_decidable(finding: Finding) -> None:
    """Raise unless a decision may be taken on ``finding`` (its version is current, and a
    corrected version has not resolved it)."""
    if not finding.version.is_current:
        raise ValidationError("只能审核当前版本的问题。")
    if finding.status == Finding.Status.RESOLVED:
        raise ValidationError("该问题已在更正版本中解决，无需再审核。")


def _finding_in_scope(user: Any, finding: Finding) -> Report:
    report = finding.version.report
    require_reviewer(user, report)
    require_decidable(finding)
    return report


def _decide(*, user: Any, finding: Finding, status: str, action: str, comment: str) -> Finding:
    report = _finding_in_scope(user, finding)
    with transaction.atomic():
        review = _locked_review(report)
        before = {"finding_status": finding.status, **review.state()}
        row = finding_review(finding=finding, user=user, status=status, comment=comment)
        _start(review)
        review.save()
        _log(
            review,
            user=user,
            action=action,
            before=before,
            after={"finding_status": row.status, **review.state()},
            comment=comment,
            finding=row,
        )
    return row


def finding_confirm(*, user: Any, finding: Finding, comment: str = "") -> Finding:
    """确认: the problem is real and the agency must rectify it."""
    return _decide(
        user=user,
        finding=finding,
        status=Finding.Status.CONFIRMED,
        action=Action.CONFIRM,
        comment=_text(comment),
    )


def finding_dismiss(*, user: Any, finding: Finding, reason: str) -> Finding:
    """误报: not a problem of the agency; the reason is required and kept."""
    reason = _text(reason, required=DISMISS_REASON_REQUIRED)
    return _decide(
        user=user,
        finding=finding,
        status=Finding.Status.DISMISSED,
        action=Action.DISMISS,
        comment=reason,
    )


def finding_reopen(*, user: Any, finding: Finding, comment: str = "") -> Finding:
    """Undo a decision: the finding is 待审核 again (the earlier decision stays in the history)."""
    return _decide(
        user=user,
        finding=finding,
        status=Finding.Status.OPEN,
        action=Action.REOPEN_FINDING,
        comment=_text(comment),
    )


def finding_comment(*, user: Any, finding: Finding, text: str) -> ReviewEvent:
    """A remark on a finding, kept in the report's history; the status does not change."""
    text = _text(text, required="意见不能为空。")
    report = finding.version.report
    require_reviewer(user, report)
    with transaction.atomic():
        review = _locked_review(report)
        before = review.state()
        return _log(
            review, user=user, action=Action.COMMENT, before=before, comment=text, finding=finding
        )


# ---- per report -----------------------------------------------------------------------------


def review_assign(*, user: Any, report: Report, assignee: Any | None) -> Review:
    """Give the report to a reviewer (``None`` takes it back)."""
    require_reviewer(user, report)
    if assignee is not None and not can_be_assigned(assignee, report):
        raise ValidationError("承办人必须是负责该地区的审核员或管理员。")
    with transaction.atomic():
        review = _locked_review(report)
        if review.assignee_id == (assignee.pk if assignee else None):
            return review
        before = review.state()
        review.assignee = assignee
        _start(review)
        review.save()
        name = _display_name(assignee) if assignee else "（无）"
        _log(review, user=user, action=Action.ASSIGN, before=before, comment=f"承办人：{name}")
    return review


def review_request_rectification(
    *, user: Any, report: Report, due_date: dt.date | None, message: str
) -> Review:
    """Tell the agency what to fix and by when; needs at least one confirmed finding."""
    require_reviewer(user, report)
    message = _text(message, required="请填写给机关的整改要求。")
    if due_date is None:
        raise ValidationError("请填写整改期限。")
    if due_date < timezone.localdate():
        raise ValidationError("整改期限不能早于今天。")
    if not active_findings(report).filter(status=Finding.Status.CONFIRMED).exists():
        raise ValidationError("请先确认至少一个需要整改的问题。")
    with transaction.atomic():
        review = _locked_review(report)
        before = review.state()
        review.status = Status.RECTIFYING
        review.due_date = due_date
        review.rectification_message = message
        review.save()
        _log(review, user=user, action=Action.RECTIFY, before=before, comment=message)
    return review


def review_pass(*, user: Any, report: Report, comment: str = "") -> Review:
    """审核通过. Refused while confirmed findings still stand on the current version."""
    require_reviewer(user, report)
    comment = _text(comment)
    confirmed = active_findings(report).filter(status=Finding.Status.CONFIRMED).count()
    if confirmed:
        raise ValidationError(f"仍有 {confirmed} 个已确认的问题未整改，不能通过。")
    with transaction.atomic():
        review = _locked_review(report)
        if review.status == Status.PASSED:
            return review
        before = review.state()
        review.status = Status.PASSED
        review.save()
        _log(review, user=user, action=Action.PASS, before=before, comment=comment)
    return review


def report_release(*, user: Any, report: Report, comment: str) -> Report:
    """放行: publish a report held back because its identity was in doubt.

    The auditor has checked the file (agency, year, spam) and says it may be public; the
    release holds for this file only (its hash): a new version is judged again by the pipeline.
    The caller re-indexes the report (audit does not import search).
    """
    require_reviewer(user, report)
    comment = _text(comment, required="请填写放行理由（已核实的内容）。")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.held_reason:
            raise ValidationError("该报告未被暂缓公开，无需放行。")
        if locked.agency.name.startswith(PLACEHOLDER_PREFIX):
            raise ValidationError("机关名称待核实：请先在“机关”中更正机关名称，再放行。")
        version = locked.current_version
        review = _locked_review(locked)
        reason = locked.held_reason
        Report.objects.filter(pk=locked.pk).update(
            held_reason="", hold_cleared_sha256=version.sha256 if version else ""
        )
        state = review.state()
        _log(
            review,
            user=user,
            action=Action.COMMENT,
            before=state,
            after=state,
            comment=f"放行公开：{comment}（暂缓原因：{reason}）",
        )
    report.held_reason = ""
    return report


# ---- bulk -----------------------------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk action did: reports changed, and those skipped with the reason."""

    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def bulk_assign(*, user: Any, reports: Iterable[Report], assignee: Any | None) -> BulkResult:
    result = BulkResult()
    for report in reports:
        try:
            review_assign(user=user, report=report, assignee=assignee)
        except (PermissionDenied, ValidationError) as exc:
            result.skipped[report.pk] = reason_of(exc)
        else:
            result.done.append(report.pk)
    return result


def bulk_pass_info_only(*, user: Any, reports: Iterable[Report]) -> BulkResult:
    """Pass the reports whose standing findings are all 提示 (info); skip the others."""
    result = BulkResult()
    for report in reports:
        if active_findings(report).exclude(severity=Finding.Severity.INFO).exists():
            result.skipped[report.pk] = "有错误或警告级别的问题"
            continue
        try:
            review_pass(user=user, report=report, comment="批量通过：仅有提示级别的问题")
        except (PermissionDenied, ValidationError) as exc:
            result.skipped[report.pk] = reason_of(exc)
        else:
            result.done.append(report.pk)
    return result


# ---- the pipeline hook ----------------------------------------------------------------------


def on_version_audited(version: ReportVersion) -> None:
    """Move the report's status after ``version`` was audited (called by ``audit_version``).

    A re-audit of the version the status is based on changes nothing. A new current version
    (a corrected upload): under 待整改 (or 已整改) it becomes 已整改 when no confirmed finding
    fires any more, else the report reopens (审核中); a passed report reopens when the new
    version has findings nobody decided on yet or confirmed ones.
    """
    if not version.is_current:
        return
    with transaction.atomic():
        _follow_version(version)


def _follow_version(version: ReportVersion) -> None:
    review = Review.objects.select_for_update().filter(report_id=version.report_id).first()
    if review is None:
        Review.objects.get_or_create(report_id=version.report_id, defaults={"version": version})
        return
    if review.version_id == version.pk:
        return
    standing = Finding.objects.filter(version=version, status__in=Finding.ACTIVE_STATUSES)
    confirmed = standing.filter(status=Finding.Status.CONFIRMED).count()
    open_count = standing.filter(status=Finding.Status.OPEN).count()
    resolved = Finding.objects.filter(resolved_by=version).count()
    before = review.state()
    review.version = version
    action = Action.REUPLOAD
    if review.status in (Status.RECTIFYING, Status.RECTIFIED):
        review.status = Status.IN_REVIEW if confirmed else Status.RECTIFIED
    elif review.status == Status.PASSED and (confirmed or open_count):
        review.status = Status.IN_REVIEW
    if review.status == Status.IN_REVIEW and before["status"] != Status.IN_REVIEW:
        action = Action.REOPEN
    review.save()
    _log(
        review,
        user=None,
        action=action,
        before=before,
        comment=f"第 {version.number} 版：{resolved} 个问题已解决，"
        f"{confirmed} 个已确认的问题仍然存在，{open_count} 个问题待审核。",
    )


# ---- helpers --------------------------------------------------------------------------------


def _display_name(user: Any) -> str:
    full = (user.get_full_name() or "").strip()
    return full or user.get_username()


def reason_of(exc: Exception) -> str:
    """The message of a refused action (a ValidationError's messages, or PermissionDenied's)."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "无权操作"


# ---- one finding ------------------------------------------------------------------------------------


def finding_review(*, finding: Finding, user: Any, status: str, comment: str = "") -> Finding:
    """A reviewer's decision on a finding: confirmed, dismissed, or back to open."""
    allowed = {Finding.Status.CONFIRMED, Finding.Status.DISMISSED, Finding.Status.OPEN}
    if status not in allowed:
        raise ValueError(f"不能手动设为“{status}”：只能确认、驳回或重新打开。")
    with transaction.atomic():
        row = Finding.objects.select_for_update().get(pk=finding.pk)
        before = row.review_state()
        row.status = status
        row.reviewed_by = user
        row.reviewed_at = timezone.now()
        row.review_comment = comment
        row.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
        )
        FindingEvent.objects.create(
            finding=row,
            actor=user,
            action=FindingEvent.Action.REVIEWED,
            before=before,
            after=row.review_state(),
            comment=comment,
        )
    return row
