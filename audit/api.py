"""The audit queue through the API (``/api/audit/…``): the same selectors and services as the
pages (:mod:`audit.selectors`, :mod:`audit.workflow`), so both behave the same.

Auth: the browser session (with its CSRF token for writes) or a bearer token
(``Authorization: Bearer <token>``) issued by ``POST /api/audit/token`` to a logged-in user.
A token is signed, expires after ``TOKEN_DAYS`` and dies when the user's password changes.
Scope is the user's, as on the pages: a report outside it is a 404.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from reports.selectors import reports_visible_to

from . import selectors, workflow
from .models import Finding, Review
from .schemas import (
    AssignIn,
    BulkIn,
    BulkOut,
    HistoryOut,
    QueueOut,
    ReasonIn,
    RectifyIn,
    ReviewOut,
    TokenOut,
)
from .views import finding_cells

TOKEN_DAYS = 30
TOKEN_SALT = "audit.api.token"


def _password_tag(user: Any) -> str:
    return hashlib.sha256(user.password.encode()).hexdigest()[:12]


def issue_token(user: Any) -> str:
    """A signed bearer token for ``user`` (no database row; revoked by a password change)."""
    return signing.dumps({"u": user.pk, "p": _password_tag(user)}, salt=TOKEN_SALT)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_DAYS * 86400)
        except signing.BadSignature:
            return None
        user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
        if user is None or data.get("p") != _password_tag(user):
            return None
        request.user = user
        return user


AUTH = [BearerToken(), django_auth]
router = Router(tags=["审核"], auth=AUTH)


def _user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not selectors.can_read_workspace(user):
        raise HttpError(403, "您没有审核工作台的访问权限。")
    return user


def _report(user: Any, report_id: int) -> Any:
    report = selectors.report_for(user, report_id)
    if report is None:
        raise HttpError(404, "报告不存在或不在您的范围内")
    return report


def _finding(user: Any, finding_id: int) -> Finding:
    row = (
        Finding.objects.select_related("version__report")
        .filter(pk=finding_id, version__report__in=reports_visible_to(user).values("pk"))
        .first()
    )
    if row is None:
        raise HttpError(404, "问题不存在或不在您的范围内")
    return row


def _call(service: Any, **kwargs: Any) -> Any:
    try:
        return service(**kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "无权操作") from exc
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from exc


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _finding_out(f: Finding) -> dict[str, Any]:
    return {
        "id": f.pk,
        "rule": f.rule,
        "target": f.target or None,
        "severity": f.severity,
        "message": f.message,
        "evidence": f.evidence if isinstance(f.evidence, dict) else {},
        "status": f.status,
        "cells": finding_cells(f),
        "reviewed_by": _name(f.reviewed_by),
        "reviewed_at": f.reviewed_at,
        "review_comment": f.review_comment,
    }


def _review_out(user: Any, report: Any) -> dict[str, Any]:
    review = Review.objects.filter(report=report).select_related("assignee").first()
    version = report.current_version
    return {
        "report_id": report.pk,
        "agency": report.agency.name,
        "year": report.year,
        "version": version.number if version else None,
        "status": review.status if review else Review.Status.PENDING,
        "status_label": review.get_status_display() if review else "待审核",
        "assignee": _name(review.assignee) if review else None,
        "due_date": review.due_date if review else None,
        "rectification_message": review.rectification_message if review else "",
        "findings": [_finding_out(f) for f in selectors.report_findings(user, report)],
    }


# ---- reads ----------------------------------------------------------------------------------


@router.post(
    "/audit/token",
    response={200: TokenOut},
    url_name="audit_token",
    summary="签发访问令牌（需已登录）",
    auth=django_auth,
)
def token(request: HttpRequest) -> Any:
    user = _user(request)
    return {"token": issue_token(user), "expires_in_days": TOKEN_DAYS}


@router.get("/audit/queue", response={200: QueueOut}, url_name="audit_queue", summary="审核队列")
def queue(
    request: HttpRequest,
    severity: str = "",
    rule: str = "",
    region: str = "",
    level: str = "",
    year: int | None = None,
    status: str = "",
    assignee: str = "",
    overdue: bool = False,
    q: str = "",
    all: bool = False,
    sort: str = "worst",
    page: int = 1,
) -> Any:
    user = _user(request)
    filters = selectors.QueueFilters.from_query(
        {
            "severity": severity,
            "rule": rule,
            "region": region,
            "level": level,
            "year": str(year or ""),
            "status": status,
            "assignee": assignee,
            "overdue": "1" if overdue else "",
            "q": q,
            "all": "1" if all else "",
            "sort": sort,
            "page": str(page),
        }
    )
    result = selectors.queue_page(user, filters)
    return {
        "total": result.page.paginator.count,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "results": [
            {
                "report_id": r.report.pk,
                "agency": r.report.agency.name,
                "region": r.report.agency.region_name,
                "level": r.report.agency.level,
                "year": r.report.year,
                "errors": r.counts["error"],
                "warnings": r.counts["warning"],
                "infos": r.counts["info"],
                "worst_rule": r.worst.rule if r.worst else None,
                "worst_message": r.worst.message if r.worst else None,
                "status": r.status,
                "status_label": r.status_label,
                "assignee": _name(r.assignee),
                "due_date": r.due_date,
                "deadline": r.deadline,
                "url": reverse("audit:report", args=[r.report.pk]),
            }
            for r in result.rows
        ],
    }


@router.get(
    "/audit/reports/{report_id}",
    response={200: ReviewOut},
    url_name="audit_report",
    summary="报告的审核情况与问题",
)
def report(request: HttpRequest, report_id: int) -> Any:
    user = _user(request)
    return _review_out(user, _report(user, report_id))


@router.get(
    "/audit/reports/{report_id}/history",
    response={200: list[HistoryOut]},
    url_name="audit_history",
    summary="报告的处理记录",
)
def history(request: HttpRequest, report_id: int) -> Any:
    user = _user(request)
    if not workflow.is_reviewer(user):
        raise HttpError(403, "只有审核员或管理员可以查看处理记录。")
    entries = selectors.report_history(_report(user, report_id))
    return [
        {
            "at": e.at,
            "actor": _name(e.actor),
            "action": e.action,
            "finding_id": e.finding.pk if e.finding else None,
            "change": e.change,
            "comment": e.comment,
        }
        for e in entries
    ]


# ---- actions (the same services as the pages) -------------------------------------------------

FINDING_SERVICES = {
    "confirm": lambda user, f, text: workflow.finding_confirm(user=user, finding=f, comment=text),
    "dismiss": lambda user, f, text: workflow.finding_dismiss(user=user, finding=f, reason=text),
    "reopen": lambda user, f, text: workflow.finding_reopen(user=user, finding=f, comment=text),
    "comment": lambda user, f, text: workflow.finding_comment(user=user, finding=f, text=text),
}


@router.post(
    "/audit/findings/{finding_id}/{action}",
    response={200: ReviewOut},
    url_name="audit_finding_action",
    summary="处理问题：confirm 确认 / dismiss 误报（须填理由）/ reopen 撤销结论 / comment 意见",
)
def finding_action(request: HttpRequest, finding_id: int, action: str, body: ReasonIn) -> Any:
    user = _user(request)
    if action not in FINDING_SERVICES:
        raise HttpError(404, "未知操作")
    row = _finding(user, finding_id)
    _call(FINDING_SERVICES[action], user=user, f=row, text=body.comment)
    return _review_out(user, row.version.report)


@router.post(
    "/audit/reports/{report_id}/assign",
    response={200: ReviewOut},
    url_name="audit_assign",
    summary="分配承办人（assignee_id 为空则取消分配）",
)
def assign(request: HttpRequest, report_id: int, body: AssignIn) -> Any:
    user = _user(request)
    obj = _report(user, report_id)
    assignee = _call(workflow.assignee_from_id, value=body.assignee_id)
    _call(workflow.review_assign, user=user, report=obj, assignee=assignee)
    return _review_out(user, obj)


@router.post(
    "/audit/reports/{report_id}/rectify",
    response={200: ReviewOut},
    url_name="audit_rectify",
    summary="要求整改（整改期限与整改要求）",
)
def rectify(request: HttpRequest, report_id: int, body: RectifyIn) -> Any:
    user = _user(request)
    obj = _report(user, report_id)
    _call(
        workflow.review_request_rectification,
        user=user,
        report=obj,
        due_date=body.due_date,
        message=body.message,
    )
    return _review_out(user, obj)


@router.post(
    "/audit/reports/{report_id}/pass",
    response={200: ReviewOut},
    url_name="audit_pass",
    summary="审核通过",
)
def pass_(request: HttpRequest, report_id: int, body: ReasonIn) -> Any:
    user = _user(request)
    obj = _report(user, report_id)
    _call(workflow.review_pass, user=user, report=obj, comment=body.comment)
    return _review_out(user, obj)


@router.post(
    "/audit/bulk",
    response={200: BulkOut},
    url_name="audit_bulk",
    summary="批量操作：assign 分配承办人 / pass_info 通过仅有提示级别问题的报告",
)
def bulk(request: HttpRequest, body: BulkIn) -> Any:
    user = _user(request)
    if not workflow.is_reviewer(user):
        raise HttpError(403, "只有审核员或管理员可以进行此操作。")
    reports = list(reports_visible_to(user).filter(pk__in=body.report_ids))
    found = {r.pk for r in reports}
    missing = {pk: "报告不存在或不在您的范围内" for pk in body.report_ids if pk not in found}
    if body.action == "assign":
        assignee = _call(workflow.assignee_from_id, value=body.assignee_id)
        result = workflow.bulk_assign(user=user, reports=reports, assignee=assignee)
    elif body.action == "pass_info":
        result = workflow.bulk_pass_info_only(user=user, reports=reports)
    else:
        raise HttpError(400, "未知的批量操作。")
    return {"done": result.done, "skipped": {**result.skipped, **missing}}
