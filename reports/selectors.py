"""Reads shared by admin, views and the API — the single source of who sees which rows.

Scoping:

- 管理员 and superusers: everything.
- 录入员: the agencies assigned to them, and those agencies' reports.
- 审核员: every agency whose 行政区划代码 lies in their region's subtree, and their reports.
- anyone else (anonymous, inactive, staff without a role): nothing.

Every staff-facing queryset must start from one of these functions; never filter by role in a
view. Public pages use :func:`reports_public`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from reports.models import Agency, Report, ReportVersion, StaffProfile, region_prefix
from reports.permissions import user_role


def _agency_filter(user: Any) -> Q | None:
    """A filter on ``Agency`` for ``user``; ``None`` means no restriction."""
    role = user_role(user)
    if role == StaffProfile.Role.ADMIN:
        return None
    if role == StaffProfile.Role.CLERK:
        return Q(clerks__user=user)
    if role == StaffProfile.Role.AUDITOR:
        prefix = region_prefix(user.staff_profile.region_code)
        if prefix:
            return Q(region_code__startswith=prefix)
    return Q(pk__in=[])


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    condition = _agency_filter(user)
    qs = Agency.objects.all()
    if condition is None:
        return qs
    # pk__in keeps the queryset free of the M2M join (no duplicates, cheap to combine).
    return qs.filter(pk__in=Agency.objects.filter(condition).values("pk"))


def reports_visible_to(user: Any) -> QuerySet[Report]:
    condition = _agency_filter(user)
    qs = Report.objects.select_related("agency")
    if condition is None:
        return qs
    return qs.filter(agency__in=Agency.objects.filter(condition).values("pk"))


def sees_every_agency(user: Any) -> bool:
    """No restriction to filter by (an administrator): callers skip the filter altogether — an
    always-true ``IN (every report)`` still costs the database its index order."""
    return _agency_filter(user) is None


def versions_visible_to(user: Any) -> QuerySet[ReportVersion]:
    if sees_every_agency(user):
        return ReportVersion.objects.all()
    return ReportVersion.objects.filter(report__in=reports_visible_to(user).values("pk"))


def can_edit_report(user: Any, report: Report) -> bool:
    """Uploading a new version: clerks for their agencies, admins for all (auditors read only)."""
    if not user.has_perm("gxnb_portal.change_report"):
        return False
    return reports_visible_to(user).filter(pk=report.pk).exists()


def agencies_unrouted() -> QuerySet[Agency]:
    """Agencies no active auditor covers: no 行政区划代码, or one outside every auditor's region.

    Their reports would reach no auditor's queue; they are the administrators' to review
    (administrators see every report), and the dashboard counts them.
    """
    prefixes = {
        region_prefix(code)
        for code in StaffProfile.objects.filter(
            role=StaffProfile.Role.AUDITOR, user__is_active=True
        ).values_list("region_code", flat=True)
    }
    covered = Q(pk__in=[])
    for prefix in sorted(p for p in prefixes if p):
        covered |= Q(region_code__startswith=prefix)
    return Agency.objects.exclude(covered)


def reports_unrouted() -> QuerySet[Report]:
    return Report.objects.filter(agency__in=agencies_unrouted().values("pk"))


def reports_public() -> QuerySet[Report]:
    """Reports the public may read: those with a current version that parsed, and not held back.

     A report whose identity is in doubt (``Report.held_reason``, set by the pipeline after the
     audit, cleared by an auditor) is left out of every public page, the public API and the index
    .
    """
    current = ReportVersion.objects.filter(is_current=True).exclude(
        status__in=[ReportVersion.Status.UPLOADED, ReportVersion.Status.FAILED]
    )
    return (
        Report.objects.select_related("agency")
        .filter(versions__in=current, held_reason="")
        .prefetch_related(Prefetch("versions", queryset=current))
    )


def current_versions() -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(is_current=True).select_related("report__agency")
