"""The Celery application.

Configured from Django settings (``CELERY_*``). With no ``CELERY_BROKER_URL`` the settings turn
on ``task_always_eager``, so ``.delay()`` runs the task in the calling process — the embedded
setup needs no broker and no worker. In production (Redis broker)::

    celery -A gxnb_portal worker --loglevel=INFO     # as many as the CPUs allow
    celery -A gxnb_portal beat --loglevel=INFO       # exactly one

Tasks are acknowledged late: a message is removed from Redis only when its task finished, so a
worker killed mid-task leaves it to be delivered again once its lease runs out (the *visibility
timeout*, ``CELERY_VISIBILITY_TIMEOUT``, default 60 s; live workers renew the leases of what
they hold, see :func:`renew_leases`). A pool child killed mid-task puts its message back at once.
Tasks written while the broker was down wait in the outbox (:mod:`reports.outbox`) and are sent
by the workers as soon as it answers again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from gxnb_portal.env import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

app = Celery("gxnb_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["reports", "audit", "search"])
logger = logging.getLogger(__name__)

# A message taken by a worker returns to the queue when nobody renewed its lease for this long.
# Every worker renews the leases of the messages it holds (running, waiting for a retry's
# countdown, prefetched) every VISIBILITY_TIMEOUT / 4 seconds (at most 15 s) — see
# :func:`_keeper` — so the timeout needs no longer cover the longest task: a killed worker's
# messages run again after ~VISIBILITY_TIMEOUT + RESTORE_INTERVAL seconds (measured: 60–75 s,
# docs/pipeline.md), a killed pool child's at once (``task_reject_on_worker_lost``).
VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 60, min_value=1)
# How often a worker looks for messages whose lease ran out (seconds; every sweep scans).
RESTORE_INTERVAL = env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, min_value=1)
# How often a worker renews its leases and sends tasks waiting in the outbox (seconds).
KEEPER_INTERVAL = max(1.0, min(5.0, VISIBILITY_TIMEOUT / 4))
# kombu's Redis transport: the sorted set of unacknowledged messages, scored by delivery time.
UNACKED_INDEX_KEY = "unacked_index"

# The pipeline's periodic jobs, merged into ``CELERY_BEAT_SCHEDULE`` (settings may override an
# entry by defining the same name).
PIPELINE_SCHEDULE: dict[str, dict[str, Any]] = {
    # The workers send the outbox every few seconds; this covers a time with no worker up.
    "flush-outbox": {
        "task": "gxnb_portal.flush_outbox",
        "schedule": 60.0,
    },
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
            # Scan on every restore interval (kombu's default scans every 10th).
            "unacked_restore_throttle": 1,
        },
        # A pool child killed mid-task (SIGKILL, out of memory): the message goes back to the
        # queue at once instead of being acknowledged as failed (WorkerLostError). Bulk import
        # gives up on a file after ``reports.batch.MAX_ATTEMPTS`` such attempts.
        "task_reject_on_worker_lost": True,
        # A worker that loses Redis keeps trying instead of exiting.
        "broker_connection_retry_on_startup": True,
    }


def _request_tags() -> list[str]:
    """Delivery tags of every message this worker process holds."""
    from celery.worker import state

    for _ in range(5):
        try:
            requests = list(state.requests.values())
            break
        except RuntimeError:  # the dict changed while copying it (another thread): again
            continue
    else:
        return []
    tags = []
    for request in requests:
        message = getattr(request, "message", None)
        tag = getattr(message, "delivery_tag", None)
        if tag:
            tags.append(tag)
    return tags


def renew_leases(client: Any) -> int:
    """Mark this worker's messages as just delivered, so that none is restored while held.

    ``XX``: only messages still unacknowledged are touched (a finished one is never re-added).
    """
    tags = _request_tags()
    if tags:
        now = time.time()
        client.zadd(UNACKED_INDEX_KEY, dict.fromkeys(tags, now), xx=True)
    return len(tags)


def _keeper(broker_url: str, stop: threading.Event) -> None:
    """The worker's housekeeping thread: renew leases, send the outbox."""
    from django.db import connection

    from reports import outbox

    client = None
    if broker_url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(broker_url, socket_timeout=5, socket_connect_timeout=2)
    while not stop.wait(KEEPER_INTERVAL):
        if client is not None:
            try:
                renew_leases(client)
            except Exception as exc:  # the broker is down: nothing to renew against
                logger.warning("lease renewal failed: %s", exc)
        try:
            sent = outbox.flush()
            if sent:
                logger.info("outbox: sent %s waiting task(s)", sent)
        except Exception:
            logger.exception("outbox flush failed")
        finally:
            connection.close()


_keeper_stop = threading.Event()


@worker_ready.connect
def _start_keeper(sender: Any = None, **kwargs: Any) -> None:
    thread = threading.Thread(
        target=_keeper,
        args=(str(app.conf.broker_url or ""), _keeper_stop),
        name="gxnb-keeper",
        daemon=True,
    )
    thread.start()


@worker_shutdown.connect
def _stop_keeper(sender: Any = None, **kwargs: Any) -> None:
    _keeper_stop.set()


@app.on_after_configure.connect
def _merge_pipeline_schedule(sender: Celery, **kwargs: Any) -> None:
    schedule = sender.conf.beat_schedule
    if schedule is None:
        sender.conf.beat_schedule = schedule = {}
    for name, entry in PIPELINE_SCHEDULE.items():
        schedule.setdefault(name, entry)
