"""The audit API: same services as the pages, same scoping; session or bearer token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.api import issue_token
from audit.models import Finding, Review, ReviewEvent

from .conftest import finding

pytestmark = pytest.mark.django_db


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


def test_anonymous_gets_401_everywhere(client, faulty_a):
    fee = finding(faulty_a, "FEE-MISSING")
    report = faulty_a.report.pk
    for url in (
        "/api/audit/queue",
        f"/api/audit/reports/{report}",
        f"/api/audit/reports/{report}/history",
    ):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
    for url in (
        f"/api/audit/findings/{fee.pk}/confirm",
        f"/api/audit/reports/{report}/pass",
        "/api/audit/bulk",
        "/api/audit/token",
    ):
        assert client.post(url, {}, content_type="application/json").status_code == 401, url
    assert client.get("/api/audit/queue", HTTP_AUTHORIZATION="Bearer forged").status_code == 401


def test_auditor_works_the_queue_by_token(client, faulty_a, faulty_b, auditor):
    body = client.get("/api/audit/queue", **_bearer(auditor)).json()
    assert body["total"] == 1
    row = body["results"][0]
    assert (row["agency"], row["errors"], row["status"]) == ("云州市东城区财政局", 3, "pending")
    assert row["worst_rule"] in {"FEE-MISSING", "T3-COL"}
    assert client.get("/api/audit/queue?rule=NOPE", **_bearer(auditor)).json()["total"] == 0


def test_actions_through_the_api_follow_the_workflow(client, faulty_a, auditor):
    auth = _bearer(auditor)
    report = faulty_a.report.pk
    fee = finding(faulty_a, "FEE-MISSING")
    t3 = finding(faulty_a, "T3-COL", "NP")
    ok = client.post(
        f"/api/audit/findings/{fee.pk}/confirm",
        {"comment": ""},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "in_review"
    missing_reason = client.post(
        f"/api/audit/findings/{t3.pk}/dismiss",
        {"comment": ""},
        content_type="application/json",
        **auth,
    )
    assert missing_reason.status_code == 400
    assert missing_reason.json()["title"] == "认定误报必须填写理由。"
    client.post(
        f"/api/audit/findings/{t3.pk}/dismiss",
        {"comment": "表格转载错位"},
        content_type="application/json",
        **auth,
    )
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    body = client.post(
        f"/api/audit/reports/{report}/rectify",
        {"due_date": due, "message": "请补充收费说明"},
        content_type="application/json",
        **auth,
    ).json()
    assert (body["status"], body["due_date"]) == ("rectifying", due)
    statuses = {f["id"]: f["status"] for f in body["findings"]}
    assert statuses[fee.pk] == "confirmed" and statuses[t3.pk] == "dismissed"
    history = client.get(f"/api/audit/reports/{report}/history", **auth).json()
    assert [h["action"] for h in history] == ["确认问题", "认定误报", "要求整改"]
    assert history[2]["change"] == "审核状态：审核中 → 待整改；整改期限：（无） → " + due
    assert all(h["actor"] == "auditor_a" for h in history)


def test_auditor_of_another_region_gets_404(client, faulty_a, other_auditor):
    auth = _bearer(other_auditor)
    fee = finding(faulty_a, "FEE-MISSING")
    report = faulty_a.report.pk
    assert client.get("/api/audit/queue", **auth).json()["total"] == 0
    assert client.get(f"/api/audit/reports/{report}", **auth).status_code == 404
    assert client.get(f"/api/audit/reports/{report}/history", **auth).status_code == 404
    assert (
        client.post(
            f"/api/audit/findings/{fee.pk}/confirm", {}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/audit/reports/{report}/pass", {}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    bulk = client.post(
        "/api/audit/bulk",
        {"report_ids": [report], "action": "pass_info"},
        content_type="application/json",
        **auth,
    ).json()
    assert bulk["done"] == [] and str(report) in bulk["skipped"]
    assert not ReviewEvent.objects.exists()


def test_clerk_reads_confirmed_findings_only_and_cannot_act(client, faulty_a, clerk, auditor):
    from audit import workflow

    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_confirm(user=auditor, finding=fee)
    auth = _bearer(clerk)
    body = client.get(f"/api/audit/reports/{faulty_a.report.pk}", **auth).json()
    assert [f["rule"] for f in body["findings"]] == ["FEE-MISSING"]
    assert client.get("/api/audit/queue", **auth).json()["results"][0]["errors"] == 1
    t3 = finding(faulty_a, "T3-COL", "NP")
    assert (
        client.post(
            f"/api/audit/findings/{t3.pk}/confirm", {}, content_type="application/json", **auth
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/audit/reports/{faulty_a.report.pk}/pass",
            {},
            content_type="application/json",
            **auth,
        ).status_code
        == 403
    )
    assert client.get(f"/api/audit/reports/{faulty_a.report.pk}/history", **auth).status_code == 403
    assert (
        client.post(
            "/api/audit/bulk",
            {"report_ids": [faulty_a.report.pk], "action": "assign"},
            content_type="application/json",
            **auth,
        ).status_code
        == 403
    )
    assert Finding.objects.get(pk=t3.pk).status == "open"


def test_admin_acts_everywhere_by_session(client, faulty_a, faulty_b, admin_user):
    client.force_login(admin_user)
    assert client.get("/api/audit/queue").json()["total"] == 2
    response = client.post(
        f"/api/audit/reports/{faulty_b.report.pk}/assign",
        {"assignee_id": admin_user.pk},
        content_type="application/json",
    )
    assert response.json()["assignee"] == "admin"
    assert Review.objects.get(report=faulty_b.report).assignee == admin_user


def test_session_writes_need_the_csrf_token(faulty_a, auditor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(auditor)
    response = strict.post(
        f"/api/audit/reports/{faulty_a.report.pk}/pass", {}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert Review.objects.get(report=faulty_a.report).status == "pending"


def test_token_is_issued_to_a_session_and_dies_with_the_password(client, faulty_a, auditor):
    client.force_login(auditor)
    token = client.post("/api/audit/token").json()["token"]
    header = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    from django.test import Client

    fresh = Client()
    assert fresh.get("/api/audit/queue", **header).status_code == 200
    auditor.set_password("a-new-password-123")
    auditor.save()
    assert fresh.get("/api/audit/queue", **header).status_code == 401


def _every_action(version):
    """(path, body) of every write endpoint on ``version``'s report and its FEE-MISSING."""
    fee = finding(version, "FEE-MISSING").pk
    report = version.report.pk
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    return [
        *[
            (f"/api/audit/findings/{fee}/{action}", {"comment": "理由"})
            for action in ("confirm", "dismiss", "reopen", "comment")
        ],
        (f"/api/audit/reports/{report}/assign", {"assignee_id": None}),
        (f"/api/audit/reports/{report}/rectify", {"due_date": due, "message": "请整改"}),
        (f"/api/audit/reports/{report}/pass", {"comment": ""}),
    ]


@pytest.mark.parametrize(
    ("who", "expected"), [("other_auditor", 404), ("clerk", 403), ("other_agency_clerk", 403)]
)
def test_no_write_endpoint_lets_an_outsider_act(client, faulty_a, request, who, expected):
    user = request.getfixturevalue(who)
    for path, body in _every_action(faulty_a):
        response = client.post(path, body, content_type="application/json", **_bearer(user))
        # A clerk outside the agency gets 404 for objects it cannot see.
        assert response.status_code in (expected, 404), path
        if who == "clerk":
            assert response.status_code == 403, path
    assert not ReviewEvent.objects.exists()
    assert set(Finding.objects.filter(version=faulty_a).values_list("status", flat=True)) == {
        "open"
    }
