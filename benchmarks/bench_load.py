"""Load benchmark (not a test): the public search page and API under gunicorn on loopback.

Usage::

    .venv/bin/python benchmarks/bench_load.py [--reports 10000] [--clients 10 50 200]
                                              [--duration 20] [--workers 5]
                                              [--database sqlite|postgres] [--cache locmem|redis]
                                              [--tool asyncio|wrk]

    # The production-shaped run (docs/benchmarks.md): PostgreSQL, Redis for the
    # rate limit's counters, the limit raised (not off), wrk, 60 s per level and path.
    .venv/bin/python benchmarks/bench_load.py --database postgres --cache redis --tool wrk \
        --duration 60 --clients 10 50 200

    # Search while the same server reads a costly upload (embedded mode, no broker).
    PARSE_CPU_SECONDS=30 .venv/bin/python benchmarks/bench_load.py --database postgres \
        --cache redis --tool wrk --duration 60 --costly-upload 30

What it does, bounded in time (about ``len(clients) × (duration + 3)`` s plus set-up):

1. A throw-away ``VAR_DIR``: a migrated SQLite database, collected static files and the embedded
   search index with ``--reports`` synthetic reports (``bench_search.Corpus``: realistic size and
   vocabulary, built from the real seed reports).
2. gunicorn (``--workers`` sync workers — 5 = 2 × cores + 1, what docs/deployment.md
   recommends for 2 cores — production settings: ``DEBUG`` off, WhiteNoise, CSP and the other
   middleware on) on a free loopback port. ``--database postgres`` migrates a fresh PostgreSQL
   database (``BENCH_POSTGRES``, default postgres@127.0.0.1) instead of SQLite; ``--cache
   redis`` puts Django's cache — the search rate limit's counters — in Redis (``BENCH_REDIS``)
   and raises the limit to 10,000,000 per window (counted on every request, never reached: every
   client is 127.0.0.1); without it the limit is off.
3. For each client count: that many concurrent clients (asyncio, one connection per request, as
   gunicorn's sync workers close after each response) request, alternately, ``/search/?q=…``
   and ``/api/search?q=…`` with queries drawn from common and rare words, for ``--duration``
   seconds. Reports requests/s, p50/p95/p99 latency and the error count (non-200 or failed).
   ``--tool wrk`` instead runs Debian's ``wrk`` (``apt-get install wrk``) for each path on its
   own (``/api/search`` and ``/search/``, a random query per request from a Lua script), two
   threads, keep-alive connections, a 10 s timeout; its Lua ``done`` hook prints p50/p95/p99
   and every kind of error (connect, read, write, timeout, non-2xx).

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


POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres:postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13")
PG_DB = "gxnb_bench_load"


def server_env(var_dir: Path, database: str = "sqlite", cache: str = "locmem") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    db_url = (
        f"{POSTGRES}/{PG_DB}" if database == "postgres" else f"sqlite:///{var_dir / 'db.sqlite3'}"
    )
    env.update(
        DJANGO_SETTINGS_MODULE="gxnb_portal.settings",
        VAR_DIR=str(var_dir),
        DATABASE_URL=db_url,
        STATIC_ROOT=str(var_dir / "static"),
        SECRET_KEY="bench-" + "q8Zr3Lp0Xv7Nw2Ks5Jd9Hf4Gt1Bm6Cy" * 2,
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        BEHIND_TLS_PROXY="false",
        SEARCH_RATE_LIMIT="0",
        LOG_LEVEL="WARNING",
    )
    if cache == "redis":
        env.update(CACHE_URL=REDIS, SEARCH_RATE_LIMIT="10000000")
    return env


def reset_postgres() -> None:
    """A fresh, empty benchmark database (dropped first if a previous run left it)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")


def prepare(var_dir: Path, reports: int, database: str = "sqlite", cache: str = "locmem") -> float:
    env = server_env(var_dir, database, cache)
    if database == "postgres":
        reset_postgres()
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


WRK_SCRIPT = """
local queries = {%(queries)s}
local prefix = "%(prefix)s"
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", prefix .. queries[math.random(#queries)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d p50=%%.2f p95=%%.2f p99=%%.2f connect=%%d read=%%d " ..
    "write=%%d status=%%d timeout=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_wrk(port: int, path: str, clients: int, duration: float, seed: int) -> dict:
    """One wrk run on ``path`` (``/api/search`` or ``/search/``) with a random query each time."""
    queries = ", ".join(f'"{quote(q)}"' for q in QUERIES)
    script = WRK_SCRIPT % {"queries": queries, "prefix": f"{path}?q=", "seed": seed}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    cmd = [
        "wrk",
        "-t",
        str(min(2, clients)),
        "-c",
        str(clients),
        "-d",
        f"{duration:.0f}s",
        "--timeout",
        "10s",
        "-s",
        f.name,
        f"http://127.0.0.1:{port}{path}",
    ]
    load_before = os.getloadavg()[0]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(f.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    fields = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    errors = sum(int(fields[k]) for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "command": " ".join([*cmd[:-2], "<script>", cmd[-1]]),
        "path": path,
        "clients": clients,
        "requests": int(fields["requests"]),
        "rps": fields["requests"] / (fields["duration_us"] / 1e6),
        "p50": fields["p50"],
        "p95": fields["p95"],
        "p99": fields["p99"],
        "errors": errors,
        "detail": {k: int(fields[k]) for k in ("connect", "read", "write", "status", "timeout")},
        "load": (load_before, os.getloadavg()[0]),
    }


def make_uploader(var_dir: Path) -> int:
    """A superuser and an agency in the benchmark database (for the costly-upload phase)."""
    from django.contrib.auth import get_user_model

    from reports.models import Agency

    user_model = get_user_model()
    if not user_model.objects.filter(username="bench").exists():
        user_model.objects.create_superuser("bench", "bench@example.gov.cn", "bench-pass-123")
    agency, _ = Agency.objects.get_or_create(name="基准测试区人民政府", defaults={"level": "gov"})
    return agency.pk


def upload_through_admin(
    port: int, agency_id: int, data: bytes, filename: str
) -> tuple[int, float]:
    """Log in to the admin and add a report with ``data`` as its file, as staff would: the
    request returns once the upload is processed (no broker: in the web process). Returns the
    HTTP status and the seconds the request took."""
    import http.cookiejar
    import re
    import urllib.request

    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def token(path: str) -> str:
        html = opener.open(base + path, timeout=60).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]

    login = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token("/admin/login/"),
            "username": "bench",
            "password": "bench-pass-123",
            "next": "/admin/",
        }
    ).encode()
    opener.open(base + "/admin/login/", login, timeout=60).read()
    add = "/admin/gxnb_portal/report/add/"
    page = opener.open(base + add, timeout=60).read().decode()
    # The hidden fields: the CSRF token and the version inline's management form.
    fields = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    fields.update(agency=str(agency_id), year="2024")
    boundary = "----gxnbbench"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        base + add,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    started = time.perf_counter()
    try:
        response = opener.open(request, timeout=600)
        status = response.status
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.{0,300})', response.read().decode())
        if errors:
            print(f"upload form refused: {errors[:3]}", flush=True)
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def costly_upload_phase(port: int, agency_id: int, megabytes: int, duration: float) -> None:
    """Search p95 on its own, then while a costly file is processed by the same server."""
    import threading

    from reports.models import ReportVersion

    baseline = run_wrk(port, "/api/search", 10, duration, seed=1)
    data = "一、总体情况 公开\n".encode() * (megabytes * 1024 * 1024 // 25)
    outcome: dict[str, object] = {}

    def upload() -> None:
        outcome["status"], outcome["seconds"] = upload_through_admin(
            port, agency_id, data, "costly.txt"
        )

    thread = threading.Thread(target=upload)
    thread.start()
    time.sleep(2)  # the upload has arrived and is being read
    during = run_wrk(port, "/api/search", 10, duration, seed=2)
    thread.join(timeout=900)
    version = ReportVersion.objects.order_by("-pk").first()
    print(
        f"costly upload: {len(data) / 1e6:.0f} MB of heading-like lines; HTTP {outcome.get('status')} "
        f"after {float(outcome.get('seconds', 0)):.0f} s; version status {version and version.status}: "
        f"{version and version.error}"
    )
    print("| `/api/search`, 10 clients | 请求/秒 | p50 ms | p95 ms | p99 ms | 错误 | 负载 |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, r in (("alone", baseline), ("while the costly file is read", during)):
        print(
            f"| {label} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
            f"{r['errors']} | {r['load'][0]:.1f} → {r['load'][1]:.1f} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=5, help="2 × cores + 1 (deployment.md)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cache", choices=["locmem", "redis"], default="locmem")
    parser.add_argument("--tool", choices=["asyncio", "wrk"], default="asyncio")
    parser.add_argument(
        "--result-cache",
        type=int,
        metavar="SECONDS",
        default=None,
        help="SEARCH_RESULT_CACHE_SECONDS for the server (default: the settings' — 300 with "
        "--cache redis); 0 measures every request on the search engine itself",
    )
    parser.add_argument(
        "--costly-upload",
        type=int,
        metavar="MB",
        default=0,
        help="instead of the levels: search p95 (wrk, 10 clients) alone and while the server "
        "processes an upload of MB megabytes of heading-like lines (embedded mode, no broker; "
        "PARSE_CPU_SECONDS from the environment, default 30 here)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gxnb-load-") as tmp:
        var_dir = Path(tmp)
        build_s = prepare(var_dir, args.reports, args.database, args.cache)
        print(f"indexed {args.reports} reports in {build_s:.1f} s", flush=True)
        port = free_port()
        env = server_env(var_dir, args.database, args.cache)
        if args.result_cache is not None:
            env["SEARCH_RESULT_CACHE_SECONDS"] = str(args.result_cache)
        print(f"result cache: {env.get('SEARCH_RESULT_CACHE_SECONDS', 'default')}", flush=True)
        agency_id = 0
        if args.costly_upload:
            agency_id = make_uploader(var_dir)
            # Plain HTTP on loopback: the admin's cookies must not be https-only here.
            env.update(SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
            env.setdefault("PARSE_CPU_SECONDS", os.environ.get("PARSE_CPU_SECONDS", "30"))
            env["UPLOAD_MAX_MB"] = str(args.costly_upload + 5)
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
                "600" if args.costly_upload else "120",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
        )
        try:
            wait_until_up(port, proc)
            asyncio.run(run_level(port, 4, 3, seed=0))  # warm-up: imports, caches, page cache
            print(f"calibration loop: {calibration_ms():.0f} ms; load average {os.getloadavg()}")
            print(
                f"gunicorn {args.workers} sync workers; database {args.database}; "
                f"cache {args.cache}; {os.cpu_count()} cores",
                flush=True,
            )
            if args.costly_upload:
                costly_upload_phase(port, agency_id, args.costly_upload, args.duration)
                return
            if args.tool == "wrk":
                print(
                    "| 路径 | 并发客户端 | 请求数 | 请求/秒 | p50 ms | p95 ms | p99 ms | 错误 | 负载 |"
                )
                print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
                for clients in args.clients:
                    for path in ("/api/search", "/search/"):
                        r = run_wrk(port, path, clients, args.duration, seed=clients)
                        print(
                            f"| `{path}` | {clients} | {r['requests']} | {r['rps']:.1f} | "
                            f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} | "
                            f"{r['load'][0]:.1f} → {r['load'][1]:.1f} |",
                            flush=True,
                        )
                        if r["errors"]:
                            print(f"  errors: {r['detail']}", flush=True)
                print(f"wrk command: {r['command']}")
                return
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
