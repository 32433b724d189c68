"""Robustness scoreboard: known reports in the shapes real ones arrive in, measured.

    .venv/bin/python benchmarks/robustness.py [--family NAME …] [--group NAME …]
                                              [--no-pdf] [--verbose] [--json PATH]

Builds the corpus of ``tests/robustness`` (seeds 002/004 re-rendered, the raw seeds, demo
reports; ~45 variant families: web pages, PDF conversions, scraped text, script and heading
variants, blank cells, adversarial-but-legal prose), runs every case through ``read_report`` +
``run_rules`` (what ``audit_file`` does) and prints, per family: section presence, table 三 /
二 / 四 cell accuracy, findings precision and recall at (report, rule, target), and whether the
family meets the bars (sections 100 %, t3 ≥ 99.5 %, precision ≥ 0.98, recall ≥ 0.95).
PDF families need LibreOffice (``soffice``); conversions are cached under ``var/robustness/``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

import django  # noqa: E402

django.setup()

from tests.robustness.corpus import base_docs  # noqa: E402
from tests.robustness.families import FAMILIES, GROUPS, build_cases, materialise  # noqa: E402
from tests.robustness.pdf import soffice  # noqa: E402
from tests.robustness.score import Tally, score_case, tally  # noqa: E402


def _pct(value: float | None, digits: int = 1) -> str:
    return "   —  " if value is None else f"{100 * value:6.{digits}f}"


def _row(name: str, t: Tally) -> str:
    mark = "ok " if t.meets_bars() else "BAD"
    return (
        f"{name:<20} {t.cases:>4} {_pct(t.rate('sections'))} {_pct(t.rate('t3'), 2)} "
        f"{_pct(t.rate('t2'))} {_pct(t.rate('t4'))} {t.rate('precision'):6.3f} "
        f"{t.rate('recall'):6.3f} {t.tp:>4} {t.fp:>4} {t.fn:>4}  {mark}"
    )


HEADER = (
    f"{'family':<20} {'n':>4} {'sect%':>6} {'t3%':>6} {'t2%':>6} {'t4%':>6} {'prec':>6} "
    f"{'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}  bars"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", action="append", default=[])
    parser.add_argument("--group", action="append", default=[])
    parser.add_argument("--base", action="append", default=[], help="substring of a base name")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    names = args.family or [
        n for n, f in FAMILIES.items() if not args.group or f.group in args.group
    ]
    if args.no_pdf or soffice() is None:
        if soffice() is None and not args.no_pdf:
            print(
                "soffice not found: PDF families skipped (apt-get install libreoffice-writer-nogui)"
            )
        names = [n for n in names if FAMILIES[n].group != "pdf" or n == "docx"]
    docs = base_docs()
    if args.base:
        docs = [d for d in docs if any(b in d.base for b in args.base)]
    start = time.perf_counter()
    cases = materialise(build_cases(docs, names))
    built = time.perf_counter() - start
    scores = [score_case(c) for c in cases]
    elapsed = time.perf_counter() - start

    print(f"{len(docs)} bases, {len(cases)} cases (built {built:.1f} s, total {elapsed:.1f} s)")
    print(HEADER)
    by_group: dict[str, list] = {}
    for group in GROUPS:
        group_scores = []
        for name in names:
            if FAMILIES[name].group != group:
                continue
            fam_scores = [s for s in scores if s.case.family == name]
            if not fam_scores:
                continue
            group_scores += fam_scores
            t = tally(fam_scores)
            print(_row(name, t))
            if args.verbose:
                for s in t.failing:
                    print(f"    {s.case.base}: " + " | ".join(s.problems))
        if group_scores:
            by_group[group] = group_scores
            print(_row(f"= {group}", tally(group_scores)))
            print()
    print(_row("= ALL", tally(scores)))

    if args.json:
        out = {
            "families": {
                name: {
                    "group": FAMILIES[name].group,
                    "description": FAMILIES[name].description,
                    "cases": t.cases,
                    "sections": t.rate("sections"),
                    "t3": t.rate("t3"),
                    "t2": t.rate("t2"),
                    "t4": t.rate("t4"),
                    "precision": t.rate("precision"),
                    "recall": t.rate("recall"),
                    "meets_bars": t.meets_bars(),
                    "failing": {s.case.base: s.problems for s in t.failing},
                }
                for name in names
                if (t := tally(s for s in scores if s.case.family == name)).cases
            }
        }
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
