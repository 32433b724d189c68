"""Celery tasks: each takes ids, fetches, calls one service (HackSoft style).

Tasks are ``shared_task``s: the project package (:mod:`gxnb_portal`) creates the Celery app when
Django loads its settings, so they bind to it in every setup, the embedded eager one included,
and this app never imports the project's wiring.

Delivery is at least once (late acknowledgement: a worker killed mid-task leaves its message to
be delivered again), so every service called here is idempotent. Transient failures (database
unavailable or locked, search cluster down) are retried with exponential backoff and jitter, a
bounded number of times; bad input is never retried — it becomes the version's error.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError

from reports import batch, services

logger = logging.getLogger(__name__)

# IntegrityError: two deliveries of one message racing to create the same report or version;
# the retry finds the row the other one made.
TRANSIENT_ERRORS = (services.TransientError, OperationalError, InterfaceError, IntegrityError)
# Backoff: base · 2^retry seconds (± 25 % jitter), at most RETRY_MAX_DELAY; after MAX_RETRIES the
# beat jobs take over (stuck uploads are re-queued, failed index writes retried).
RETRY_BASE_DELAY = settings.PIPELINE_RETRY_BASE_SECONDS
RETRY_MAX_DELAY = settings.PIPELINE_RETRY_MAX_SECONDS
MAX_RETRIES = settings.PIPELINE_MAX_RETRIES


def retry_delay(retries: int) -> float:
    """Seconds before retry number ``retries + 1``."""
    delay = min(RETRY_BASE_DELAY * 2**retries, RETRY_MAX_DELAY)
    return delay * random.uniform(0.75, 1.25)  # jitter, not security


def _retry_or_give_up(task: Any, exc: Exception, what: str) -> None:
    """Retry ``task`` later; in the eager (embedded) setup give up quietly instead.

    Eager retries would run at once, inside the request that saved the upload, and fail the
    same way: the save must stand, so the beat jobs pick the work up later.
    """
    if task.request.is_eager:
        logger.warning(
            "%s: transient failure in-process (%s); left to the periodic jobs", what, exc
        )
        return
    logger.warning("%s: transient failure (%s); retry %s", what, exc, task.request.retries + 1)
    raise task.retry(exc=exc, countdown=retry_delay(task.request.retries), max_retries=MAX_RETRIES)


@shared_task(bind=True, name="gxnb_portal.process_version", acks_late=True)
def process_version(self: Any, version_id: int, force: bool = False) -> str:
    """Extract, parse, audit and index one uploaded version; returns the final status."""
    try:
        return services.version_process(version_id, force=force)
    except TRANSIENT_ERRORS as exc:
        _retry_or_give_up(self, exc, f"version {version_id}")
        return "retry"


@shared_task(bind=True, name="gxnb_portal.process_batch_item", acks_late=True)
def process_batch_item(self: Any, item_id: int, force: bool = False) -> str:
    """One file of a bulk import: match its report, store the version, run the pipeline."""
    try:
        return batch.item_process(item_id, force=force)
    except TRANSIENT_ERRORS as exc:
        _retry_or_give_up(self, exc, f"batch item {item_id}")
        if isinstance(exc, services.IndexUnavailable):
            # In-process: parsed and audited, only the index write waits (search.IndexQueue) —
            # the file is done for the clerk, not left 处理中 with no worker to finish it.
            return batch.item_index_pending(item_id)
        return "retry"


@shared_task(bind=True, name="gxnb_portal.reaudit_version", acks_late=True)
def reaudit_version(self: Any, version_id: int) -> str:
    try:
        return services.version_reaudit(version_id)
    except TRANSIENT_ERRORS as exc:
        _retry_or_give_up(self, exc, f"re-audit of version {version_id}")
        return "retry"


@shared_task(name="gxnb_portal.reindex_report")
def reindex_report(report_id: int) -> bool:
    return services.report_reindex(report_id)


@shared_task(name="gxnb_portal.requeue_stuck_versions")
def requeue_stuck_versions() -> int:
    """Beat job: versions left at 已上传 (a worker died, a broker hiccup) are processed again."""
    return services.versions_requeue_stuck()


@shared_task(name="gxnb_portal.requeue_stuck_batch_items")
def requeue_stuck_batch_items() -> int:
    """Beat job: bulk-import files left 排队中/处理中 long after their batch started."""
    return batch.items_requeue_stuck()


@shared_task(name="gxnb_portal.reparse_outdated_versions")
def reparse_outdated_versions() -> int:
    """Beat job: re-parse current versions when ``PARSER_VERSION`` has changed."""
    return services.versions_reparse_outdated()


@shared_task(name="gxnb_portal.check_search_index")
def check_search_index() -> dict[str, int]:
    """Nightly beat job: the index and the database agree (counts and a sample), else repair."""
    return services.search_index_check()
