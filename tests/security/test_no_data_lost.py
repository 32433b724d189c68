"""No data lost: originals are stored under their hash and no code path modifies or deletes one;
the database constraints behind the invariants hold (proved by ``IntegrityError``).

Each test snapshots every stored file (name → SHA-256) before trying a delete/replace path and
asserts afterwards that every file is still there with the same content.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from reports import pipeline, services
from reports.models import Report, ReportVersion, original_path
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

# A report with a finding (no fee statement: FEE-MISSING), so findings exist to protect.
STORED_TEXT = report_text(fee=False)


def snapshot() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def assert_nothing_lost(before: dict[str, str]) -> None:
    after = snapshot()
    lost = {name for name in before if name not in after}
    changed = {name for name in before if name in after and after[name] != before[name]}
    assert not lost and not changed, {"lost": lost, "changed": changed}


@pytest.fixture
def stored(upload: Any, agency_a: Any, clerk: Any) -> ReportVersion:
    return upload(agency_a, 2023, STORED_TEXT, user=clerk, filename="v1.txt")


def test_an_upload_is_stored_under_its_hash_byte_for_byte(stored):
    data = STORED_TEXT.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == digest
    assert stored.original.name == original_path(digest)
    assert (Path(settings.MEDIA_ROOT) / original_path(digest)).read_bytes() == data
    assert snapshot()[original_path(digest)] == digest


def test_re_uploading_the_same_file_changes_nothing(stored, upload, agency_a):
    before = snapshot()
    again = upload(agency_a, 2023, STORED_TEXT, filename="renamed.txt")
    assert again.pk == stored.pk
    assert ReportVersion.objects.filter(report=stored.report).count() == 1
    assert snapshot() == before


def test_a_replacement_upload_adds_a_version_and_keeps_the_old_file(stored, upload, agency_a):
    before = snapshot()
    newer = upload(agency_a, 2023, report_text(new=12, answered=12), filename="v2.txt")
    assert newer.number == 2 and newer.is_current
    stored.refresh_from_db()
    assert not stored.is_current
    assert stored.read_original() == STORED_TEXT.encode("utf-8")
    assert_nothing_lost(before)
    assert len(snapshot()) == len(before) + 1


def test_the_same_file_for_another_report_reuses_the_stored_bytes(stored, upload, agency_b):
    before = snapshot()
    other = upload(agency_b, 2023, STORED_TEXT)
    assert other.report_id != stored.report_id
    assert other.original.name == stored.original.name
    assert snapshot() == before


def test_reparse_and_reaudit_leave_the_original_alone(stored, django_capture_on_commit_callbacks):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reparse(stored.report)
    pipeline.version_reaudit(stored.pk)
    pipeline.report_reindex(stored.report_id)
    stored.refresh_from_db()
    assert stored.status == ReportVersion.Status.INDEXED
    assert_nothing_lost(before)


def test_a_damaged_stored_file_is_kept_beside_the_good_copy(db, settings):
    data = b"\xe4\xb8\x80" * 100
    digest = hashlib.sha256(data).hexdigest()
    path = Path(settings.MEDIA_ROOT) / original_path(digest)
    path.parent.mkdir(parents=True)
    path.write_bytes(data[:50])  # a crashed write
    before = snapshot()
    name = services.original_store(digest, data)
    assert name != original_path(digest)
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == data
    assert_nothing_lost(before)


def test_the_admin_cannot_delete_reports_or_versions(client, stored, admin_user):
    client.force_login(admin_user)
    before = snapshot()
    report = stored.report
    for url in [
        f"/admin/gxnb_portal/report/{report.pk}/delete/",
        f"/admin/gxnb_portal/reportversion/{stored.pk}/delete/",
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    for changelist, pk in [
        ("/admin/gxnb_portal/report/", report.pk),
        ("/admin/gxnb_portal/reportversion/", stored.pk),
    ]:
        client.post(
            changelist, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        )
    # Deleting the agency or the uploading user does not cascade to reports either.
    assert client.post(
        f"/admin/gxnb_portal/agency/{report.agency_id}/delete/", {"post": "yes"}
    ).status_code in (200, 403)
    client.post(f"/admin/auth/user/{stored.uploaded_by_id}/delete/", {"post": "yes"})
    assert Report.objects.filter(pk=report.pk).exists()
    assert ReportVersion.objects.filter(pk=stored.pk).exists()
    assert_nothing_lost(before)


def test_the_orm_refuses_to_delete_a_report_with_versions_or_findings(stored):
    from audit.models import Finding

    before = snapshot()
    with pytest.raises(ProtectedError), transaction.atomic():
        stored.report.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        stored.report.agency.delete()
    assert Finding.objects.filter(version=stored).exists()
    with pytest.raises(ProtectedError), transaction.atomic():
        stored.delete()
    assert_nothing_lost(before)


def test_a_batch_retry_leaves_every_stored_file_alone(db, agency_a, clerk):
    batch = pytest.importorskip("reports.batch")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("云州市东城区财政局2023年报告.txt", report_text())
    created = batch.batch_create_from_zip(data=buf.getvalue(), name="批次", user=clerk)
    items = list(created.items.all())
    assert items
    for item in items:
        batch.item_process(item.pk)
    before = snapshot()
    batch.items_retry_failed(created)  # the admin's "retry failed files" button
    for item in items:
        batch.item_process(item.pk, force=True)  # a redelivered / forced task
        batch.item_process(item.pk, force=True)
    assert_nothing_lost(before)
    assert snapshot() == before


# ---- database constraints -------------------------------------------------------------------


def test_two_current_versions_of_one_report_are_refused(stored, upload, agency_a):
    newer = upload(agency_a, 2023, report_text(new=12, answered=12))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=stored.pk).update(is_current=True)
    assert ReportVersion.objects.filter(report=newer.report, is_current=True).count() == 1


def test_one_file_twice_in_one_report_is_refused(stored):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(
            report=stored.report,
            number=99,
            sha256=stored.sha256,
            original=stored.original.name,
            filename="copy.txt",
            size=stored.size,
            is_current=False,
        )


def test_a_duplicate_finding_fingerprint_in_one_version_is_refused(stored):
    from audit.models import Finding

    finding = Finding.objects.filter(version=stored).first()
    assert finding is not None, "the stored report has findings"
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            version=stored,
            rule=finding.rule,
            target=finding.target,
            severity=finding.severity,
            message="重复",
        )


def test_the_same_finding_on_another_version_is_allowed(stored, upload, agency_a):
    from audit.models import Finding

    newer = upload(agency_a, 2023, report_text(fee=False, new=12, answered=12))
    rules = set(Finding.objects.filter(version=newer).values_list("fingerprint", flat=True))
    assert rules & set(Finding.objects.filter(version=stored).values_list("fingerprint", flat=True))
