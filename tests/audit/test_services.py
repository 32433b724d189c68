"""Stored findings through the real pipeline: upload → parse → audit_version (real database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from audit import services, workflow
from audit.models import Finding, FindingEvent, VersionAudit, fingerprint
from audit.rules import RULESET_VERSION
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

Status = Finding.Status
Action = FindingEvent.Action

# No fee statement (FEE-MISSING) and table 三 out of balance in 自然人 and 总计 (T3-COL).
FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}


def _rows(version):
    return {(f.rule, f.target or None): f for f in Finding.objects.filter(version=version)}


def _state(version):
    return sorted(
        (f.rule, f.target, f.status, f.resolved_by_id, f.message, f.updated_at)
        for f in Finding.objects.filter(version__report=version.report)
    )


def test_upload_stores_the_findings_of_the_version(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    rows = _rows(version)
    assert set(rows) == {("FEE-MISSING", "s6"), ("T3-COL", "NP"), ("T3-COL", "TOT")}
    fee = rows[("FEE-MISSING", "s6")]
    assert fee.severity == "error"
    assert fee.status == Status.OPEN
    assert fee.fingerprint == fingerprint("FEE-MISSING", "s6")
    assert fee.ruleset_version == RULESET_VERSION
    assert [e.action for e in fee.events.all()] == [Action.CREATED]
    assert VersionAudit.objects.get(version=version).ruleset_version == RULESET_VERSION
    assert version.status == "audited" or version.status == "indexed"


def test_record_findings_are_the_stored_findings(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    in_record = {(f["rule"], f["target"]) for f in version.record["findings"]}
    assert in_record == set(_rows(version))


def test_clean_report_has_no_findings(upload, agency_a):
    version = upload(agency_a, 2023, report_text())
    assert _rows(version) == {}
    assert version.record["findings"] == []


def test_auditing_twice_changes_nothing(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    before, events = _state(version), FindingEvent.objects.count()
    audited_at = VersionAudit.objects.get(version=version).audited_at
    result = services.audit_version(version)
    assert not result.changed
    assert _state(version) == before
    assert FindingEvent.objects.count() == events
    assert VersionAudit.objects.get(version=version).audited_at == audited_at


def test_reviewer_decision_survives_a_reaudit(upload, agency_a, auditor):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    fee = _rows(version)[("FEE-MISSING", "s6")]
    workflow.finding_review(
        finding=fee, user=auditor, status=Status.DISMISSED, comment="第六部分另有附件说明"
    )
    services.audit_version(version)
    fee.refresh_from_db()
    assert fee.status == Status.DISMISSED
    assert fee.reviewed_by == auditor
    assert fee.review_comment == "第六部分另有附件说明"
    assert [e.action for e in fee.events.all()] == [Action.CREATED, Action.REVIEWED]


def test_review_is_recorded_with_who_before_and_after(upload, agency_a, auditor):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    row = _rows(version)[("T3-COL", "TOT")]
    workflow.finding_review(finding=row, user=auditor, status=Status.CONFIRMED, comment="核实属实")
    event = row.events.get(action=Action.REVIEWED)
    assert event.actor == auditor
    assert event.before["status"] == Status.OPEN
    assert event.after["status"] == Status.CONFIRMED
    assert event.comment == "核实属实"


def test_only_people_decisions_can_be_set_by_review(upload, agency_a, auditor):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    row = _rows(version)[("T3-COL", "TOT")]
    with pytest.raises(ValueError):
        workflow.finding_review(finding=row, user=auditor, status=Status.RESOLVED)


def test_decision_carries_over_to_the_next_version(upload, agency_a, auditor):
    first = upload(agency_a, 2023, report_text(**FAULTY))
    workflow.finding_review(
        finding=_rows(first)[("FEE-MISSING", "s6")], user=auditor, status=Status.DISMISSED
    )
    # A corrected table, still no fee sentence.
    second = upload(agency_a, 2023, report_text(fee=False))
    assert second.number == first.number + 1
    fee = _rows(second)[("FEE-MISSING", "s6")]
    assert fee.status == Status.DISMISSED
    assert fee.reviewed_by == auditor
    assert [e.action for e in fee.events.all()] == [Action.CREATED, Action.CARRIED]


def test_finding_fixed_by_a_corrected_upload_is_resolved(upload, agency_a):
    first = upload(agency_a, 2023, report_text(**FAULTY))
    second = upload(agency_a, 2023, report_text(fee=False))
    old = _rows(first)
    for key in (("T3-COL", "NP"), ("T3-COL", "TOT")):
        assert old[key].status == Status.RESOLVED
        assert old[key].resolved_by == second
        assert old[key].events.last().action == Action.RESOLVED
    assert ("T3-COL", "TOT") not in _rows(second)
    # Still there in the new version: the old row stays as it was.
    assert old[("FEE-MISSING", "s6")].status == Status.OPEN
    assert old[("FEE-MISSING", "s6")].resolved_by is None


def test_a_dismissed_finding_that_disappears_keeps_the_dismissal(upload, agency_a, auditor):
    first = upload(agency_a, 2023, report_text(**FAULTY))
    row = _rows(first)[("T3-COL", "NP")]
    workflow.finding_review(finding=row, user=auditor, status=Status.DISMISSED)
    second = upload(agency_a, 2023, report_text(fee=False))
    row.refresh_from_db()
    assert row.status == Status.DISMISSED
    assert row.resolved_by == second


def test_cross_year_rules_use_last_years_report_from_the_database(upload, agency_a):
    last = upload(agency_a, 2022, report_text(2022, new=10, answered=8, carry_out=2))
    this = upload(agency_a, 2023, report_text(2023, new=10, carry_in=0, answered=10))
    assert {("X-CARRY", "NP"), ("X-CARRY", "TOT")} <= set(_rows(this))
    assert VersionAudit.objects.get(version=this).previous_version == last
    fixed = upload(agency_a, 2023, report_text(2023, new=10, carry_in=2, answered=12))
    assert not {k for k in _rows(fixed) if k[0] == "X-CARRY"}


def test_explicit_previous_record_is_used(upload, agency_a):
    this = upload(agency_a, 2023, report_text(2023))
    previous = {**this.record, "year": 2022}
    previous["tables"] = {**previous["tables"], "t3": {**previous["tables"]["t3"]}}
    previous["tables"]["t3"]["cells"] = {
        **previous["tables"]["t3"]["cells"],
        "CARRY_OUT": {"NP": 4, "BIZ": 0, "SCI": 0, "NGO": 0, "LAW": 0, "OTH": 0, "TOT": 4},
    }
    services.audit_version(this, previous_record=previous)
    assert {("X-CARRY", "NP"), ("X-CARRY", "TOT")} <= set(_rows(this))


def test_a_ruleset_change_reaudits_current_versions(upload, agency_a, monkeypatch, settings):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    old = upload(agency_a, 2022, report_text(2022))
    assert list(services.outdated_versions()) == []

    monkeypatch.setattr(services, "RULESET_VERSION", "test-next")
    settings.AUDIT_SILENCED_RULES = ["FEE-MISSING"]
    assert {v.pk for v in services.outdated_versions()} == {version.pk, old.pk}
    assert services.reaudit_outdated() == 2
    assert list(services.outdated_versions()) == []
    fee = _rows(version)[("FEE-MISSING", "s6")]
    assert fee.status == Status.RESOLVED
    assert fee.resolved_by == version
    assert _rows(version)[("T3-COL", "TOT")].ruleset_version == "test-next"

    # The rule is back: the finding reopens with its history intact.
    monkeypatch.setattr(services, "RULESET_VERSION", "test-after")
    settings.AUDIT_SILENCED_RULES = []
    services.reaudit_outdated()
    fee.refresh_from_db()
    assert fee.status == Status.OPEN
    assert fee.resolved_by is None
    assert [e.action for e in fee.events.all()] == [
        Action.CREATED,
        Action.RESOLVED,
        Action.REOPENED,
    ]


def test_one_finding_per_version_and_fingerprint(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    row = _rows(version)[("T3-COL", "TOT")]
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            version=version,
            rule=row.rule,
            target=row.target,
            severity=row.severity,
            message="重复",
            ruleset_version=RULESET_VERSION,
        )


def test_history_is_never_deleted(upload, agency_a):
    version = upload(agency_a, 2023, report_text(**FAULTY))
    event = FindingEvent.objects.filter(finding__version=version).first()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        FindingEvent.objects.all().delete()
    assert FindingEvent.objects.filter(finding__version=version).exists()


def test_version_without_a_record_is_not_audited(upload, agency_a):
    version = upload(agency_a, 2023, b"\x00\x01\x02 not a report")
    result = services.audit_version(version)
    assert result.findings == []
    assert not Finding.objects.filter(version=version).exists()
