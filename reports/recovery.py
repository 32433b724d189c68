"""Work a killed process left behind, picked up again without a broker.

With a broker, lost tasks come back by themselves (leases, ``task_reject_on_worker_lost``, the
outbox) and beat sweeps as a last resort. The embedded setup (no broker) runs every task inside
the web process: a server killed mid-processing leaves the version 已上传 (or a bulk-import file
排队中/处理中) and nothing else would ever run it again. So the web server process sweeps on
start-up and then periodically (:func:`start_embedded_sweeper`, called by
``gxnb_portal/wsgi.py``), processing what it finds in that same process.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings

from reports import batch, outbox, services

logger = logging.getLogger(__name__)

# Older than this, a version still 已上传 is stuck: in-process processing starts right after the
# upload's commit and takes seconds.
STUCK_VERSION_AFTER = dt.timedelta(minutes=2)
# A bulk import runs its files one after the other in the request: the last of 500 may wait
# this long without being lost.
STUCK_ITEM_AFTER = dt.timedelta(minutes=15)

_started = threading.Lock()
_thread: threading.Thread | None = None


def sweep_once(
    *,
    versions_after: dt.timedelta = STUCK_VERSION_AFTER,
    items_after: dt.timedelta = STUCK_ITEM_AFTER,
) -> int:
    """Process again what is stuck; returns how many versions and files were queued."""
    count = services.versions_requeue_stuck(older_than=versions_after)
    count += batch.items_requeue_stuck(older_than=items_after)
    return count


def _run(interval: float, stop: threading.Event) -> None:
    from django.db import connection

    while True:
        try:
            found = sweep_once()
            if found:
                logger.warning("re-processed %s stuck version(s)/file(s) in-process", found)
        except Exception:
            logger.exception("sweep of stuck uploads failed")
        finally:
            connection.close()
        if stop.wait(interval):
            return


def start_embedded_sweeper(stop: threading.Event | None = None) -> threading.Thread | None:
    """Sweep now and every ``PIPELINE_EMBEDDED_SWEEP_SECONDS`` (default 300) in a daemon thread.

    Only in the embedded setup (tasks in-process) and only once per process; ``0`` turns it off.
    """
    global _thread
    interval = float(getattr(settings, "PIPELINE_EMBEDDED_SWEEP_SECONDS", 300))
    if interval <= 0 or not outbox.in_process():
        return None
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(
                target=_run,
                args=(interval, stop or threading.Event()),
                name="gxnb-embedded-sweeper",
                daemon=True,
            )
            _thread.start()
    return _thread
