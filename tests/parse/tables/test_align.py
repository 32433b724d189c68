"""``tablestream.align``: the best order-keeping chain, as its plain O(n²) definition gives it
(including which of equally good predecessors is kept; totals that differ only by float
rounding, 0.1 + 0.2 against 0.3, are equally good)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.parse.tablestream import align


def reference(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    if not pairs:
        return []
    ordered = sorted(pairs)
    n = len(ordered)
    best = [0] * n
    back = [-1] * n
    for i, (si, ki, score) in enumerate(ordered):
        sc = round(score * 10**9)  # totals compared in units of 1e-9: rounding is no difference
        best[i] = sc
        for j in range(i):
            sj, kj, _ = ordered[j]
            if sj < si and kj < ki and best[j] + sc > best[i]:
                best[i] = best[j] + sc
                back[i] = j
    end = max(range(n), key=lambda i: best[i])
    chain = []
    while end != -1:
        chain.append(ordered[end])
        end = back[end]
    return chain[::-1]


# Scores as the matcher gives them, plus sums that round (0.1 + 0.2) to test tie-breaking.
_pair = st.tuples(
    st.integers(0, 15), st.integers(0, 12), st.sampled_from([0.3, 0.1 + 0.2, 0.8, 0.85, 1.0, 1.05])
)


@settings(max_examples=500)
@given(st.lists(_pair, max_size=30, unique=True))
def test_align_equals_its_definition(pairs):
    assert align(pairs) == reference(pairs)


def test_align_keeps_rows_in_order():
    # segment 0 matches key 1 well, segment 1 matches key 0 and key 2: the chain keeps order
    assert align([(0, 1, 1.0), (1, 0, 0.9), (1, 2, 0.9)]) == [(0, 1, 1.0), (1, 2, 0.9)]
