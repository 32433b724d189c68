"""Laying out the tokens of one table row as its cells (shared by the table-三 and table-四 readers)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.parse.numbers import read_number
from reader.parse.tablestream import BLANK, Tok


def fit(values: Sequence[Tok], n: int) -> list[Tok] | None:
    """The ``n`` cell tokens of a row, or ``None`` when the tokens cannot be laid out as ``n``
    cells (too many or too few — glued or split numbers, or an extra column).

    Soft blanks (filler lines of one-cell-per-line text) count only where the row needs them,
    leftmost first: converters write span fillers at the end of a row. Hard tokens (grid cells,
    cells of a row-per-line) keep their positions; blank cells at either end beyond ``n`` are
    label-column or span artefacts.
    """
    if any(t.kind == BLANK and t.soft for t in values):
        hard_idx = [i for i, t in enumerate(values) if not (t.kind == BLANK and t.soft)]
        # an empty label-column cell before the numbers, or a stray one after them
        while len(hard_idx) > n and values[hard_idx[0]].kind == BLANK:
            hard_idx.pop(0)
        while len(hard_idx) > n and values[hard_idx[-1]].kind == BLANK:
            hard_idx.pop()
        if len(hard_idx) == n:
            return [values[i] for i in hard_idx]
        if len(hard_idx) > n or not hard_idx:
            return None
        start = max(0, hard_idx[-1] - n + 1)
        if start > hard_idx[0] or start + n > len(values):
            return None
        return list(values[start : start + n])
    toks = list(values)
    while len(toks) > n and toks[0].kind == BLANK:
        toks.pop(0)
    while len(toks) > n and toks[-1].kind == BLANK:
        toks.pop()
    return toks if len(toks) == n else None


def hard_count(values: Sequence[Tok]) -> int:
    """Cells of a row not counting soft fillers nor blank cells at either end."""
    toks = [t for t in values if not (t.kind == BLANK and t.soft)]
    while toks and toks[0].kind == BLANK:
        toks.pop(0)
    while toks and toks[-1].kind == BLANK:
        toks.pop()
    return len(toks)


def atoms(values: Sequence[Tok]) -> list[tuple[str, bool]] | None:
    """(digits, glued-to-the-next) of each number token, or ``None`` when a token is no plain number
    or a hard blank (such a row is not one glued run)."""
    found = []
    for tok in values:
        if tok.kind == BLANK:
            if tok.soft:
                continue
            return None
        num = read_number(tok.text)
        if num is None or not num.plain:
            return None
        found.append((num.digits, tok.joined))
    return found
