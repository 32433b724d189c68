"""The pipeline's hooks: a saved version is indexed, a failed write is queued, rebuilds agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from reader.record import empty_record
from reports.models import Report, ReportVersion
from search import services
from search.backends import get_search_backend
from search.backends.base import SearchRequest
from search.documents import figures_from_record, report_document
from search.models import IndexQueue

REPORT_TEXT = """东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年,东城区财政局深化政务公开,优化门户网站预算公开专栏。
二、主动公开政府信息情况
主动公开预算决算信息120条。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请15件。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议。
五、存在的主要问题及改进情况
预算解读形式单一。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


def found(q: str, **kw: Any) -> list[int]:
    return [h.id for h in get_search_backend().search(SearchRequest(q=q, **kw)).hits]


def make_version(agency: Any, year: int, record: dict[str, Any], status: str = "audited") -> Any:
    report = Report.objects.create(agency=agency, year=year)
    ReportVersion.objects.create(
        report=report,
        number=1,
        sha256=f"{report.pk:064d}",
        original="originals/x",
        filename="r.txt",
        size=1,
        record=record,
        status=status,
    )
    return report


def record_with(text: str, **tables: Any) -> dict[str, Any]:
    record = empty_record()
    record["sections"]["s1"] = {
        "present": True,
        "empty": False,
        "title": "一、总体情况",
        "chars": len(text),
        "text": text,
    }
    for key, cells in tables.items():
        record["tables"][key] = {"present": True, "empty": False, "cells": cells}
    return record


@pytest.mark.django_db
def test_uploaded_report_is_searchable_once_processed(upload, agency_a):
    version = upload(agency_a, 2023, REPORT_TEXT)
    assert version.status == ReportVersion.Status.INDEXED
    assert found("预算公开专栏") == [version.report_id]
    assert found("预算", regions=["东城区"], level="dept") == [version.report_id]


@pytest.mark.django_db
def test_index_failure_keeps_the_save_and_is_retried(upload, agency_a, settings):
    # A real OpenSearch client pointed at a closed port: every write fails.
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": "http://127.0.0.1:9",
            "TIMEOUT": 1,
            "MAX_RETRIES": 0,
        }
    }
    version = upload(agency_a, 2023, REPORT_TEXT)
    assert version.status == ReportVersion.Status.AUDITED  # saved, parsed, audited; not indexed
    queued = IndexQueue.objects.get(report_id=version.report_id)
    assert queued.action == "index" and queued.attempts == 1 and queued.last_error
    assert queued.next_attempt_at > timezone.now()

    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.sqlite",
            "PATH": settings.MEDIA_ROOT / "search.sqlite3",
        }
    }
    assert services.retry_pending() == 0  # not due yet
    IndexQueue.objects.update(next_attempt_at=timezone.now())
    assert services.retry_pending() == 1
    assert not IndexQueue.objects.exists()
    assert found("预算公开专栏") == [version.report_id]


@pytest.mark.django_db
def test_repeated_failures_back_off(agency_a, settings):
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": "http://127.0.0.1:9",
            "TIMEOUT": 1,
            "MAX_RETRIES": 0,
        }
    }
    report = make_version(agency_a, 2022, record_with("预算公开"))
    assert services.index_report(report) is False
    assert services.index_report(report) is False
    item = IndexQueue.objects.get(report_id=report.pk)
    assert item.attempts == 2
    assert item.next_attempt_at - timezone.now() > dt.timedelta(seconds=90)


@pytest.mark.django_db
def test_rebuild_from_the_database_gives_the_same_results(upload, agency_a, agency_b):
    upload(agency_a, 2023, REPORT_TEXT)
    upload(
        agency_b,
        2022,
        # Its own year in the text: a year the text contradicts is held back.
        REPORT_TEXT.replace("东城区财政局", "青川市生态环境局")
        .replace("预算", "环评")
        .replace("2023", "2022"),
    )
    queries = ["公开", "预算", "环评", '"门户网站"', "信息处理费"]
    before = {q: found(q, sort="year") for q in queries}
    assert services.rebuild_index() == 2
    assert {q: found(q, sort="year") for q in queries} == before
    assert before["环评"] and before["预算"] and before["环评"] != before["预算"]


@pytest.mark.django_db
def test_report_without_a_readable_version_is_removed(agency_a):
    report = make_version(agency_a, 2022, record_with("预算公开"))
    assert services.index_report(report) and found("预算") == [report.pk]
    report.versions.update(status="failed")
    assert services.index_report(report)
    assert found("预算") == []


@pytest.mark.django_db
def test_delete_report_removes_it(agency_a):
    report = make_version(agency_a, 2022, record_with("预算公开"))
    services.index_report(report)
    assert services.delete_report(report.pk)
    assert found("预算") == []


@pytest.mark.django_db
def test_document_carries_metadata_sections_figures(agency_a):
    record = record_with(
        "一、总体情况\n公开预算",
        t3={"NEW": {"TOT": 1200}, "R7": {"TOT": None}},
        t4={"LD": {"TOT": 2}, "LR": {"TOT": 3}},
    )
    report = make_version(agency_a, 2022, record)
    doc = report_document(report)
    assert doc is not None
    assert (doc.agency, doc.region, doc.region_code, doc.level, doc.year) == (
        "云州市东城区财政局",
        "东城区",
        "450902",
        "dept",
        2022,
    )
    assert doc.title == "云州市东城区财政局2022年政府信息公开工作年度报告"
    assert doc.sections == {"s1": "一、总体情况\n公开预算", "headings": "一、总体情况"}
    assert doc.figures["t3_new"] == 1200 and doc.figures["t4_lit"] == 5
    assert doc.figures["t3_r7"] is None  # blank is not zero
    assert not hasattr(doc, "findings")  # no page reads them; a review would leave them stale
    assert doc.url == f"/reports/{report.pk}/"


def test_figures_read_blank_cells_as_unknown():
    figures = figures_from_record(empty_record())
    assert set(figures.values()) == {None}


@pytest.mark.django_db
def test_figure_filter_finds_reports_by_applications_received(agency_a, agency_b):
    big = make_version(agency_a, 2022, record_with("公开", t3={"NEW": {"TOT": 1500}}))
    small = make_version(agency_b, 2022, record_with("公开", t3={"NEW": {"TOT": 12}}))
    for r in (big, small):
        services.index_report(r)
    assert found("公开", figures={"t3_new": (1000, None)}) == [big.pk]
    assert found("公开", sort="applications") == [big.pk, small.pk]


@pytest.mark.django_db
def test_staff_can_retry_queued_reports_from_the_admin(client, admin_user, agency_a):
    report = make_version(agency_a, 2022, record_with("预算公开"))
    IndexQueue.objects.create(
        report_id=report.pk,
        action="index",
        attempts=3,
        last_error="ConnectionError",
        next_attempt_at=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(admin_user)
    page = client.get("/admin/search/indexqueue/")
    assert page.status_code == 200 and "ConnectionError" in page.content.decode()
    item = IndexQueue.objects.get()
    client.post("/admin/search/indexqueue/", {"action": "retry_now", "_selected_action": [item.pk]})
    assert not IndexQueue.objects.exists()
    assert found("预算") == [report.pk]
