"""Uploading keeps the original bytes forever and versions reports (services.report_upload)."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, transaction

from reports.models import Report, ReportVersion
from reports.services import report_upload

pytestmark = pytest.mark.django_db

REPORT_V1 = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n第一稿。\n"
REPORT_V2 = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n更正稿。\n"


def test_original_bytes_are_stored_unchanged_under_their_hash(upload, agency_a):
    data = "年报 — GB18030 编码的原件".encode("gb18030") + b"\x00\xff binary tail"
    version = upload(agency_a, 2023, data, filename="原件.txt")

    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert (
        version.original.name
        == f"originals/{version.sha256[:2]}/{version.sha256[2:4]}/{version.sha256}"
    )
    stored = version.read_original()
    assert stored == data
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    assert version.size == len(data)
    assert version.filename == "原件.txt"


def test_corrected_upload_adds_a_version_and_keeps_the_old_one(upload, agency_a):
    first = upload(agency_a, 2023, REPORT_V1)
    second = upload(agency_a, 2023, REPORT_V2)

    report = Report.objects.get(agency=agency_a, year=2023)
    assert [v.number for v in report.versions.order_by("number")] == [1, 2]
    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert report.current_version == second
    # The old version stays readable, bytes intact.
    assert first.read_original() == REPORT_V1.encode("utf-8")


def test_identical_reupload_adds_nothing_and_returns_the_existing_version(upload, agency_a):
    first = upload(agency_a, 2023, REPORT_V1)
    again = upload(agency_a, 2023, REPORT_V1, filename="another-name.txt")

    assert again.pk == first.pk
    assert ReportVersion.objects.filter(report__agency=agency_a).count() == 1
    assert Report.objects.filter(agency=agency_a).count() == 1


def test_same_file_for_another_agency_is_a_separate_report(upload, agency_a, agency_b):
    a = upload(agency_a, 2023, REPORT_V1)
    b = upload(agency_b, 2023, REPORT_V1)
    assert a.report_id != b.report_id
    assert a.original.name == b.original.name  # content-addressed: stored once


def test_empty_file_is_rejected(agency_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        report_upload(agency=agency_a, year=2023, file_bytes=b"", filename="empty.txt")
    assert not Report.objects.exists()


def test_upload_metadata_updates_the_report(upload, agency_a):
    import datetime as dt

    upload(agency_a, 2023, REPORT_V1, source_url="https://example.gov.cn/nb/2023.html")
    upload(agency_a, 2023, REPORT_V2, published=dt.date(2024, 1, 20), title="更正后的标题")
    report = Report.objects.get(agency=agency_a, year=2023)
    assert report.source_url == "https://example.gov.cn/nb/2023.html"
    assert report.published == dt.date(2024, 1, 20)
    assert report.title == "更正后的标题"


def test_processing_waits_for_commit(agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = report_upload(
            agency=agency_a, year=2023, file_bytes=REPORT_V1.encode(), filename="r.txt"
        )
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.UPLOADED
    assert len(callbacks) == 1


def test_database_allows_one_current_version_per_report(upload, agency_a):
    first = upload(agency_a, 2023, REPORT_V1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(
            report=first.report,
            number=2,
            sha256="0" * 64,
            original="originals/00/00/" + "0" * 64,
            filename="x.txt",
            size=1,
            is_current=True,
        )


def test_database_allows_one_report_per_agency_and_year(upload, agency_a):
    upload(agency_a, 2023, REPORT_V1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(agency=agency_a, year=2023)


def test_deadline_depends_on_level(region_tree):
    import datetime as dt

    assert region_tree["agency_a"].deadline(2023) == dt.date(2024, 1, 31)
    assert region_tree["district_gov"].deadline(2023) == dt.date(2024, 3, 31)
    # Old regulation: everyone by 31 March.
    assert region_tree["agency_a"].deadline(2018) == dt.date(2019, 3, 31)


def test_a_report_links_to_its_public_page(upload, agency_a):
    report = upload(agency_a, 2023, REPORT_V1).report
    assert report.get_absolute_url() == f"/reports/{report.pk}/"
