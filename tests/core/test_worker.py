"""The pipeline through a real Redis broker and a real Celery worker (not the eager shortcut).

Needs Redis: ``TEST_REDIS_URL`` (CI sets it and starts Redis; the test then must pass), else a
Redis on 127.0.0.1:6379 if one answers.
"""

from __future__ import annotations

import os
import time

import pytest

from reports.models import ReportVersion

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "TEST_REDIS_URL" not in os.environ and not _redis_answers(REDIS_URL),
        reason="no Redis here (CI sets TEST_REDIS_URL and always runs this)",
    ),
]

REPORT = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，本局依法公开。\n"


@pytest.fixture
def redis_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from gxnb_portal.celery import app

    # Earlier (eager) tests leave the app's connection and producer pools bound to the
    # in-memory broker and Celery caches them: set them aside for this test, restore after.
    saved_conf = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app._pool, app.amqp._producer_pool = None, None
    app.conf.update(task_always_eager=False, broker_url=REDIS_URL)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.client.flushdb()  # a private database: drop stale messages
        with start_worker(app, perform_ping_check=False, loglevel="warning"):
            yield app
    finally:
        from kombu import pools

        pools.reset()
        if app._pool is not None:
            app._pool.force_close_all()
        # Pools are rebuilt lazily from the restored configuration: the old ones may have
        # been closed by kombu's global reset, and a closed pool fails every later send.
        app._pool, app.amqp._producer_pool = None, None
        app.conf.update(saved_conf)


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_processed_by_a_worker_through_redis(redis_worker, agency_a):
    from reports import services

    version = services.report_upload(
        agency=agency_a, year=2023, file_bytes=REPORT.encode(), filename="r.txt"
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if version.status != ReportVersion.Status.UPLOADED:
            break
        time.sleep(0.2)
    assert version.status in {"parsed", "audited", "indexed"}, (version.status, version.error)
    assert version.record["year"] == 2023
