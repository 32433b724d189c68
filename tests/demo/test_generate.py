"""The generator's output as a whole: manifest, region, years, formats, determinism, speed."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from pathlib import Path

from demo.generate import (
    DEFECT_COLUMNS,
    MANIFEST_COLUMNS,
    DemoReport,
    build_demo,
    generate_demo,
)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_writes_byte_identical_files(tmp_path: Path, demo_dir: Path) -> None:
    again = tmp_path / "again"
    generate_demo(again, seed=2024)
    first, second = _tree(demo_dir), _tree(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_another_seed_gives_other_numbers_and_other_faults(demo_reports: list[DemoReport]) -> None:
    other = build_demo(7)
    assert any(a.true_t3 != b.true_t3 for a, b in zip(other, demo_reports, strict=True))
    assert {(r.path, r.fault) for r in other if r.fault} != {
        (r.path, r.fault) for r in demo_reports if r.fault
    }


def test_manifest_is_utf8_with_bom_and_has_the_contract_columns(demo_dir: Path) -> None:
    raw = (demo_dir / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[0] == ",".join(MANIFEST_COLUMNS)
    defects = (demo_dir / "defects.csv").read_bytes()
    assert defects.startswith(b"\xef\xbb\xbf")
    assert defects[3:].decode("utf-8").splitlines()[0] == ",".join(DEFECT_COLUMNS)


def test_manifest_lists_every_written_report_once(
    demo_dir: Path, manifest_rows: list[dict[str, str]]
) -> None:
    listed = [row["path"] for row in manifest_rows]
    written = sorted(
        str(p.relative_to(demo_dir)) for p in (demo_dir / "reports").rglob("*") if p.is_file()
    )
    assert len(listed) == len(set(listed))
    assert sorted(listed) == written


def test_manifest_fields_are_well_formed(manifest_rows: list[dict[str, str]]) -> None:
    names = {row["agency"] for row in manifest_rows}
    for row in manifest_rows:
        assert row["level"] in ("gov", "dept")
        assert re.fullmatch(r"\d{6}", row["region_code"])
        year = int(row["year"])
        published = dt.date.fromisoformat(row["published"])
        assert published.year == year + 1
        assert row["source_url"].startswith("http://")
        assert row["parent"] == "" or row["parent"] in names
        assert row["region"].startswith("望川市")
        if row["level"] == "dept":
            assert row["parent"].endswith("人民政府")


def test_region_is_one_city_with_three_districts_or_counties(
    manifest_rows: list[dict[str, str]],
) -> None:
    govs = {row["agency"]: row for row in manifest_rows if row["level"] == "gov"}
    assert len(govs) == 4
    roots = [name for name, row in govs.items() if row["parent"] == ""]
    assert roots == ["望川市人民政府"]
    for name, row in govs.items():
        if name != "望川市人民政府":
            assert row["parent"] == "望川市人民政府"
    agencies = {row["agency"] for row in manifest_rows}
    assert 12 <= len(agencies) <= 16


def test_every_agency_has_three_consecutive_years(manifest_rows: list[dict[str, str]]) -> None:
    years: dict[str, list[int]] = {}
    for row in manifest_rows:
        years.setdefault(row["agency"], []).append(int(row["year"]))
    for agency, found in years.items():
        assert sorted(found) == [2022, 2023, 2024], agency
    assert 36 <= len(manifest_rows) <= 48


def test_formats_are_mixed_html_gb18030_text_and_docx(demo_reports: list[DemoReport]) -> None:
    counts = Counter(r.fmt for r in demo_reports)
    assert set(counts) == {"html", "html-gb18030", "txt", "docx"}
    assert all(n >= 3 for n in counts.values()), counts
    assert any(r.table_style == "row" for r in demo_reports) or counts["txt"] < 5


def test_publication_dates_respect_deadlines_unless_late_is_the_fault(
    demo_reports: list[DemoReport],
) -> None:
    for report in demo_reports:
        published = report.data.published
        assert published is not None and published.weekday() < 5
        limit = dt.date(report.year + 1, 3 if report.agency.level == "gov" else 1, 31)
        assert (published > limit) == (report.fault == "DATE-LATE"), report.path


def test_whole_region_generates_in_under_two_seconds(tmp_path: Path) -> None:
    generate_demo(tmp_path / "warm", seed=1)  # imports (python-docx, lxml) are not the measure
    start = time.perf_counter()
    generate_demo(tmp_path / "timed", seed=2)
    assert time.perf_counter() - start < 2.0


def test_command_prints_the_manifest_path(tmp_path: Path, capsys) -> None:
    from django.core.management import call_command

    call_command("generate_demo", str(tmp_path / "out"), "--seed", "3")
    printed = capsys.readouterr().out.strip()
    assert printed == str(tmp_path / "out" / "manifest.csv")
    assert Path(printed).is_file()
