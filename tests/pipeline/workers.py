"""A real Redis broker and real ``celery worker`` processes over the test database.

Fixtures and helpers for tests that need them (``tests/pipeline/conftest.py`` re-exports the
fixtures; a test module elsewhere imports them and calls
:func:`use_a_file_for_the_sqlite_test_database` at import time).

- The worker is a separate process (``celery -A gxnb_portal worker --pool=solo``), so it must
  reach the test database: on SQLite the test database is a *file* (set below, before pytest-django
  creates it — an in-memory database is private to one process), on PostgreSQL (``DATABASE_URL``)
  it is the ``test_…`` database. Tests using it are ``transaction=True`` so their rows are
  committed where the worker can read them.
- Uploads go to the test's temporary ``MEDIA_ROOT``, the search index to its temporary file (or the
  OpenSearch URL a test sets); the worker gets the same through its environment.
- Redis: ``TEST_REDIS_URL`` (CI) or 127.0.0.1:6379 — a private database number, flushed per test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings


def _private_redis_url() -> str:
    """``TEST_REDIS_URL`` (CI) or the local Redis, on a database of our own per xdist worker
    (tests flush it; two parallel test processes must not share one)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, _db = url.rpartition("/")
    return f"{base}/{max(0, 14 - int(worker[2:] or 0))}"


REDIS_URL = _private_redis_url()
REPO = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


REDIS_AVAILABLE = "TEST_REDIS_URL" in os.environ or _redis_answers(REDIS_URL)
needs_redis = pytest.mark.skipif(
    not REDIS_AVAILABLE, reason="no Redis here (CI sets TEST_REDIS_URL and always runs these)"
)


def use_a_file_for_the_sqlite_test_database() -> None:
    """Call at import time, before pytest-django creates the test database."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return
    test = db.setdefault("TEST", {})
    if not test.get("NAME"):
        test["NAME"] = str(Path(tempfile.mkdtemp(prefix="gxnb-pipeline-")) / "test.sqlite3")
    from django.db import connections

    connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = test["NAME"]


def database_url() -> str:
    """The URL of the test database as this process uses it (call inside a db test)."""
    from django.db import connection

    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        name = str(conf["NAME"])
        assert "memory" not in name, "the worker cannot reach an in-memory test database"
        return f"sqlite:///{name}"
    user = conf.get("USER") or ""
    password = conf.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{conf['NAME']}"


class Worker:
    """One ``celery worker`` process.

    ``pool="solo"`` (default): one task at a time in the main process, one PID to kill.
    ``pool="prefork"``: a main process and one pool child that runs the tasks
    (:meth:`pool_children`), as in production.
    """

    def __init__(self, env: dict[str, str], name: str, log: Path, pool: str = "solo") -> None:
        self.log = log
        self._fh = log.open("ab")
        self._orphans: list[int] = []
        pool_args = ["--pool=prefork", "--concurrency=1"] if pool == "prefork" else ["--pool=solo"]
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "gxnb_portal",
                "worker",
                *pool_args,
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--include=tests.pipeline.task_delay",
                "-n",
                f"{name}@%h",
            ],
            cwd=REPO,
            env=env,
            stdout=self._fh,
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def pool_children(self) -> list[int]:
        """PIDs of the worker's pool processes (prefork)."""
        pid = self.process.pid
        children: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        return children

    def ready(self) -> bool:
        return "ready." in self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, unacknowledged messages stay with the broker."""
        self._orphans = self.pool_children() if self.alive() else []
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        orphans = self.pool_children() if self.alive() else []
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        for pid in self._orphans + orphans:
            # Pool children of a main process killed by the test: end them too.
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self._fh.close()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def broker(settings: Any) -> Iterator[Any]:
    """This process sends tasks to Redis (not in-process); Redis's test database is empty."""
    yield from _sending_to(settings, REDIS_URL)


def _sending_to(settings: Any, url: str) -> Iterator[Any]:
    from kombu import pools

    from gxnb_portal.celery import app

    # Earlier (eager) tests leave the app's pools bound to the in-memory broker and Celery
    # caches them: set them aside for this test, restore after. Kombu also keeps producer pools
    # in a global registry keyed by URL, which an earlier test may have closed: start afresh.
    pools.reset()
    saved_conf = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app._pool, app.amqp._producer_pool = None, None
    app.conf.update(task_always_eager=False, broker_url=url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.client.flushdb()
        yield app
    finally:
        pools.reset()
        if app._pool is not None:
            app._pool.force_close_all()
        # Pools are rebuilt lazily from the restored configuration: the old ones may have
        # been closed by kombu's global reset, and a closed pool fails every later send.
        app._pool, app.amqp._producer_pool = None, None
        app.conf.update(saved_conf)


@pytest.fixture
def worker_env(settings: Any, tmp_path: Path) -> dict[str, str]:
    """The environment of a worker process that shares this test's database, files and index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    media = Path(settings.MEDIA_ROOT)
    env.update(
        DJANGO_SETTINGS_MODULE="gxnb_portal.settings",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=REDIS_URL,
        MEDIA_ROOT=str(media),
        # The search index file of the autouse fixture is <base>/search.sqlite3, media <base>/media.
        VAR_DIR=str(media.parent),
        # Short delays so a test sees retries and redelivery within seconds.
        PIPELINE_RETRY_BASE_SECONDS="1",
        PIPELINE_RETRY_MAX_SECONDS="4",
        PIPELINE_MAX_RETRIES="30",
        CELERY_VISIBILITY_TIMEOUT="8",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        AXES_ENABLED="false",
        LOG_LEVEL="INFO",
    )
    env.pop("OPENSEARCH_URL", None)
    return env


@pytest.fixture
def start_worker(
    broker: Any, worker_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[..., Worker]]:
    """``start_worker(name="w1", **env)`` → a running :class:`Worker`; all are stopped after."""
    workers: list[Worker] = []

    def start(name: str = "w1", pool: str = "solo", **extra_env: str) -> Worker:
        worker = Worker({**worker_env, **extra_env}, name, tmp_path / f"{name}.log", pool=pool)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str, workers: list[Worker] = ()
) -> None:
    """Poll ``condition`` until true; on timeout fail with the workers' last log lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- {w.log.name}\n{w.tail()}" for w in workers)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{logs}")


class RedisServer:
    """A Redis of the test's own, which the test may stop and start (a broker outage).

    Persistent (``appendonly yes``) as the deployment's broker must be: what it held before a
    restart is there after it.
    """

    def __init__(self, directory: Path) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.dir),
                "--appendonly", "yes",
                "--save", "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: _redis_answers(self.url), timeout=20, what="redis-server to start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server binary here (CI installs it with Redis)")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_broker(settings: Any, private_redis: RedisServer) -> Iterator[Any]:
    """Like :func:`broker`, on the test's own Redis (:func:`private_redis`)."""
    yield from _sending_to(settings, private_redis.url)


@pytest.fixture
def start_private_worker(
    private_broker: Any, private_redis: RedisServer, worker_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[..., Worker]]:
    """``start_worker`` for workers on the test's own Redis."""
    workers: list[Worker] = []
    env = {**worker_env, "CELERY_BROKER_URL": private_redis.url}

    def start(name: str = "w1", pool: str = "solo", **extra_env: str) -> Worker:
        worker = Worker({**env, **extra_env}, name, tmp_path / f"{name}.log", pool=pool)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
