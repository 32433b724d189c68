"""Tables 二, 三 and 四 from a report's blocks, in record shape (``reader/record.py``).

Entry point for the parse orchestrator: :func:`parse_tables`. Every input shape (cell grids from
HTML/DOCX/PDF, one cell per line, one row per line with pipes, Markdown, PDF text lines, glued
digits) is first turned into one stream of segments (:mod:`tablestream`); each table reader then
finds its rows by label in that stream.

Each table is looked for in the whole report, not only in its own section: a table whose rows are
table-三 rows is table 三 wherever a heading splitter put it (e.g. its last row
``四、结转下年度继续办理`` taken for the heading of section 四).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reader.extract.blocks import Block
from reader.parse.labelfirst import repair_t3
from reader.parse.table2 import parse_t2
from reader.parse.table3 import parse_t3
from reader.parse.table4 import parse_t4
from reader.parse.tablestream import build_segments

NOT_FOUND: dict = {"present": False}


def parse_tables(
    section_blocks: Mapping[str, Sequence[Block]],
    prose: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, dict]:
    """section_blocks: blocks per section key (``s0`` = before the first heading, ``s1``…``s6``).

    Returns ``{"t2": {...}, "t3": {...}, "t4": {...}}``: ``{"present": False}`` for a table not
    found; otherwise ``present``, ``empty``, ``layout`` (t2, t3), ``cells`` (every key of the
    layout; ``None`` for blank, placeholder or unreadable cells) and the internal ``blank``,
    ``ambiguous`` and ``lost`` (see ``reader/record.py``).

    ``prose``: the report's prose facts, evidence for glued rows with several readings.
    """
    segments = build_segments(section_blocks)
    t3 = repair_t3(segments, parse_t3(segments, prose))  # rows broken apart: placed by row order
    t2 = parse_t2(segments)
    t4 = parse_t4(segments, prose)
    return {
        "t2": t2 if t2 is not None else dict(NOT_FOUND),
        "t3": t3 if t3 is not None else dict(NOT_FOUND),
        "t4": t4 if t4 is not None else dict(NOT_FOUND),
    }
