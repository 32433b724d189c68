"""The search backend interface: documents in, results out. Backends are chosen in settings.

``SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.sqlite", ...}}``;
:func:`search.backends.get_search_backend` imports the module's ``SearchBackend`` class and
builds it with the remaining options. Every backend passes the same contract tests
(``tests/search/contract.py``).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.query import ParsedQuery, parse_query

# Numeric table figures kept on every document, for filters ("收到申请 > 1000") and sorting.
# name → (record table, row, column); ``t4_lit`` is the two 行政诉讼 rows together.
FIGURES: dict[str, str] = {
    "t3_new": "本年新收申请",
    "t3_carry_in": "上年结转申请",
    "t3_r1": "予以公开",
    "t3_r7": "办结总计",
    "t3_carry_out": "结转下年度",
    "t4_rev": "行政复议",
    "t4_lit": "行政诉讼",
    "t2_norm_issued": "本年制发规范性文件",
    "t2_license": "行政许可决定",
    "t2_punish": "行政处罚决定",
    "t2_fee": "行政事业性收费（万元）",
}

SORTS: dict[str, str] = {
    "relevance": "相关度",
    "year": "年度（新→旧）",
    "year_asc": "年度（旧→新）",
    "published": "发布日期（新→旧）",
    "applications": "收到申请数（多→少）",
}

FACETS: tuple[str, ...] = ("year", "region", "level", "agency")


@dataclass(slots=True)
class SearchDocument:
    """What is indexed for one report (its current version). Built by ``search.documents``.

    ``sections`` hold the report's own text (original script) by record section key; backends
    index the analysed copy and keep the original for snippets.
    """

    id: int
    title: str
    agency: str = ""
    region: str = ""
    region_code: str = ""
    level: str = ""
    year: int | None = None
    published: dt.date | None = None
    url: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    figures: dict[str, float | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "agency": self.agency,
            "region": self.region,
            "region_code": self.region_code,
            "level": self.level,
            "year": self.year,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "sections": self.sections,
            "figures": self.figures,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchDocument:
        published = data.get("published")
        return cls(
            id=int(data["id"]),
            title=data.get("title") or "",
            agency=data.get("agency") or "",
            region=data.get("region") or "",
            region_code=data.get("region_code") or "",
            level=data.get("level") or "",
            year=data.get("year"),
            published=dt.date.fromisoformat(published) if published else None,
            url=data.get("url") or "",
            sections=dict(data.get("sections") or {}),
            figures=dict(data.get("figures") or {}),
        )


@dataclass(slots=True)
class SearchRequest:
    """One search: the user's query text plus filters, sort, page."""

    q: str = ""
    regions: Sequence[str] = ()
    agency: str | None = None
    level: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    # figure name → (minimum, maximum), either may be None: {"t3_new": (1000, None)}
    figures: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    # The region and agency facets: only the ``facet_limit`` largest counts (None: every one).
    facet_limit: int | None = None
    snippets: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            self.sort = "relevance"
        self.page = max(1, int(self.page or 1))
        self.per_page = min(100, max(1, int(self.per_page or 20)))
        if self.facet_limit is not None:
            self.facet_limit = max(1, int(self.facet_limit))
        for name in self.figures:
            if name not in FIGURES:
                raise ValueError(f"unknown figure {name!r}")

    @property
    def parsed(self) -> ParsedQuery:
        return parse_query(self.q)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Snippet:
    section: str  # record section key, "title" for the title
    html: str  # escaped text with <mark>…</mark> around matched words


@dataclass(slots=True)
class SearchHit:
    id: int
    title: str
    agency: str
    region: str
    level: str
    year: int | None
    published: dt.date | None
    url: str
    score: float | None = None
    snippets: list[Snippet] = field(default_factory=list)


@dataclass(slots=True)
class SearchResults:
    total: int
    page: int
    per_page: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # False when ``total`` and the facets count a superset (see the sqlite backend's phrases).
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class BaseSearchBackend(ABC):
    """A search engine holding one document per report.

    Hooks to implement: :meth:`index`, :meth:`delete`, :meth:`search`, :meth:`rebuild`,
    :meth:`clear`. Documents are :class:`SearchDocument`; the query is parsed by
    :func:`search.query.parse_query` before it reaches a backend, so every backend sees the
    same tree. Highlighting is shared code (:mod:`search.snippets`) working on the original
    section text, so snippets are identical across backends.
    """

    name: str = "base"

    def __init__(self, **options: Any) -> None:
        self.options = options

    @abstractmethod
    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by id); return how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents; unknown ids are ignored."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResults:
        """Run a search. Must not raise on any user text in ``request.q``."""

    @abstractmethod
    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Replace the whole index with ``docs`` without a moment where search is empty."""

    @abstractmethod
    def clear(self) -> None:
        """Drop everything (tests, and a fresh start)."""

    def get(self, doc_id: int) -> SearchDocument | None:
        """The stored document, or None. Optional; used by tests and the report page."""
        return None

    def count(self) -> int:
        return self.search(SearchRequest(facets=False, snippets=False, per_page=1)).total

    def check(self) -> list[str]:
        """Problems an operator must fix (Chinese), for system checks. Empty when healthy."""
        return []
