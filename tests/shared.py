"""Paths into ../shared/ (beside the repo). A user's clone has no ../shared/: tests that read
it are skipped with a reason; CI always has it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "fixtures" / "seeds"
PDFS = SHARED / "fixtures" / "pdf"

requires_shared = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/ is absent (a user's clone): real-report fixtures skipped"
)


def expected() -> dict:
    """../shared/fixtures/seeds/expected.json, keyed by file name."""
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))["reports"]


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
