"""One rule for what a clerk sees of findings, in the admin as in the workspace (docs/audit_queue.md)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit import workflow
from audit.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(faulty_a, auditor):
    findings = list(Finding.objects.filter(version=faulty_a).order_by("pk"))
    assert len(findings) >= 3
    confirmed, dismissed, still_open = findings[0], findings[1], findings[2]
    workflow.finding_confirm(user=auditor, finding=confirmed, comment="属实")
    workflow.finding_dismiss(user=auditor, finding=dismissed, reason="审核员的驳回理由：误报")
    return {"confirmed": confirmed, "dismissed": dismissed, "open": still_open}


def _change(finding):
    return reverse("admin:audit_finding_change", args=[finding.pk])


def test_a_clerk_opens_only_confirmed_findings_in_the_admin(client, clerk, decided):
    client.force_login(clerk)
    assert client.get(_change(decided["confirmed"])).status_code == 200
    for hidden in ("dismissed", "open"):
        response = client.get(_change(decided[hidden]), follow=True)
        assert "审核员的驳回理由" not in response.content.decode()
        assert response.redirect_chain or response.status_code in (302, 404)


def test_the_admin_finding_list_shows_a_clerk_only_confirmed_findings(client, clerk, decided):
    client.force_login(clerk)
    body = client.get(reverse("admin:audit_finding_changelist")).content.decode()
    assert _change(decided["confirmed"]) in body
    assert _change(decided["dismissed"]) not in body
    assert _change(decided["open"]) not in body


def test_an_auditor_sees_every_finding_in_the_admin(client, auditor, decided):
    client.force_login(auditor)
    body = client.get(reverse("admin:audit_finding_changelist")).content.decode()
    for finding in decided.values():
        assert _change(finding) in body
