"""Reads shared by the public pages and the API (the same functions, so they behave the same)."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from typing import Any

from django.core.cache import cache

from search.backends import get_search_backend
from search.backends.base import SearchRequest, SearchResults
from search.regions import expand_regions
from search.result_cache import results_cached

logger = logging.getLogger(__name__)

STATS_CACHE_SECONDS = 600


class SearchUnavailable(Exception):
    """The search engine did not answer; pages say so (503) instead of failing."""


def search_reports(request: SearchRequest) -> SearchResults:
    """Run a search. A region filter means the region and every region below it (a city's
    districts: ``search.regions``). Results are reused until the index changes
    (``search.result_cache``)."""
    if request.regions:
        request = dataclasses.replace(request, regions=expand_regions(request.regions))
    try:
        return results_cached(request, get_search_backend().search)
    except Exception as exc:
        logger.exception("search failed for %r", request.q)
        raise SearchUnavailable(str(exc)) from exc


def public_report(report_id: int) -> Any:
    """The report (with its current version prefetched) if the public may read it, else None."""
    from reports.selectors import reports_public

    return reports_public().filter(pk=report_id).first()


def recent_reports(limit: int = 8) -> list[Any]:
    from django.db.models import F

    from reports.selectors import reports_public

    return list(
        reports_public().order_by(F("published").desc(nulls_last=True), "-created_at", "-pk")[
            :limit
        ]
    )


def statistics() -> dict[str, Any]:
    """Reports per year and per region, applications received per year (cached for a while)."""
    from django.db.models import Count, Max

    from reports.models import ReportVersion

    # The key changes whenever a version is added or processed, so the page is never stale.
    state = ReportVersion.objects.aggregate(n=Count("pk"), last=Max("processed_at"))
    last = state["last"].timestamp() if state["last"] else 0
    key = f"search:statistics:{state['n']}:{last}"
    data = cache.get(key)
    if data is None:
        data = _compute_statistics()
        cache.set(key, data, STATS_CACHE_SECONDS)
    return data


def _compute_statistics() -> dict[str, Any]:
    from reports.selectors import current_versions

    per_year: Counter[int] = Counter()
    per_region: Counter[str] = Counter()
    applications: Counter[int] = Counter()
    with_figure: Counter[int] = Counter()
    rows = (
        current_versions()
        .filter(report__held_reason="")  # held back from the public
        .exclude(status__in=["uploaded", "failed"])
        .exclude(record__isnull=True)
        .values_list(
            "report__year", "report__agency__region_name", "record__tables__t3__cells__NEW__TOT"
        )
    )
    for year, region, new_total in rows.iterator(chunk_size=2000):
        per_year[year] += 1
        per_region[region or "（未填写）"] += 1
        if isinstance(new_total, int | float) and not isinstance(new_total, bool):
            applications[year] += int(new_total)
            with_figure[year] += 1
    years = sorted(per_year)
    return {
        "years": [
            {
                "year": y,
                "reports": per_year[y],
                "applications": applications[y],
                "with_figure": with_figure[y],
            }
            for y in years
        ],
        "regions": [{"region": r, "reports": n} for r, n in per_region.most_common(30)],
        "total_reports": sum(per_year.values()),
    }
