"""Reading table cells for rules: numbers only, blanks and uncertain cells kept apart.

Tables in the record hold ``cells[row][col]`` = a number or ``None`` (blank/placeholder), plus
internal lists ``blank`` and ``ambiguous`` of ``"ROW.COL"`` keys. Rules judge only cells that are
numbers and were read with certainty; this module is the one place that decides which those are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.record import Record


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def fmt(value: float | int) -> str:
    """A number for a message: integers without ``.0``; decimals trimmed."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def plain(value: float | int) -> float | int:
    """A number for evidence: whole floats as ints (JSON stays readable)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class TableView:
    """Read-only access to one table of the record (``t2``, ``t3``, ``t4``)."""

    def __init__(self, key: str, table: Any) -> None:
        self.key = key
        self.table: dict[str, Any] = table if isinstance(table, dict) else {}
        cells = self.table.get("cells")
        self.cells: dict[str, Any] = cells if isinstance(cells, dict) else {}
        # The parser's order (table order) for evidence; a set for lookups.
        self.ambiguous_cells: list[str] = list(
            dict.fromkeys(_str_list(self.table.get("ambiguous")))
        )
        self.ambiguous: frozenset[str] = frozenset(self.ambiguous_cells)
        self.blank_listed: frozenset[str] = frozenset(_str_list(self.table.get("blank")))
        # Every certain number, read once: rules look cells up hundreds of times per audit.
        numbers: dict[tuple[str, str], float | int] = {
            (row, col): value
            for row, cols in self.cells.items()
            if isinstance(cols, dict)
            for col, value in cols.items()
            if type(value) is int or (type(value) is float and value == value) or is_number(value)
        }
        for key in self.ambiguous:
            row, _, col = key.partition(".")
            numbers.pop((row, col), None)
        self._numbers = numbers

    @classmethod
    def of(cls, record: Record, key: str) -> TableView:
        tables = record.get("tables") or {}
        return cls(key, tables.get(key) if isinstance(tables, dict) else None)

    @property
    def present(self) -> bool:
        return bool(self.table.get("present"))

    @property
    def empty(self) -> bool:
        return bool(self.table.get("empty"))

    @property
    def usable(self) -> bool:
        """Found and holding numbers."""
        return self.present and not self.empty

    @property
    def unread(self) -> bool:
        """Found, holding no certain number, yet not an empty skeleton: its values are there
        but unread (glued digits the parser could not split with certainty). The parser marks
        such a table not empty; older records marked it empty with only ambiguous cells.

        The parser marks a cell it saw no value for as ``blank`` and a cell it could not read
        (glued digits, or a row it did not find) as ``ambiguous``. An empty skeleton has blank
        cells (seed 003: the rows it kept are blank, the lost ones not found); a table whose
        every cell is ambiguous and none blank had values in every row the parser found.
        """
        if not self.present or not self.ambiguous:
            return False
        if not self.empty:
            # The parser saw values (it never calls such a table empty) but could read none
            # with certainty.
            return not self._numbers
        return "blank" in self.table and not self.blank_listed

    @property
    def layout(self) -> str | None:
        layout = self.table.get("layout")
        return layout if isinstance(layout, str) else None

    def raw(self, row: str, col: str) -> Any:
        cells = self.cells.get(row)
        return cells.get(col) if isinstance(cells, dict) else None

    def value(self, row: str, col: str) -> float | int | None:
        """The cell's number when it was read as a number with certainty, else ``None``."""
        return self._numbers.get((row, col))

    def ref(self, row: str, col: str) -> str:
        """Evidence name of a cell: ``t3.R7.TOT``."""
        return f"{self.key}.{row}.{col}"

    def blank_cells(self, required: Iterable[tuple[str, str]]) -> list[str]:
        """``ROW.COL`` keys of required cells that are blank or placeholders in the source.

        When the parser listed blanks, that list is the statement of what the source left blank
        (a row it could not find is not the agency's blank). Without the list (hand-built
        records), a ``None`` cell not marked ambiguous counts as blank.
        """
        keys = [f"{row}.{col}" for row, col in required]
        if "blank" in self.table:
            return [k for k in keys if k in self.blank_listed]
        out = []
        for key in keys:
            row, col = key.split(".", 1)
            if key not in self.ambiguous and row in self.cells and self.raw(row, col) is None:
                out.append(key)
        return out

    def numbers(self) -> Iterator[tuple[str, str, float | int]]:
        """Every cell read as a number with certainty, as (row, col, value)."""
        for (row, col), value in self._numbers.items():
            yield row, col, value


def _str_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return [v for v in value if isinstance(v, str)]
    return []


@dataclass(frozen=True)
class Identity:
    """``sum(left) == sum(right)`` over cells of one table, e.g. table 三's column balance.

    Cells are ``(row, col)``. Evaluated only on certain numbers; an identity with unknown cells
    still fails *for certain* when the known side it cannot reach is already exceeded (counts are
    never negative, so an unknown cell can only add to its side).
    """

    left: Sequence[tuple[str, str]]
    right: Sequence[tuple[str, str]]

    def evaluate(self, view: TableView) -> Outcome:
        value = view.value
        lvals = [value(*c) for c in self.left]
        rvals = [value(*c) for c in self.right]
        if None not in lvals and None not in rvals and sum(lvals) == sum(rvals):
            return HOLDS  # the common case, in C
        l_unknown = None in lvals
        r_unknown = None in rvals
        lsum = sum(v for v in lvals if v is not None)
        rsum = sum(v for v in rvals if v is not None)
        if not (l_unknown or r_unknown):
            if lsum == rsum:
                return HOLDS
            return self._outcome(view, lvals, rvals, lsum, rsum, checked=True)
        # With unknown (non-negative) cells on one side only, that side can only grow.
        fails = (l_unknown and not r_unknown and lsum > rsum) or (
            r_unknown and not l_unknown and rsum > lsum
        )
        return self._outcome(view, lvals, rvals, lsum, rsum, checked=fails)

    def _outcome(
        self,
        view: TableView,
        lvals: list[float | int | None],
        rvals: list[float | int | None],
        lsum: float | int,
        rsum: float | int,
        *,
        checked: bool,
    ) -> Outcome:
        pairs = list(zip((*self.left, *self.right), (*lvals, *rvals), strict=True))
        return Outcome(
            checked=checked,
            holds=not checked or lsum == rsum,
            left=lsum,
            right=rsum,
            cells={view.ref(*c): plain(v) for c, v in pairs if v is not None},
            unknown=[f"{r}.{c}" for (r, c), v in pairs if v is None],
            unread=[
                f"{r}.{c}" for (r, c), v in pairs if v is None and f"{r}.{c}" in view.ambiguous
            ],
        )


@dataclass(frozen=True)
class Outcome:
    checked: bool  # the identity could be decided
    holds: bool
    left: float | int
    right: float | int
    cells: dict[str, float | int]
    unknown: list[str]  # cells not known: blank, or unread (below)
    unread: list[str] = field(default_factory=list)  # of those, the ones the parser could not read


HOLDS = Outcome(checked=True, holds=True, left=0, right=0, cells={}, unknown=[])
