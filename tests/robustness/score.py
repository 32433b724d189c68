"""Run a case through the real chain (``read_report`` + ``run_rules``, what ``audit_file``
does) and score it against its truth, with the measures of the unseen-report evaluation:
section presence, table-三 cells, findings precision/recall at (report, rule, target)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reader.record import SECTION_KEYS

from .corpus import Cells
from .families import Case

# The bars the evaluation holds the portal to.
BARS = {"sections": 1.0, "t3": 0.995, "precision": 0.98, "recall": 0.95}


@dataclass(slots=True)
class Score:
    case: Case
    sections_ok: int = 0
    sections_n: int = 0
    cells: dict[str, list[int]] = field(default_factory=dict)  # "t3" -> [ok, n]
    tp: int = 0
    fp: int = 0
    fn: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    record: dict[str, Any] | None = None

    def cell_rate(self, key: str) -> float | None:
        ok, n = self.cells.get(key, [0, 0])
        return ok / n if n else None


def _same(want: object, got: object) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        return (
            isinstance(got, int | float)
            and isinstance(want, int | float)
            and abs(float(want) - float(got)) < 1e-6
        )
    return want == got and type(want) is type(got)


def _compare_cells(key: str, want: Cells, got: dict, score: Score) -> None:
    ok = n = 0
    bad = []
    for row, cols in want.items():
        for col, value in cols.items():
            n += 1
            have = (got.get(row) or {}).get(col)
            if _same(value, have):
                ok += 1
            else:
                bad.append(f"{row}.{col}={have!r}≠{value!r}")
    score.cells[key] = [ok, n]
    if bad:
        more = f" …(+{len(bad) - 6})" if len(bad) > 6 else ""
        score.problems.append(f"{key}: " + ", ".join(bad[:6]) + more)


def score_case(case: Case, *, keep_record: bool = False) -> Score:
    from audit.engine import run_rules
    from reader.extract.blocks import ExtractionError
    from reader.parse import read_report

    truth = case.truth
    score = Score(case)
    want = set(truth.findings)
    try:
        record = read_report(case.data or b"", case.filename)
    except ExtractionError as exc:
        score.error = exc.message
        score.sections_n = len(SECTION_KEYS)
        for key, cells in (("t3", truth.t3), ("t2", truth.t2), ("t4", truth.t4)):
            if cells:
                score.cells[key] = [0, sum(len(c) for c in cells.values())]
        score.fn = len(want)
        score.problems.append(f"extraction error: {exc.message}")
        return score
    if record.get("parse_error"):
        score.problems.append(f"parse_error: {record['parse_error']}")
    findings = run_rules(record)
    if keep_record:
        score.record = record
    for key in SECTION_KEYS:
        present, empty = truth.sections[key]
        sec = record["sections"].get(key) or {}
        got = (bool(sec.get("present")), bool(sec.get("empty")) if sec.get("present") else False)
        score.sections_n += 1
        if got == (present, empty if present else False):
            score.sections_ok += 1
        else:
            score.problems.append(
                f"{key}: present/empty {got} ≠ {(present, empty)} (title {sec.get('title')!r})"
            )
    for key, cells in (("t3", truth.t3), ("t2", truth.t2), ("t4", truth.t4)):
        if cells:
            _compare_cells(key, cells, record["tables"].get(key, {}).get("cells") or {}, score)
    got_f = {(f["rule"], f["target"]) for f in findings if f["severity"] in ("error", "warning")}
    score.tp = len(want & got_f)
    score.fn = len(want - got_f)
    extra = got_f - want - truth.optional
    score.fp = len(extra)
    if want - got_f:
        score.problems.append(f"missed {sorted(want - got_f, key=str)}")
    if extra:
        detail = [
            f"{f['rule']}/{f['target']}: {f['message'][:60]}"
            for f in findings
            if (f["rule"], f["target"]) in extra
        ]
        score.problems.append(f"extra {detail}")
    return score


@dataclass(slots=True)
class Tally:
    """Scores added up (per family, per group, overall)."""

    cases: int = 0
    errors: int = 0
    sections_ok: int = 0
    sections_n: int = 0
    cells: dict[str, list[int]] = field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    failing: list[Score] = field(default_factory=list)

    def add(self, score: Score) -> None:
        self.cases += 1
        self.errors += score.error is not None
        self.sections_ok += score.sections_ok
        self.sections_n += score.sections_n
        for key, (ok, n) in score.cells.items():
            acc = self.cells.setdefault(key, [0, 0])
            acc[0] += ok
            acc[1] += n
        self.tp += score.tp
        self.fp += score.fp
        self.fn += score.fn
        if score.problems:
            self.failing.append(score)

    def rate(self, key: str) -> float | None:
        if key == "sections":
            return self.sections_ok / self.sections_n if self.sections_n else None
        if key == "precision":
            return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        if key == "recall":
            return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        ok, n = self.cells.get(key, [0, 0])
        return ok / n if n else None

    def meets_bars(self) -> bool:
        for key, bar in BARS.items():
            value = self.rate(key)
            if value is not None and value < bar:
                return False
        return self.errors == 0


def tally(scores: Iterable[Score]) -> Tally:
    out = Tally()
    for s in scores:
        out.add(s)
    return out
