"""Which version is current, and what a failure or a killed process leaves behind (in-process).

- A failed version 2 leaves version 1 published: the public page, the public API and search
  still show version 1, and the clerk is told.
- Upload order, not processing order, decides the current version.
- A redelivered upload writes nothing, not even the report's metadata.
- Stuck uploads are processed again without a broker; ``manage.py requeue``; the progress bar.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports import batch as batches
from reports import pipeline, recovery, services
from reports.models import ImportBatch, ImportItem, Report, ReportVersion

V1 = """东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年，东城区财政局深化政务公开，第一版独有的绿萝计划全面推进。
二、主动公开政府信息情况
主动公开预算决算信息120条。
"""
V2 = V1.replace("第一版独有的绿萝计划", "第二版改写的青松计划")
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj broken beyond repair\n"


@pytest.mark.django_db
def test_a_failed_version_2_leaves_version_1_published(client, upload, agency_a):
    v1 = upload(agency_a, 2023, V1)
    assert v1.status == ReportVersion.Status.INDEXED
    pk = v1.report_id

    v2 = upload(agency_a, 2023, CORRUPT_PDF, filename="更正版.pdf")

    v1.refresh_from_db()
    assert v2.number == 2 and v2.status == ReportVersion.Status.FAILED
    assert v1.is_current and not v2.is_current
    page = client.get(f"/reports/{pk}/")
    assert page.status_code == 200 and "绿萝计划" in page.content.decode()
    api = client.get(f"/api/reports/{pk}")
    assert api.status_code == 200 and "绿萝计划" in str(api.json())
    hits = client.get("/api/search", {"q": "绿萝计划"}).json()["results"]
    assert [h["id"] for h in hits] == [pk]
    # The clerk is told: on the version, and on the report's admin page.
    assert "公开页面仍显示第 1 版" in v2.error


@pytest.mark.django_db
def test_the_clerk_sees_that_the_failed_version_is_not_published(client, clerk, upload, agency_a):
    v1 = upload(agency_a, 2023, V1)
    upload(agency_a, 2023, CORRUPT_PDF, filename="更正版.pdf")
    client.force_login(clerk)
    html = client.get(f"/admin/gxnb_portal/report/{v1.report_id}/change/").content.decode()
    assert "第 2 版（更正版.pdf）：解析失败，未发布" in html
    assert "公开页面仍显示第 1 版" in html


@pytest.mark.django_db
def test_a_new_version_replaces_the_published_one_once_processed(client, upload, agency_a):
    v1 = upload(agency_a, 2023, V1)
    v2 = upload(agency_a, 2023, V2)
    v1.refresh_from_db()
    assert v2.is_current and not v1.is_current
    assert v2.status == ReportVersion.Status.INDEXED
    html = client.get(f"/reports/{v1.report_id}/").content.decode()
    assert "青松计划" in html and "绿萝计划" not in html


@pytest.mark.django_db
def test_a_version_waiting_for_processing_does_not_take_the_report_offline(
    client, upload, agency_a, django_capture_on_commit_callbacks
):
    v1 = upload(agency_a, 2023, V1)
    # Version 2 saved, its processing not run yet (a worker busy, or killed mid-way).
    with django_capture_on_commit_callbacks(execute=False):
        v2 = services.report_upload(
            agency=agency_a, year=2023, file_bytes=V2.encode(), filename="v2.txt"
        )
    v2.refresh_from_db()
    assert v2.status == ReportVersion.Status.UPLOADED and not v2.is_current
    assert client.get(f"/reports/{v1.report_id}/").status_code == 200
    assert client.get(f"/api/reports/{v1.report_id}").status_code == 200


def _batch_item(agency, data: bytes, name: str, *, published: str, uploaded_at) -> ImportItem:
    """A one-file batch as uploaded at ``uploaded_at`` (its task not run yet)."""
    batch = ImportBatch.objects.create(name=name)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=uploaded_at)
    services.original_store(services.sha256_of(data), data)
    return ImportItem.objects.create(
        batch=batch,
        position=1,
        filename=name,
        sha256=services.sha256_of(data),
        size=len(data),
        metadata={"manifest": True, "year": 2023, "published": published},
        agency=agency,
        year=2023,
    )


@pytest.mark.django_db
def test_upload_order_not_processing_order_decides_the_current_version(client, agency_a):
    now = timezone.now()
    older = _batch_item(
        agency_a, V1.encode(), "a.txt", published="2024-03-16", uploaded_at=now - dt.timedelta(1)
    )
    newer = _batch_item(agency_a, V2.encode(), "b.txt", published="2024-03-06", uploaded_at=now)

    # The newer upload is processed first, the older one recovered later.
    assert batches.item_process(newer.pk) == "done"
    assert batches.item_process(older.pk) == "done"

    newer.refresh_from_db()
    older.refresh_from_db()
    assert (newer.version.number, older.version.number) == (1, 2)  # processing order
    assert newer.version.is_current and not older.version.is_current
    report = Report.objects.get()
    # The older file's metadata did not overwrite the newer upload's either.
    assert report.published == dt.date(2024, 3, 6)
    assert "青松计划" in client.get(f"/reports/{report.pk}/").content.decode()


@pytest.mark.django_db
def test_a_redelivered_upload_writes_nothing(agency_a, django_assert_num_queries):
    now = timezone.now()
    older = _batch_item(
        agency_a, V1.encode(), "a.txt", published="2024-03-16", uploaded_at=now - dt.timedelta(1)
    )
    newer = _batch_item(agency_a, V2.encode(), "b.txt", published="2024-03-06", uploaded_at=now)
    batches.item_process(older.pk)
    batches.item_process(newer.pk)
    report = Report.objects.get()
    assert report.published == dt.date(2024, 3, 6)
    before = Report.objects.filter(pk=report.pk).values().get()

    # A worker killed after the older file's version was added, before the item was linked:
    # the redelivered task adds the same file again.
    older.refresh_from_db()
    again = services.report_upload(
        agency=agency_a,
        year=2023,
        file_bytes=V1.encode(),
        filename="a.txt",
        published=dt.date(2024, 3, 16),
        enqueue=False,
        received_at=now - dt.timedelta(1),
    )
    assert again.pk == older.version_id
    assert Report.objects.filter(pk=report.pk).values().get() == before


@pytest.mark.django_db
def test_progress_is_not_100_percent_before_the_last_file(agency_a):
    batch = ImportBatch.objects.create(name="300")
    ImportItem.objects.bulk_create(
        ImportItem(
            batch=batch,
            position=i,
            filename=f"{i}.txt",
            status=ImportItem.Status.DONE if i < 300 else ImportItem.Status.PROCESSING,
        )
        for i in range(1, 301)
    )
    progress = batches.batch_progress(batch)
    assert (progress["settled"], progress["finished"], progress["percent"]) == (299, False, 99)


def _stuck_version(agency, text: str, django_capture_on_commit_callbacks) -> ReportVersion:
    """A version the server was killed on: saved, never processed."""
    with django_capture_on_commit_callbacks(execute=False):
        version = services.report_upload(
            agency=agency, year=2023, file_bytes=text.encode(), filename="r.txt"
        )
    ReportVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    return version


@pytest.mark.django_db
def test_the_embedded_sweep_processes_stuck_uploads(agency_a, django_capture_on_commit_callbacks):
    version = _stuck_version(agency_a, V1, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.sweep_once() == 1
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.INDEXED


@pytest.mark.django_db(transaction=True)
def test_the_web_process_sweeps_at_start_up_without_a_broker(agency_a, settings):
    with_stuck = services.report_upload  # outside a transaction: runs in-process at once
    assert with_stuck  # (the version below is made stuck by hand)
    version = ReportVersion.objects.create(
        report=Report.objects.create(agency=agency_a, year=2023),
        number=1,
        sha256=services.sha256_of(V1.encode()),
        original=services.original_store(services.sha256_of(V1.encode()), V1.encode()),
        filename="r.txt",
        size=len(V1.encode()),
        status=ReportVersion.Status.UPLOADED,
    )
    ReportVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    settings.PIPELINE_EMBEDDED_SWEEP_SECONDS = 3600
    stop = threading.Event()
    stop.set()  # one sweep (the start-up one), then the thread ends
    thread = recovery.start_embedded_sweeper(stop)
    assert thread is not None
    thread.join(timeout=60)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.INDEXED


@pytest.mark.django_db
def test_manage_requeue_processes_a_version_and_everything_stuck(
    agency_a, agency_b, django_capture_on_commit_callbacks, capsys
):
    one = _stuck_version(agency_a, V1, django_capture_on_commit_callbacks)
    other = _stuck_version(
        agency_b, V2.replace("东城区财政局", "青川市生态环境局"), django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue", "--versions", str(one.pk))
    one.refresh_from_db()
    other.refresh_from_db()
    assert one.status == ReportVersion.Status.INDEXED
    assert other.status == ReportVersion.Status.UPLOADED
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue", "--stuck")
    other.refresh_from_db()
    assert other.status == ReportVersion.Status.INDEXED
    assert "已重新排队卡住的 1 个版本" in capsys.readouterr().out


def test_promotion_compares_upload_order():
    a = ReportVersion(number=2, received_at=timezone.now() - dt.timedelta(minutes=1))
    b = ReportVersion(number=1, received_at=timezone.now())
    assert pipeline.upload_order(b) > pipeline.upload_order(a)
