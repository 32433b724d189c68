"""Reads of stored findings that other parts share (admin, search documents, API).

Scoping by user goes through :mod:`gxnb_portal.selectors`; these functions take the version or
queryset already scoped.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gxnb_portal.models import ReportVersion

from .models import Finding

# Findings a reviewer still has to look at or has confirmed: what a report "has".
ACTIVE_STATUSES = (Finding.Status.OPEN, Finding.Status.CONFIRMED)


def active_findings(version: ReportVersion) -> QuerySet[Finding]:
    """Findings of ``version`` that are open or confirmed (not dismissed, not resolved)."""
    return Finding.objects.filter(version=version, status__in=ACTIVE_STATUSES)


def active_rule_ids(version: ReportVersion) -> list[str]:
    """Sorted distinct rule IDs of the active findings (a facet for staff search)."""
    ids = active_findings(version).values_list("rule", flat=True).distinct()
    return sorted(set(ids))


def queue(versions: QuerySet[ReportVersion]) -> QuerySet[Finding]:
    """The audit queue: open findings of the current versions among ``versions``."""
    return Finding.objects.filter(
        version__in=versions.filter(is_current=True).values("pk"), status=Finding.Status.OPEN
    ).select_related("version__report__agency")
