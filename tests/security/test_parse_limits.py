"""Issue #17: a hard limit on the work one file may cost, in every mode.

The reader runs in a child process (``reports/isolation.py``) under a CPU-time limit, a memory
limit and a wall-clock limit, and under Celery the task's soft time limit stops it too. A file
over a limit is refused with its reason (解析失败, a Chinese message) and nothing of it is
stored. The costly file here is real: millions of heading-like lines, which the (now linear)
reader needs several CPU seconds for — more than the tiny limits set by the tests.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from reader.extract import ExtractionError
from reports.isolation import read_report_isolated
from reports.models import ReportVersion
from tests.security.test_hostile_files import time_budget

Status = ReportVersion.Status

# ~4 MB: about 7 CPU seconds of reading on this machine, minutes before the sequence fix.
COSTLY = "一、总体情况 公开\n".encode() * 160_000
SMALL = "一、总体情况\n2023年，本机关主动公开政府信息120条。\n".encode()


def _children() -> set[int]:
    """This process's child processes (zombies included: a child not reaped shows here)."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        pids.update(int(p) for p in (task / "children").read_text().split())
    return pids


@pytest.mark.django_db
def test_a_file_over_the_cpu_limit_is_refused_and_nothing_is_stored(upload, agency_a, settings):
    settings.PARSE_CPU_SECONDS = 1
    before = _children()
    started = time.monotonic()
    with time_budget(60):
        version = upload(agency_a, 2023, COSTLY, filename="costly.txt")
    assert time.monotonic() - started < 60
    assert version.status == Status.FAILED
    assert "处理时限" in version.error and "1 秒" in version.error
    assert version.record is None and not version.extracted_text
    assert version.read_original() == COSTLY  # the original is kept
    assert _children() <= before  # the child was stopped


@pytest.mark.django_db
def test_an_ordinary_file_is_read_in_the_child(upload, agency_a, settings):
    settings.PARSE_CPU_SECONDS = 30
    version = upload(agency_a, 2023, SMALL, filename="small.txt")
    assert version.status != Status.FAILED, version.error
    assert version.record["sections"]["s1"]["present"]


def _vm_size_mb() -> int:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def test_a_file_over_the_memory_limit_is_refused(settings):
    # The child starts as a copy of this process: the limit leaves it 64 MB to grow, and a
    # 10 MB text needs several hundred.
    settings.PARSE_CPU_SECONDS = 120
    settings.PARSE_MEMORY_MB = _vm_size_mb() + 64
    with time_budget(120), pytest.raises(ExtractionError) as refused:
        read_report_isolated(COSTLY * 3, "big.txt")
    assert refused.value.code == "too_costly"
    assert "内存上限" in refused.value.message


def test_celerys_soft_time_limit_stops_the_child(settings):
    # Celery's prefork pool raises SoftTimeLimitExceeded from a signal handler in the task's
    # thread; the same here, from SIGALRM, while the parent waits for the child.
    settings.PARSE_CPU_SECONDS = 120

    def soft_limit(signum: int, frame: Any) -> None:
        raise SoftTimeLimitExceeded()

    before = _children()
    previous = signal.signal(signal.SIGALRM, soft_limit)
    signal.alarm(1)
    try:
        with pytest.raises(ExtractionError) as refused:
            read_report_isolated(COSTLY, "costly.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert refused.value.code == "too_costly"
    assert "超时" in refused.value.message
    assert _children() <= before


def test_the_web_process_stays_free_while_a_costly_file_is_read(settings):
    """The parent only waits: its own CPU time stays near zero while the child works."""
    settings.PARSE_CPU_SECONDS = 2
    cpu = time.process_time()
    with pytest.raises(ExtractionError):
        read_report_isolated(COSTLY, "costly.txt")
    assert time.process_time() - cpu < 1.0


def _read_small_in_pool(_: int) -> bool:
    record = read_report_isolated(SMALL, "small.txt")
    return bool(record["sections"]["s1"]["present"])


def test_the_child_can_be_started_from_a_celery_pool_process():
    # Celery's prefork pool runs tasks in daemonic billiard processes, from which
    # multiprocessing refuses to start children; the isolation must still work there.
    import billiard

    with billiard.Pool(1) as pool:
        assert pool.map(_read_small_in_pool, [0]) == [True]
