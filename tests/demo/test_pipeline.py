"""The demo files through the portal's real extract → parse → audit pipeline.

Every demo report's printed tables, metadata and faults are known exactly, so any difference
here is a signal about the parser or the audit rules (not something to smooth over in the
generator). One test case per file, named by its path, so a failure says which file and format.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from demo.generate import DemoReport, build_demo, render_file
from demo.model import Cells
from reader.record import T2_LAYOUTS, T3_COLS, T3_ROWS_2021, T4_COLS, T4_GROUPS, Record

REPORTS = build_demo(2024)
BY_PATH = {r.path: r for r in REPORTS}
PREVIOUS = {
    r.path: REPORTS[i - 1].path
    for i, r in enumerate(REPORTS)
    if i and REPORTS[i - 1].agency == r.agency
}


def _ids(reports: list[DemoReport]) -> list[str]:
    return [f"{r.path}[{r.fault or 'clean'}]" for r in reports]


@cache
def _record(path: str, with_metadata: bool) -> Record:
    from reader.parse import read_report

    report = BY_PATH[path]
    overrides: dict[str, Any] = {}
    if with_metadata:
        # What an import from the manifest passes along.
        overrides = {
            "year": report.year,
            "agency": report.agency.name,
            "level": report.agency.level,
            "published": report.data.published.isoformat() if report.data.published else None,
        }
    return read_report(render_file(report), path.rsplit("/", 1)[-1], **overrides)


def _as_read(value: object) -> object:
    # Blanks and placeholders are read as null, never as 0 (record.md).
    return value if isinstance(value, int | float) else None


def _mismatches(expected: Cells, got: dict[str, Any], rows: Any, cols: Any) -> list[str]:
    out = []
    for row in rows:
        for col in cols:
            want = _as_read(expected[row][col])
            have = (got.get(row) or {}).get(col)
            if have != want:
                out.append(f"{row}.{col}: {want!r} → {have!r}")
    return out


@pytest.mark.parametrize(
    "report", [r for r in REPORTS if r.clean], ids=_ids([r for r in REPORTS if r.clean])
)
def test_clean_report_table_three_parses_cell_for_cell(report: DemoReport) -> None:
    record = _record(report.path, False)
    t3 = record["tables"]["t3"]
    assert t3.get("present") and t3.get("layout") == "2021"
    assert report.data.t3 is not None
    assert _mismatches(report.data.t3, t3.get("cells") or {}, T3_ROWS_2021, T3_COLS) == []


@pytest.mark.parametrize(
    "report", [r for r in REPORTS if r.fault], ids=_ids([r for r in REPORTS if r.fault])
)
def test_faulty_report_table_three_parses_as_printed(report: DemoReport) -> None:
    record = _record(report.path, False)
    t3 = record["tables"]["t3"]
    assert t3.get("present")
    assert report.data.t3 is not None
    assert _mismatches(report.data.t3, t3.get("cells") or {}, T3_ROWS_2021, T3_COLS) == []
    assert t3.get("empty") == (report.fault == "TABLE-EMPTY")


@pytest.mark.parametrize("report", REPORTS, ids=_ids(REPORTS))
def test_tables_two_and_four_parse_cell_for_cell(report: DemoReport) -> None:
    record = _record(report.path, False)
    tables = record["tables"]
    assert report.data.t2 is not None and report.data.t4 is not None
    t2 = tables["t2"]
    assert t2.get("present") and t2.get("layout") == "2021"
    layout = T2_LAYOUTS["2021"]
    bad = [
        f"{row}.{col}: {report.data.t2[row][col]!r} → {(t2['cells'].get(row) or {}).get(col)!r}"
        for row, cols in layout.items()
        for col in cols
        if (t2.get("cells", {}).get(row) or {}).get(col) != report.data.t2[row][col]
    ]
    assert bad == []
    assert _mismatches(report.data.t4, tables["t4"].get("cells") or {}, T4_GROUPS, T4_COLS) == []


@pytest.mark.parametrize("report", REPORTS, ids=_ids(REPORTS))
def test_metadata_sections_and_fee_are_read_from_the_file(report: DemoReport) -> None:
    record = _record(report.path, False)
    assert record["year"] == report.year
    assert record["agency"] == report.agency.name
    assert record["level"] == report.agency.level
    assert record["format_version"] == "2021"
    for key, section in record["sections"].items():
        assert section.get("present") and not section.get("empty"), key
    if report.fmt.startswith("html"):  # the page's metadata block states 发布日期
        assert record.get("published") == report.data.published.isoformat()  # type: ignore[union-attr]
    fee = record["fee"]
    if report.fault == "FEE-MISSING":
        assert fee["statement"] is None
    else:
        assert fee["statement"] is not None
        assert fee["notices_count"] is not None and fee["collected_amount"] is not None


@pytest.mark.parametrize("report", REPORTS, ids=_ids(REPORTS))
def test_audit_reports_exactly_the_injected_faults(report: DemoReport) -> None:
    from audit.engine import run_rules

    record = _record(report.path, True)
    previous = _record(PREVIOUS[report.path], True) if report.path in PREVIOUS else None
    metadata = {
        "year": report.year,
        "agency": report.agency.name,
        "level": report.agency.level,
        "published": report.data.published.isoformat() if report.data.published else None,
    }
    found = run_rules(record, previous=previous, metadata=metadata)
    got = {(f["rule"], f["target"] or "") for f in found if f["severity"] != "info"}
    assert got == {(d.rule, d.target) for d in report.defects}
