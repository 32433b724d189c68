"""Every report reaches some reviewer: reports no auditor covers go to the administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import Agency
from reports.selectors import agencies_unrouted, reports_unrouted
from tests.audit.factories import report_text
from tests.audit_queue.conftest import FAULTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def regionless(region_tree):
    return Agency.objects.create(name="无区划试验局", level=Agency.Level.DEPT, region_code="")


@pytest.fixture
def faulty_regionless(upload, regionless):
    return upload(regionless, 2023, report_text(agency="无区划试验局", **FAULTY))


def test_an_agency_without_region_or_outside_every_auditor_is_unrouted(
    auditor, regionless, region_tree
):
    unrouted = set(agencies_unrouted())
    assert regionless in unrouted
    # 青川市 has no auditor while only 云州市's exists; 云州市's subtree is covered.
    assert region_tree["agency_b"] in unrouted
    assert region_tree["agency_a"] not in unrouted
    assert region_tree["city_gov"] not in unrouted


def test_an_inactive_auditor_covers_nothing(auditor, region_tree):
    auditor.is_active = False
    auditor.save()
    assert region_tree["agency_a"] in set(agencies_unrouted())


def test_the_admin_queue_filters_the_unrouted_reports(
    client, admin_user, auditor, faulty_regionless, faulty_a
):
    client.force_login(admin_user)
    body = client.get(reverse("audit:queue") + "?unrouted=1").content.decode()
    assert "无区划试验局" in body
    assert "云州市东城区财政局" not in body
    assert "仅无审核员负责" in body


def test_no_auditor_sees_a_regionless_report(client, auditor, faulty_regionless):
    client.force_login(auditor)
    body = client.get(reverse("audit:queue") + "?all=1").content.decode()
    assert "无区划试验局" not in body
    assert "仅无审核员负责" not in body  # the filter is the administrators'


def test_the_admin_dashboard_counts_the_unrouted_reports(
    client, admin_user, auditor, faulty_regionless, faulty_a
):
    assert reports_unrouted().count() == 1
    client.force_login(admin_user)
    body = client.get(reverse("audit:dashboard") + "?year=2023").content.decode()
    assert "<strong>1</strong> 无审核员负责" in body


def test_an_auditor_dashboard_does_not_show_the_count(client, auditor, faulty_a):
    client.force_login(auditor)
    body = client.get(reverse("audit:dashboard") + "?year=2023").content.decode()
    assert "无审核员负责" not in body


def test_the_rule_filter_names_rules_in_chinese(client, auditor):
    client.force_login(auditor)
    body = client.get(reverse("audit:queue")).content.decode()
    assert '<option value="T3-COL">' in body
    assert ">X-CARRY<" not in body  # never a bare code


# ---- assigning (the page and the API refuse an unknown user) --------------------------------------


def test_the_page_refuses_an_unknown_assignee_and_keeps_the_current_one(client, auditor, faulty_a):
    from audit.workflow import review_assign

    report = faulty_a.report
    review_assign(user=auditor, report=report, assignee=auditor)
    client.force_login(auditor)
    url = reverse("audit:report_action", args=[report.pk, "assign"])
    response = client.post(url, {"assignee": "999"}, follow=True)
    assert "承办人不存在或已停用" in response.content.decode()
    report.review.refresh_from_db()
    assert report.review.assignee == auditor


def test_the_bulk_page_refuses_an_unknown_assignee(client, auditor, faulty_a):
    client.force_login(auditor)
    response = client.post(
        reverse("audit:bulk"),
        {"report": [faulty_a.report_id], "action": "assign", "assignee": "999"},
        follow=True,
    )
    assert "承办人不存在或已停用" in response.content.decode()
    assert "已分配" not in response.content.decode()


def test_the_bulk_api_refuses_an_unknown_assignee(client, auditor, faulty_a):
    client.force_login(auditor)
    response = client.post(
        "/api/audit/bulk",
        {"report_ids": [faulty_a.report_id], "action": "assign", "assignee_id": 99999},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "承办人不存在" in response.json()["title"]


def test_the_bulk_api_refuses_more_than_its_cap_without_echoing_it(client, auditor, faulty_a):
    client.force_login(auditor)
    response = client.post(
        "/api/audit/bulk",
        {"report_ids": list(range(1, 20_001)), "action": "pass_info"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert len(response.content) < 5_000


# ---- the auditor's screen and the ways between the staff areas -------------------------------------


def test_finding_evidence_names_cells_as_printed_never_as_json(client, auditor, faulty_a):
    client.force_login(auditor)
    body = client.get(reverse("audit:report", args=[faulty_a.report_id])).content.decode()
    assert "表三·" in body
    assert '{"t3.' not in body and "{&quot;t3." not in body
    # The cells a finding involves are links named as printed, the key only in the title.
    assert '">t3.NEW.NP</a>' not in body
    assert 'title="t3.NEW.NP">表三·自然人·一、本年新收政府信息公开申请数量</a>' in body


def test_the_workspace_links_to_the_admin_and_logs_out(client, auditor):
    client.force_login(auditor)
    body = client.get(reverse("audit:queue")).content.decode()
    assert f'href="{reverse("admin:index")}"' in body
    assert f'action="{reverse("admin:logout")}"' in body and "退出登录" in body


def test_the_admin_links_to_the_workspace(client, auditor):
    client.force_login(auditor)
    body = client.get(reverse("admin:index")).content.decode()
    assert 'href="/audit/"' in body


def test_a_clerk_answers_rectification_with_a_corrected_upload(client, clerk, faulty_a):
    client.force_login(clerk)
    body = client.get(reverse("audit:report", args=[faulty_a.report_id])).content.decode()
    upload_url = reverse("admin:gxnb_portal_report_change", args=[faulty_a.report_id])
    assert f'href="{upload_url}#id_upload"' in body and "上传更正版" in body
    page = client.get(upload_url).content.decode()
    assert 'id="id_upload"' in page


def test_an_auditor_gets_no_upload_button(client, auditor, faulty_a):
    client.force_login(auditor)
    body = client.get(reverse("audit:report", args=[faulty_a.report_id])).content.decode()
    assert "上传更正版" not in body
