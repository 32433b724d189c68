"""The real scraped reports in ../shared/fixtures/real/ give exactly what a careful
human reads from them (their ``expected.json``): sections, table 三 and table 四 cell by cell.

They are examples of a family (one line, cells run together), not the target: the shape tests
in ``tests/parse/tables/test_flattened.py`` cover the family with text written for them."""

from __future__ import annotations

import json

import pytest

from reader.parse import read_report
from tests.shared import SHARED

REAL = SHARED / "fixtures" / "real"
requires_real = pytest.mark.skipif(
    not (REAL / "expected.json").is_file(),
    reason="../shared/fixtures/real/ is absent (a user's clone): real scraped reports skipped",
)


def _expected() -> dict:
    return json.loads((REAL / "expected.json").read_text(encoding="utf-8"))


NAMES = ["pingtan-2022", "pingtan-2024"]


@requires_real
@pytest.mark.parametrize("name", NAMES)
def test_real_scraped_report_reads_as_a_careful_human_does(name: str) -> None:
    want = _expected()[name]
    record = read_report((REAL / want["file"]).read_bytes(), want["file"])
    for key, section in want["sections"].items():
        got = record["sections"][key]
        assert (got["present"], got["empty"]) == (section["present"], section["empty"]), key
    t3 = record["tables"]["t3"]
    assert t3["present"] is True and t3["layout"] == want["tables"]["t3"]["layout"]
    assert t3["cells"] == want["tables"]["t3"]["cells"]
    assert t3["ambiguous"] == [] and t3["blank"] == []
    t4 = record["tables"]["t4"]
    assert t4["present"] is True
    assert t4["cells"] == want["tables"]["t4"]["cells"]
    assert t4["ambiguous"] == [] and t4["blank"] == []
