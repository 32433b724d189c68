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
