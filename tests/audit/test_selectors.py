from __future__ import annotations

import pytest

from audit import selectors, workflow
from audit.models import Finding
from reports.selectors import versions_visible_to
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}


def test_active_findings_leave_out_dismissed_ones(upload, agency_a, auditor):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    fee = Finding.objects.get(version=version, rule="FEE-MISSING")
    workflow.finding_review(finding=fee, user=auditor, status=Finding.Status.DISMISSED)
    assert selectors.active_rule_ids(version) == ["T3-COL"]


def test_queue_holds_open_findings_of_current_versions_the_user_may_see(
    upload, agency_a, agency_b, clerk
):
    old = upload(agency_a, 2023, report_text(**FAULTY))
    new = upload(agency_a, 2023, report_text(fee=False))
    upload(agency_b, 2023, report_text(agency="青川市生态环境局", **FAULTY))
    rows = list(selectors.queue(versions_visible_to(clerk)))
    assert {(f.version_id, f.rule) for f in rows} == {(new.pk, "FEE-MISSING")}
    assert old.pk not in {f.version_id for f in rows}
