"""Schemas of the audit-queue API (django-ninja); field names in English, values as stored."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from audit.workflow import MAX_BULK


class QueueRowOut(Schema):
    report_id: int
    agency: str
    region: str
    level: str
    year: int
    errors: int
    warnings: int
    infos: int
    worst_rule: str | None
    worst_message: str | None
    status: str
    status_label: str
    assignee: str | None
    due_date: dt.date | None
    deadline: str
    url: str


class QueueOut(Schema):
    total: int
    page: int
    pages: int
    results: list[QueueRowOut]


class FindingOut(Schema):
    id: int
    rule: str
    target: str | None
    severity: str
    message: str
    evidence: dict[str, Any]
    status: str
    cells: list[str]
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_comment: str


class HistoryOut(Schema):
    at: dt.datetime
    actor: str | None
    action: str
    finding_id: int | None
    change: str
    comment: str


class ReviewOut(Schema):
    report_id: int
    agency: str
    year: int
    version: int | None
    status: str
    status_label: str
    assignee: str | None
    due_date: dt.date | None
    rectification_message: str
    findings: list[FindingOut]


class ReasonIn(Schema):
    comment: str = ""


class AssignIn(Schema):
    assignee_id: int | None = None


class RectifyIn(Schema):
    due_date: dt.date
    message: str


class BulkIn(Schema):
    # At most MAX_BULK reports a request: a larger one is refused whole (422), not echoed.
    report_ids: list[Annotated[int, Field(ge=1, lt=2**63)]] = Field(..., max_length=MAX_BULK)
    action: str  # "assign" or "pass_info"
    assignee_id: int | None = None


class BulkOut(Schema):
    done: list[int]
    skipped: dict[int, str]


class TokenOut(Schema):
    token: str
    expires_in_days: int
