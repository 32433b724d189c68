"""Injected faults: the ones listed are the ones present, in data and in defects.csv."""

from __future__ import annotations

from collections import Counter

from demo.generate import DEFECT_PLAN, DemoReport, build_demo

from .checks import findings

ALL_FAULTS = {
    "TABLE-EMPTY",
    "T3-COL",
    "T3-ROW",
    "FEE-MISSING",
    "X-CARRY",
    "DATE-LATE",
    "S5-VACUOUS",
    "NARR-T3",
    "X-COPY",
    "TABLE-BLANK-CELLS",
}


def _with_previous(reports: list[DemoReport]) -> list[tuple[DemoReport, DemoReport | None]]:
    out: list[tuple[DemoReport, DemoReport | None]] = []
    for i, report in enumerate(reports):
        prev = reports[i - 1] if i and reports[i - 1].agency == report.agency else None
        out.append((report, prev))
    return out


def test_every_kind_of_fault_is_injected_as_planned(demo_reports: list[DemoReport]) -> None:
    counts = Counter(r.fault for r in demo_reports if r.fault)
    assert set(counts) == ALL_FAULTS
    assert counts == Counter(DEFECT_PLAN)
    assert sum(r.clean for r in demo_reports) >= len(demo_reports) // 2


def test_listed_defects_are_exactly_what_is_wrong_with_each_report(
    demo_reports: list[DemoReport],
) -> None:
    for report, prev in _with_previous(demo_reports):
        listed = {(d.rule, d.target) for d in report.defects}
        assert findings(report, prev) == listed, report.path
        if report.fault:
            assert report.fault in {rule for rule, _ in listed}


def test_listed_defects_hold_for_other_seeds_too() -> None:
    for seed in (1, 99):
        for report, prev in _with_previous(build_demo(seed)):
            listed = {(d.rule, d.target) for d in report.defects}
            assert findings(report, prev) == listed, (seed, report.path)


def test_defects_csv_lists_the_injected_findings(
    demo_reports: list[DemoReport], defect_rows: list[dict[str, str]]
) -> None:
    written = {(row["path"], row["rule"], row["target"]) for row in defect_rows}
    injected = {(r.path, d.rule, d.target) for r in demo_reports for d in r.defects}
    assert written == injected
    assert all(row["note"] for row in defect_rows)


def test_cross_year_faults_have_a_previous_report_to_compare_with(
    demo_reports: list[DemoReport],
) -> None:
    for report, prev in _with_previous(demo_reports):
        if report.fault in ("X-CARRY", "X-COPY"):
            assert prev is not None and prev.year == report.year - 1
            assert prev.fault not in ("TABLE-EMPTY", "S5-VACUOUS")


def test_copied_report_differs_from_last_year_only_by_the_year(
    demo_reports: list[DemoReport],
) -> None:
    for report, prev in _with_previous(demo_reports):
        if report.fault == "X-COPY":
            assert prev is not None
            for key in ("s1", "s5"):
                older = prev.data.section_text(key).replace(str(prev.year + 1), "{Y1}")
                older = older.replace(str(prev.year), "{Y}")
                newer = report.data.section_text(key).replace(str(report.year + 1), "{Y1}")
                newer = newer.replace(str(report.year), "{Y}")
                assert older == newer
