"""The search and reports API (mounted at /api/ by gxnb_portal.api)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from reader.readable import repaired
from reader.record import SECTION_KEYS, SECTION_TITLES, public_view
from search.documents import report_document, report_title
from search.params import search_request
from search.schemas import ReportListOut, ReportOut, SearchOut
from search.selectors import SearchUnavailable, public_report, search_reports

router = Router(tags=["检索"])

# Regions and agencies number in the thousands: a response listing every one that matches was
# 90 % facet counts (~420 KB at 10,000 reports). A client gets the largest (the engine counts
# only those: ``SearchRequest.facet_limit``); a narrower query or a filter shows the rest.
FACET_LIMIT = 50


@router.get(
    "/search",
    response={200: SearchOut},
    url_name="search",
    summary="全文检索年度报告",
    description=(
        'q：检索词（词语均须出现；"短语"；OR；-排除词）。region 可重复，含其下辖地区；level 为 gov（政府）或 '
        "dept（部门）；sort 为 relevance、year、year_asc、published、applications。"
        "任何检索词都不会导致错误：无法解析的部分按普通词处理。"
        "地区、发布机关两个分面各列出数量最多的 50 项（从多到少）。"
    ),
)
def search(
    request: HttpRequest,
    q: str = "",
    region: list[str] = Query([]),  # noqa: B008 - ninja's way to declare a repeated parameter
    agency: str | None = None,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> Any:
    params = search_request(
        q=q,
        regions=region,
        agency=agency,
        level=level,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page,
        per_page=min(max(per_page, 1), 50),
        facet_limit=FACET_LIMIT,
    )
    try:
        found = search_reports(params)
    except SearchUnavailable as exc:
        raise HttpError(503, "检索服务暂时不可用") from exc
    return {
        "total": found.total,
        "total_exact": found.total_exact,
        "page": found.page,
        "pages": found.pages,
        "results": [
            {
                "id": h.id,
                "title": h.title,
                "agency": h.agency,
                "region": h.region,
                "year": h.year,
                "url": h.url,
                "snippets": [s.html for s in h.snippets],
            }
            for h in found.hits
        ],
        "facets": {
            "year": found.facets.get("year", {}),
            "region": found.facets.get("region", {}),
            "level": found.facets.get("level", {}),
            "agency": found.facets.get("agency", {}),
        },
    }


@router.get(
    "/reports",
    response={200: ReportListOut},
    url_name="reports",
    summary="年度报告列表（按年度从新到旧，可按地区、类别、年度筛选）",
)
def reports(
    request: HttpRequest,
    region: list[str] = Query([]),  # noqa: B008
    agency: str | None = None,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Any:
    params = search_request(
        regions=region,
        agency=agency,
        level=level,
        year_from=year_from,
        year_to=year_to,
        sort="year",
        page=page,
        per_page=min(max(per_page, 1), 100),
    )
    params.facets = False
    params.snippets = False
    try:
        found = search_reports(params)
    except SearchUnavailable as exc:
        raise HttpError(503, "检索服务暂时不可用") from exc
    return {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "results": [
            {
                "id": h.id,
                "title": h.title,
                "agency": h.agency,
                "region": h.region,
                "year": h.year,
                "url": h.url,
                "snippets": [],
            }
            for h in found.hits
        ],
    }


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut},
    url_name="report",
    summary="一份年度报告：正文各部分、表格数据、收费情况",
)
def report(request: HttpRequest, report_id: int) -> Any:
    obj = public_report(report_id)
    if obj is None:
        raise HttpError(404, "报告不存在或尚未公开")
    version = next((v for v in obj.versions.all() if v.is_current), None)
    record = (version.record if version else None) or {}
    doc = report_document(obj, version)
    public = public_view(record)
    sections = [
        {
            "key": key,
            "title": (record.get("sections") or {}).get(key, {}).get("title")
            or SECTION_TITLES[key],
            # The repaired text (no pinyin noise); the original stays in the original file.
            "text": repaired(str((record.get("sections") or {}).get(key, {}).get("text") or "")),
        }
        for key in SECTION_KEYS
        if ((record.get("sections") or {}).get(key) or {}).get("present")
    ]
    return {
        "id": obj.pk,
        "title": report_title(obj, record),
        "agency": obj.agency.name,
        "region": obj.agency.region_name,
        "region_code": obj.agency.region_code,
        "level": obj.agency.level,
        "year": obj.year,
        "published": doc.published if doc else obj.published,
        "url": doc.url if doc else f"/reports/{obj.pk}/",
        "source_url": obj.source_url,
        "format_version": record.get("format_version"),
        "sections": sections,
        "tables": public.get("tables") or {},
        "fee": public.get("fee") or {},
    }
