"""A hard limit on the work one file may cost: the reader runs in a child process.

:func:`read_report_isolated` has the signature and the outcome of
:func:`reader.parse.read_report` — a record, or ``ExtractionError`` with a Chinese message — but
the extraction and parsing happen in a separate process with

- a CPU-time limit (``PARSE_CPU_SECONDS``, ``RLIMIT_CPU``: the kernel stops the child),
- an address-space limit (``PARSE_MEMORY_MB``, ``RLIMIT_AS``: allocations fail, the reader
  turns ``MemoryError`` into ``ExtractionError``, or the child dies),
- a wall-clock limit in the parent (a child blocked rather than computing), and
- under Celery, the task's soft time limit: ``SoftTimeLimitExceeded`` raised while waiting
  stops the child and becomes the same kind of refusal.

So no mode runs the reader in the web request's thread or lets one file hold a core without
end: in the embedded no-broker mode the request thread only waits (the GIL is free, other
requests are served), and a Celery worker's task cannot outlive the limit either. A file over a
limit is refused with its reason, like any unreadable file, before anything is stored.

Children are forked from the calling process (a few milliseconds per file; see
``_mp_context``). The reader is Django-free: this module is the only part that knows about
settings.
``PARSE_ISOLATION = False`` runs the reader in-process (no limits; for debugging).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
import traceback
from typing import Any

from django.conf import settings

from reader.extract.blocks import ExtractionError

__all__ = ["read_report_isolated"]

MSG_CPU = (
    "文件解析超出处理时限（CPU 时间 {seconds} 秒），已停止，未保存任何解析结果。"
    "请确认文件是正常的年度报告；如确有必要，请联系管理员。"
)
MSG_MEMORY = (
    "文件解析超出内存上限（{mb} MB），已停止，未保存任何解析结果。"
    "请确认文件是正常的年度报告；如确有必要，请联系管理员。"
)
MSG_WALL = (
    "文件解析超时（{seconds} 秒），已停止，未保存任何解析结果。"
    "服务器繁忙时可稍后重新解析；如反复出现，请联系管理员。"
)
MSG_CRASH = "解析进程意外退出，已记录日志，请联系管理员。原始文件已保存，可稍后重新解析。"


def _mp_context() -> Any:
    # "fork": a few milliseconds per file, and nothing re-imports the parent's main module (as
    # "spawn" and "forkserver" do). The child runs only the Django-free reader and leaves with
    # os._exit, so the parent's database connections and sockets are never touched; logging's
    # and the import system's locks are re-initialised after a fork by Python itself.
    return multiprocessing.get_context("fork")


def _limits() -> tuple[int, int, float]:
    cpu = int(getattr(settings, "PARSE_CPU_SECONDS", 120))
    memory_mb = int(getattr(settings, "PARSE_MEMORY_MB", 2048))
    wall = float(getattr(settings, "PARSE_WALL_SECONDS", 0) or max(3 * cpu, cpu + 60))
    return cpu, memory_mb, wall


def _child(
    conn: multiprocessing.connection.Connection,
    data: bytes,
    filename: str | None,
    overrides: dict[str, Any],
    cpu: int,
    memory_mb: int,
) -> None:
    """Runs in the child: set the limits, read, send back ("ok", record) or ("error", …)."""
    # SIGXCPU at the soft limit kills the process (its default action); the hard limit one
    # second later is SIGKILL should the signal be caught.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from reader.parse import read_report

    try:
        record = read_report(data, filename, **overrides)
    except ExtractionError as exc:
        if isinstance(exc.__cause__, MemoryError):  # the extractor's own refusal of it
            conn.send(("memory", None, None))
        else:
            conn.send(("extraction", exc.message, exc.code))
    except MemoryError:
        conn.send(("memory", None, None))
    except BaseException:
        conn.send(("crash", traceback.format_exc(), None))
    else:
        # parse() keeps a partial record when a step fails; out of memory is the limit, not a
        # reader bug, and a partial record would be stored as if the file were read.
        if str(record.get("parse_error") or "").startswith("MemoryError"):
            conn.send(("memory", None, None))
        else:
            conn.send(("ok", record, None))
    conn.close()


_warm = False


def _warm_up() -> None:
    """Read a tiny report once in this process, so that every forked child starts with the
    reader's regexes compiled and its script converters loaded (a cold child spends ~0.3 s)."""
    global _warm
    if not _warm:
        from reader.parse import read_report

        read_report("一、总体情况\n本年度主动公开政府信息。\n".encode(), "warm.txt")
        _warm = True


def read_report_isolated(data: bytes, filename: str | None = None, **overrides: Any) -> dict:
    """``read_report`` in a child process under CPU, memory and time limits (see the module)."""
    if not getattr(settings, "PARSE_ISOLATION", True):
        from reader.parse import read_report

        return read_report(data, filename, **overrides)

    cpu, memory_mb, wall = _limits()
    _warm_up()
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child,
        args=(sender, data, filename, overrides, cpu, memory_mb),
        name="gxnb-parse",
        daemon=True,
    )
    proc.start()
    sender.close()
    started = time.monotonic()
    try:
        message = _receive(receiver, proc, started + wall)
    except BaseException as exc:
        # Celery's soft time limit (or a shutdown) while waiting: stop the child first.
        _stop(proc)
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            raise ExtractionError(
                MSG_WALL.format(seconds=round(time.monotonic() - started)), code="too_costly"
            ) from exc
        raise
    finally:
        receiver.close()
    if message is None:
        _stop(proc)
        return _refuse_dead_child(proc, cpu, memory_mb, wall, started)
    proc.join(timeout=10)
    if proc.is_alive():
        _stop(proc)
    kind, payload, code = message
    if kind == "ok":
        return payload
    if kind == "extraction":
        raise ExtractionError(payload, code=code)
    if kind == "memory":
        raise ExtractionError(MSG_MEMORY.format(mb=memory_mb), code="too_costly")
    raise RuntimeError(f"reader crashed in the isolated process:\n{payload}")


def _receive(
    receiver: multiprocessing.connection.Connection, proc: Any, deadline: float
) -> tuple[str, Any, Any] | None:
    """The child's message, or ``None`` when it died without one or the deadline passed."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        # Wait on the pipe and the process together: a killed child closes neither cleanly.
        ready = multiprocessing.connection.wait([receiver, proc.sentinel], timeout=remaining)
        if receiver in ready:
            try:
                return receiver.recv()
            except EOFError:
                return None
        if proc.sentinel in ready:
            # Exited: a last message may still be in the pipe.
            if receiver.poll(0):
                try:
                    return receiver.recv()
                except EOFError:
                    return None
            return None


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.kill()
    proc.join(timeout=10)


def _refuse_dead_child(proc: Any, cpu: int, memory_mb: int, wall: float, started: float) -> dict:
    """Why the child gave no record: turn it into the refusal staff will read."""
    code = proc.exitcode
    elapsed = time.monotonic() - started
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and elapsed < wall:
        # Killed by the kernel at the CPU limit (SIGXCPU, or SIGKILL at the hard limit). An
        # out-of-memory kill also shows as SIGKILL; a child that used its CPU is the usual case.
        raise ExtractionError(MSG_CPU.format(seconds=cpu), code="too_costly")
    if elapsed >= wall:
        raise ExtractionError(MSG_WALL.format(seconds=round(wall)), code="too_costly")
    if code is not None and code < 0 and -code == signal.SIGSEGV:
        raise ExtractionError(MSG_MEMORY.format(mb=memory_mb), code="too_costly")
    raise RuntimeError(f"isolated reader exited with code {code} (pid {os.getpid()})")
