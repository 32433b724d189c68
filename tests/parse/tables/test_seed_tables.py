"""Seeds 002 and 004 (real scraped reports): tables must equal expected.json exactly, through
the whole parser (sections split by the orchestrator) and through ``parse_tables`` alone."""

from __future__ import annotations

import pytest

from reader.extract.blocks import Extracted, Paragraph
from reader.parse import parse
from reader.parse.tables import parse_tables
from tests.shared import SEEDS, expected, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

SEED_NAMES = [
    "000_855a33d65c0ebe31.txt",
    "001_821e3546fb6fcf9b.txt",
    "002_da4cd97813954aae.txt",
    "003_fc9aab34a1e880b5.txt",
    "004_806d6c890c9d0d8d.txt",
]


def _blocks(name: str) -> list[Paragraph]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [Paragraph(line) for line in text.splitlines() if line.strip()]


def _public(table: dict, wanted: dict) -> dict:
    return {k: table.get(k) for k in wanted}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_tables_equal_expected_through_the_whole_parser(name: str) -> None:
    blocks = _blocks(name)
    text = "\n".join(b.text for b in blocks)
    record = parse(Extracted(format="text", blocks=blocks, text=text), source=name)
    want = expected()[name]["tables"]
    for key in ("t2", "t3", "t4"):
        assert _public(record["tables"][key], want[key]) == want[key], key


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_tables_equal_expected_without_any_section_split(name: str) -> None:
    tables = parse_tables({"s0": _blocks(name)})
    want = expected()[name]["tables"]
    for key in ("t2", "t3", "t4"):
        assert _public(tables[key], want[key]) == want[key], key


@pytest.mark.parametrize("name", ["002_da4cd97813954aae.txt", "004_806d6c890c9d0d8d.txt"])
def test_complete_seed_tables_have_no_blank_or_ambiguous_cell(name: str) -> None:
    tables = parse_tables({"s0": _blocks(name)})
    for key in ("t2", "t3", "t4"):
        assert tables[key]["blank"] == [] and tables[key]["ambiguous"] == [], key
        assert tables[key]["lost"] is False


def test_seed_003_skeleton_is_lost_in_scraping() -> None:
    t3 = parse_tables({"s0": _blocks("003_fc9aab34a1e880b5.txt")})["t3"]
    assert t3["lost"] is True
