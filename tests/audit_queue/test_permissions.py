"""Who may open which page and take which action.

anonymous → the login page; 录入员 → their agencies' confirmed findings, read-only; 审核员 of
region A → nothing of region B (list, detail, actions, export); 管理员 → everything.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit import workflow
from audit.models import Finding, Review, ReviewEvent

from .conftest import finding

pytestmark = pytest.mark.django_db


def _due() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def _pages(version):
    report = version.report.pk
    return [
        reverse("audit:queue"),
        reverse("audit:report", args=[report]),
        reverse("audit:dashboard"),
        reverse("audit:export", args=["csv"]),
        reverse("audit:export", args=["xlsx"]),
    ]


def _actions(version):
    """(url, data) of every POST action on ``version``'s report."""
    report = version.report.pk
    fee = finding(version, "FEE-MISSING").pk
    return [
        (reverse("audit:finding_action", args=[fee, "confirm"]), {}),
        (reverse("audit:finding_action", args=[fee, "dismiss"]), {"comment": "理由"}),
        (reverse("audit:finding_action", args=[fee, "comment"]), {"comment": "意见"}),
        (reverse("audit:finding_action", args=[fee, "reopen"]), {}),
        (reverse("audit:report_action", args=[report, "assign"]), {"assignee": ""}),
        (
            reverse("audit:report_action", args=[report, "rectify"]),
            {"due_date": _due(), "message": "请整改"},
        ),
        (reverse("audit:report_action", args=[report, "pass"]), {}),
        (reverse("audit:bulk"), {"report": [report], "action": "pass_info"}),
    ]


def _nothing_changed(version):
    assert not ReviewEvent.objects.filter(report=version.report).exists()
    assert set(Finding.objects.filter(version=version).values_list("status", flat=True)) == {"open"}


def test_anonymous_is_sent_to_login_everywhere(client, faulty_a):
    for url in _pages(faulty_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    for url, data in _actions(faulty_a):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    _nothing_changed(faulty_a)


def test_staff_without_a_role_is_forbidden(client, faulty_a, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x", is_staff=True)
    client.force_login(user)
    for url in _pages(faulty_a):
        assert client.get(url).status_code == 403, url


def test_clerk_reads_only_confirmed_findings_of_own_agency(
    client, faulty_a, faulty_b, clerk, auditor
):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_confirm(user=auditor, finding=fee)
    client.force_login(clerk)
    queue = client.get(reverse("audit:queue")).content.decode()
    assert "云州市东城区财政局" in queue and "青川市生态环境局" not in queue
    page = client.get(reverse("audit:report", args=[faulty_a.report.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert fee.message in body
    # The T3-COL findings are not confirmed: a clerk does not see them.
    t3 = finding(faulty_a, "T3-COL", "NP")
    assert f'id="finding-{t3.pk}"' not in body
    assert '<form method="post" action="/audit/findings/' not in body
    assert "要求整改" not in body
    assert client.get(reverse("audit:report", args=[faulty_b.report.pk])).status_code == 404


def test_clerk_cannot_act_export_or_see_the_dashboard(client, faulty_a, clerk):
    client.force_login(clerk)
    for url, data in _actions(faulty_a):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("audit:dashboard")).status_code == 403
    assert client.get(reverse("audit:export", args=["csv"])).status_code == 403
    _nothing_changed(faulty_a)


def test_auditor_of_region_a_sees_nothing_of_region_b(client, faulty_a, faulty_b, auditor):
    client.force_login(auditor)
    queue = client.get(reverse("audit:queue")).content.decode()
    assert "云州市东城区财政局" in queue and "青川市生态环境局" not in queue
    assert client.get(reverse("audit:report", args=[faulty_a.report.pk])).status_code == 200
    assert client.get(reverse("audit:report", args=[faulty_b.report.pk])).status_code == 404
    for url, data in _actions(faulty_b):
        status = client.post(url, data).status_code
        # Out-of-scope objects do not exist for them; the bulk form silently ignores them.
        assert status in (302, 404), url
    _nothing_changed(faulty_b)
    csv = client.get(reverse("audit:export", args=["csv"])).content.decode("utf-8-sig")
    assert "云州市东城区财政局" in csv and "青川市生态环境局" not in csv
    xlsx = load_workbook(io.BytesIO(client.get(reverse("audit:export", args=["xlsx"])).content))
    names = {row[0] for row in xlsx["报告"].iter_rows(min_row=2, values_only=True)}
    assert names == {"云州市东城区财政局"}
    dashboard = client.get(reverse("audit:dashboard")).content.decode()
    assert "青川" not in dashboard


def test_auditor_can_act_in_their_region(client, faulty_a, auditor):
    client.force_login(auditor)
    fee = finding(faulty_a, "FEE-MISSING")
    response = client.post(reverse("audit:finding_action", args=[fee.pk, "confirm"]))
    assert response.status_code == 302
    fee.refresh_from_db()
    assert fee.status == "confirmed"


def test_admin_sees_and_acts_everywhere(client, faulty_a, faulty_b, admin_user):
    client.force_login(admin_user)
    queue = client.get(reverse("audit:queue")).content.decode()
    assert "云州市东城区财政局" in queue and "青川市生态环境局" in queue
    for version in (faulty_a, faulty_b):
        for url in _pages(version):
            assert client.get(url).status_code == 200, url
        report = version.report.pk
        client.post(reverse("audit:report_action", args=[report, "pass"]))
        assert Review.objects.get(report_id=report).status == Review.Status.PASSED


def test_actions_need_post(client, faulty_a, auditor):
    client.force_login(auditor)
    fee = finding(faulty_a, "FEE-MISSING")
    assert client.get(reverse("audit:finding_action", args=[fee.pk, "confirm"])).status_code == 405
    assert client.get(reverse("audit:bulk")).status_code == 405
