"""The glued-digit search: exact against brute force, bounded, and joint solving across rows."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.parse.glued import (
    LinearIdentity,
    RowState,
    agreed_cells,
    readings,
    solve_jointly,
)


def brute_force(atoms, schema):
    digits = "".join(a for a, _ in atoms)
    must = set()
    pos = 0
    for i, (a, joined) in enumerate(atoms):
        if i and not joined:
            must.add(pos)
        pos += len(a)
    n = sum(p + (1 if t else 0) for p, t in schema)
    out = []
    for cuts in itertools.combinations(range(1, len(digits)), n - 1):
        if not must <= set(cuts):
            continue
        bounds = (0, *cuts, len(digits))
        nums = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(x) > 1 and x[0] == "0" for x in nums):
            continue
        vals = [int(x) for x in nums]
        ok, i = True, 0
        for parts, total in schema:
            group = vals[i : i + parts]
            i += parts
            if total:
                ok &= vals[i] == sum(group)
                i += 1
        if ok:
            out.append(tuple(vals))
    return sorted(out)


atoms_st = st.lists(
    st.tuples(st.text("0123456789", min_size=1, max_size=4), st.booleans()), min_size=1, max_size=5
).filter(lambda a: 5 <= sum(len(x) for x, _ in a) <= 12)


@settings(max_examples=150, deadline=None)
@given(
    atoms_st,
    st.sampled_from([[(6, True)], [(2, True), (2, True)], [(4, False)], [(1, True), (3, False)]]),
)
def test_readings_equal_brute_force(atoms, schema) -> None:
    got = readings(atoms, schema)
    assert got is not None
    assert sorted(got) == brute_force(atoms, schema)


def test_fengtai_row_one_glued_has_exactly_one_reading() -> None:
    assert readings([("21116300062180", False)], [(6, True)]) == [(2111, 63, 0, 0, 0, 6, 2180)]


def test_separators_that_survived_are_required_cuts() -> None:
    atoms = [("2111", False), ("630006", False), ("2180", False)]
    assert readings(atoms, [(6, True)]) == [(2111, 63, 0, 0, 0, 6, 2180)]
    # "21" + "11" cannot become 2111's neighbours across a real separator
    assert readings([("21", False), ("11", False)], [(1, True)]) == []


def test_number_split_by_whitespace_may_be_joined_again() -> None:
    atoms = [
        ("12", False),
        ("70", True),
        ("34", False),
        ("0", False),
        ("0", False),
        ("0", False),
        ("1", False),
        ("1305", False),
    ]
    assert readings(atoms, [(6, True)]) == [(1270, 34, 0, 0, 0, 1, 1305)]


def test_no_leading_zeros_except_zero_itself() -> None:
    assert readings([("0550", False)], [(1, True)]) == []
    assert readings([("000", False)], [(2, True)]) == [(0, 0, 0)]


def test_search_too_large_says_so_instead_of_answering() -> None:
    atoms = [("1234567890123456789012345", False)]
    assert readings(atoms, [(12, False)], limit=10) is None


def test_table_four_groups_each_check_their_own_total() -> None:
    digits = "".join(map(str, (75, 5, 8, 18, 106, 14, 8, 6, 13, 41, 10, 1, 2, 5, 18)))
    found = readings([(digits, False)], [(4, True)] * 3)
    assert found is not None
    assert (75, 5, 8, 18, 106, 14, 8, 6, 13, 41, 10, 1, 2, 5, 18) in found
    assert agreed_cells(found, 15)[4] == 106


def _identities(rows):
    result = [k for k in rows if k.startswith("R") and k != "R7"]
    out = []
    for c in range(2):
        out.append(LinearIdentity(terms=(*((r, 1) for r in result), ("R7", -1)), col=c))
    return out


def test_joint_solve_keeps_only_readings_that_fit_the_column_sums() -> None:
    rows = {
        "R1": RowState(candidates=[(1, 10), (11, 0)]),
        "R2": RowState(fixed=[2, 3]),
        "R7": RowState(fixed=[3, 13]),
    }
    assert solve_jointly(rows, _identities(rows)) == {"R1": [(1, 10)]}


def test_joint_solve_gives_up_on_an_inconsistent_table() -> None:
    rows = {
        "R1": RowState(candidates=[(1, 10), (11, 0)]),
        "R2": RowState(fixed=[2, 3]),
        "R7": RowState(fixed=[4, 4]),
    }
    assert solve_jointly(rows, _identities(rows)) is None


def test_joint_solve_skips_identities_touching_blank_cells() -> None:
    rows = {
        "R1": RowState(candidates=[(1, 10), (11, 0)]),
        "R2": RowState(fixed=[None, 3]),
        "R7": RowState(fixed=[3, 13]),
    }
    # column 0 has a blank: only column 1 (10 + 3 = 13) can be used, and it settles the row
    assert solve_jointly(rows, _identities(rows)) == {"R1": [(1, 10)]}
