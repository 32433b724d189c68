"""Issue #16 items 1, 2 and 8: a single upload is checked against the file, a report whose
identity is in doubt is held back from the public until an auditor clears it, and a ZIP import
never tells a clerk about another agency's report."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Finding
from reports import batch as batches
from reports.models import Agency, ImportItem, Report
from reports.selectors import reports_public

pytestmark = pytest.mark.django_db

TEXT = """{agency}{year}年政府信息公开工作年度报告
本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。
一、总体情况
{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。
二、主动公开政府信息情况
本年主动公开文件12件。
"""


def text(agency: str = "云州市东城区财政局", year: int = 2023, title_prefix: str = "") -> bytes:
    body = TEXT.format(agency=agency, year=year)
    return (title_prefix + body).encode()


def add_form(client, agency, year, data, *, confirm=False, callbacks=None):
    post = {
        "agency": agency.pk,
        "year": year,
        "title": "",
        "source_url": "",
        "published": "",
        # The version inline's management form (read only, no rows).
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "upload": SimpleUploadedFile("report.txt", data, content_type="text/plain"),
    }
    if confirm:
        post["confirm_identity"] = "on"
    with callbacks(execute=True):
        return client.post(reverse("admin:gxnb_portal_report_add"), post)


def public_everywhere(client, report: Report) -> dict[str, bool]:
    """Where the public sees ``report``: page, API, search (API and page), listings."""
    page = client.get(reverse("search:report", args=[report.pk])).status_code == 200
    api = client.get(f"/api/reports/{report.pk}").status_code == 200
    found = client.get("/api/search", {"q": "政府信息公开"}).json()
    in_search = any(r.get("id") == report.pk for r in found.get("results", []))
    listed = client.get("/api/reports").json()
    in_list = any(r.get("id") == report.pk for r in listed.get("results", listed.get("items", [])))
    url = reverse("search:report", args=[report.pk])
    results = client.get(reverse("search:results"), {"q": "政府信息公开"}).content.decode()
    home = f'href="{url}' in results
    return {"page": page, "api": api, "search": in_search, "list": in_list, "results": home}


# ---- item 1: the single upload is checked before saving ----------------------------------------


def test_wrong_year_and_agency_upload_is_stopped_with_the_mismatch_shown(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    data = text("青川市生态环境局", 2022)
    response = add_form(client, agency_a, 2021, data, callbacks=django_capture_on_commit_callbacks)
    body = response.content.decode()
    assert response.status_code == 200
    assert "上传前核对发现问题" in body
    assert "文件中的发布机关为“青川市生态环境局”" in body
    assert "文件中的报告年度为 2022 年，不是 2021 年" in body
    assert "仍然上传" in body
    assert not Report.objects.exists()


def test_a_matching_upload_saves_at_once_and_is_public(
    client, clerk, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    response = add_form(
        client, agency_a, 2023, text(), callbacks=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.held_reason == ""
    assert reports_public().filter(pk=report.pk).exists()


def test_confirmed_mismatch_is_recorded_and_held_until_an_auditor_releases_it(
    client, clerk, auditor, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    data = text("青川市生态环境局", 2022)
    response = add_form(
        client, agency_a, 2021, data, confirm=True, callbacks=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    report = Report.objects.get()
    version = report.current_version
    assert any("青川市生态环境局" in p for p in version.identity_problems)
    # Audited with the report's year: the year finding is stored.
    assert Finding.objects.filter(version=version, rule="YEAR-MISMATCH").exists()
    assert "上传核对" in report.held_reason and "YEAR-MISMATCH" in report.held_reason
    assert not reports_public().filter(pk=report.pk).exists()
    client.logout()
    assert public_everywhere(client, report) == dict.fromkeys(
        ("page", "api", "search", "list", "results"), False
    )

    # The clerk sees why in the admin's status panel.
    client.force_login(clerk)
    panel = client.get(reverse("admin:gxnb_portal_report_change", args=[report.pk])).content
    assert "暂缓公开" in panel.decode()

    # The auditor sees why and releases it; then it is public everywhere.
    client.force_login(auditor)
    page = client.get(reverse("audit:report", args=[report.pk])).content.decode()
    assert "暂缓公开" in page and "放行公开" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("audit:report_action", args=[report.pk, "release"]),
            {"comment": "已电话核实：该机关转载了上级文件"},
        )
    report.refresh_from_db()
    assert report.held_reason == ""
    client.logout()
    assert public_everywhere(client, report) == dict.fromkeys(
        ("page", "api", "search", "list", "results"), True
    )


def test_a_clerk_cannot_release(client, clerk, agency_a, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    add_form(
        client,
        agency_a,
        2021,
        text(year=2022),
        confirm=True,
        callbacks=django_capture_on_commit_callbacks,
    )
    report = Report.objects.get()
    assert report.held_reason
    response = client.post(
        reverse("audit:report_action", args=[report.pk, "release"]), {"comment": "x"}
    )
    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.held_reason


def test_same_file_of_another_agency_is_said_to_exist_without_its_details(
    client, clerk, agency_a, agency_b, upload, django_capture_on_commit_callbacks
):
    theirs = upload(agency_b, 2023, text("青川市生态环境局", 2023) + "青川 未公开稿".encode())
    client.force_login(clerk)
    data = theirs.read_original()
    response = add_form(client, agency_a, 2023, data, callbacks=django_capture_on_commit_callbacks)
    body = response.content.decode()
    assert "此文件已存在。" in body
    assert str(theirs.report) not in body.replace("发布机关为“青川市生态环境局”", "")
    assert f"/{theirs.report_id}/" not in body


# ---- item 2: spam titles and placeholder names never reach the public ---------------------------


def test_spam_injected_report_is_held_back(agency_a, upload, client):
    version = upload(agency_a, 2021, text(year=2021, title_prefix="bet365亚洲官网娱乐城"))
    report = version.report
    report.refresh_from_db()
    assert "TEXT-SPAM" in report.held_reason
    assert public_everywhere(client, report)["page"] is False
    assert "bet365" not in client.get("/api/search", {"q": "bet365"}).content.decode()


def test_placeholder_agency_is_held_back(region_tree, upload, client):
    placeholder = Agency.objects.create(
        name="（名称待核实）某区财政局", level=Agency.Level.DEPT, region_code="450902"
    )
    version = upload(placeholder, 2023, text("某区财政局", 2023))
    report = version.report
    report.refresh_from_db()
    assert "机关名称待核实" in report.held_reason
    assert not public_everywhere(client, report)["api"]
    assert "名称待核实" not in client.get("/api/search", {"q": "财政局"}).content.decode()


# ---- item 8: ZIP import across agencies -----------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _import(user, files, callbacks) -> dict[str, ImportItem]:
    with callbacks(execute=True):
        batch = batches.batch_create_from_zip(data=_zip(files), name="批次", user=user)
    return {i.filename: i for i in ImportItem.objects.filter(batch=batch)}


def test_zip_with_another_agencys_file_says_only_that_it_exists(
    clerk, agency_b, upload, django_capture_on_commit_callbacks
):
    # Their upload, not published yet (and not the clerk's to see).
    theirs = upload(agency_b, 2023, text("青川市生态环境局", 2023))
    items = _import(clerk, {"x.pdf": theirs.read_original()}, django_capture_on_commit_callbacks)
    item = items["x.pdf"]
    assert item.status == ImportItem.Status.DUPLICATE
    assert item.message == "此文件已存在。"
    assert str(theirs.report_id) not in item.message and item.version_id is None


def test_identical_file_naming_the_clerks_agency_becomes_their_report(
    clerk, agency_a, agency_b, upload, django_capture_on_commit_callbacks
):
    # A joint file filed by the other agency that names the clerk's agency as its publisher.
    data = text("云州市东城区财政局", 2023)
    theirs = upload(agency_b, 2023, data)
    items = _import(clerk, {"joint.txt": data}, django_capture_on_commit_callbacks)
    item = items["joint.txt"]
    assert item.status == ImportItem.Status.DONE, item.message
    assert item.version.report.agency == agency_a
    assert item.version.report_id != theirs.report_id


def test_zip_duplicate_visible_to_the_clerk_keeps_its_details(
    clerk, agency_a, upload, django_capture_on_commit_callbacks
):
    mine = upload(agency_a, 2023, text())
    items = _import(clerk, {"again.txt": text()}, django_capture_on_commit_callbacks)
    assert items["again.txt"].status == ImportItem.Status.DUPLICATE
    assert "已导入过" in items["again.txt"].message
    assert items["again.txt"].version_id == mine.pk


def test_dismissing_the_identity_finding_releases_and_reopening_holds_again(
    agency_a, auditor, upload, client, django_capture_on_commit_callbacks
):
    version = upload(agency_a, 2021, text(year=2021, title_prefix="bet365亚洲官网娱乐城"))
    report = version.report
    spam = Finding.objects.get(version=version, rule="TEXT-SPAM")
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("audit:finding_action", args=[spam.pk, "dismiss"]),
            {"comment": "站点已修复，原文无此内容"},
        )
    report.refresh_from_db()
    assert report.held_reason == ""
    client.logout()
    assert public_everywhere(client, report)["search"] is True

    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("audit:finding_action", args=[spam.pk, "reopen"]), {"comment": ""})
    report.refresh_from_db()
    assert "TEXT-SPAM" in report.held_reason
    client.logout()
    assert public_everywhere(client, report) == dict.fromkeys(
        ("page", "api", "search", "list", "results"), False
    )


def test_a_placeholder_name_is_not_released_by_a_reviewer(
    region_tree, admin_user, upload, client, django_capture_on_commit_callbacks
):
    placeholder = Agency.objects.create(
        name="（名称待核实）机关（x）", level=Agency.Level.DEPT, region_code="450902"
    )
    report = upload(placeholder, 2023, text("某区财政局", 2023)).report
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("audit:report_action", args=[report.pk, "release"]), {"comment": "好"})
    report.refresh_from_db()
    assert "机关名称待核实" in report.held_reason

    # Renamed by staff and audited again: public.
    Agency.objects.filter(pk=placeholder.pk).update(name="云州市东城区审计局")
    from reports.pipeline import version_reaudit

    with django_capture_on_commit_callbacks(execute=True):
        version_reaudit(report.current_version.pk)
    report.refresh_from_db()
    assert report.held_reason == ""
    assert reports_public().filter(pk=report.pk).exists()
