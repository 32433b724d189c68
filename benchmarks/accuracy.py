"""Parser and audit accuracy against ../shared/fixtures/seeds/expected.json and
../shared/fixtures/real/expected.json (real scraped reports).

    .venv/bin/python benchmarks/accuracy.py [--verbose]

Prints section-presence accuracy, table-三 cell accuracy and findings precision / recall at the
level of (report, rule, target) — the measures the unseen-report evaluation uses — and, for the
real reports, table 三 and table 四 cells read right / read wrong / left unread (a wrong number
is worse than an unread one: the bars are 三 ≥ 99.5 %, 四 ≥ 99 % right, wrong ≤ 0.1 %).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

import django  # noqa: E402

django.setup()

from audit.engine import run_rules  # noqa: E402
from reader.parse import read_report  # noqa: E402

SEEDS = REPO.parent / "shared" / "fixtures" / "seeds"
REAL = REPO.parent / "shared" / "fixtures" / "real"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        print("../shared/fixtures/seeds is absent; nothing to measure")
        return 0
    expected = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))["reports"]
    sec_ok = sec_n = cell_ok = cell_n = 0
    tp = fp = fn = 0
    for name, exp in sorted(expected.items()):
        record = read_report((SEEDS / name).read_bytes(), name)
        findings = run_rules(record)
        for key, sec in exp["sections"].items():
            got = record["sections"].get(key, {})
            sec_n += 1
            ok = got.get("present") == sec["present"] and got.get("empty") == sec.get("empty")
            sec_ok += ok
            if not ok and args.verbose:
                print(
                    f"  {name} {key}: expected {sec}, got present={got.get('present')} empty={got.get('empty')}"
                )
        t3 = exp["tables"]["t3"]
        if t3.get("cells"):
            got_cells = record["tables"]["t3"].get("cells") or {}
            for row, cols in t3["cells"].items():
                for col, value in cols.items():
                    cell_n += 1
                    got = (got_cells.get(row) or {}).get(col)
                    cell_ok += got == value
                    if got != value and args.verbose:
                        print(f"  {name} t3.{row}.{col}: expected {value}, got {got}")
        want = {tuple(f) for f in exp["findings"]}
        optional = {tuple(f) for f in exp.get("optional", [])}
        got = {(f["rule"], f["target"]) for f in findings if f["severity"] in ("error", "warning")}
        tp += len(want & got)
        fn += len(want - got)
        extra = got - want - optional
        fp += len(extra)
        if args.verbose and (want - got or extra):
            print(f"  {name} missed {sorted(want - got, key=str)} extra {sorted(extra, key=str)}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"sections   {sec_ok}/{sec_n}")
    print(f"t3 cells   {cell_ok}/{cell_n}")
    print(f"findings   precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    _real(args.verbose)
    return 0


def _real(verbose: bool) -> None:
    """Cells of tables 三 and 四 of the real reports: right, wrong, unread."""
    if not (REAL / "expected.json").is_file():
        print("../shared/fixtures/real is absent: real reports skipped")
        return
    expected = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
    sec_ok = sec_n = 0
    counts = {t: {"right": 0, "wrong": 0, "unread": 0} for t in ("t3", "t4")}
    for name, exp in sorted(expected.items()):
        record = read_report((REAL / exp["file"]).read_bytes(), exp["file"])
        for key, sec in exp["sections"].items():
            got = record["sections"].get(key, {})
            sec_n += 1
            sec_ok += got.get("present") == sec["present"] and got.get("empty") == sec["empty"]
        for table in ("t3", "t4"):
            got_cells = record["tables"][table].get("cells") or {}
            for row, cols in exp["tables"][table]["cells"].items():
                for col, value in cols.items():
                    got = (got_cells.get(row) or {}).get(col)
                    kind = "right" if got == value else "unread" if got is None else "wrong"
                    counts[table][kind] += 1
                    if kind != "right" and verbose:
                        print(f"  {name} {table}.{row}.{col}: expected {value}, got {got}")
    print(f"real       sections {sec_ok}/{sec_n}")
    for table, c in counts.items():
        n = sum(c.values()) or 1
        print(
            f"real {table}    right {c['right']}/{n} ({100 * c['right'] / n:.1f} %), "
            f"wrong {c['wrong']}, unread {c['unread']}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
