"""The pipeline's idempotency key (file hash + parser + rule set), retries and periodic jobs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports import batch as batches
from reports import pipeline, tasks
from reports.models import ImportBatch, ImportItem, ReportVersion
from search import services as search_services

pytestmark = pytest.mark.django_db

REPORT = """云州市东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年，云州市东城区财政局认真贯彻落实《中华人民共和国政府信息公开条例》。
"""


def test_the_key_names_the_file_the_parser_and_the_rule_set(upload, agency_a):
    from audit.rules import RULESET_VERSION
    from reader.parse import PARSER_VERSION

    version = upload(agency_a, 2023, REPORT)
    assert pipeline.pipeline_key(version) == f"{version.sha256}:{PARSER_VERSION}:{RULESET_VERSION}"


def test_a_second_run_with_the_same_key_writes_nothing(
    upload, agency_a, django_assert_max_num_queries
):
    from audit.models import Finding

    version = upload(agency_a, 2023, REPORT)
    findings = list(Finding.objects.filter(version=version).values_list("pk", "updated_at"))
    processed_at = version.processed_at
    # Only reads: the version, its audit run (no UPDATE, no INSERT).
    with django_assert_max_num_queries(3):
        assert pipeline.version_process(version.pk) == ReportVersion.Status.INDEXED
    version.refresh_from_db()
    assert version.processed_at == processed_at
    assert list(Finding.objects.filter(version=version).values_list("pk", "updated_at")) == findings


def test_a_new_rule_set_reaudits_without_reparsing(upload, agency_a, monkeypatch):
    from audit.models import VersionAudit

    version = upload(agency_a, 2023, REPORT)
    processed_at = version.processed_at
    VersionAudit.objects.filter(version=version).update(ruleset_version="0-old")
    ReportVersion.objects.filter(pk=version.pk).update(status=ReportVersion.Status.AUDITED)

    pipeline.version_process(version.pk)
    version.refresh_from_db()
    assert version.audit_run.ruleset_version != "0-old"
    assert version.processed_at == processed_at  # not parsed again
    assert version.status == ReportVersion.Status.INDEXED


def test_force_reparses_even_with_the_same_key(upload, agency_a):
    version = upload(agency_a, 2023, REPORT)
    pipeline.version_process(version.pk, force=True)
    version.refresh_from_db()
    assert version.processed_at is not None
    assert version.status == ReportVersion.Status.INDEXED


def test_a_failed_index_write_raises_a_transient_error_after_saving_the_rest(
    upload, agency_a, settings
):
    from search.backends import reset_search_backends

    version = upload(agency_a, 2023, REPORT)
    ReportVersion.objects.filter(pk=version.pk).update(status=ReportVersion.Status.AUDITED)
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": "http://127.0.0.1:9",
            "MAX_RETRIES": 0,
        }
    }
    reset_search_backends()
    try:
        with pytest.raises(pipeline.IndexUnavailable):
            pipeline.version_process(version.pk)
        # In-process (eager), the task gives up quietly: the beat job retries the index write.
        assert tasks.process_version.delay(version.pk).get() == "retry"
    finally:
        reset_search_backends()
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.AUDITED


def test_retry_delays_grow_and_are_capped():
    delays = [tasks.retry_delay(n) for n in range(12)]
    assert delays[0] <= tasks.RETRY_BASE_DELAY * 1.25
    assert delays[3] >= tasks.RETRY_BASE_DELAY * 8 * 0.75
    assert max(delays) <= tasks.RETRY_MAX_DELAY * 1.25


def test_the_nightly_check_repairs_a_missing_index_document(upload, agency_a):
    from search.backends import get_search_backend, reset_search_backends

    version = upload(agency_a, 2023, REPORT)
    reset_search_backends()
    backend = get_search_backend()
    backend.delete([version.report_id])
    assert backend.count() == 0

    result = search_services.index_check()
    assert result["database"] == 1 and result["index"] == 0
    assert result["repaired"] == 1
    assert backend.get(version.report_id) is not None
    # Consistent now: a second check repairs nothing.
    assert search_services.index_check()["repaired"] == 0


def test_the_nightly_check_removes_documents_the_database_does_not_have(upload, agency_a):
    from search.backends import get_search_backend, reset_search_backends
    from search.documents import report_document

    version = upload(agency_a, 2023, REPORT)
    reset_search_backends()
    backend = get_search_backend()
    stray = report_document(version.report)
    stray.id = 999_999
    backend.index([stray])
    assert backend.count() == 2

    result = search_services.index_check()
    assert result["rebuilt"] == 1
    assert backend.count() == 1 and backend.get(999_999) is None


def test_beat_schedule_has_the_pipeline_jobs():
    from gxnb_portal.celery import app

    tasks_scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "gxnb_portal.requeue_stuck_versions",
        "gxnb_portal.reparse_outdated_versions",
        "gxnb_portal.requeue_stuck_batch_items",
        "gxnb_portal.check_search_index",
        "audit.reaudit_outdated_versions",
        "search.retry_pending",
    } <= tasks_scheduled
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert set(tasks_scheduled) <= set(app.tasks)


def test_a_lost_workers_messages_come_back_within_two_minutes_by_configuration():
    from gxnb_portal import celery as wiring
    from gxnb_portal.celery import app

    options = app.conf.broker_transport_options
    # Killed worker: its leases run out, a live worker's next scan restores the messages.
    assert options["visibility_timeout"] + options["unacked_restore_interval"] < 120
    assert options.get("unacked_restore_throttle") == 1
    # Live workers renew their leases several times per timeout, whatever a task's length.
    assert wiring.KEEPER_INTERVAL * 3 <= options["visibility_timeout"]
    # Killed pool child: the message goes back at once instead of being acknowledged.
    assert app.conf.task_reject_on_worker_lost
    assert app.conf.task_acks_late


def test_stuck_batch_items_are_queued_again(agency_a, django_capture_on_commit_callbacks):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("a.txt", REPORT)
    with django_capture_on_commit_callbacks(execute=False):  # the message was lost
        batch = batches.batch_create_from_zip(data=data.getvalue(), name="丢失")
    item = batch.items.get()
    assert item.status == "queued"
    assert batches.items_requeue_stuck() == 0  # recent: left alone
    ImportItem.objects.filter(pk=item.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    # Beat runs outside a transaction: the re-queued task is sent at once (after "commit").
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stuck_batch_items.delay().get() == 1
    item.refresh_from_db()
    assert item.status == "done"


@pytest.mark.django_db(transaction=True)
def test_import_reports_loads_a_zip_as_a_batch(agency_a, tmp_path, capsys):
    # Outside a transaction (as from a shell) the in-process tasks run before the command returns.
    path = tmp_path / "年报.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", REPORT)
        zf.writestr("b.pdf", b"%PDF-1.7 broken")
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_reports", str(path))
    out = capsys.readouterr().out
    assert "共 2 个文件，完成 1，失败 1" in out
    assert ImportBatch.objects.get().items.get(filename="a.txt").status == "done"


def test_import_reports_loads_a_folder_with_its_manifest_as_a_batch(
    agency_a, agency_b, tmp_path, django_capture_on_commit_callbacks
):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "reports" / "manifest.csv").write_text(
        "file,agency,year\na.txt,青川市生态环境局,2021\n", encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reports", "--batch", str(tmp_path / "reports"))
    item = ImportBatch.objects.get().items.get()
    assert (item.status, item.agency, item.year) == ("done", agency_b, 2021)


def test_import_reports_refuses_an_unsafe_zip(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="不是有效的 ZIP"):
        call_command("import_reports", str(path))
