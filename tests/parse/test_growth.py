"""Issue #17: no input makes the reader super-linear.

Every adversarial shape of ``benchmarks/bench_growth.py`` (heading-like lines, one endless line,
many tables, deep nesting, digit runs, pinyin brackets, fee sentences, …) is read at 100 KB and
at 1 MB. Two bounds, both generous for linear code and far from what quadratic code needs:

- 1 MB is read within 60 CPU seconds (linear code: at most ~4 s on the 2-core machine; the
  quadratic section search took 167 s for 40,000 heading-like lines);
- ten times the input costs at most 25 times the CPU (linear: ~10×; quadratic: ~100×).

CPU time of this process, not wall time: the machine is shared.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest

from reader.extract import ExtractionError
from reader.parse import read_report

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_growth.py"
_spec = importlib.util.spec_from_file_location("bench_growth", _PATH)
assert _spec is not None and _spec.loader is not None
bench_growth = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_growth", bench_growth)
_spec.loader.exec_module(bench_growth)

MAX_SECONDS_AT_1MB = 60.0
MAX_RATIO = 25.0


def _cpu(shape: str, size: int) -> tuple[float, str]:
    data, name = bench_growth.SHAPES[shape](size)
    start = time.process_time()
    try:
        record = read_report(data, name)
        outcome = "parse_error" if record.get("parse_error") else "record"
    except ExtractionError as exc:
        outcome = f"refused:{exc.code}"
    return time.process_time() - start, outcome


@pytest.mark.parametrize("shape", sorted(bench_growth.SHAPES))
def test_a_megabyte_of_each_hostile_shape_is_read_in_linear_time(shape):
    _cpu(shape, 10_000)  # compiled regexes, loaded converters: fixed costs out of the way
    small, _ = _cpu(shape, 100_000)
    large, outcome = _cpu(shape, 1_000_000)
    assert outcome != "parse_error", f"{shape}: a reader step raised (parse_error)"
    assert large < MAX_SECONDS_AT_1MB, f"{shape}: {large:.1f} s of CPU for 1 MB"
    # A refusal (nesting past MAX_NESTING) is cheap whatever the size: only a read is compared.
    if outcome == "record":
        assert large <= MAX_RATIO * small + 0.5, (
            f"{shape}: 100 KB {small:.2f} s, 1 MB {large:.2f} s ({large / small:.0f}×)"
        )
