"""Bulk import, processed in-process (the embedded setup runs the same tasks eagerly)."""

from __future__ import annotations

import io
import zipfile

import pytest

from reports import batch as batches
from reports import services
from reports.models import ImportItem, Report, ReportVersion

pytestmark = pytest.mark.django_db

REPORT = """{agency}{year}年政府信息公开工作年度报告
本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。
一、总体情况
{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。
二、主动公开政府信息情况
本年主动公开文件12件。
"""


def report(agency: str = "云州市东城区财政局", year: int = 2023, note: str = "") -> bytes:
    return (REPORT.format(agency=agency, year=year) + note).encode()


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def run_batch(data: bytes, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.batch_create_from_zip(data=data, name="测试批次", **kwargs)
    return {i.filename: i for i in batch.items.all()}, batch


def test_files_without_a_manifest_are_matched_by_the_agency_their_text_names(
    agency_a, agency_b, django_capture_on_commit_callbacks
):
    data = make_zip(
        {
            "a.txt": report(),
            "b.txt": report("青川市生态环境局", 2022),
        }
    )
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    assert items["a.txt"].status == "done", items["a.txt"].message
    assert (items["a.txt"].agency, items["a.txt"].year) == (agency_a, 2023)
    assert (items["b.txt"].agency, items["b.txt"].year) == (agency_b, 2022)
    assert items["a.txt"].version.status == ReportVersion.Status.INDEXED


def test_a_manifest_row_wins_over_the_text(agency_a, agency_b, django_capture_on_commit_callbacks):
    manifest = "文件名,机关,年度,发布日期\na.txt,青川市生态环境局,2021,2022-01-20\n"
    data = make_zip({"a.txt": report(), "manifest.csv": manifest.encode()})
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    item = items["a.txt"]
    assert (item.agency, item.year) == (agency_b, 2021)
    assert str(item.version.report.published) == "2022-01-20"


def test_one_broken_file_does_not_stop_the_batch(agency_a, django_capture_on_commit_callbacks):
    data = make_zip(
        {
            "good.txt": report(),
            "broken.pdf": b"%PDF-1.7\n this is not really a PDF \x00\x01",
            "notes.xlsx": b"PK\x03\x04 spreadsheet",
            "later.txt": report(year=2022),
        }
    )
    items, batch = run_batch(data, django_capture_on_commit_callbacks)
    assert items["good.txt"].status == items["later.txt"].status == "done"
    assert items["broken.pdf"].status == "failed"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in items["broken.pdf"].message)
    assert items["notes.xlsx"].status == "failed"
    assert "不支持的文件类型" in items["notes.xlsx"].message
    progress = batches.batch_progress(batch)
    assert progress["percent"] == 100 and progress["finished"]
    assert progress["counts"]["done"] == 2 and progress["counts"]["failed"] == 2


def test_the_same_file_twice_is_recognised_as_a_duplicate(
    agency_a, django_capture_on_commit_callbacks
):
    data = make_zip({"a.txt": report(), "copy/a-again.txt": report()})
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    assert items["a.txt"].status == "done"
    assert items["copy/a-again.txt"].status == "duplicate"
    assert "内容完全相同" in items["copy/a-again.txt"].message
    assert ReportVersion.objects.count() == 1

    # Uploading the same ZIP again imports nothing new.
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    assert items["a.txt"].status == "duplicate"
    assert "已导入过" in items["a.txt"].message
    assert ReportVersion.objects.count() == 1


def test_an_unmatched_file_waits_for_the_clerk_and_is_processed_once_assigned(
    agency_a, django_capture_on_commit_callbacks
):
    data = make_zip({"unknown.txt": report("某某县不存在局", 2023)})
    items, batch = run_batch(data, django_capture_on_commit_callbacks)
    item = items["unknown.txt"]
    assert item.status == "unmatched"
    assert "某某县不存在局" in item.message and "请指定机关" in item.message
    assert batches.batch_progress(batch)["counts"]["unmatched"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        batches.item_assign(item, agency=agency_a, year=2023)
    item.refresh_from_db()
    assert item.status == "done"
    assert item.version.report.agency == agency_a


def test_a_clerk_cannot_import_into_an_agency_outside_their_scope(
    clerk, agency_b, django_capture_on_commit_callbacks
):
    data = make_zip({"b.txt": report("青川市生态环境局", 2023)})
    items, _ = run_batch(data, django_capture_on_commit_callbacks, user=clerk)
    assert items["b.txt"].status == "unmatched"
    assert not Report.objects.filter(agency=agency_b).exists()


def test_agency_names_differing_by_the_city_prefix_match(
    region_tree, django_capture_on_commit_callbacks
):
    # The report says 东城区财政局; the database knows 云州市东城区财政局.
    data = make_zip({"a.txt": report("东城区财政局", 2023)})
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    assert items["a.txt"].agency == region_tree["agency_a"]


def test_failed_files_can_be_retried(agency_a, django_capture_on_commit_callbacks):
    data = make_zip({"a.txt": report()})
    items, batch = run_batch(data, django_capture_on_commit_callbacks)
    item = items["a.txt"]
    # Pretend the first run failed (e.g. a parser bug since fixed).
    ImportItem.objects.filter(pk=item.pk).update(status="failed", message="解析时发生内部错误")
    with django_capture_on_commit_callbacks(execute=True):
        assert batches.items_retry_failed(batch) == 1
    item.refresh_from_db()
    assert item.status == "done" and item.message == ""
    assert ReportVersion.objects.count() == 1


def test_running_an_item_twice_changes_nothing(agency_a, django_capture_on_commit_callbacks):
    data = make_zip({"a.txt": report()})
    items, _ = run_batch(data, django_capture_on_commit_callbacks)
    item = items["a.txt"]
    before = (ReportVersion.objects.count(), item.version.record)
    ImportItem.objects.filter(pk=item.pk).update(status="processing")  # a redelivered message
    assert batches.item_process(item.pk) == "done"
    item.refresh_from_db()
    assert (ReportVersion.objects.count(), item.version.record) == before


def test_an_upload_during_a_search_outage_still_saves(
    agency_a, settings, django_capture_on_commit_callbacks
):
    from search.backends import reset_search_backends
    from search.models import IndexQueue

    # Nothing listens on port 9 (discard): every index write fails at once.
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": "http://127.0.0.1:9",
            "MAX_RETRIES": 0,
        }
    }
    reset_search_backends()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            version = services.report_upload(
                agency=agency_a, year=2023, file_bytes=report(), filename="r.txt"
            )
    finally:
        reset_search_backends()
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.AUDITED  # parsed and audited; index pending
    assert IndexQueue.objects.filter(report_id=version.report_id).exists()  # retried by beat


def test_in_process_a_search_outage_does_not_leave_a_file_processing(
    agency_a, settings, django_capture_on_commit_callbacks
):
    from search.backends import reset_search_backends
    from search.models import IndexQueue

    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": "http://127.0.0.1:9",
            "MAX_RETRIES": 0,
        }
    }
    reset_search_backends()
    try:
        items, _ = run_batch(make_zip({"a.txt": report()}), django_capture_on_commit_callbacks)
    finally:
        reset_search_backends()
    item = items["a.txt"]
    assert (item.status, item.message) == ("done", batches.MSG_INDEX_PENDING)
    assert item.version.status == ReportVersion.Status.AUDITED
    assert IndexQueue.objects.filter(report_id=item.version.report_id).exists()
