"""Plausible numbers for tables 二, 三, 四 and the 信息处理费 statement.

Every table is built so that the 勾稽关系 hold by construction (``domain.md`` §3): table 三 row
totals, （七）总计 = the sum of the result rows, 第一项 + 第二项 = 第三项 + 第四项 per column;
table 四 totals; and across years 上年结转(Y) = 结转下年度(Y−1) and 现行有效(Y) = 现行有效(Y−1) +
制发(Y) − 废止(Y). Defects are injected afterwards by :mod:`demo.generate`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from demo.model import Cells
from reader.record import T3_PARTY_COLS, T3_RESULT_ROWS_2021, T3_ROWS_2021, T4_GROUPS

# Ranges per agency kind: yearly new applications, table 二 quantities, table 四 case counts.
# (lo, hi) inclusive; FEE in 万元. Governments' numbers are their own office's plus the
# area's departments, so they are an order of magnitude above a department's.
PROFILES: dict[str, dict[str, tuple[float, float]]] = {
    "gov_city": {
        "new": (160, 320),
        "reg_issued": (1, 4),
        "reg_force": (38, 60),
        "norm_issued": (8, 22),
        "norm_force": (150, 260),
        "license": (12000, 30000),
        "punish": (4000, 9000),
        "coerce": (80, 260),
        "fee": (3000, 9000),
        "rev": (6, 18),
        "lit": (2, 9),
    },
    "gov_district": {
        "new": (60, 180),
        "norm_issued": (3, 10),
        "norm_force": (40, 110),
        "license": (3000, 9000),
        "punish": (800, 3000),
        "coerce": (20, 90),
        "fee": (800, 3000),
        "rev": (2, 9),
        "lit": (0, 5),
    },
    "gov_county": {
        "new": (20, 80),
        "norm_issued": (2, 8),
        "norm_force": (30, 80),
        "license": (1500, 5000),
        "punish": (300, 1500),
        "coerce": (10, 60),
        "fee": (300, 1500),
        "rev": (0, 6),
        "lit": (0, 3),
    },
    "office": {
        "new": (15, 50),
        "norm_issued": (0, 3),
        "norm_force": (8, 20),
        "rev": (0, 4),
        "lit": (0, 2),
    },
    "edu": {
        "new": (6, 30),
        "norm_issued": (0, 4),
        "norm_force": (10, 30),
        "license": (40, 200),
        "punish": (0, 6),
        "fee": (10, 80),
        "rev": (0, 2),
        "lit": (0, 1),
    },
    "eco": {
        "new": (10, 40),
        "norm_issued": (0, 3),
        "norm_force": (6, 20),
        "license": (150, 500),
        "punish": (60, 200),
        "coerce": (5, 30),
        "rev": (0, 3),
        "lit": (0, 2),
    },
    "market": {
        "new": (20, 60),
        "norm_issued": (0, 3),
        "norm_force": (8, 25),
        "license": (2000, 6000),
        "punish": (300, 900),
        "coerce": (20, 80),
        "fee": (0, 30),
        "rev": (0, 4),
        "lit": (0, 2),
    },
    "hr": {
        "new": (8, 35),
        "norm_issued": (0, 3),
        "norm_force": (6, 20),
        "license": (20, 80),
        "punish": (5, 30),
        "coerce": (0, 3),
        "fee": (10, 60),
        "rev": (0, 2),
        "lit": (0, 1),
    },
    "finance": {
        "new": (3, 20),
        "norm_issued": (0, 2),
        "norm_force": (4, 15),
        "license": (0, 5),
        "punish": (0, 5),
        "rev": (0, 1),
        "lit": (0, 1),
    },
    "health": {
        "new": (5, 25),
        "norm_issued": (0, 2),
        "norm_force": (5, 15),
        "license": (300, 900),
        "punish": (20, 80),
        "coerce": (0, 5),
        "fee": (0, 20),
        "rev": (0, 2),
        "lit": (0, 1),
    },
    "natres": {
        "new": (20, 60),
        "norm_issued": (0, 3),
        "norm_force": (6, 20),
        "license": (200, 600),
        "punish": (20, 80),
        "coerce": (2, 10),
        "fee": (50, 300),
        "rev": (0, 5),
        "lit": (0, 3),
    },
}

# Who applies: overwhelmingly individuals (domain.md §3.1 worked data: 2111 of 2180).
PARTY_WEIGHTS: dict[str, float] = {
    "NP": 0.83,
    "BIZ": 0.09,
    "SCI": 0.004,
    "NGO": 0.008,
    "LAW": 0.045,
    "OTH": 0.023,
}

# How applications end (shape of real tables: 予以公开 and 本机关不掌握 dominate).
RESULT_WEIGHTS: dict[str, float] = {
    "R1": 0.40,
    "R2": 0.08,
    "R3_1": 0.002,
    "R3_2": 0.003,
    "R3_3": 0.003,
    "R3_4": 0.012,
    "R3_5": 0.01,
    "R3_6": 0.015,
    "R3_7": 0.01,
    "R3_8": 0.012,
    "R4_1": 0.27,
    "R4_2": 0.03,
    "R4_3": 0.01,
    "R5_1": 0.04,
    "R5_2": 0.03,
    "R5_3": 0.003,
    "R5_4": 0.004,
    "R5_5": 0.008,
    "R6_1": 0.035,
    "R6_2": 0.0,  # only when 收费通知 were sent (see make_t3)
    "R6_3": 0.035,
}


@dataclass(slots=True)
class Fee:
    """The 信息处理费 of one year: notices sent, their amount, amount collected (元)."""

    notices: int = 0
    amount: int = 0
    collected: int = 0


@dataclass(slots=True)
class AgencyState:
    """What one year hands to the next: carry-over per column and documents in force."""

    carry_out: dict[str, int] = field(default_factory=dict)
    reg_force: int | None = None
    norm_force: int | None = None


def _rint(rng: random.Random, bounds: tuple[float, float]) -> int:
    return rng.randint(int(bounds[0]), int(bounds[1]))


def _spread(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    keys = [k for k, w in weights.items() if w > 0]
    counts = dict.fromkeys(weights, 0)
    for key in rng.choices(keys, [weights[k] for k in keys], k=total):
        counts[key] += 1
    return counts


def make_fee(rng: random.Random, kind: str, year: int) -> Fee:
    """Most agencies never charge; a large government now and then sends a few notices."""
    if kind not in ("gov_city", "gov_district") or rng.random() < 0.55:
        return Fee()
    notices = rng.randint(1, 9)
    # 按件计收: 100 元 per application above ten a month, so amounts are whole hundreds.
    amount = sum(rng.randint(1, 12) for _ in range(notices)) * 100
    collected = rng.randint(0, amount // 100) * 100
    return Fee(notices, amount, collected)


def make_t3(
    rng: random.Random, kind: str, state: AgencyState, fee: Fee, *, zero: bool = False
) -> Cells:
    """Table 三 with all identities holding; ``state.carry_out`` is last year's 结转下年度."""
    profile = PROFILES[kind]
    new_total = 0 if zero else _rint(rng, profile["new"])
    new = _spread(rng, new_total, PARTY_WEIGHTS)
    if state.carry_out:
        carry_in = {c: state.carry_out.get(c, 0) for c in T3_PARTY_COLS}
    elif zero:
        carry_in = dict.fromkeys(T3_PARTY_COLS, 0)
    else:
        # First year of the series: the year before also left a few open cases.
        carry_in = {c: round(new[c] * rng.uniform(0.0, 0.06)) for c in T3_PARTY_COLS}
    cells: Cells = {row: {} for row in T3_ROWS_2021}
    unpaid_left = rng.randint(0, fee.notices) if fee.notices else 0
    for col in T3_PARTY_COLS:
        pool = new[col] + carry_in[col]
        # Applications of late December are answered next year (第三十三条: 20 working days).
        carry_out = round(pool * rng.uniform(0.0, 0.08))
        done = pool - carry_out
        results = _spread(rng, done, RESULT_WEIGHTS)
        if unpaid_left and results["R1"] > 0:
            moved = min(unpaid_left, results["R1"])
            results["R1"] -= moved
            results["R6_2"] += moved
            unpaid_left -= moved
        cells["NEW"][col] = new[col]
        cells["CARRY_IN"][col] = carry_in[col]
        for row in T3_RESULT_ROWS_2021:
            cells[row][col] = results[row]
        cells["R7"][col] = done
        cells["CARRY_OUT"][col] = carry_out
    for row in T3_ROWS_2021:
        cells[row]["TOT"] = sum(int(cells[row][c]) for c in T3_PARTY_COLS)  # type: ignore[arg-type]
    state.carry_out = {c: int(cells["CARRY_OUT"][c]) for c in T3_PARTY_COLS}  # type: ignore[arg-type]
    return cells


def make_t2(rng: random.Random, kind: str, state: AgencyState) -> Cells:
    """Table 二 (2021 layout); 现行有效 follows last year's figure."""
    profile = PROFILES[kind]

    def docs(prefix: str, attr: str) -> dict[str, int]:
        if f"{prefix}_issued" not in profile:
            return {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0}
        issued = _rint(rng, profile[f"{prefix}_issued"])
        before = getattr(state, attr)
        if before is None:
            before = _rint(rng, profile[f"{prefix}_force"])
        repealed = rng.randint(0, min(before, issued + 3))
        in_force = before + issued - repealed
        setattr(state, attr, in_force)
        return {"ISSUED": issued, "REPEALED": repealed, "IN_FORCE": in_force}

    def count(key: str) -> int:
        return _rint(rng, profile[key]) if key in profile else 0

    fee_bounds = profile.get("fee")
    fee = 0.0
    if fee_bounds and fee_bounds[1] > 0:
        # 万元 with up to four decimals, as printed in real tables (5098.4139).
        fee = round(rng.uniform(*fee_bounds), rng.choice((2, 4)))
    return {
        "REG": docs("reg", "reg_force"),
        "NORM": docs("norm", "norm_force"),
        "LICENSE": {"DECISIONS": count("license")},
        "PUNISH": {"DECISIONS": count("punish")},
        "COERCE": {"DECISIONS": count("coerce")},
        "FEE": {"AMOUNT": fee},
    }


def make_t4(rng: random.Random, kind: str) -> Cells:
    profile = PROFILES[kind]
    weights = {"KEEP": 0.55, "CORR": 0.12, "OTHER": 0.18, "PEND": 0.15}
    totals = {
        "REV": _rint(rng, profile["rev"]),
        "LD": _rint(rng, profile["lit"]),
        "LR": rng.randint(0, max(0, int(profile["lit"][1]) // 2)),
    }
    cells: Cells = {}
    for group in T4_GROUPS:
        parts = _spread(rng, totals[group], weights)
        cells[group] = {**parts, "TOT": totals[group]}
    return cells
