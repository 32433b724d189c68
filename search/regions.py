"""Regions as a tree, read from the agencies' 行政区划代码: a city holds the districts below it.

The index knows each report's region by name (``东城区``). A person who picks a city means the
city and its districts, so a region filter is widened to the names below it, and the region facet
counts a city's districts in the city's number (and lists them under it).

Codes are six digits: ``45 00 00`` a province, ``45 09 00`` a city, ``45 09 02`` a district.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def region_codes() -> dict[str, str]:
    """Region name → its code (the agencies' own; the shortest when a name has several)."""
    from reports.models import Agency

    out: dict[str, str] = {}
    rows = (
        Agency.objects.exclude(region_name="")
        .exclude(region_code="")
        .values_list("region_name", "region_code")
        .distinct()
    )
    for name, code in rows:
        code = (code or "").strip()
        if len(code) != 6 or not code.isdigit():
            continue
        if name not in out or _depth(code) < _depth(out[name]):
            out[name] = code
    return out


def _depth(code: str) -> int:
    if code.endswith("0000"):
        return 0
    if code.endswith("00"):
        return 1
    return 2


def _prefix(code: str) -> str:
    """The code prefix every region below (and the region itself) shares."""
    return {0: code[:2], 1: code[:4]}.get(_depth(code), code)


def expand_regions(names: Iterable[str], codes: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``names`` and every region name below them (a city's districts, a province's cities)."""
    names = tuple(names)
    if not names:
        return names
    codes = region_codes() if codes is None else codes
    out = list(dict.fromkeys(names))
    for name in names:
        code = codes.get(name)
        if code is None or _depth(code) == 2:
            continue
        prefix = _prefix(code)
        out.extend(n for n, c in sorted(codes.items(), key=lambda i: i[1]) if c.startswith(prefix))
    return tuple(dict.fromkeys(out))


@dataclass(slots=True)
class RegionCount:
    name: str
    count: int  # reports of this region and of every region below it
    children: list[RegionCount] = field(default_factory=list)


def region_tree(
    counts: Mapping[str, int], codes: Mapping[str, str] | None = None
) -> list[RegionCount]:
    """The region facet as a tree: each district under its city, the city's count including
    them; sorted by count (then name). A region whose code is unknown stands alone; reports of
    agencies with no region name are not a region (nothing could be filtered by it)."""
    counts = {name: n for name, n in counts.items() if name}
    codes = region_codes() if codes is None else codes
    by_code = {code: name for name, code in codes.items()}
    nodes: dict[str, RegionCount] = {}
    roots: list[RegionCount] = []

    def node(name: str) -> RegionCount:
        if name not in nodes:
            nodes[name] = RegionCount(name, 0)
        return nodes[name]

    parents: dict[str, str | None] = {}
    for name in counts:
        code = codes.get(name)
        parent = None
        if code is not None and _depth(code) == 2:
            parent = by_code.get(code[:4] + "00")
        parents[name] = parent if parent != name else None
    for name, n in counts.items():
        own = node(name)
        own.count += n
        parent = parents[name]
        if parent is not None:
            up = node(parent)
            up.count += n
            up.children.append(own)
    children = {id(c) for p in nodes.values() for c in p.children}
    roots = [n for n in nodes.values() if id(n) not in children]
    order = lambda n: (-n.count, n.name)  # noqa: E731 - a sort key, named for reuse
    for n in nodes.values():
        n.children.sort(key=order)
    roots.sort(key=order)
    return roots
