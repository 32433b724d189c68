"""The pipeline behind an upload: extract + parse → record, statuses, failures, re-runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reader.parse import PARSER_VERSION
from reports import pipeline, services
from reports.models import ReportVersion
from reports.tasks import process_version, requeue_stuck_versions

pytestmark = pytest.mark.django_db

Status = ReportVersion.Status

REPORT = """云州市东城区财政局2023年政府信息公开工作年度报告
本报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。
一、总体情况
2023年，云州市东城区财政局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开预算决算信息。
二、主动公开政府信息情况
本年主动公开文件12件。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请3件，均已按时答复。
四、政府信息公开行政复议、行政诉讼情况
本年无政府信息公开行政复议和行政诉讼。
五、存在的主要问题及改进情况
公开内容还不够全面，下一步将细化预算公开。
六、其他需要报告的事项
本年度未发出收费通知，未收取信息处理费。
"""

PROCESSED = {Status.PARSED, Status.AUDITED, Status.INDEXED}


def test_a_text_report_is_parsed_into_a_record(upload, agency_a):
    version = upload(agency_a, 2023, REPORT, filename="财政局2023.txt")

    assert version.status in PROCESSED, version.error
    assert version.error == ""
    assert version.parser_version == PARSER_VERSION
    assert version.processed_at is not None
    assert version.record["year"] == 2023
    assert version.record["level"] == "dept"
    assert all(version.record["sections"][k]["present"] for k in ("s1", "s5", "s6"))
    assert "统计期限" in version.extracted_text


def test_the_report_takes_its_title_from_the_record_when_none_was_given(upload, agency_a):
    version = upload(agency_a, 2023, REPORT)
    version.report.refresh_from_db()
    assert version.report.title == "云州市东城区财政局2023年政府信息公开工作年度报告"


def test_an_unreadable_file_fails_with_a_message_and_keeps_the_original(upload, agency_a):
    data = b"%PDF-1.7\n this is not really a PDF \x00\x01\x02"
    version = upload(agency_a, 2023, data, filename="broken.pdf")

    assert version.status == Status.FAILED
    assert version.error  # shown to staff as is
    assert any("\u4e00" <= ch <= "\u9fff" for ch in version.error)  # in Chinese
    assert version.record is None
    assert version.read_original() == data


def test_processing_twice_changes_nothing(upload, agency_a):
    version = upload(agency_a, 2023, REPORT)
    first = (version.status, version.record, version.extracted_text)

    pipeline.version_process(version.pk)
    version.refresh_from_db()
    assert (version.status, version.record, version.extracted_text) == first


def test_the_task_runs_in_process_without_a_broker(upload, agency_a, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    version = upload(agency_a, 2023, REPORT)
    ReportVersion.objects.filter(pk=version.pk).update(status=Status.UPLOADED, record=None)

    result = process_version.delay(version.pk)
    version.refresh_from_db()
    assert result.get() == version.status
    assert version.status in PROCESSED


def test_stuck_uploads_are_processed_again(agency_a, django_capture_on_commit_callbacks):
    # Upload without running the on-commit processing: the message was "lost".
    with django_capture_on_commit_callbacks(execute=False):
        version = services.report_upload(
            agency=agency_a, year=2023, file_bytes=REPORT.encode(), filename="r.txt"
        )
    ReportVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    # Beat runs outside a transaction: the re-queued task is sent at once (after "commit").
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_versions.delay().get() == 1
    version.refresh_from_db()
    assert version.status in PROCESSED


def test_recent_uploads_are_not_requeued(agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.report_upload(
            agency=agency_a, year=2023, file_bytes=REPORT.encode(), filename="r.txt"
        )
    assert services.versions_requeue_stuck() == 0


def test_reparse_queues_the_current_version(upload, agency_a, django_capture_on_commit_callbacks):
    upload(agency_a, 2023, REPORT)
    newer = upload(agency_a, 2023, REPORT.replace("12件", "13件"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = services.report_reparse(newer.report)
    assert queued == newer
    assert len(callbacks) == 1


def test_versions_from_an_older_parser_are_parsed_again(upload, agency_a):
    version = upload(agency_a, 2023, REPORT)
    ReportVersion.objects.filter(pk=version.pk).update(parser_version="0-old", record=None)

    assert services.versions_reparse_outdated() == 1
    version.refresh_from_db()
    assert version.parser_version == PARSER_VERSION
    assert version.record["year"] == 2023
    # Up to date now: nothing more to do.
    assert services.versions_reparse_outdated() == 0


def test_a_failed_version_is_not_retried_by_the_same_parser(upload, agency_a):
    upload(agency_a, 2023, b"%PDF-1.7\n broken", filename="broken.pdf")
    assert services.versions_reparse_outdated() == 0
