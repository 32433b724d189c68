"""Load benchmark (not a test): the public search page and API under gunicorn on loopback.

Usage::

    .venv/bin/python benchmarks/bench_load.py [--reports 10000] [--clients 10 50 200]
                                              [--duration 20] [--workers 4]

What it does, bounded in time (about ``len(clients) × (duration + 3)`` s plus set-up):

1. A throw-away ``VAR_DIR``: a migrated SQLite database, collected static files and the embedded
   search index with ``--reports`` synthetic reports (``bench_search.Corpus``: realistic size and
   vocabulary, built from the real seed reports).
2. gunicorn (``--workers`` sync workers, production settings: ``DEBUG`` off, CSP and the other
   middleware on, the search rate limit off — every client is 127.0.0.1) on a free loopback port.
3. For each client count: that many concurrent clients (asyncio, one connection per request, as
   gunicorn's sync workers close after each response) request, alternately, ``/search/?q=…``
   and ``/api/search?q=…`` with queries drawn from common and rare words, for ``--duration``
   seconds. Reports requests/s, p50/p95/p99 latency and the error count (non-200 or failed).

The load generator shares the machine with the server: on a small machine it takes CPU from
gunicorn, so the numbers are a lower bound for the server alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

QUERIES = [
    "公开",
    "政务公开",
    "行政复议",
    "依申请公开",
    "信息处理费",
    "政府信息公开申请",
    "主动公开 政策解读",
    '"政府网站"',
    "预算 决算",
    "行政许可",
    "不予公开",
    "人民政府",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(
        DJANGO_SETTINGS_MODULE="gxnb_portal.settings",
        VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        STATIC_ROOT=str(var_dir / "static"),
        SECRET_KEY="bench-" + "q8Zr3Lp0Xv7Nw2Ks5Jd9Hf4Gt1Bm6Cy" * 2,
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        BEHIND_TLS_PROXY="false",
        SEARCH_RATE_LIMIT="0",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(var_dir: Path, reports: int) -> float:
    env = server_env(var_dir)
    py = sys.executable
    for args in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([py, "manage.py", *args], cwd=REPO, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from bench_search import Corpus

    from search.backends.base import SearchDocument
    from search.backends.sqlite import SearchBackend

    started = time.perf_counter()
    docs = list(Corpus().documents(reports))
    backend = SearchBackend(PATH=var_dir / "search.sqlite3")
    backend.rebuild(SearchDocument.from_json(d) for d in docs)
    count = backend.count()
    backend.close()
    assert count == reports, count
    return time.perf_counter() - started


async def one_request(port: int, path: str, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


async def run_level(port: int, clients: int, duration: float, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + duration

    async def client(i: int) -> None:
        nonlocal errors
        n = i
        while time.perf_counter() < deadline:
            q = quote(rng.choice(QUERIES))
            path = f"/search/?q={q}" if n % 2 == 0 else f"/api/search?q={q}"
            n += 1
            try:
                status, latency = await one_request(port, path, timeout=60)
            except (TimeoutError, OSError, ValueError, IndexError):
                errors += 1
                continue
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200:
                errors += 1
                continue
            latencies.append(latency)

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors,
        "statuses": statuses,
    }


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            status, _ = asyncio.run(one_request(port, "/api/health", timeout=5))
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /api/health")


def calibration_ms() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gxnb-load-") as tmp:
        var_dir = Path(tmp)
        build_s = prepare(var_dir, args.reports)
        print(f"indexed {args.reports} reports in {build_s:.1f} s", flush=True)
        port = free_port()
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "gxnb_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--backlog",
                "2048",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=server_env(var_dir),
        )
        try:
            wait_until_up(port, proc)
            asyncio.run(run_level(port, 4, 3, seed=0))  # warm-up: imports, caches, page cache
            print(f"calibration loop: {calibration_ms():.0f} ms; load average {os.getloadavg()}")
            print("| 并发客户端 | 请求数 | 请求/秒 | p50 ms | p95 ms | p99 ms | 错误 |")
            print("|---:|---:|---:|---:|---:|---:|---:|")
            for clients in args.clients:
                r = asyncio.run(run_level(port, clients, args.duration, seed=clients))
                print(
                    f"| {clients} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.0f} | "
                    f"{r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} |",
                    flush=True,
                )
                if r["errors"]:
                    print(f"  statuses: {r['statuses']}", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
