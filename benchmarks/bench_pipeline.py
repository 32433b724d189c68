"""End-to-end pipeline throughput: reports per minute with one and two workers.

    .venv/bin/python benchmarks/bench_pipeline.py [--reports 60] [--workers 1,2]
        [--redis redis://127.0.0.1:6379/13] [--database-url postgresql://…]

For each worker count: a throw-away database (SQLite file in a temporary directory unless
``--database-url`` names another, e.g. PostgreSQL — it is flushed), a temporary media folder and
SQLite search index, ``N`` real ``celery -A gxnb_portal worker --pool=solo`` processes on the Redis
broker (database 13, flushed), then one bulk-import batch of ``--reports`` files — the five seed
reports, the three real PDFs and variants of them (see ``tests/pipeline/corpus.py``) — uploaded as
a ZIP. The clock runs from the upload until every file is 完成 (extract → parse → audit → index,
each through a task on a worker); it prints reports per minute and the CPU count.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CELERY = str(Path(sys.executable).with_name("celery"))


def run(
    workers: int, reports: int, redis_url: str, database_url: str | None, shared: int = 1
) -> float:
    """Seconds to process one batch of ``reports`` files with ``workers`` worker processes."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gxnb_portal.settings",
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'db.sqlite3'}",
        "VAR_DIR": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
        "CELERY_BROKER_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("OPENSEARCH_URL", None)
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
    if database_url:
        subprocess.run([*manage, "flush", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
    import redis

    redis.Redis.from_url(redis_url).flushdb()

    code = f"""
import django, time, sys
django.setup()
from tests.pipeline import corpus
from reports import batch as batches
files = corpus.build({reports})
corpus.create_agencies(files)
if {shared} > 1:
    # Several versions of each report and two reports per agency, as in re-imports.
    for i, row in enumerate(files.manifest):
        row["agency"] = corpus.agency_name(i // (2 * {shared}) + 1)
        row["year"] = str(2022 + (i // {shared}) % 2)
data = files.zip_bytes()
while not open(sys.argv[1]).read().strip():
    time.sleep(0.1)  # wait for the workers to be ready
start = time.perf_counter()
made = batches.batch_create_from_zip(data=data, name="bench")
while made.items.filter(status__in=["queued", "processing"]).exists():
    time.sleep(0.2)
elapsed = time.perf_counter() - start
done = made.items.filter(status="done").count()
print(f"{{elapsed:.3f}} {{done}}")
"""
    ready = tmp / "ready"
    ready.write_text("")
    logs = [(tmp / f"w{i}.log").open("wb") for i in range(workers)]
    procs = [
        subprocess.Popen(
            [CELERY, "-A", "gxnb_portal", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"w{i}@%h"],
            env=env, cwd=REPO, stdout=logs[i], stderr=subprocess.STDOUT,
        )
        for i in range(workers)
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all("ready." in (tmp / f"w{i}.log").read_text() for i in range(workers)):
                break
            time.sleep(0.2)
        ready.write_text("go")
        out = subprocess.run(
            [sys.executable, "-c", code, str(ready)],
            env={**env, "PYTHONPATH": str(REPO)},
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    elapsed, done = float(out[0]), int(out[1])
    # PostgreSQL's deadlock detector aborts one transaction, which the task retries: count them
    # (row locks on reports and agencies taken in different orders).
    deadlocks = sum(
        (tmp / f"w{i}.log").read_text(errors="replace").count("deadlock detected")
        for i in range(workers)
    )
    # More deliveries than files: a task sent twice (e.g. by the outbox) or redelivered.
    deliveries = (
        sum(
            (tmp / f"w{i}.log").read_text(errors="replace").count("process_batch_item[")
            for i in range(workers)
        )
        // 2
    )  # "received" and "succeeded" lines
    print(
        f"deadlocks in the worker logs: {deadlocks}; tasks run: {deliveries} ({tmp})",
        file=sys.stderr,
    )
    if done != reports:
        raise SystemExit(f"only {done} of {reports} reports finished")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--versions",
        type=int,
        default=1,
        help="files per report (>1: versions of one report and two years per agency in flight)",
    )
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()} · reports per batch: {args.reports}")
    for workers in [int(n) for n in args.workers.split(",")]:
        elapsed = run(workers, args.reports, args.redis, args.database_url, args.versions)
        print(
            f"{workers} worker process(es): {elapsed:.1f} s → "
            f"{args.reports / elapsed * 60:.0f} reports/min"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
