"""Parser and audit accuracy against ../shared/fixtures/seeds/expected.json.

    .venv/bin/python benchmarks/accuracy.py [--verbose]

Prints section-presence accuracy, table-三 cell accuracy and findings precision / recall at the
level of (report, rule, target) — the measures the unseen-report evaluation uses.
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
