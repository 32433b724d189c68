"""Parse benchmark (not a test): extract + parse throughput per CPU second.

Usage::

    .venv/bin/python benchmarks/bench_parse.py [--seconds 3]

Three parts. (1) The five seed reports (text, from ../shared/ when present), per seed: extract+parse
rate, parse-only rate, and the time spent in three steps (section split, tables, integrity
marks); the rest is metadata, fee and prose. (2) The 42 demo reports (``gxnb_portal/demo``,
always available) rendered as one-cell-per-line text and as whole saved web pages (navigation,
metadata table, styled CMS tables, footer), each file extracted and parsed in turn. (3) The
three real PDFs (../shared/fixtures/pdf/), extracted (text layer, ruling lines) and parsed.
Targets: extract+parse ≥ 200 text/HTML reports of ~10 KB and ≥ 5 PDF reports per
second per core.
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

    paths = sorted(SEEDS.glob("*.txt"))
    if paths:
        _seeds(paths, args.seconds)
    else:
        print(f"no seeds in {SEEDS}: demo corpus only")
    _demo(args.seconds)
    _pdfs(args.seconds)
    print(
        "targets: extract+parse >= 200 text/HTML reports/s of ~10 KB, >= 5 PDF reports/s, one core"
    )


def _pdfs(seconds: float) -> None:
    from reader.extract import extract
    from reader.parse import parse

    paths = sorted((SEEDS.parent / "pdf").glob("*.pdf"))
    if not paths:
        print("no PDFs in ../shared/fixtures/pdf: PDF part skipped")
        return
    print()
    print(f"{'PDF':<28}{'KB':>7}{'extract+parse/s':>17}")
    total = 0.0
    for path in paths:
        data = path.read_bytes()
        full = rate(lambda d=data, n=path.name: parse(extract(d, n)), seconds)
        total += 1 / full
        print(f"{path.name:<28}{len(data) / 1024:>7.0f}{full:>17.1f}")
    print(f"{'mean (harmonic)':<35}{len(paths) / total:>17.1f}")


def _demo(seconds: float) -> None:
    import django

    django.setup()
    from demo.generate import build_demo
    from demo.render import render_html, render_text
    from reader.extract import extract
    from reader.parse import parse

    reports = build_demo()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_extract import _html_input

    corpora = {
        "demo text (one cell per line)": [(render_text(r.data).encode(), "r.txt") for r in reports],
        "demo HTML (whole web pages)": [(render_html(r.data).encode(), "r.html") for r in reports],
        "a ~10 KB government web page": [(_html_input()[1], "gov_page.html")],
    }
    print()
    print(
        f"{'corpus':<32}{'files':>6}{'file KB':>9}{'text KB':>9}{'extract+parse/s':>17}{'extract ms':>12}"
    )
    for name, files in corpora.items():
        texts = [extract(d, n).text for d, n in files]
        extract_only = rate(lambda f=files: [extract(d, n) for d, n in f], seconds) * len(files)
        full = rate(lambda f=files: [parse(extract(d, n)) for d, n in f], seconds) * len(files)
        print(
            f"{name:<32}{len(files):>6}{sum(len(d) for d, _ in files) / len(files) / 1024:>9.1f}"
            f"{sum(len(t.encode()) for t in texts) / len(texts) / 1024:>9.1f}"
            f"{full:>17.0f}{1000 / extract_only:>12.2f}"
        )


def _seeds(paths: list[Path], seconds: float) -> None:
    from reader.extract import extract
    from reader.parse import parse
    from reader.parse.integrity import read_integrity
    from reader.parse.sections import split_sections
    from reader.parse.tables import parse_tables

    print(
        f"{'report':<28}{'KB':>6}{'extract+parse/s':>17}{'parse/s':>10}{'split µs':>10}{'tables µs':>11}{'integrity µs':>14}"
    )
    totals = {"full": 0.0, "parse": 0.0, "bytes": 0}
    for path in paths:
        data = path.read_bytes()
        extracted = extract(data, path.name)
        full = rate(lambda d=data, n=path.name: parse(extract(d, n)), seconds)
        only = rate(lambda e=extracted: parse(e), seconds)
        split = split_sections(list(extracted.blocks))
        t_split = 1e6 / rate(lambda e=extracted: split_sections(list(e.blocks)), seconds / 2)
        t_tables = 1e6 / rate(lambda s=split: parse_tables(s.section_blocks), seconds / 2)
        t_integrity = 1e6 / rate(lambda t=extracted.text: read_integrity(t), seconds / 2)
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


if __name__ == "__main__":
    main()
