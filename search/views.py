"""Public pages: home, results, a report, statistics. Server-rendered, no JavaScript needed."""

from __future__ import annotations

import time
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from reader.readable import repaired, split_text
from reader.record import SECTION_KEYS, SECTION_TITLES
from reports.downloads import original_response
from reports.record_tables import section_tables
from search.backends.base import SORTS, SearchRequest
from search.documents import intro_from_record
from search.params import LEVELS, from_querydict
from search.query import parse_query
from search.regions import RegionCount, region_tree
from search.result_cache import cached
from search.selectors import (
    SearchUnavailable,
    public_report,
    recent_reports,
    search_reports,
    statistics,
)
from search.snippets import highlight
from search.suggest import has_filters, suggestions

SECTION_NAMES = {
    **SECTION_TITLES,
    "text": "全文",
    "title": "标题",
    "intro": "前言",
    "headings": "章节标题",
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "search/home.html", {"recent": recent_reports()})


@cache
def _elapsed_mark() -> str:
    # Stands for the time in a page kept for reuse; keyed, so no query text can spell it.
    return "elapsed-" + salted_hmac("search.views.elapsed", "mark").hexdigest()[:20]


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """The results page. The page depends on nothing but the search and the index (no user, no
    session), so it is kept and reused like the results until the index changes."""
    search = from_querydict(request.GET)
    started = time.perf_counter()
    try:
        html = cached("results-page", search, _results_page)
    except SearchUnavailable:
        return render(request, "search/unavailable.html", {"search": search}, status=503)
    elapsed = f"{time.perf_counter() - started:.3f}"
    return HttpResponse(html.replace(_elapsed_mark(), elapsed, 1))


def _results_page(search: SearchRequest) -> str:
    found = search_reports(search)
    tried: list[dict[str, Any]] = []
    if found.total == 0 and (search.q or has_filters(search)):
        try:
            tried = [
                {
                    "label": s.label,
                    "q": s.q,
                    "total": s.total,
                    "url": _query_string(search, q=s.q, page=None)
                    if s.keep_filters
                    else _query_string(SearchRequest(q=s.q, sort=search.sort)),
                }
                for s in suggestions(search, search_reports)
            ]
        except SearchUnavailable:
            tried = []
    context = {
        "search": search,
        "results": found,
        "elapsed": _elapsed_mark(),
        "hits": _hits_context(found.hits, search),
        "facets": _facet_links(search, found.facets),
        "filters": _active_filters(search),
        "pages": _pages(search, found.pages),
        "sorts": [{"value": k, "label": v, "selected": k == search.sort} for k, v in SORTS.items()],
        "levels": LEVELS,
        "suggestions": tried,
    }
    return render_to_string("search/results.html", context)


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    obj = public_report(pk)
    if obj is None:
        raise Http404("报告不存在或尚未公开")
    version = next((v for v in obj.versions.all() if v.is_current), None)
    record: dict[str, Any] = (version.record if version else None) or {}
    q = (request.GET.get("q") or "")[:200]
    query = parse_query(q)
    sections = []
    for key in SECTION_KEYS:
        section = (record.get("sections") or {}).get(key) or {}
        if not section.get("present"):
            continue
        sections.append(
            _section_context(
                key,
                repaired(str(section.get("title") or "")) or SECTION_TITLES[key],
                str(section.get("text") or ""),
                query,
                section_tables(record, key, skip_empty=True),
            )
        )
    if not sections and version is not None:
        text = str(record.get("text") or version.extracted_text or "")
        if text.strip():
            sections.append(_section_context("text", "全文", text, query, []))
    intro = intro_from_record(record) if sections and sections[0]["key"] != "text" else ""
    context = {
        "report": obj,
        "version": version,
        "record": record,
        "q": q,
        "intro": mark_safe(highlight(intro, query)) if intro else "",
        "sections": sections,
        "fee": record.get("fee") or {},
        "level_label": LEVELS.get(obj.agency.level, ""),
        "download_url": reverse("search:original", args=[obj.pk]) if version else "",
    }
    return render(request, "reports/detail.html", context)


def _section_context(
    key: str, title: str, text: str, query: Any, tables: list[dict[str, Any]]
) -> dict[str, Any]:
    """One section for the page: its repaired prose with the query's words marked, its parsed
    tables, and the text its tables were read from, shown only on request (“原文”)."""
    parts = split_text(repaired(text))
    prose_text = "\n".join(p.text for p in parts if p.kind == "prose")
    raw = "\n".join(p.text for p in parts if p.kind == "table")
    return {
        "key": key,
        "title": title,
        "html": mark_safe(highlight(prose_text, query)) if prose_text.strip() else "",
        "raw": raw,
        "empty": not prose_text.strip() and not tables and not raw.strip(),
        "tables": tables,
    }


@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version's original file, for a report the public may read (a download,
    never rendered: ``reports.downloads``)."""
    obj = public_report(pk)
    version = next((v for v in obj.versions.all() if v.is_current), None) if obj else None
    if version is None or not version.original:
        raise Http404("报告不存在或尚未公开")
    return original_response(version)


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    data = statistics()
    max_reports = max([y["reports"] for y in data["years"]] or [1])
    max_apps = max([y["applications"] for y in data["years"]] or [1]) or 1
    max_region = max([r["reports"] for r in data["regions"]] or [1])
    for y in data["years"]:
        y["reports_pct"] = round(100 * y["reports"] / max_reports, 1)
        y["applications_pct"] = round(100 * y["applications"] / max_apps, 1)
    for r in data["regions"]:
        r["pct"] = round(100 * r["reports"] / max_region, 1)
    return render(request, "search/stats.html", {"stats": data})


# ---- helpers --------------------------------------------------------------------------------


def _query_string(search: SearchRequest, **changes: Any) -> str:
    params: dict[str, Any] = {
        "q": search.q,
        "region": list(search.regions),
        "agency": search.agency,
        "level": search.level,
        "year_from": search.year_from,
        "year_to": search.year_to,
        "sort": search.sort if search.sort != "relevance" else None,
    }
    params.update(changes)
    pairs: list[tuple[str, Any]] = []
    for key, value in params.items():
        if isinstance(value, list | tuple):
            pairs.extend((key, v) for v in value)
        elif value not in (None, ""):
            pairs.append((key, value))
    return "?" + urlencode(pairs)


def _hits_context(hits: list[Any], search: SearchRequest) -> list[dict[str, Any]]:
    applications = _applications([h.id for h in hits]) if search.sort == "applications" else {}
    return [_hit_context(h, search, applications) for h in hits]


def _hit_context(
    hit: Any, search: SearchRequest, applications: dict[int, Any] | None = None
) -> dict[str, Any]:
    q = f"?{urlencode({'q': search.q})}" if search.q else ""
    return {
        "hit": hit,
        "url": f"{hit.url}{q}",
        "level": LEVELS.get(hit.level, ""),
        "sort_value": _sort_value(hit, search.sort, applications or {}),
        "snippets": [
            {"section": SECTION_NAMES.get(s.section, s.section), "html": mark_safe(s.html)}
            for s in hit.snippets
        ],
    }


def _sort_value(hit: Any, sort: str, applications: dict[int, Any]) -> str:
    """The value the results are ordered by, said in the result (empty for relevance)."""
    if sort in ("year", "year_asc"):
        return f"报告年度：{hit.year} 年" if hit.year else "报告年度：未知"
    if sort == "published":
        return f"发布日期：{hit.published:%Y-%m-%d}" if hit.published else "发布日期：未知"
    if sort == "applications":
        value = applications.get(hit.id)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"本年新收申请：{value:g} 件"
        return "本年新收申请：报告未给出"
    return ""


def _applications(report_ids: list[int]) -> dict[int, Any]:
    """Table 三's 本年新收 total of each report's current version (what the sort uses)."""
    from reports.models import ReportVersion

    if not report_ids:
        return {}
    rows = ReportVersion.objects.filter(report_id__in=report_ids, is_current=True).values_list(
        "report_id", "record__tables__t3__cells__NEW__TOT"
    )
    return dict(rows)


def _facet_links(search: SearchRequest, facets: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    groups = []
    years = facets.get("year") or {}
    groups.append(
        {
            "name": "年度",
            "items": [
                {
                    "label": f"{y} 年",
                    "count": n,
                    "url": _query_string(search, year_from=y, year_to=y),
                    "active": str(search.year_from) == y and str(search.year_to) == y,
                }
                for y, n in years.items()
            ],
        }
    )
    groups.append(
        {
            "name": "地区",
            "items": [
                {
                    **_region_item(search, node),
                    "children": [_region_item(search, c) for c in node.children[:15]],
                }
                for node in region_tree(facets.get("region") or {})[:15]
            ],
        }
    )
    agencies = facets.get("agency") or {}
    if agencies:
        groups.append(
            {
                "name": "发布机关",
                "items": [
                    {
                        "label": a,
                        "count": n,
                        "url": _query_string(search, agency=a, page=None),
                        "active": search.agency == a,
                    }
                    for a, n in list(agencies.items())[:15]
                ],
            }
        )
    groups.append(
        {
            "name": "类别",
            "items": [
                {
                    "label": LEVELS.get(lv, lv),
                    "count": n,
                    "url": _query_string(search, level=lv),
                    "active": search.level == lv,
                }
                for lv, n in (facets.get("level") or {}).items()
            ],
        }
    )
    return [g for g in groups if g["items"]]


def _region_item(search: SearchRequest, node: RegionCount) -> dict[str, Any]:
    return {
        "label": node.name,
        "count": node.count,
        "url": _query_string(search, region=[node.name], page=None),
        "active": list(search.regions) == [node.name],
    }


def _active_filters(search: SearchRequest) -> list[dict[str, str]]:
    out = []
    if search.year_from is not None or search.year_to is not None:
        if search.year_from == search.year_to:
            label = f"{search.year_from} 年"
        else:
            label = f"{search.year_from or '…'}–{search.year_to or '…'} 年"
        out.append({"label": label, "url": _query_string(search, year_from=None, year_to=None)})
    for r in search.regions:
        rest = [x for x in search.regions if x != r]
        out.append({"label": r, "url": _query_string(search, region=rest)})
    if search.level:
        out.append({"label": LEVELS[search.level], "url": _query_string(search, level=None)})
    if search.agency:
        out.append({"label": search.agency, "url": _query_string(search, agency=None)})
    return out


def _pages(search: SearchRequest, pages: int) -> dict[str, Any]:
    from search.params import MAX_PAGE

    last = min(pages, MAX_PAGE)
    current = search.page
    window = range(max(1, current - 3), min(last, current + 3) + 1)
    return {
        "current": current,
        "last": last,
        "items": [{"n": n, "url": _query_string(search, page=n)} for n in window],
        "prev": _query_string(search, page=current - 1) if current > 1 else None,
        "next": _query_string(search, page=current + 1) if current < last else None,
    }
