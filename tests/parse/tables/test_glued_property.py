"""Property: for any valid table (identities hold), a glued rendering gives back every cell or
marks it ambiguous — never a wrong number."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.parse.tables import parse_tables
from reader.record import T3_COLS, T3_RESULT_ROWS_2021, T4_COLS, T4_GROUPS

from .builders import blocks_of, t3_glued, t3_pipe_rows

count = st.one_of(
    st.just(0),
    st.just(0),
    st.just(0),
    st.integers(1, 12),
    st.integers(13, 400),
    st.integers(401, 5000),
)


@st.composite
def valid_t3(draw: st.DrawFn) -> dict[str, tuple[int, ...]]:
    parties: dict[str, list[int]] = {}
    for key in T3_RESULT_ROWS_2021:
        parties[key] = [draw(count) for _ in range(6)]
    r7 = [sum(parties[k][c] for k in T3_RESULT_ROWS_2021) for c in range(6)]
    carry_out = [draw(count) for _ in range(6)]
    carry_in = [draw(st.integers(0, r7[c] + carry_out[c])) for c in range(6)]
    new = [r7[c] + carry_out[c] - carry_in[c] for c in range(6)]
    rows = {"NEW": new, "CARRY_IN": carry_in, **parties, "R7": r7, "CARRY_OUT": carry_out}
    return {k: (*v, sum(v)) for k, v in rows.items()}


def _never_wrong(t3: dict, truth: dict[str, tuple[int, ...]]) -> int:
    recovered = 0
    for key, values in truth.items():
        for col, want in zip(T3_COLS, values, strict=True):
            got = t3["cells"][key][col]
            if got is None:
                assert f"{key}.{col}" in t3["ambiguous"], (key, col)
            else:
                assert got == want, (key, col, got, want)
                recovered += 1
    return recovered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_t3())
def test_fully_glued_table_three_is_recovered_or_marked_never_wrong(truth) -> None:
    t3 = parse_tables({"s3": blocks_of(t3_glued(truth))})["t3"]
    assert t3["present"] is True and t3["layout"] == "2021"
    _never_wrong(t3, truth)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_t3(), st.sets(st.sampled_from([*T3_RESULT_ROWS_2021, "NEW", "R7"]), max_size=6))
def test_partly_glued_table_three_is_recovered_or_marked_never_wrong(truth, glued_rows) -> None:
    lines = t3_pipe_rows(truth).splitlines()
    out = []
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        label = cells[0]
        key = next((k for k in glued_rows if label.endswith(_label(k))), None)
        if key is not None:
            line = f"{label} | {''.join(map(str, truth[key]))} |"
        out.append(line)
    t3 = parse_tables({"s3": blocks_of("\n".join(out))})["t3"]
    recovered = _never_wrong(t3, truth)
    # rows that were not glued are always read
    assert recovered >= 7 * (len(truth) - len(glued_rows))


def _label(key: str) -> str:
    from reader.record import T3_ROW_LABELS

    return T3_ROW_LABELS[key]


@st.composite
def valid_t4(draw: st.DrawFn) -> dict[str, tuple[int, ...]]:
    out = {}
    for group in T4_GROUPS:
        parts = [draw(count) for _ in range(4)]
        out[group] = (*parts, sum(parts))
    return out


@settings(max_examples=80, deadline=None)
@given(valid_t4())
def test_glued_table_four_is_recovered_or_marked_never_wrong(truth) -> None:
    digits = "".join(str(v) for g in T4_GROUPS for v in truth[g])
    text = (
        "行政复议 |\n行政诉讼 |\n结果维持 |\n结果纠正 |\n其他结果 |\n尚未审结 |\n总计 |\n"
        + digits
        + " |\n"
    )
    t4 = parse_tables({"s4": blocks_of(text)})["t4"]
    assert t4["present"] is True
    for group in T4_GROUPS:
        for col, want in zip(T4_COLS, truth[group], strict=True):
            got = t4["cells"][group][col]
            if got is None:
                assert f"{group}.{col}" in t4["ambiguous"]
            else:
                assert got == want
