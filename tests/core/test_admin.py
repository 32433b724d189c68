"""The staff admin is scoped: lists, change views, actions and downloads (real DB, real views)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reader.record import empty_record
from reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db

TEXT_A = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n甲。\n"
TEXT_B = "青川市生态环境局2023年政府信息公开工作年度报告\n一、总体情况\n乙。\n"


@pytest.fixture
def version_a(upload, agency_a):
    return upload(agency_a, 2023, TEXT_A, filename="a.txt")


@pytest.fixture
def version_b(upload, agency_b):
    return upload(agency_b, 2023, TEXT_B, filename="b.txt")


def change_url(report):
    return reverse("admin:gxnb_portal_report_change", args=[report.pk])


def original_url(version):
    return reverse(
        "admin:gxnb_portal_report_original",
        kwargs={"object_id": version.report_id, "version_id": version.pk},
    )


def test_clerk_list_shows_only_their_agencys_reports(client, clerk, version_a, version_b):
    client.force_login(clerk)
    response = client.get(reverse("admin:gxnb_portal_report_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "云州市东城区财政局" in body
    assert "青川市生态环境局" not in body


def test_clerk_cannot_open_another_agencys_report(client, clerk, version_a, version_b):
    client.force_login(clerk)
    assert client.get(change_url(version_a.report)).status_code == 200
    response = client.get(change_url(version_b.report))
    # Django admin answers an object outside the queryset with a redirect to the index.
    assert response.status_code == 302
    assert "青川市生态环境局" not in client.get(response.url).content.decode()


def test_clerk_cannot_open_another_agencys_version(client, clerk, version_a, version_b):
    client.force_login(clerk)
    url = reverse("admin:gxnb_portal_reportversion_change", args=[version_b.pk])
    assert client.get(url).status_code == 302
    own = reverse("admin:gxnb_portal_reportversion_change", args=[version_a.pk])
    assert client.get(own).status_code == 200


def test_clerk_cannot_download_another_agencys_original(client, clerk, version_a, version_b):
    client.force_login(clerk)
    assert client.get(original_url(version_b)).status_code == 404
    # Nor by pairing their own report id with a foreign version id.
    forged = reverse(
        "admin:gxnb_portal_report_original",
        kwargs={"object_id": version_a.report_id, "version_id": version_b.pk},
    )
    assert client.get(forged).status_code == 404


def test_download_returns_the_original_bytes_unchanged(client, clerk, agency_a, upload):
    data = "<html><body>原件 <script>x()</script></body></html>".encode("gb18030")
    version = upload(agency_a, 2022, data, filename="原件.html")
    client.force_login(clerk)
    response = client.get(original_url(version))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == data
    assert hashlib.sha256(body).hexdigest() == version.sha256
    # Sent as a download a browser will not render on our origin.
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_clerk_action_on_another_agencys_report_does_nothing(
    client, clerk, version_a, version_b, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("admin:gxnb_portal_report_changelist"),
            {"action": "reparse", "_selected_action": [version_b.report_id]},
        )
    assert response.status_code in (200, 302)
    assert callbacks == []


def test_clerk_action_on_own_report_queues_it(
    client, clerk, version_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("admin:gxnb_portal_report_changelist"),
            {"action": "reparse", "_selected_action": [version_a.report_id]},
        )
    assert len(callbacks) == 1


def test_auditor_sees_subtree_and_downloads_only_there(client, auditor, version_a, version_b):
    client.force_login(auditor)
    body = client.get(reverse("admin:gxnb_portal_report_changelist")).content.decode()
    assert "云州市东城区财政局" in body
    assert "青川市生态环境局" not in body
    assert client.get(original_url(version_a)).status_code == 200
    assert client.get(original_url(version_b)).status_code == 404


def test_auditor_cannot_upload_or_reparse(client, auditor, version_a):
    client.force_login(auditor)
    page = client.get(change_url(version_a.report)).content.decode()
    assert 'type="file"' not in page
    post = client.post(
        change_url(version_a.report),
        {"title": "x", "upload": SimpleUploadedFile("c.txt", b"changed")},
    )
    assert post.status_code == 403
    assert version_a.report.versions.count() == 1


def test_clerk_uploads_a_new_report_through_the_add_form(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:gxnb_portal_report_add"),
            {
                "agency": agency_a.pk,
                "year": 2023,  # the year its text states (else the upload check stops it)
                "title": "",
                "source_url": "",
                "published": "",
                "upload": SimpleUploadedFile("r.txt", TEXT_A.encode()),
                "versions-TOTAL_FORMS": "0",
                "versions-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get(agency=agency_a, year=2023)
    assert report.versions.get().read_original() == TEXT_A.encode()


def test_clerk_cannot_add_a_report_for_another_agency(client, clerk, agency_b):
    client.force_login(clerk)
    response = client.post(
        reverse("admin:gxnb_portal_report_add"),
        {
            "agency": agency_b.pk,
            "year": 2024,
            "upload": SimpleUploadedFile("r.txt", TEXT_B.encode()),
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Report.objects.filter(agency=agency_b).exists()


def test_clerk_uploads_a_corrected_version_from_the_change_form(
    client, clerk, version_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    report = version_a.report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(report),
            {
                "title": report.title,
                "source_url": "",
                "published": "",
                "upload": SimpleUploadedFile("r2.txt", TEXT_A.encode() + "更正。".encode()),
                "versions-TOTAL_FORMS": "1",
                "versions-INITIAL_FORMS": "1",
                "versions-MIN_NUM_FORMS": "0",
                "versions-MAX_NUM_FORMS": "1000",
                "versions-0-id": version_a.pk,
                "versions-0-report": report.pk,
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert report.versions.count() == 2
    assert report.current_version.number == 2


def test_reports_and_versions_cannot_be_deleted(client, admin_user, version_a):
    client.force_login(admin_user)
    url = reverse("admin:gxnb_portal_report_delete", args=[version_a.report_id])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ReportVersion.objects.filter(pk=version_a.pk).exists()


def test_report_text_is_escaped_in_the_record_view(client, admin_user, version_a):
    record = empty_record()
    record["sections"]["s1"] = {
        "present": True,
        "empty": False,
        "title": "一、总体情况<img src=x onerror=alert(1)>",
        "chars": 10,
        "text": "正文<script>alert('x')</script>",
    }
    record["tables"]["t4"] = {
        "present": True,
        "empty": False,
        "cells": {"REV": {"KEEP": 1, "CORR": None, "OTHER": 0, "PEND": 0, "TOT": 1}},
        "blank": ["REV.CORR"],
        "ambiguous": ["REV.TOT"],
    }
    ReportVersion.objects.filter(pk=version_a.pk).update(record=record)
    client.force_login(admin_user)
    body = client.get(change_url(version_a.report)).content.decode()
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    # Blank and ambiguous cells are marked, and the blank is not shown as 0.
    assert 'title="t4.REV.CORR">—<span class="mark mark-blank">空白</span>' in body
    assert "mark-ambiguous" in body


def test_agency_list_is_scoped(client, clerk, region_tree):
    client.force_login(clerk)
    body = client.get(reverse("admin:gxnb_portal_agency_changelist")).content.decode()
    assert "云州市东城区财政局" in body
    assert "青川市生态环境局" not in body


@pytest.mark.parametrize("action", ["reparse", "reaudit", "reindex"])
def test_admin_actions_run_on_selected_reports(
    client, admin_user, version_a, action, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("admin:gxnb_portal_report_changelist"),
            {"action": action, "_selected_action": [version_a.report_id]},
            follow=True,
        )
    assert response.status_code == 200
    assert len(callbacks) == 1
    assert "已安排" in response.content.decode()


def test_auditor_may_reaudit_but_not_reparse(
    client, auditor, version_a, django_capture_on_commit_callbacks
):
    client.force_login(auditor)
    url = reverse("admin:gxnb_portal_report_changelist")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"action": "reparse", "_selected_action": [version_a.report_id]})
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"action": "reaudit", "_selected_action": [version_a.report_id]})
    assert len(callbacks) == 1


def test_stored_findings_are_shown_on_the_report(client, clerk, auditor, version_a):
    from audit.models import Finding
    from audit.workflow import finding_confirm

    stored = list(Finding.objects.filter(version=version_a).order_by("pk"))
    assert len(stored) >= 2, "the audit stored no findings for a report with five sections missing"
    client.force_login(auditor)
    body = client.get(change_url(version_a.report)).content.decode()
    assert "SEC-MISSING" in body
    assert all(f.message in body for f in stored)
    # A clerk sees only what a reviewer confirmed, here as in the workspace.
    finding_confirm(user=auditor, finding=stored[0], comment="属实")
    client.force_login(clerk)
    body = client.get(change_url(version_a.report)).content.decode()
    assert stored[0].message in body
    assert not any(f.message in body for f in stored[1:] if f.message != stored[0].message)
