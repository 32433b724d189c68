"""The three real PDFs: tables 二/三/四 complete, through ``extract`` (pdfplumber grids) and the
full parser. Values were read from the rendered pages and checked against the identities here;
where the report itself is wrong (洪泽区 2023 table 四) the test holds what it prints."""

from __future__ import annotations

import pytest

from reader.parse import read_report
from reader.record import T3_COLS, T4_COLS, t3_result_rows
from tests.shared import PDFS, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

Z = (0, 0, 0, 0, 0, 0, 0)


def one(np_: int) -> tuple[int, ...]:
    """A row where only 自然人 applied."""
    return (np_, 0, 0, 0, 0, 0, np_)


HONGZE_2023 = {
    "t2": {
        "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
        "NORM": {"ISSUED": 0, "REPEALED": 5, "IN_FORCE": 5},
        "LICENSE": {"DECISIONS": 550},
        "PUNISH": {"DECISIONS": 4119},
        "COERCE": {"DECISIONS": 195},
        "FEE": {"AMOUNT": 7730.28},
    },
    # a 2023 report whose table 三 keeps the single （六）其他处理 row: layout "2019" by definition
    "t3_layout": "2019",
    "t3": {
        "NEW": one(21),
        "CARRY_IN": Z,
        "R1": Z,
        "R2": one(4),
        "R3_1": one(1),
        "R3_2": Z,
        "R3_3": Z,
        "R3_4": Z,
        "R3_5": Z,
        "R3_6": one(1),
        "R3_7": one(1),
        "R3_8": Z,
        "R4_1": one(10),
        "R4_2": one(3),
        "R4_3": Z,
        "R5_1": one(1),
        "R5_2": Z,
        "R5_3": Z,
        "R5_4": Z,
        "R5_5": Z,
        "R6": Z,
        "R7": one(21),
        "CARRY_OUT": Z,
    },
    # printed as is: 行政复议 10 + 1 with 总计 0, 复议后起诉 5 with 总计 0 (the report is wrong)
    "t4": {"REV": (10, 1, 0, 0, 0), "LD": (0, 0, 0, 0, 0), "LR": (5, 0, 0, 0, 0)},
    "t4_wrong": {"REV", "LR"},
}

HONGZE_2024 = {
    "t2": {
        "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
        "NORM": {"ISSUED": 3, "REPEALED": 0, "IN_FORCE": 8},
        "LICENSE": {"DECISIONS": 9487},
        "PUNISH": {"DECISIONS": 2776},
        "COERCE": {"DECISIONS": 84},
        "FEE": {"AMOUNT": 7545},
    },
    "t3_layout": "2019",
    "t3": {
        "NEW": one(95),
        "CARRY_IN": Z,
        "R1": one(50),
        "R2": one(9),
        "R3_1": Z,
        "R3_2": Z,
        "R3_3": one(1),
        "R3_4": Z,
        "R3_5": Z,
        "R3_6": one(1),
        "R3_7": one(1),
        "R3_8": Z,
        "R4_1": one(31),
        "R4_2": one(1),
        "R4_3": Z,
        "R5_1": one(1),
        "R5_2": Z,
        "R5_3": Z,
        "R5_4": Z,
        "R5_5": Z,
        "R6": Z,
        "R7": one(95),
        "CARRY_OUT": Z,
    },
    "t4": {"REV": (1, 1, 0, 0, 2), "LD": (1, 0, 0, 0, 1), "LR": (2, 0, 1, 0, 3)},
    "t4_wrong": set(),
}

HUAIAN_2024 = {
    "t2": {
        "REG": {"ISSUED": 1, "REPEALED": 0, "IN_FORCE": 11},
        "NORM": {"ISSUED": 8, "REPEALED": 26, "IN_FORCE": 66},
        "LICENSE": {"DECISIONS": 447228},
        "PUNISH": {"DECISIONS": 3985758},
        "COERCE": {"DECISIONS": 88283},
        "FEE": {"AMOUNT": 96171.6},
    },
    "t3_layout": "2021",
    "t3": {
        "NEW": (3001, 53, 0, 0, 61, 4, 3119),
        "CARRY_IN": one(34),
        "R1": (1288, 21, 0, 0, 50, 3, 1362),
        "R2": (447, 7, 0, 0, 0, 0, 454),
        "R3_1": one(2),
        "R3_2": (30, 1, 0, 0, 0, 0, 31),
        "R3_3": one(5),
        "R3_4": one(6),
        "R3_5": (7, 1, 0, 0, 0, 0, 8),
        "R3_6": one(12),
        "R3_7": one(9),
        "R3_8": one(105),
        "R4_1": (746, 12, 0, 0, 10, 1, 769),
        "R4_2": one(11),
        "R4_3": one(1),
        "R5_1": (56, 6, 0, 0, 0, 0, 62),
        "R5_2": one(25),
        "R5_3": Z,
        "R5_4": Z,
        "R5_5": one(1),
        "R6_1": (67, 3, 0, 0, 1, 0, 71),
        "R6_2": one(6),
        "R6_3": (108, 2, 0, 0, 0, 0, 110),
        "R7": (2932, 53, 0, 0, 61, 4, 3050),
        "CARRY_OUT": one(103),
    },
    "t4": {"REV": (72, 64, 178, 37, 351), "LD": (13, 4, 8, 1, 26), "LR": (12, 1, 1, 6, 20)},
    "t4_wrong": set(),
}

REPORTS = {
    "hongze-2023.pdf": HONGZE_2023,
    "hongze-2024.pdf": HONGZE_2024,
    "huaian-2024.pdf": HUAIAN_2024,
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_expectations_satisfy_the_identities_except_where_the_report_is_wrong(name: str) -> None:
    want = REPORTS[name]
    t3 = want["t3"]
    for key, row in t3.items():
        assert row[6] == sum(row[:6]), key
    for c in range(7):
        assert t3["R7"][c] == sum(t3[r][c] for r in t3_result_rows(want["t3_layout"]))
        assert t3["NEW"][c] + t3["CARRY_IN"][c] == t3["R7"][c] + t3["CARRY_OUT"][c]
    for group, row in want["t4"].items():
        assert (row[4] == sum(row[:4])) == (group not in want["t4_wrong"]), group


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_pdf_tables_are_read_completely(name: str) -> None:
    want = REPORTS[name]
    record = read_report((PDFS / name).read_bytes(), name)
    tables = record["tables"]
    assert tables["t2"]["layout"] == "2021"
    assert tables["t2"]["cells"] == want["t2"]
    assert tables["t3"]["layout"] == want["t3_layout"]
    assert tables["t3"]["cells"] == {
        k: dict(zip(T3_COLS, v, strict=True)) for k, v in want["t3"].items()
    }
    assert tables["t4"]["cells"] == {
        g: dict(zip(T4_COLS, v, strict=True)) for g, v in want["t4"].items()
    }
    for key in ("t2", "t3", "t4"):
        assert tables[key]["present"] is True and tables[key]["empty"] is False
        assert tables[key]["blank"] == [] and tables[key]["ambiguous"] == [], key
