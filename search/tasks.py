"""Celery tasks of the search app: thin, id in, one service call."""

from __future__ import annotations

from celery import shared_task

from search import services


@shared_task(name="search.retry_pending")
def retry_pending() -> int:
    """Beat job: retry index writes that failed (cluster down, timeouts)."""
    return services.retry_pending()


@shared_task(name="search.delete_report")
def delete_report(report_id: int) -> bool:
    return services.delete_report(report_id)


# The name predates the move of this job into the search app; beat schedules and queued
# messages refer to it.
@shared_task(name="gxnb_portal.check_search_index")
def check_search_index() -> dict[str, int]:
    """Nightly beat job: the index and the database agree (counts and a sample), else repair."""
    return services.index_check()
