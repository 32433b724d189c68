"""The reports app's Celery tasks, as Celery's autodiscovery finds them.

The processing tasks live beside the code they run, so that whoever queues them imports nothing
that imports it back: ``process_version``, ``reaudit_version`` and ``reindex_report`` in
:mod:`reports.pipeline`, ``process_batch_item`` and ``requeue_stuck_batch_items`` in
:mod:`reports.batch`. This module adds the beat jobs that sweep the database.

Tasks are ``shared_task``s: the project package (:mod:`gxnb_portal`) creates the Celery app when
Django loads its settings, so they bind to it in every setup, the embedded eager one included,
and this app never imports the project's wiring.

Delivery is at least once (late acknowledgement: a worker killed mid-task leaves its message to
be delivered again), so every service called here is idempotent. Transient failures (database
unavailable or locked, search cluster down) are retried with exponential backoff and jitter, a
bounded number of times; bad input is never retried — it becomes the version's error.
"""

from __future__ import annotations

from celery import shared_task

from reports import outbox, services
from reports.batch import process_batch_item, requeue_stuck_batch_items
from reports.pipeline import (
    MAX_RETRIES,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
    process_version,
    reaudit_version,
    reindex_report,
    retry_delay,
)

__all__ = [
    "MAX_RETRIES",
    "RETRY_BASE_DELAY",
    "RETRY_MAX_DELAY",
    "flush_outbox",
    "process_batch_item",
    "process_version",
    "reaudit_version",
    "reindex_report",
    "reparse_outdated_versions",
    "requeue_stuck_batch_items",
    "requeue_stuck_versions",
    "retry_delay",
]


@shared_task(name="gxnb_portal.requeue_stuck_versions")
def requeue_stuck_versions() -> int:
    """Beat job: versions left at 已上传 (a worker died, a broker hiccup) are processed again."""
    return services.versions_requeue_stuck()


@shared_task(name="gxnb_portal.flush_outbox")
def flush_outbox() -> int:
    """Beat job: send tasks written while the broker was down (the workers do it every few
    seconds; this covers a time without a running worker)."""
    return outbox.flush()


@shared_task(name="gxnb_portal.reparse_outdated_versions")
def reparse_outdated_versions() -> int:
    """Beat job: re-parse current versions when ``PARSER_VERSION`` has changed."""
    return services.versions_reparse_outdated()
