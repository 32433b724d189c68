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

The child is a plain ``os.fork`` of the calling process (a few milliseconds per file), with the
result pickled back through a pipe — not ``multiprocessing``, which refuses to start children
from Celery's (daemonic) pool processes, and whose "spawn"/"forkserver" modes re-import the
parent's main module. The child runs only the Django-free reader and leaves with ``os._exit``,
so the parent's database connections and sockets are never touched; logging's and the import
system's locks are re-initialised after a fork by Python itself. This module is the only part
that knows about settings.
``PARSE_ISOLATION = False`` runs the reader in-process (no limits; for debugging).
"""

from __future__ import annotations

import os
import pickle
import resource
import selectors
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


def _limits() -> tuple[int, int, float]:
    cpu = int(getattr(settings, "PARSE_CPU_SECONDS", 120))
    memory_mb = int(getattr(settings, "PARSE_MEMORY_MB", 3072))
    wall = float(getattr(settings, "PARSE_WALL_SECONDS", 0) or max(3 * cpu, cpu + 60))
    return cpu, memory_mb, wall


def _child(
    fd: int, data: bytes, filename: str | None, overrides: dict[str, Any], cpu: int, mb: int
) -> None:
    """Runs in the child: set the limits, read, pickle (kind, payload, code) into ``fd``."""
    # The parent's handlers (Celery's soft limit, a test's alarm) are not the child's business.
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGUSR1, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    # SIGXCPU at the soft limit kills the process (its default action); the hard limit one
    # second later is SIGKILL should the signal be caught.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))
    from reader.parse import read_report

    message: tuple[str, Any, Any]
    try:
        record = read_report(data, filename, **overrides)
    except ExtractionError as exc:
        if isinstance(exc.__cause__, MemoryError):  # the extractor's own refusal of it
            message = ("memory", None, None)
        else:
            message = ("extraction", exc.message, exc.code)
    except MemoryError:
        message = ("memory", None, None)
    except BaseException:
        message = ("crash", traceback.format_exc(), None)
    else:
        # parse() keeps a partial record when a step fails; out of memory is the limit, not a
        # reader bug, and a partial record would be stored as if the file were read.
        if str(record.get("parse_error") or "").startswith("MemoryError"):
            message = ("memory", None, None)
        else:
            message = ("ok", record, None)
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


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
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's frames
        code = 0
        try:
            os.close(read_fd)
            _child(write_fd, data, filename, overrides, cpu, memory_mb)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    started = time.monotonic()
    try:
        payload = _read_all(read_fd, started + wall)
    except BaseException as exc:
        # Celery's soft time limit (or a shutdown) while waiting: stop the child first.
        _kill(pid)
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            raise ExtractionError(
                MSG_WALL.format(seconds=round(time.monotonic() - started)), code="too_costly"
            ) from exc
        raise
    finally:
        os.close(read_fd)
    if payload is None:  # past the wall-clock limit
        _kill(pid)
        raise ExtractionError(MSG_WALL.format(seconds=round(wall)), code="too_costly")
    status = _wait(pid)
    try:
        kind, result, code = pickle.loads(payload)
    except Exception:
        return _refuse_dead_child(status, cpu, memory_mb)
    if kind == "ok":
        return result
    if kind == "extraction":
        raise ExtractionError(result, code=code)
    if kind == "memory":
        raise ExtractionError(MSG_MEMORY.format(mb=memory_mb), code="too_costly")
    raise RuntimeError(f"reader crashed in the isolated process:\n{result}")


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe (exits); ``None`` past ``deadline``."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)


def _wait(pid: int) -> int:
    """The child's exit code (negative: killed by that signal); reaps it."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped (a SIGCHLD handler that waits for all)
        return 0
    return os.waitstatus_to_exitcode(status)


def _refuse_dead_child(code: int, cpu: int, memory_mb: int) -> dict:
    """The child died without a result: turn why into the refusal staff will read."""
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        # Killed by the kernel at the CPU limit (SIGXCPU, or SIGKILL at the hard limit). An
        # out-of-memory kill also shows as SIGKILL; a child that used its CPU is the usual case.
        raise ExtractionError(MSG_CPU.format(seconds=cpu), code="too_costly")
    if code == -signal.SIGSEGV:  # a C library that did not survive an allocation failure
        raise ExtractionError(MSG_MEMORY.format(mb=memory_mb), code="too_costly")
    raise RuntimeError(f"isolated reader exited with code {code}")
