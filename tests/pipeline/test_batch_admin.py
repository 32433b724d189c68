"""The admin's bulk-import pages: upload, progress (HTML and JSON), retry, assignment, scoping."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import ImportBatch, ImportItem

pytestmark = pytest.mark.django_db

REPORT = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，本局依法公开。\n"


def zip_upload(members: dict[str, bytes], name: str = "年报.zip") -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/zip")


def upload(client, members, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("admin:gxnb_portal_importbatch_add"),
            {"archive": zip_upload(members), **extra},
        )


def test_a_clerk_uploads_a_zip_and_lands_on_its_progress_page(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    response = upload(
        client,
        {"a.txt": REPORT.encode(), "broken.pdf": b"%PDF-1.7\nbroken"},
        django_capture_on_commit_callbacks,
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:gxnb_portal_importbatch_change", args=[batch.pk])
    assert batch.created_by == clerk

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "100 %" in html and "全部处理完毕" in html
    assert "完成" in html and "失败" in html

    data = client.get(reverse("admin:gxnb_portal_importbatch_progress", args=[batch.pk])).json()
    assert (data["total"], data["percent"], data["finished"]) == (2, 100, True)
    rows = {row["filename"]: row for row in data["items"]}
    assert rows["a.txt"]["status_label"] == "完成"
    assert rows["a.txt"]["report_url"]
    assert rows["broken.pdf"]["status_label"] == "失败" and rows["broken.pdf"]["message"]


def test_an_unsafe_zip_is_refused_on_the_form_with_the_reason(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("admin:gxnb_portal_importbatch_add"),
        {"archive": SimpleUploadedFile("x.zip", b"not a zip at all")},
    )
    assert response.status_code == 200
    assert "上传的文件不是有效的 ZIP 压缩包。" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_clerk_assigns_an_unmatched_file(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    unknown = REPORT.replace("云州市东城区财政局", "某某县档案馆")
    upload(client, {"u.txt": unknown.encode()}, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    item = batch.items.get()
    assert item.status == "unmatched"
    page = client.get(reverse("admin:gxnb_portal_importbatch_change", args=[batch.pk]))
    assert "待指定机关" in page.content.decode() and "指定" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:gxnb_portal_importbatch_assign", args=[batch.pk, item.pk]),
            {"agency": agency_a.pk, "year": 2023},
        )
    item.refresh_from_db()
    assert item.status == "done" and item.agency == agency_a


def test_a_clerk_cannot_assign_an_agency_that_is_not_theirs(
    client, clerk, agency_b, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    upload(client, {"u.txt": "无名报告".encode()}, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    item = batch.items.get()
    client.post(
        reverse("admin:gxnb_portal_importbatch_assign", args=[batch.pk, item.pk]),
        {"agency": agency_b.pk, "year": 2023},
    )
    item.refresh_from_db()
    assert item.status == "unmatched"


def test_retry_queues_the_failed_files_again(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    upload(client, {"a.txt": REPORT.encode()}, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    ImportItem.objects.filter(batch=batch).update(status="failed", message="内部错误")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:gxnb_portal_importbatch_retry", args=[batch.pk]))
    assert batch.items.get().status == "done"


def test_batches_are_private_to_their_uploader_and_closed_to_auditors(
    client, clerk, make_staff, auditor, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    upload(client, {"a.txt": REPORT.encode()}, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    url = reverse("admin:gxnb_portal_importbatch_progress", args=[batch.pk])

    other = make_staff("clerk_a2", "clerk", agencies=[agency_a])
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(auditor)
    assert client.get(url).status_code in (403, 404)
    assert client.get(reverse("admin:gxnb_portal_importbatch_add")).status_code in (403, 404)


def test_the_agency_choice_of_an_unmatched_file_is_escaped_and_scoped(
    client, clerk, agency_a, agency_b, django_capture_on_commit_callbacks
):
    from reports.models import Agency

    agency_a.name = "东城区<script>alert(1)</script>局"
    agency_a.save()
    client.force_login(clerk)
    upload(client, {"u.txt": "无名报告".encode()}, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    body = client.get(reverse("admin:gxnb_portal_importbatch_change", args=[batch.pk])).content
    body = body.decode()
    assert (
        f'<option value="{agency_a.pk}">东城区&lt;script&gt;alert(1)&lt;/script&gt;局</option>'
        in body
    )
    assert "<script>alert(1)" not in body
    assert f'<option value="{agency_b.pk}">' not in body  # another agency's: not the clerk's
    assert Agency.objects.count() >= 2
