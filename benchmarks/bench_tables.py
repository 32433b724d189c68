"""Table-parsing benchmark (not a test): time of ``parse_tables`` per report.

Usage::

    .venv/bin/python benchmarks/bench_tables.py [--seconds 1]

Measures ``parse_tables`` alone (blocks already extracted and split into sections) for the five
seed reports, the three real PDFs (pdfplumber grids), and seed 002's table 三 rendered in the
other shapes (Markdown, PDF text lines, fully glued digits). Prints µs per report.
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

SHARED = REPO.parent / "shared" / "fixtures"


def per_call(fn: Callable[[], object], seconds: float) -> float:
    """Mean seconds per call of ``fn`` over about ``seconds``."""
    fn()  # warm caches (OpenCC, label cores)
    n = 0
    start = time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    args = parser.parse_args()

    from reader.extract import extract
    from reader.parse.sections import split_sections
    from reader.parse.tables import parse_tables
    from tests.parse.tables.builders import (
        FENGTAI_T3_ROWS,
        report_text,
        t3_glued,
        t3_markdown,
        t3_pdf_text,
    )

    cases: list[tuple[str, bytes, str]] = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        cases.append((path.name[:24], path.read_bytes(), path.name))
    for path in sorted((SHARED / "pdf").glob("*.pdf")):
        cases.append((path.name, path.read_bytes(), path.name))
    for name, render in (
        ("002 as markdown", t3_markdown),
        ("002 as PDF text", t3_pdf_text),
        ("002 glued", t3_glued),
    ):
        cases.append((name, report_text(render(FENGTAI_T3_ROWS)).encode("utf-8"), "x.txt"))

    print(f"{'report':<26}{'tables µs':>11}{'t3 cells':>10}")
    total = 0.0
    for name, data, filename in cases:
        sections = split_sections(list(extract(data, filename).blocks)).section_blocks
        seconds = per_call(lambda s=sections: parse_tables(s), args.seconds)
        t3 = parse_tables(sections)["t3"]
        read = sum(v is not None for row in t3.get("cells", {}).values() for v in row.values())
        print(f"{name:<26}{seconds * 1e6:>11.0f}{read:>10}")
        total += seconds
    print(f"{'mean':<26}{total / len(cases) * 1e6:>11.0f}")


if __name__ == "__main__":
    main()
