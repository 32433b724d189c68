"""Parse benchmark (not a test): reports per second for the five seed reports, text format.

Usage::

    .venv/bin/python benchmarks/bench_parse.py [--seconds 3]

Prints, per seed and overall: extract+parse rate, parse-only rate (per CPU second), and the time spent in three
steps (section split, tables, integrity marks); the rest is metadata, fee and prose. Target (brief H2): extract+parse ≥ 200 reports of
~10 KB per second per core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

SEEDS = REPO.parent / "shared" / "fixtures" / "seeds"


def rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per CPU second of ``fn``, measured over about ``seconds`` of CPU time.

    CPU time, not wall time: the machine is shared, and a busy neighbour would otherwise make
    the parser look slower than it is.
    """
    fn()  # warm caches (OpenCC, regex compilation)
    n = 0
    start = time.process_time()
    while True:
        fn()
        n += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    from gxnb_portal.extract import extract
    from gxnb_portal.parse import parse
    from gxnb_portal.parse.integrity import read_integrity
    from gxnb_portal.parse.sections import split_sections
    from gxnb_portal.parse.tables import parse_tables

    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        sys.exit(f"no seeds in {SEEDS}")
    print(
        f"{'report':<28}{'KB':>6}{'extract+parse/s':>17}{'parse/s':>10}{'split µs':>10}{'tables µs':>11}{'integrity µs':>14}"
    )
    totals = {"full": 0.0, "parse": 0.0, "bytes": 0}
    for path in paths:
        data = path.read_bytes()
        extracted = extract(data, path.name)
        full = rate(lambda d=data, n=path.name: parse(extract(d, n)), args.seconds)
        only = rate(lambda e=extracted: parse(e), args.seconds)
        split = split_sections(list(extracted.blocks))
        t_split = 1e6 / rate(lambda e=extracted: split_sections(list(e.blocks)), args.seconds / 2)
        t_tables = 1e6 / rate(lambda s=split: parse_tables(s.section_blocks), args.seconds / 2)
        t_integrity = 1e6 / rate(lambda t=extracted.text: read_integrity(t), args.seconds / 2)
        totals["full"] += 1 / full
        totals["parse"] += 1 / only
        totals["bytes"] += len(data)
        print(
            f"{path.name:<28}{len(data) / 1024:>6.1f}{full:>17.0f}{only:>10.0f}"
            f"{t_split:>10.0f}{t_tables:>11.0f}{t_integrity:>14.0f}"
        )
    n = len(paths)
    print(
        f"{'mean (harmonic)':<28}{totals['bytes'] / n / 1024:>6.1f}"
        f"{n / totals['full']:>17.0f}{n / totals['parse']:>10.0f}"
    )
    print("target: extract+parse >= 200 reports/s of ~10 KB on one core")


if __name__ == "__main__":
    main()
