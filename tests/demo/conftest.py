"""Fixtures: the demo region built once in memory and written once to disk per test session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from demo.generate import DemoReport, build_demo, generate_demo


@pytest.fixture(scope="session")
def demo_reports() -> list[DemoReport]:
    return build_demo(2024)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate_demo(out, seed=2024)
    return out


@pytest.fixture(scope="session")
def manifest_rows(demo_dir: Path) -> list[dict[str, str]]:
    with (demo_dir / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def defect_rows(demo_dir: Path) -> list[dict[str, str]]:
    with (demo_dir / "defects.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
