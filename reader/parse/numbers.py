"""Reading one table cell: a number, a blank/placeholder, or text.

Blank and placeholder cells (``/``, ``-``, ``—``, ``空``, ``无``, ``&nbsp;`` …) are never read as 0:
the audit reports them as blanks. Numbers may carry thousands separators (``2,111``), full-width
digits (``２１１１``), a sign (``-3`` for 本年增/减 in the 2019 layout) and a unit suffix
(``74708.228万元``, ``12件``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.textnorm import fold_width, to_simplified

# What people type into a cell that has no value. Compared after width folding and with all
# whitespace removed, so "— —" and "－" are covered too.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "",
        "/",
        "／",
        "\\",
        "-",
        "--",
        "---",
        "—",
        "——",
        "–",
        "－",
        "~",
        "~~",
        "…",
        "……",
        "...",
        "空",
        "无",
        "暂无",
        "無",
        "&nbsp;",
        "nbsp",
        "null",
        "none",
        "n/a",
        "×",
        "x",
        "X",
    }
)

# "万" alone is left out on purpose: "1.2万" (件) would need scaling we cannot be sure of.
_UNITS = ("万元", "元", "件", "个", "項", "项", "次", "条", "個", "宗")
_UNIT_RE = "|".join(_UNITS)

# A whole cell that is one number: optional sign, digits (thousands groups allowed), optional
# decimals, optional unit. Applied to width-folded text with spaces removed.
_NUMBER_RE = re.compile(
    rf"^(?P<sign>[+-]?)(?P<int>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?(?P<unit>{_UNIT_RE})?$"
)

# Longer digit runs are not one number, nor a run of glued cells worth splitting: a 30-column
# row of 9-digit cells has 270.
MAX_CELL_DIGITS = 1000

_TRADITIONAL_UNIT_RE = re.compile(r"\d[萬項個條]")

_SPACES_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from a cell. ``digits`` is the integer part without separators, kept so that
    a run of glued cells (``21116300062180``) can be split again."""

    value: int | float
    unit: str | None
    digits: str
    plain: bool  # a bare non-negative integer without separators: may be a glued run


def clean(text: str) -> str:
    """Width-folded cell text without any whitespace (HTML entities for space removed too)."""
    text = text.replace("&nbsp;", " ").replace("&#160;", " ")
    return _SPACES_RE.sub("", fold_width(text))


@lru_cache(maxsize=8192)
def is_placeholder(text: str) -> bool:
    """True for a cell that stands for "no value": empty, ``/``, ``-``, ``—``, ``空``, ``无`` …"""
    c = clean(text)
    return c in PLACEHOLDERS or c.lower() in PLACEHOLDERS


@lru_cache(maxsize=8192)
def read_number(text: str) -> Number | None:
    """The number a cell holds, or ``None`` when the cell is not exactly one number.

    >>> read_number("2,111").value
    2111
    >>> read_number("74708.228万元").unit
    '万元'
    """
    c = clean(text)
    if not c:
        return None
    m = _NUMBER_RE.match(c)
    if m is None and _TRADITIONAL_UNIT_RE.search(c):
        # Traditional-script units (萬元, 條) from mirror-site copies: read as Simplified. Only
        # tried for a cell that is not a number as it stands and has such a character, so
        # labels and plain cells cost no conversion.
        m = _NUMBER_RE.match(to_simplified(c))
    if m is None:
        return None
    digits = m.group("int").replace(",", "")
    if len(digits) > MAX_CELL_DIGITS:
        return None  # no cell holds such a number (and int() refuses past 4,300 digits)
    frac = m.group("frac")
    negative = m.group("sign") == "-"
    if frac is not None:
        value: int | float = float(f"{digits}.{frac}")
    else:
        value = int(digits)
    if negative:
        value = -value
    plain = frac is None and not negative and "," not in m.group("int") and not m.group("sign")
    return Number(value=value, unit=m.group("unit"), digits=digits, plain=plain)


def to_wanyuan(number: Number, *, header_unit: str | None = None) -> float | int:
    """An amount in 万元: converted from 元 when the cell (or, failing that, its header) says 元."""
    unit = number.unit or header_unit
    if unit == "元":
        value = number.value / 10000
        return round(value, 6)
    return number.value


def unit_in_header(text: str) -> str | None:
    """``万元`` or ``元`` when a header cell names its unit ("采购总金额（元）", "单位：万元";
    Traditional "單位：萬元" too)."""
    c = to_simplified(clean(text))
    if "万元" in c:
        return "万元"
    if "元" in c:
        return "元"
    return None
