"""What to try when a search finds nothing: the same words without the filters, the words in the
other script's wording, a shorter query. Each suggestion is searched once (counting only), and
only those that find something are offered, with their count.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import opencc

from search.analysis import has_cjk
from search.backends.base import SearchRequest, SearchResults
from search.query import parse_query

MAX_SUGGESTIONS = 4
_WORDS = re.compile(r'-?"[^"]*"|\S+')


@dataclass(frozen=True, slots=True)
class Suggestion:
    label: str  # what the page says (Chinese)
    q: str
    keep_filters: bool
    total: int = 0


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def script_variant(q: str) -> str | None:
    """The query in the other script's wording: Taiwan/Traditional → mainland Simplified
    (``tw2sp``: 政府資訊公開 → 政府信息公开, 軟體 → 软件), else Simplified → Taiwan Traditional
    (``s2twp``). Only for suggestions: documents are never converted with these (``analysis``)."""
    if not has_cjk(q):
        return None
    simplified = _converter("tw2sp").convert(q)
    if simplified != q:
        return simplified
    traditional = _converter("s2twp").convert(q)
    return traditional if traditional != q else None


def shorter_queries(q: str) -> list[str]:
    """Shorter forms of ``q``: a quoted phrase unquoted; several words without the last one and
    the longest word alone; one long word's first and last parts (a term that is not the
    reports' wording is often a longer compound of theirs)."""
    words = _WORDS.findall(q.strip())
    out: list[str] = []
    if len(words) > 1:
        out.append(" ".join(words[:-1]))
        longest = max((w for w in words if not w.startswith("-")), key=len, default="")
        out.append(longest)
    elif words:
        word = words[0].strip('"')
        if words[0].startswith('"') and len(parse_query(word).positive_terms) == 1:
            out.append(word)
        if has_cjk(word) and len(word) >= 4:
            cut = max(2, len(word) - 2)
            out.extend([word[:cut], word[-cut:]])
    seen = {q.strip()}
    unique = []
    for s in out:
        s = s.strip()
        if s and s not in seen and parse_query(s).positive_terms:
            seen.add(s)
            unique.append(s)
    return unique


def has_filters(request: SearchRequest) -> bool:
    return bool(
        request.regions
        or request.agency
        or request.level
        or request.year_from is not None
        or request.year_to is not None
        or request.figures
    )


def suggestions(
    request: SearchRequest, search: Callable[[SearchRequest], SearchResults]
) -> list[Suggestion]:
    """Suggestions for a request that found nothing, each with how many reports it finds."""
    candidates: list[Suggestion] = []
    if has_filters(request):
        candidates.append(Suggestion("去掉全部筛选条件", request.q, keep_filters=False))
    variant = script_variant(request.q)
    if variant:
        candidates.append(Suggestion("简繁 / 两岸用语", variant, keep_filters=True))
    candidates.extend(
        Suggestion("更短的检索词", s, keep_filters=True) for s in shorter_queries(request.q)
    )
    out: list[Suggestion] = []
    for candidate in candidates:
        probe = _probe(request, candidate)
        total = search(probe).total
        if total:
            out.append(dataclasses.replace(candidate, total=total))
        if len(out) >= MAX_SUGGESTIONS:
            break
    return out


def _probe(request: SearchRequest, suggestion: Suggestion) -> SearchRequest:
    """The cheapest request that tells whether ``suggestion`` finds anything."""
    base = request if suggestion.keep_filters else SearchRequest()
    return dataclasses.replace(
        base,
        q=suggestion.q,
        figures=dict(base.figures),
        sort="relevance",
        page=1,
        per_page=1,
        facets=False,
        snippets=False,
    )
