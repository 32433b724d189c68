"""Cross-year rules on two consecutive real reports of one agency (淮安市洪泽区人民政府 2023, 2024).

Numbers read from the PDFs themselves (pages rendered and checked by eye):

- table 三: 2023 NEW 21, CARRY_IN 0, R7 21, CARRY_OUT 0 (all in 自然人); 2024 NEW 95, CARRY_IN 0,
  R7 95, CARRY_OUT 0 → carry-over continuous (0 = 0 in every column);
- table 二 行政规范性文件: 2023 制发 0 / 废止 5 / 现行有效 5; 2024 制发 3 / 废止 0 / 现行有效 8
  → 5 + 3 − 0 = 8; 规章 all 0 → in-force counts consistent;
- sections 一 and 五 were rewritten (~45 % shared 4-grams) → not a copy;
- 2023's own table 四 is wrong in the published PDF: 行政复议 10/1/0/0 with 总计 0, 复议后起诉 5/0/0/0
  with 总计 0 → T4-SUM on REV and LR (the report's error, not the parser's).
"""

from __future__ import annotations

import copy

import pytest

from audit.engine import run_rules
from tests.shared import PDFS, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

CROSS = ("X-CARRY", "X-VALID", "X-COPY", "X-SAME-NUMBERS")


@pytest.fixture(scope="module")
def hongze():
    from reader.parse import read_report

    return {
        year: read_report((PDFS / f"hongze-{year}.pdf").read_bytes(), f"hongze-{year}.pdf")
        for year in (2023, 2024)
    }


def _found(record, previous=None):
    return {(f["rule"], f["target"]) for f in run_rules(record, previous=previous)}


def test_consecutive_reports_are_consistent_across_years(hongze):
    found = _found(hongze[2024], previous=hongze[2023])
    assert {f for f in found if f[0] in CROSS} == set()


def test_the_parsed_numbers_are_the_ones_the_rules_rely_on(hongze):
    t2 = {y: hongze[y]["tables"]["t2"]["cells"]["NORM"] for y in (2023, 2024)}
    assert t2[2023] == {"ISSUED": 0, "REPEALED": 5, "IN_FORCE": 5}
    assert t2[2024] == {"ISSUED": 3, "REPEALED": 0, "IN_FORCE": 8}
    assert hongze[2023]["tables"]["t3"]["cells"]["CARRY_OUT"]["TOT"] == 0
    assert hongze[2024]["tables"]["t3"]["cells"]["CARRY_IN"]["TOT"] == 0


def test_a_broken_carry_over_would_be_an_error(hongze):
    current = copy.deepcopy(hongze[2024])
    current["tables"]["t3"]["cells"]["CARRY_IN"]["NP"] = 2
    found = _found(current, previous=hongze[2023])
    assert ("X-CARRY", "NP") in found
    assert ("X-CARRY", "TOT") not in found


def test_an_inconsistent_in_force_count_would_be_flagged(hongze):
    previous = copy.deepcopy(hongze[2023])
    previous["tables"]["t2"]["cells"]["NORM"]["IN_FORCE"] = 7
    assert ("X-VALID", "行政规范性文件") in _found(hongze[2024], previous=previous)


def test_last_years_text_as_this_years_is_a_copy(hongze):
    current = copy.deepcopy(hongze[2024])
    current["sections"]["s5"] = copy.deepcopy(hongze[2023]["sections"]["s5"])
    found = _found(current, previous=hongze[2023])
    assert ("X-COPY", "s5") in found
    assert ("X-COPY", "s1") not in found


def test_a_report_is_not_its_own_previous_year(hongze):
    found = _found(hongze[2023], previous=hongze[2023])
    assert {f for f in found if f[0] in CROSS} == set()


def test_the_2023_reports_own_table_four_error_is_found(hongze):
    found = _found(hongze[2023])
    assert {("T4-SUM", "REV"), ("T4-SUM", "LR")} <= found
    assert ("T4-SUM", "LD") not in found
