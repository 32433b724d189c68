"""Recovery from a lost worker or broker, through real Redis and real ``celery worker`` processes.

With the production timings (visibility timeout 60 s, restore scan every 10 s) and no beat, each
test on a Redis server of its own (no other test run's messages, and one the test may stop):

- a worker's pool child SIGKILLed mid-batch: its task runs again at once;
- a worker's main process SIGKILLed mid-batch: another worker runs its tasks within 2 minutes;
- the broker stopped during uploads: the uploads answer success ("已保存，待处理") and the work
  is done within 2 minutes of the broker's return;
- two versions of one report processed in reverse order: the later upload is current;
- every task of two batches delivered again: every table and the search index byte-identical,
  also when the worker had died between adding the version and linking the file.

Each test prints the times it measured (``-s``); docs/pipeline.md quotes them.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import batch as batches
from reports import pipeline
from reports.models import ImportBatch, ImportItem, Report, ReportVersion, TaskOutbox
from tests.pipeline import corpus
from tests.pipeline.checks import assert_processed_exactly_once
from tests.pipeline.workers import needs_redis, wait_for
from tests.shared import requires_shared

pytestmark = [pytest.mark.slow, needs_redis, pytest.mark.django_db(transaction=True)]

# The defaults of gxnb_portal/celery.py (the worker fixture shortens them for other tests).
PRODUCTION_TIMINGS = {"CELERY_VISIBILITY_TIMEOUT": "60", "CELERY_UNACKED_RESTORE_INTERVAL": "10"}
RECOVERY_LIMIT = 120.0  # seconds: the target
# Prefork as deployed: a main process and a pool child, the parse isolated in its own child.
PREFORK = PRODUCTION_TIMINGS
# Each batch task lasts at least this long (tests/pipeline/task_delay.py): a file takes ~0.1 s,
# too short for the test to see two workers busy at once without it.
IN_FLIGHT = {"TEST_TASK_DELAY_SECONDS": "1.5"}

V1 = """东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年，东城区财政局深化政务公开，第一版独有的绿萝计划全面推进。
二、主动公开政府信息情况
主动公开预算决算信息120条。
"""
V2 = V1.replace("第一版独有的绿萝计划", "第二版改写的青松计划")


def _settled(batch: ImportBatch) -> bool:
    return not batch.items.filter(status__in=["queued", "processing"]).exists()


def _mid_batch(batch: ImportBatch) -> bool:
    return (
        batch.items.filter(status="done").count() >= 2
        and batch.items.filter(status="processing").exists()
    )


def _zip(files: dict[str, bytes], manifest: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        if manifest:
            zf.writestr("manifest.csv", manifest.encode("utf-8"))
    return buf.getvalue()


def _manifest(agency: str, published: str, name: str) -> str:
    return f"file,agency,year,published\n{name},{agency},2023,{published}\n"


@requires_shared
def test_a_killed_pool_child_s_task_runs_again_at_once(start_private_worker):
    files = corpus.build(10)
    corpus.create_agencies(files)
    worker = start_private_worker("w1", pool="prefork", **PREFORK, **IN_FLIGHT)
    batch = batches.batch_create_from_zip(data=files.zip_bytes(), name="子进程被杀")

    wait_for(lambda: _mid_batch(batch), timeout=180, what="the first files", workers=[worker])
    in_flight = list(batch.items.filter(status="processing").values_list("pk", flat=True))
    children = worker.pool_children()
    assert children, "no pool child to kill"
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()

    wait_for(
        lambda: not ImportItem.objects.filter(pk__in=in_flight).exclude(status="done").exists(),
        timeout=RECOVERY_LIMIT,
        what="the killed child's file",
        workers=[worker],
    )
    recovered = time.monotonic() - killed
    wait_for(lambda: _settled(batch), timeout=240, what="the batch", workers=[worker])
    print(f"\npool child killed: its file done again after {recovered:.1f} s")
    assert "signal 9" in worker.log.read_text(errors="replace")  # the child really died
    assert_processed_exactly_once(batch, reports=10)
    # The killed child's file ran a second time (not acknowledged as failed and dropped).
    assert any(i.attempts >= 2 for i in ImportItem.objects.filter(pk__in=in_flight))


@requires_shared
def test_a_killed_worker_main_process_s_tasks_run_within_two_minutes(start_private_worker):
    files = corpus.build(16)
    corpus.create_agencies(files)
    second = start_private_worker("w2", **PRODUCTION_TIMINGS, **IN_FLIGHT)
    first = start_private_worker("w1", pool="prefork", **PREFORK, **IN_FLIGHT)
    wait_for(
        lambda: first.ready() and second.ready(), timeout=60, what="the workers", workers=[first]
    )
    batch = batches.batch_create_from_zip(data=files.zip_bytes(), name="主进程被杀")
    # Both workers busy, one file each: w1 holds one of them.
    wait_for(
        lambda: (
            batch.items.filter(status="done").count() >= 2
            and batch.items.filter(status="processing").count() >= 2
        ),
        timeout=180,
        what="both workers busy",
        workers=[first, second],
    )
    in_flight = list(batch.items.filter(status="processing").values_list("pk", flat=True))

    first.kill()  # the main process only: its pool child is orphaned, its messages unacked
    killed = time.monotonic()
    assert not _settled(batch)
    wait_for(
        lambda: not ImportItem.objects.filter(pk__in=in_flight).exclude(status="done").exists(),
        timeout=RECOVERY_LIMIT,
        what="the files in flight at the kill",
        workers=[first, second],
    )
    in_flight_done = time.monotonic() - killed
    wait_for(
        lambda: _settled(batch),
        timeout=RECOVERY_LIMIT - in_flight_done,
        what="every file after the kill",
        workers=[first, second],
    )
    recovered = time.monotonic() - killed
    print(
        f"\nworker main process killed: files in flight done after {in_flight_done:.1f} s, "
        f"batch complete {recovered:.1f} s after the kill"
    )
    assert_processed_exactly_once(batch, reports=16)


def test_uploads_succeed_while_the_broker_is_down_and_run_when_it_is_back(
    start_private_worker, private_redis, client, clerk, agency_a
):
    worker = start_private_worker("w1", **PRODUCTION_TIMINGS)
    wait_for(worker.ready, timeout=60, what="the worker", workers=[worker])
    private_redis.stop()
    client.force_login(clerk)

    started = time.monotonic()
    single = client.post(
        reverse("admin:gxnb_portal_report_add"),
        {
            "agency": agency_a.pk,
            "year": 2023,
            "upload": SimpleUploadedFile("年报.txt", V1.encode()),
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    archive = _zip({"a.txt": V2.replace("2023年", "2022年").encode()})
    bulk = client.post(
        reverse("admin:gxnb_portal_importbatch_add"),
        {"archive": SimpleUploadedFile("年报.zip", archive, content_type="application/zip")},
    )
    answered = time.monotonic() - started

    assert single.status_code == 200 and "已保存，待处理" in single.content.decode()
    assert bulk.status_code == 302
    assert answered < 10, answered  # no waiting for the broker
    version = ReportVersion.objects.get(report__year=2023)
    batch = ImportBatch.objects.get()
    assert version.status == "uploaded" and batch.items.get().status == "queued"
    assert TaskOutbox.objects.count() == 2  # both tasks wait for the broker

    time.sleep(3)
    private_redis.start()
    back = time.monotonic()
    wait_for(
        lambda: ReportVersion.objects.get(pk=version.pk).status == "indexed" and _settled(batch),
        timeout=RECOVERY_LIMIT,
        what="the work after the broker's return",
        workers=[worker],
    )
    done = time.monotonic() - back
    print(
        f"\nbroker down: uploads answered in {answered:.1f} s; done {done:.1f} s after its return"
    )
    assert batch.items.get().status == "done"
    assert not TaskOutbox.objects.exists()


def test_two_versions_processed_in_reverse_order_leave_the_later_upload_current(
    start_private_worker, private_redis, private_broker, client, agency_a
):
    worker = start_private_worker("w1", **PRODUCTION_TIMINGS)
    wait_for(worker.ready, timeout=60, what="the worker", workers=[worker])
    name = agency_a.name

    # The earlier ZIP is uploaded while the broker is down: its task waits in the outbox ...
    private_redis.stop()
    earlier = batches.batch_create_from_zip(
        data=_zip({"a.txt": V1.encode()}, _manifest(name, "2024-03-16", "a.txt")), name="早"
    )
    private_redis.start()
    # ... the later one goes straight to the queue, and is processed first.
    later = batches.batch_create_from_zip(
        data=_zip({"b.txt": V2.encode()}, _manifest(name, "2024-03-06", "b.txt")), name="晚"
    )
    wait_for(
        lambda: _settled(earlier) and _settled(later),
        timeout=RECOVERY_LIMIT,
        what="both files",
        workers=[worker],
    )

    first, second = earlier.items.get().version, later.items.get().version
    assert (second.number, first.number) == (1, 2), "not processed in reverse order"
    assert second.is_current and not first.is_current
    report = Report.objects.get()
    assert str(report.published) == "2024-03-06"
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "青松计划" in html and "绿萝计划" not in html


# ---- redelivery changes nothing ---------------------------------------------------------------


def table_hashes(exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """One SHA-256 per database table over all its rows (order-independent)."""
    from django.db import connection

    hashes = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in exclude:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = sorted(repr(row) for row in cursor.fetchall())
            hashes[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return hashes


def index_dump() -> str:
    """The whole search index file (SQLite FTS5), every table and row."""
    path = Path(django_settings.SEARCH_BACKENDS["default"]["PATH"])
    with sqlite3.connect(path) as db:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()


def _finished_tasks(worker) -> int:
    return worker.log.read_text(errors="replace").count(" succeeded in ")


def test_redelivering_every_task_changes_no_table_and_not_the_index(start_private_worker, agency_a):
    worker = start_private_worker("w1")
    name = agency_a.name
    earlier = batches.batch_create_from_zip(
        data=_zip({"a.txt": V1.encode()}, _manifest(name, "2024-03-16", "a.txt")), name="早"
    )
    wait_for(lambda: _settled(earlier), timeout=120, what="the first batch", workers=[worker])
    later = batches.batch_create_from_zip(
        data=_zip({"b.txt": V2.encode()}, _manifest(name, "2024-03-06", "b.txt")), name="晚"
    )
    wait_for(lambda: _settled(later), timeout=120, what="the second batch", workers=[worker])
    assert str(Report.objects.get().published) == "2024-03-06"
    time.sleep(1)
    tables, index = table_hashes(), index_dump()

    # Every task of both batches delivered once more, as a redelivery would.
    before = _finished_tasks(worker)
    items = list(ImportItem.objects.values_list("pk", flat=True))
    versions = list(ReportVersion.objects.values_list("pk", flat=True))
    for pk in items:
        batches.process_batch_item.delay(pk)
    for pk in versions:
        pipeline.process_version.delay(pk)
    wait_for(
        lambda: _finished_tasks(worker) >= before + len(items) + len(versions),
        timeout=120,
        what="the redelivered tasks",
        workers=[worker],
    )
    assert table_hashes() == tables
    assert index_dump() == index

    # A worker killed after adding the earlier file's version but before linking its item
    #: the redelivered task adds the same file again. Only that item's own
    # progress row may change; the report keeps the later upload's date, nothing else moves.
    item = earlier.items.get()
    ImportItem.objects.filter(pk=item.pk).update(status="processing", version=None)
    tables = table_hashes(exclude=("gxnb_portal_importitem",))
    batches.process_batch_item.delay(item.pk)
    wait_for(
        lambda: ImportItem.objects.get(pk=item.pk).status == "done",
        timeout=120,
        what="the redelivered file",
        workers=[worker],
    )
    assert ImportItem.objects.get(pk=item.pk).version_id == item.version_id
    assert table_hashes(exclude=("gxnb_portal_importitem",)) == tables
    assert index_dump() == index
    assert str(Report.objects.get().published) == "2024-03-06"


def test_check_deploy_warns_about_a_broker_that_does_not_persist(private_redis, settings):
    import redis

    from gxnb_portal.checks import broker_persistence_warnings

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = private_redis.url
    assert broker_persistence_warnings() == []  # appendonly yes
    redis.Redis.from_url(private_redis.url).config_set("appendonly", "no")
    assert [w.id for w in broker_persistence_warnings()] == ["gxnb_portal.W005"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # does not answer: not judged
    assert broker_persistence_warnings() == []


def test_load_demo_s_work_runs_in_process_with_a_broker_configured(broker, agency_a):
    from reports import outbox, services

    # load_demo wraps its imports in this: no worker is running, the demo must be ready.
    with outbox.running_in_process():
        version = services.report_upload(
            agency=agency_a, year=2023, file_bytes=V1.encode(), filename="r.txt"
        )
    version.refresh_from_db()
    assert version.status == "indexed"
    assert not TaskOutbox.objects.exists()
    assert not outbox.in_process()  # the broker is used again afterwards


def test_a_live_worker_renews_the_leases_of_the_messages_it_holds(private_redis):
    """A task running longer than the visibility timeout is not handed to a second worker."""
    from types import SimpleNamespace

    import redis
    from celery.worker import state

    from gxnb_portal import celery as wiring

    client = redis.Redis.from_url(private_redis.url)
    long_ago = time.time() - 3600
    client.zadd(wiring.UNACKED_INDEX_KEY, {"held": long_ago, "someone-elses": long_ago})
    held = SimpleNamespace(id="t1", message=SimpleNamespace(delivery_tag="held"))
    state.requests["t1"] = held
    try:
        assert wiring.renew_leases(client) == 1
    finally:
        del state.requests["t1"]
    scores = dict(client.zrange(wiring.UNACKED_INDEX_KEY, 0, -1, withscores=True))
    assert scores[b"held"] > time.time() - 5  # renewed: not restored for another timeout
    assert scores[b"someone-elses"] == long_ago  # a dead worker's message stays expired
    # Acknowledged meanwhile (gone from the index): never added back.
    client.zrem(wiring.UNACKED_INDEX_KEY, "held")
    state.requests["t1"] = held
    try:
        wiring.renew_leases(client)
    finally:
        del state.requests["t1"]
    assert client.zscore(wiring.UNACKED_INDEX_KEY, "held") is None
