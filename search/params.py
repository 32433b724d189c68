"""The public search parameters, read the same way by the pages and the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from search.backends.base import SORTS, SearchRequest

LEVELS: dict[str, str] = {"gov": "政府", "dept": "部门"}
MAX_PAGE = 500  # deeper pages are not useful to a person, and cost the engine


def _int(value: Any, *, lo: int, hi: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def search_request(
    *,
    q: str | None = None,
    regions: Sequence[str] = (),
    agency: str | None = None,
    level: str | None = None,
    year_from: Any = None,
    year_to: Any = None,
    sort: str | None = None,
    page: Any = 1,
    per_page: int = 20,
    facet_limit: int | None = None,
) -> SearchRequest:
    """A :class:`SearchRequest` from loosely typed input: anything invalid is ignored, never an
    error (a hand-edited URL still gets a page)."""
    return SearchRequest(
        q=(q or "").strip()[:200],
        regions=tuple(r.strip()[:100] for r in regions if r and r.strip())[:20],
        agency=(agency or "").strip()[:200] or None,
        level=level if level in LEVELS else None,
        year_from=_int(year_from, lo=1990, hi=2100),
        year_to=_int(year_to, lo=1990, hi=2100),
        sort=sort if sort in SORTS else "relevance",
        page=_int(page, lo=1, hi=MAX_PAGE) or 1,
        per_page=per_page,
        facet_limit=facet_limit,
    )


def from_querydict(params: Mapping[str, Any]) -> SearchRequest:
    """From ``request.GET``."""
    getlist = getattr(params, "getlist", None)
    regions = getlist("region") if getlist else [params.get("region") or ""]
    return search_request(
        q=params.get("q"),
        regions=regions,
        agency=params.get("agency"),
        level=params.get("level"),
        year_from=params.get("year_from"),
        year_to=params.get("year_to"),
        sort=params.get("sort"),
        page=params.get("page") or 1,
    )
