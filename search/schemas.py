"""Schemas of the search API (django-ninja)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SearchResultOut(Schema):
    id: int
    title: str
    agency: str
    region: str
    year: int | None
    url: str
    snippets: list[str]


class FacetsOut(Schema):
    year: dict[str, int]
    region: dict[str, int]
    level: dict[str, int]
    agency: dict[str, int]


class SearchOut(Schema):
    total: int
    total_exact: bool
    page: int
    pages: int
    results: list[SearchResultOut]
    facets: FacetsOut


class SectionOut(Schema):
    key: str
    title: str
    text: str


class ReportSummaryOut(Schema):
    id: int
    title: str
    agency: str
    region: str
    region_code: str
    level: str
    year: int
    published: dt.date | None
    url: str


class ReportOut(ReportSummaryOut):
    source_url: str
    format_version: str | None
    sections: list[SectionOut]
    tables: dict[str, dict]
    fee: dict


class ReportListOut(Schema):
    total: int
    page: int
    pages: int
    results: list[SearchResultOut]
