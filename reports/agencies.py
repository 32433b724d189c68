"""Finding the agency a report names: one service for the ZIP import and ``import_reports``."""

from __future__ import annotations

from django.db.models import QuerySet

from reader.textnorm import matchable
from reports.models import Agency


def agency_candidates(name: str, scope: QuerySet[Agency]) -> list[Agency]:
    """The agencies in ``scope`` that ``name`` may mean, best evidence first.

    An exact name wins (two exact matches are two regions' agencies of one name: both are
    returned for a person to choose). Otherwise the name is compared with width, script and
    spacing folded, and last as a suffix of four characters or more either way — reports often
    drop or add the city: 洪泽区人民政府 is 淮安市洪泽区人民政府.
    """
    name = name.strip()
    if not name:
        return []
    exact = list(scope.filter(name=name)[:2])
    if exact:
        return exact
    wanted = matchable(name)
    active = [(a, matchable(a.name)) for a in scope.filter(active=True)]
    found = [a for a, norm in active if norm == wanted]
    if not found and len(wanted) >= 4:
        found = [
            a
            for a, norm in active
            if len(norm) >= 4 and (norm.endswith(wanted) or wanted.endswith(norm))
        ]
    return found


def agency_match(name: str, scope: QuerySet[Agency]) -> Agency | None:
    """The one agency in ``scope`` that ``name`` means, or ``None`` (none, or several)."""
    found = agency_candidates(name, scope)
    return found[0] if len(found) == 1 else None
