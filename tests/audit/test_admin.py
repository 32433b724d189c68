"""The audit queue in the admin: scoped like every staff view; reviews leave a history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit import workflow
from audit.evidence import EVIDENCE_LABELS
from audit.models import Finding, FindingEvent, Review
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}
CHANGELIST = "admin:audit_finding_changelist"


@pytest.fixture
def findings_a(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    return list(Finding.objects.filter(version=version))


@pytest.fixture
def findings_b(upload, agency_b):
    version = upload(agency_b, 2023, report_text(agency="青川市生态环境局", **FAULTY))
    return list(Finding.objects.filter(version=version))


def _listed(client, user):
    client.force_login(user)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return {f.pk for f in response.context["cl"].result_list}


def test_clerk_sees_only_the_findings_of_their_agency(
    client, clerk, auditor, findings_a, findings_b
):
    # What a clerk sees is what a reviewer confirmed (docs/audit_queue.md): confirm them all.
    for finding in findings_a:
        workflow.finding_confirm(user=auditor, finding=finding, comment="属实")
    assert _listed(client, clerk) == {f.pk for f in findings_a}


def test_clerk_does_not_see_findings_still_to_be_reviewed(client, clerk, auditor, findings_a):
    workflow.finding_confirm(user=auditor, finding=findings_a[0], comment="属实")
    assert _listed(client, clerk) == {findings_a[0].pk}


def test_clerk_cannot_open_another_agencys_finding(client, clerk, findings_b):
    client.force_login(clerk)
    url = reverse("admin:audit_finding_change", args=[findings_b[0].pk])
    response = client.get(url, follow=True)
    assert findings_b[0].message not in response.content.decode()


def test_auditor_sees_their_region_only(client, auditor, other_auditor, findings_a, findings_b):
    assert _listed(client, auditor) == {f.pk for f in findings_a}
    assert _listed(client, other_auditor) == {f.pk for f in findings_b}


def test_clerk_cannot_review(client, clerk, findings_a):
    client.force_login(clerk)
    target = findings_a[0]
    response = client.post(
        reverse(CHANGELIST),
        {"action": "dismiss", "_selected_action": [target.pk]},
    )
    target.refresh_from_db()
    assert target.status == Finding.Status.OPEN
    assert response.status_code in (200, 302, 403)
    assert not FindingEvent.objects.filter(finding=target, action="reviewed").exists()


def test_auditor_confirms_from_the_list_and_the_report_is_in_review(client, auditor, findings_a):
    client.force_login(auditor)
    target = findings_a[0]
    report = target.version.report
    assert workflow.review_for(report).status == Review.Status.PENDING
    response = client.post(
        reverse(CHANGELIST), {"action": "confirm", "_selected_action": [target.pk]}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Finding.Status.CONFIRMED
    assert target.events.get(action="reviewed").actor == auditor
    # The same workflow as the audit workspace: the report moves on and its history says so.
    review = workflow.review_for(report)
    assert review.status == Review.Status.IN_REVIEW
    assert report.review_events.filter(action="confirm", actor=auditor, finding=target).exists()


def test_the_list_offers_no_bulk_dismissal_a_dismissal_needs_its_reason(
    client, auditor, findings_a
):
    client.force_login(auditor)
    target = findings_a[0]
    client.post(reverse(CHANGELIST), {"action": "dismiss", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.status == Finding.Status.OPEN
    response = _post_review(client, target, {"status": "dismissed", "review_comment": ""})
    assert response.status_code == 200  # the form again, with the error
    assert "认定误报必须填写理由" in response.content.decode()
    target.refresh_from_db()
    assert target.status == Finding.Status.OPEN
    response = _post_review(
        client, target, {"status": "dismissed", "review_comment": "表中数字系原件所载"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Finding.Status.DISMISSED
    event = target.version.report.review_events.get(action="dismiss")
    assert event.comment == "表中数字系原件所载"


def _post_review(client, target, data):
    url = reverse("admin:audit_finding_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = dict(data)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, 0)
        for form in formset.initial_forms:
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-finding"] = target.pk
    return client.post(url, data)


def test_auditor_reviews_in_the_change_form_with_a_comment(client, auditor, findings_a):
    client.force_login(auditor)
    target = findings_a[0]
    data = {"status": "confirmed", "review_comment": "已与原件核对，确有此问题"}
    response = _post_review(client, target, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.status == Finding.Status.CONFIRMED
    assert target.review_comment == "已与原件核对，确有此问题"
    assert target.events.filter(action="reviewed", actor=auditor).count() == 1


def test_findings_cannot_be_added_or_deleted_in_the_admin(client, admin_user, findings_a):
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_finding_add")).status_code == 403
    url = reverse("admin:audit_finding_delete", args=[findings_a[0].pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Finding.objects.filter(pk=findings_a[0].pk).exists()


def test_the_finding_page_shows_evidence_and_history_as_text_not_json(
    client, admin_user, auditor, findings_a
):
    with_evidence = next(f for f in findings_a if isinstance(f.evidence, dict) and f.evidence)
    workflow.finding_confirm(user=auditor, finding=with_evidence, comment="属实")
    client.force_login(admin_user)
    html = client.get(reverse("admin:audit_finding_change", args=[with_evidence.pk])).content
    html = html.decode()
    # The history's before/after in words: 处理状态：已确认, no {"status": …}.
    assert "处理状态：" + str(Finding.Status.CONFIRMED.label) in html
    assert "{&quot;status&quot;" not in html and '{"status"' not in html
    # Evidence by its labels (年度, 信息处理费, 查找范围 …), not its JSON keys.
    for key in with_evidence.evidence:
        assert f"&quot;{key}&quot;" not in html and f'"{key}":' not in html
        assert f"{EVIDENCE_LABELS[key]}：" in html
