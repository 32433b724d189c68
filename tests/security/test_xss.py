"""Markup in anything a user or a scraped report supplies is shown as text on every page.

One report carries a payload in each place hostile text enters: the agency name, the report text
(section 五), the uploaded file's name, a reviewer's comment and the search query. Every page
that shows them — public search (snippets), report page, audit queue, review page, admin lists
and forms, the JSON API — must contain the escaped text and never the live tag.
"""

from __future__ import annotations

import json
from html import escape as html_escape
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import Finding
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

AGENCY = "云州市东城区<img src=x onerror=alert(1)>审计局"
S5 = "一是政策解读形式单一<script>alert('s5')</script>；二是\"><svg onload=alert(2)>栏目待优化。下一步将丰富解读形式。"
FILENAME = "<img src=x onerror=alert(3)>报告.txt"
COMMENT = "请核对<script>alert('c')</script>表三"
QUERY = "政策解读<script>alert('q')</script>"

LIVE = ["<img src=x", "<script>alert", "<svg onload"]


@pytest.fixture
def hostile(upload: Any, region_tree: dict[str, Any], client: Any, auditor: Any) -> dict[str, Any]:
    from reports.models import Agency

    agency = Agency.objects.create(
        name=AGENCY,
        region_name="东城区",
        region_code="450902",
        level=Agency.Level.DEPT,
        parent=region_tree["district_gov"],
    )
    version = upload(
        agency,
        2023,
        report_text(agency=AGENCY, s5=S5, fee=False, new=10, answered=9),
        filename=FILENAME,
    )
    assert version.status == version.Status.INDEXED, version.error
    finding = Finding.objects.filter(version=version).first()
    assert finding is not None, "the faulty report has findings to comment on"
    client.force_login(auditor)
    response = client.post(
        reverse("audit:finding_action", args=[finding.pk, "comment"]), {"comment": COMMENT}
    )
    assert response.status_code == 302
    client.logout()
    return {"agency": agency, "version": version, "report": version.report, "finding": finding}


def assert_inert(html: str, url: str, *shown: str) -> None:
    """No payload tag is live; each of ``shown`` (escaped form expected) is on the page."""
    for tag in LIVE:
        assert tag not in html, (url, tag, html[max(0, html.find(tag) - 200) : html.find(tag) + 80])
    for text in shown:
        forms = {escape(text), html_escape(text), html_escape(text, quote=False)}
        assert any(f in html for f in forms), (url, text)


def test_public_pages_show_hostile_text_as_text(client, hostile):
    pk = hostile["report"].pk
    pages = {
        "/": ["<img src=x onerror=alert(1)>"],
        "/search/?q=政策解读": ["<img src=x onerror=alert(1)>", "<script>alert('s5')</script>"],
        f"/reports/{pk}/": ["<img src=x onerror=alert(1)>", "<script>alert('s5')</script>"],
        f"/reports/{pk}/?q=政策解读": ["<script>alert('s5')</script>"],
        "/stats/": [],
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, *shown)
    # The query itself is echoed (search box, heading) escaped.
    html = client.get("/search/", {"q": QUERY}).content.decode()
    assert_inert(html, "/search/?q=QUERY", "<script>alert('q')</script>")


def test_search_snippets_mark_words_but_escape_markup(client, hostile):
    html = client.get("/search/", {"q": "政策解读"}).content.decode()
    assert "<mark>政策解读</mark>" in html
    assert "&lt;script&gt;" in html


def test_api_returns_hostile_text_as_json_strings(client, hostile):
    body = client.get("/api/search", {"q": "政策解读"}).json()
    snippets = " ".join(s for r in body["results"] for s in r["snippets"])
    # Snippets are HTML fragments (marks): markup from the report is escaped inside them.
    assert "<script>" not in snippets and "&lt;script&gt;" in snippets
    response = client.get(f"/api/reports/{hostile['report'].pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert AGENCY in json.dumps(response.json(), ensure_ascii=False)


def test_audit_workspace_shows_hostile_text_as_text(client, hostile, auditor):
    client.force_login(auditor)
    pk = hostile["report"].pk
    pages = {
        "/audit/": ["<img src=x onerror=alert(1)>"],
        "/audit/?q=审计局": ["<img src=x onerror=alert(1)>"],
        "/audit/dashboard/": [],
        f"/audit/reports/{pk}/": [
            "<img src=x onerror=alert(1)>",
            "<script>alert('s5')</script>",
            "<script>alert('c')</script>",
        ],
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, *shown)


def test_admin_shows_hostile_text_as_text(client, hostile, admin_user):
    client.force_login(admin_user)
    report, version, finding = hostile["report"], hostile["version"], hostile["finding"]
    pages = {
        "/admin/gxnb_portal/agency/": ["<img src=x onerror=alert(1)>"],
        f"/admin/gxnb_portal/agency/{hostile['agency'].pk}/change/": [],
        "/admin/gxnb_portal/report/": ["<img src=x onerror=alert(1)>"],
        f"/admin/gxnb_portal/report/{report.pk}/change/": [],
        "/admin/gxnb_portal/reportversion/": [],
        f"/admin/gxnb_portal/reportversion/{version.pk}/change/": ["<img src=x onerror=alert(3)>"],
        "/admin/audit/finding/": [],
        f"/admin/audit/finding/{finding.pk}/change/": [],
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, *shown)


def test_downloaded_original_is_never_rendered_inline(client, hostile, admin_user):
    """The stored original (a hostile HTML file would be one) is sent as an attachment with
    nosniff, so a browser never renders it in the portal's origin."""
    from reports.admin import download_url
    from reports.models import ReportVersion

    client.force_login(admin_user)
    version = hostile["version"]
    response = client.get(download_url(version))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert ReportVersion.objects.filter(pk=version.pk).exists()
