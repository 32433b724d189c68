"""Queueing tasks so that a saved upload never depends on the broker answering.

A transactional outbox: :func:`enqueue` writes each task as a :class:`TaskOutbox` row in the
transaction that saves the upload, and sends it after the commit. A task the broker took is
deleted from the outbox; when the broker is down the upload still succeeds ("已保存，待处理") and
the rows wait. Every worker sends waiting rows every few seconds (:func:`flush`, from the
worker's keeper thread in ``gxnb_portal/celery.py``; beat's ``gxnb_portal.flush_outbox`` too), so
the work starts as soon as the broker answers again.

Delivery stays at least once (a process killed between the send and the delete sends again):
the tasks are idempotent in effect. Without a broker (embedded setup) tasks run in the calling
process after the commit, as before — there is nothing to wait for.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.db import connection, transaction
from django.utils import timezone

from reports.models import TaskOutbox

logger = logging.getLogger(__name__)

Call = tuple[Sequence[Any], dict[str, Any]]

# A row younger than this is left to the process that wrote it (it sends right after its
# commit); older rows are the ones whose send failed or whose writer died.
FLUSH_AFTER = dt.timedelta(seconds=10)


def in_process() -> bool:
    """True when tasks run in the calling process (no broker: the embedded setup)."""
    return bool(current_app.conf.task_always_eager)


@contextmanager
def running_in_process() -> Iterator[None]:
    """Run the tasks queued inside the block in this process, broker or not (``load_demo``:
    demo data must be ready when the command returns, not when a worker starts)."""
    conf = current_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = True
    try:
        yield
    finally:
        conf.task_always_eager = saved


def enqueue(task: Any, calls: Iterable[Call]) -> None:
    """Queue ``task(*args, **kwargs)`` for each call once the surrounding transaction commits."""
    calls = [(list(args), dict(kwargs)) for args, kwargs in calls]
    if not calls:
        return
    if in_process():
        transaction.on_commit(lambda: _run_here(task, calls))
        return
    rows = TaskOutbox.objects.bulk_create(
        [TaskOutbox(task=task.name, args=args, kwargs=kwargs) for args, kwargs in calls]
    )
    ids = [row.pk for row in rows]
    if None in ids:  # a backend that does not return ids: find them again
        ids = list(
            TaskOutbox.objects.filter(task=task.name)
            .order_by("-pk")
            .values_list("pk", flat=True)[: len(calls)]
        )
    transaction.on_commit(lambda: send(ids))


def _run_here(task: Any, calls: list[Call]) -> None:
    for args, kwargs in calls:
        task.apply_async(args, kwargs)


def send(ids: Sequence[int]) -> int:
    """Send these outbox rows now; stops at the first failure (the broker is down) and leaves
    the rest for :func:`flush`. Never raises: the upload that wrote them has committed."""
    try:
        with transaction.atomic():
            rows = _lock(TaskOutbox.objects.filter(pk__in=ids).order_by("pk"))
            return _send_rows(list(rows))
    except Exception:
        logger.exception("outbox: sending %s task(s) failed; they wait in the outbox", len(ids))
        return 0


def flush(*, older_than: dt.timedelta = FLUSH_AFTER, limit: int = 1000) -> int:
    """Send waiting rows (the broker was down, or their writer died); returns how many went."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        rows = _lock(TaskOutbox.objects.filter(created_at__lt=cutoff).order_by("pk"))
        return _send_rows(list(rows[:limit]))


def _lock(rows: Any) -> Any:
    """Rows nobody else is sending right now, locked until this transaction ends.

    The process that wrote a batch sends its rows after the commit, and workers flush old rows
    at the same time: without the lock a row still being sent (a 500-file ZIP takes a while)
    would be sent twice. PostgreSQL skips locked rows; SQLite has one writer anyway.
    """
    if connection.features.has_select_for_update_skip_locked:
        return rows.select_for_update(skip_locked=True)
    return rows


def pending() -> int:
    return TaskOutbox.objects.count()


def broker_answers(timeout: float = 1.0) -> bool:
    """Whether the broker accepts a connection at all, asked in at most ``timeout`` seconds.

    A refused publish takes seconds (the client library's own connection retries), times the
    number of tasks: a clerk's request must not wait for that.
    """
    url = urlsplit(str(current_app.conf.broker_url or ""))
    port = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671}.get(url.scheme)
    if port is None or not url.hostname:
        return True  # nothing to probe (in-memory transport): let the send decide
    try:
        with socket.create_connection((url.hostname, url.port or port), timeout=timeout):
            return True
    except OSError:
        return False


def _send_rows(rows: list[TaskOutbox]) -> int:
    sent: list[int] = []
    if rows and not broker_answers():
        logger.warning("outbox: broker does not answer; %s task(s) wait", len(rows))
        TaskOutbox.objects.filter(pk__in=[r.pk for r in rows]).update(
            last_error="broker does not answer"
        )
        return 0
    try:
        for row in rows:
            try:
                # No publish retries: a down broker must not hold the clerk's request for
                # seconds per file; the row simply waits.
                current_app.send_task(row.task, args=row.args, kwargs=row.kwargs, retry=False)
            except Exception as exc:
                logger.warning(
                    "outbox: broker unavailable (%s); %s task(s) wait", exc, len(rows) - len(sent)
                )
                TaskOutbox.objects.filter(pk__in=[r.pk for r in rows if r.pk not in sent]).update(
                    last_error=str(exc)[:1000]
                )
                TaskOutbox.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
                break
            sent.append(row.pk)
    finally:
        if sent:
            TaskOutbox.objects.filter(pk__in=sent).delete()
    return len(sent)
