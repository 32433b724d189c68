"""Any input gives a well-formed answer: no exception, every cell key of the layout, blanks and
ambiguous cells listed only where the cell is None."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.extract.blocks import Paragraph, Table
from reader.parse.tables import parse_tables
from reader.record import T2_LAYOUTS, T3_COLS, T3_ROW_LABELS, T4_COLS, T4_GROUPS, t3_rows

WORDS = [
    *T3_ROW_LABELS.values(),
    "（三）不予公开",
    "（六）其他处理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "总计",
    "其他",
    "规章",
    "行政许可",
    "本年制发件数",
    "第二十条第（一）项",
    "/",
    "—",
    "",
    "0",
    "12",
    "2,111",
    "21116300062180",
    "5098.4139",
    "74708.228万元",
    "-3",
    "- 3 -",
    "２１",
]

cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
line = st.tuples(st.lists(cell, min_size=1, max_size=9), st.booleans()).map(
    lambda t: " | ".join(t[0]) + (" |" if t[1] else "")
)
block = st.one_of(
    line.map(Paragraph),
    st.lists(st.lists(cell, min_size=1, max_size=10).map(tuple), min_size=1, max_size=8).map(
        lambda rows: Table(rows=tuple(rows))
    ),
)
sections = st.dictionaries(
    st.sampled_from(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]),
    st.lists(block, max_size=40),
    max_size=7,
)


def _check_shape(table: dict, rows: dict[str, tuple[str, ...]]) -> None:
    assert table["present"] is True
    assert set(table["cells"]) == set(rows)
    for row, cols in rows.items():
        assert set(table["cells"][row]) == set(cols)
    for name in table["blank"] + table["ambiguous"]:
        row, col = name.split(".")
        assert table["cells"][row][col] is None
    assert isinstance(table["empty"], bool) and isinstance(table["lost"], bool)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections)
def test_any_blocks_give_a_well_formed_answer(section_blocks) -> None:
    out = parse_tables(section_blocks)
    assert set(out) == {"t2", "t3", "t4"}
    if out["t3"]["present"]:
        _check_shape(out["t3"], {r: T3_COLS for r in t3_rows(out["t3"]["layout"])})
    if out["t2"]["present"]:
        _check_shape(out["t2"], T2_LAYOUTS[out["t2"]["layout"]])
    if out["t4"]["present"]:
        _check_shape(out["t4"], {g: T4_COLS for g in T4_GROUPS})
    for key in ("t2", "t3", "t4"):
        if not out[key]["present"]:
            assert out[key] == {"present": False}
