"""The Celery application.

Configured from Django settings (``CELERY_*``). With no ``CELERY_BROKER_URL`` the settings turn
on ``task_always_eager``, so ``.delay()`` runs the task in the calling process — the embedded
setup needs no broker and no worker. In production (Redis broker)::

    celery -A gxnb_portal worker --loglevel=INFO     # as many as the CPUs allow
    celery -A gxnb_portal beat --loglevel=INFO       # exactly one

Tasks are acknowledged late: a message is removed from Redis only when its task finished, so a
worker killed mid-task leaves it to be delivered again after the *visibility timeout*
(``CELERY_VISIBILITY_TIMEOUT``, default one hour — it must stay above the longest task, the time
limit, and the longest retry countdown, or a running task would be delivered a second time).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

from gxnb_portal.env import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

app = Celery("gxnb_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["reports", "audit", "search"])

VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, min_value=1)
# How often a worker looks for messages whose worker died (seconds); with the defaults (10 s ×
# every 10th sweep) a lost message waits up to visibility timeout + ~100 s.
RESTORE_INTERVAL = env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, min_value=1)

# The pipeline's periodic jobs, merged into ``CELERY_BEAT_SCHEDULE`` (settings may override an
# entry by defining the same name).
PIPELINE_SCHEDULE: dict[str, dict[str, Any]] = {
    "requeue-stuck-batch-items": {
        "task": "gxnb_portal.requeue_stuck_batch_items",
        "schedule": 600.0,
    },
    "check-search-index": {
        "task": "gxnb_portal.check_search_index",
        "schedule": 24 * 3600.0,
    },
}


@app.add_defaults
def _pipeline_defaults() -> dict[str, Any]:
    return {
        "broker_transport_options": {
            "visibility_timeout": VISIBILITY_TIMEOUT,
            "unacked_restore_interval": RESTORE_INTERVAL,
        },
        # A worker that loses Redis keeps trying instead of exiting.
        "broker_connection_retry_on_startup": True,
    }


@app.on_after_configure.connect
def _merge_pipeline_schedule(sender: Celery, **kwargs: Any) -> None:
    schedule = sender.conf.beat_schedule
    if schedule is None:
        sender.conf.beat_schedule = schedule = {}
    for name, entry in PIPELINE_SCHEDULE.items():
        schedule.setdefault(name, entry)
