"""The five real scraped reports parse to exactly what ../shared/fixtures/seeds/expected.json says."""

from __future__ import annotations

import pytest

from reader.parse import read_report
from tests.shared import SEEDS, expected, requires_shared, seed_paths

pytestmark = [requires_shared, pytest.mark.shared]

# Keys of an expected entry that describe audit results, not parsing.
AUDIT_KEYS = {"findings", "optional", "notes"}


def differences(actual: object, wanted: object, path: str = "") -> list[str]:
    """Every place where ``actual`` does not hold what ``wanted`` states (extra keys allowed)."""
    if isinstance(wanted, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r} is not an object"]
        out: list[str] = []
        for key, value in wanted.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing, expected {value!r}")
            else:
                out.extend(differences(actual[key], value, f"{path}.{key}"))
        return out
    return [] if actual == wanted else [f"{path}: {actual!r} != {wanted!r}"]


def seed_names() -> list[str]:
    return [p.name for p in seed_paths()]


@pytest.mark.parametrize("name", seed_names())
def test_seed_parses_to_its_expected_entry(name):
    record = read_report((SEEDS / name).read_bytes(), name)
    entry = {k: v for k, v in expected()[name].items() if k not in AUDIT_KEYS}
    assert "parse_error" not in record
    assert differences(record, entry) == []


@pytest.mark.parametrize("name", seed_names())
def test_seed_sections_are_all_present(name):
    record = read_report((SEEDS / name).read_bytes(), name)
    assert all(record["sections"][k]["present"] for k in ("s1", "s2", "s3", "s4", "s5", "s6"))
    assert record["heading_order"] == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_seed_003_prose_states_new_carry_done_and_carried_out():
    record = read_report((SEEDS / "003_fc9aab34a1e880b5.txt").read_bytes(), "003.txt")
    facts = {(f["key"], f["value"]) for f in record["prose"]}
    assert {("NEW", 236), ("CARRY_IN", 7), ("R7", 227), ("CARRY_OUT", 9)} <= facts
    assert {("REV", 25), ("LIT", 5)} <= facts
    # stated twice, kept once
    assert sum(1 for f in record["prose"] if f["key"] == "CARRY_IN") == 1


def test_seed_000_intake_includes_the_carry_over():
    record = read_report((SEEDS / "000_855a33d65c0ebe31.txt").read_bytes(), "000.txt")
    t3 = [
        f for f in record["prose"] if f["key"] in ("RECEIVED", "NEW", "CARRY_IN", "R7", "CARRY_OUT")
    ]
    assert [(f["key"], f["value"], f["flags"]) for f in t3] == [
        ("RECEIVED", 296, ["includes_carry_in"]),
        ("CARRY_IN", 7, []),
        ("R7", 294, []),
        ("CARRY_OUT", 2, []),
    ]
    assert record["integrity"]["pinyin"]
    assert record["integrity"]["mojibake"]


def test_seed_metadata_agency_and_period():
    read = {p.name[:3]: read_report(p.read_bytes(), p.name) for p in seed_paths()}
    assert read["001"]["agency"] == "bet365亚洲官网办公室"
    assert read["001"]["title_year"] == 2021
    assert read["001"]["period"]["year"] == 2021
    assert read["004"]["agency"] == "重庆市北碚区人民政府"
    assert read["003"]["agency"] == "礄口區人民政府"
    assert read["000"]["period"]["year"] == 2022
    assert read["002"]["fee"]["statement"] == (
        "2023年丰台区共发出收费通知11件,总金额为3930元;实际收取的总金额为1450元。"
    )
