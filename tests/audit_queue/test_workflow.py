"""Review services (audit.workflow) through the real pipeline and database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit import workflow
from audit.models import Finding, Review, ReviewEvent
from tests.audit.factories import report_text

from .conftest import FAULTY, FEE_ONLY, FIXED, finding

pytestmark = pytest.mark.django_db

RS = Review.Status
FS = Finding.Status
A = ReviewEvent.Action


def _review(version):
    return Review.objects.get(report=version.report)


def _actions(report):
    return [e.action for e in ReviewEvent.objects.filter(report=report).order_by("id")]


def _due(days=14):
    return timezone.localdate() + dt.timedelta(days=days)


def test_an_audited_upload_starts_as_pending(faulty_a):
    review = _review(faulty_a)
    assert review.status == RS.PENDING
    assert review.version_id == faulty_a.pk


def test_confirm_marks_the_finding_and_starts_the_review(faulty_a, auditor):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_confirm(user=auditor, finding=fee, comment="未说明信息处理费")
    fee.refresh_from_db()
    assert fee.status == FS.CONFIRMED and fee.reviewed_by == auditor
    assert _review(faulty_a).status == RS.IN_REVIEW
    event = ReviewEvent.objects.get(report=faulty_a.report)
    assert (event.action, event.actor, event.finding_id) == (A.CONFIRM, auditor, fee.pk)
    assert event.before["finding_status"] == "open"
    assert event.after["finding_status"] == "confirmed"
    assert (event.before["status"], event.after["status"]) == ("pending", "in_review")


@pytest.mark.parametrize("reason", ["", "   "])
def test_dismissing_without_a_reason_is_refused(faulty_a, auditor, reason):
    fee = finding(faulty_a, "FEE-MISSING")
    with pytest.raises(ValidationError, match="理由"):
        workflow.finding_dismiss(user=auditor, finding=fee, reason=reason)
    fee.refresh_from_db()
    assert fee.status == FS.OPEN
    assert not ReviewEvent.objects.exists()


def test_dismiss_keeps_the_reason(faulty_a, auditor):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_dismiss(user=auditor, finding=fee, reason="收费情况在附件中说明")
    fee.refresh_from_db()
    assert fee.status == FS.DISMISSED
    assert fee.review_comment == "收费情况在附件中说明"
    assert ReviewEvent.objects.get(finding=fee).comment == "收费情况在附件中说明"


def test_comment_is_kept_without_changing_status(faulty_a, auditor):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_comment(user=auditor, finding=fee, text="请与机关电话核实")
    fee.refresh_from_db()
    assert fee.status == FS.OPEN
    assert _actions(faulty_a.report) == [A.COMMENT]
    with pytest.raises(ValidationError):
        workflow.finding_comment(user=auditor, finding=fee, text=" ")


def test_assign_to_a_reviewer_of_the_region(faulty_a, auditor, admin_user, make_staff):
    colleague = make_staff("auditor_a2", "auditor", region_code="450902")
    workflow.review_assign(user=auditor, report=faulty_a.report, assignee=colleague)
    review = _review(faulty_a)
    assert review.assignee == colleague and review.status == RS.IN_REVIEW
    event = ReviewEvent.objects.get(report=faulty_a.report)
    assert (event.before["assignee"], event.after["assignee"]) == (None, colleague.pk)
    workflow.review_assign(user=auditor, report=faulty_a.report, assignee=None)
    assert _review(faulty_a).assignee is None


def test_assign_to_someone_outside_the_region_is_refused(faulty_a, auditor, other_auditor, clerk):
    for wrong in (other_auditor, clerk):
        with pytest.raises(ValidationError):
            workflow.review_assign(user=auditor, report=faulty_a.report, assignee=wrong)
    assert _review(faulty_a).assignee is None


def test_rectification_needs_a_confirmed_finding_a_message_and_a_due_date(faulty_a, auditor):
    report = faulty_a.report
    with pytest.raises(ValidationError, match="确认"):
        workflow.review_request_rectification(
            user=auditor, report=report, due_date=_due(), message="请补充"
        )
    workflow.finding_confirm(user=auditor, finding=finding(faulty_a, "FEE-MISSING"))
    with pytest.raises(ValidationError, match="整改要求"):
        workflow.review_request_rectification(
            user=auditor, report=report, due_date=_due(), message=""
        )
    with pytest.raises(ValidationError, match="期限"):
        workflow.review_request_rectification(
            user=auditor, report=report, due_date=None, message="x"
        )
    with pytest.raises(ValidationError, match="早于"):
        workflow.review_request_rectification(
            user=auditor, report=report, due_date=_due(-1), message="x"
        )
    workflow.review_request_rectification(
        user=auditor, report=report, due_date=_due(), message="请补充信息处理费情况"
    )
    review = _review(faulty_a)
    assert review.status == RS.RECTIFYING
    assert review.due_date == _due()
    assert review.rectification_message == "请补充信息处理费情况"


def test_pass_is_refused_while_confirmed_findings_stand(faulty_a, auditor):
    workflow.finding_confirm(user=auditor, finding=finding(faulty_a, "FEE-MISSING"))
    with pytest.raises(ValidationError, match="已确认"):
        workflow.review_pass(user=auditor, report=faulty_a.report)
    assert _review(faulty_a).status == RS.IN_REVIEW


def test_pass_with_open_findings_only(faulty_a, auditor):
    workflow.review_pass(user=auditor, report=faulty_a.report, comment="问题轻微")
    assert _review(faulty_a).status == RS.PASSED
    assert _actions(faulty_a.report) == [A.PASS]


def test_corrected_upload_resolves_findings_and_marks_rectified(
    faulty_a, auditor, upload, agency_a
):
    report = faulty_a.report
    for f in Finding.objects.filter(version=faulty_a):
        workflow.finding_confirm(user=auditor, finding=f)
    workflow.review_request_rectification(
        user=auditor, report=report, due_date=_due(), message="请更正表三并说明收费情况"
    )
    fixed = upload(agency_a, 2023, report_text(**FIXED))
    old = Finding.objects.filter(version=faulty_a)
    assert {f.status for f in old} == {FS.RESOLVED}
    assert {f.resolved_by_id for f in old} == {fixed.pk}
    review = _review(fixed)
    assert review.status == RS.RECTIFIED
    assert review.version_id == fixed.pk
    last = ReviewEvent.objects.filter(report=report).last()
    assert last.actor is None and last.action == A.REUPLOAD
    assert (last.before["status"], last.after["status"]) == ("rectifying", "rectified")
    assert "3 个问题已解决" in last.comment
    # ... and then the office passes it.
    workflow.review_pass(user=auditor, report=report)
    assert _review(fixed).status == RS.PASSED
    assert _actions(report) == [A.CONFIRM] * 3 + [A.RECTIFY, A.REUPLOAD, A.PASS]


def test_confirmed_finding_still_firing_reopens_the_report(faulty_a, auditor, upload, agency_a):
    report = faulty_a.report
    for f in Finding.objects.filter(version=faulty_a):
        workflow.finding_confirm(user=auditor, finding=f)
    workflow.review_request_rectification(
        user=auditor, report=report, due_date=_due(), message="请更正"
    )
    partial = upload(agency_a, 2023, report_text(**FEE_ONLY))
    review = _review(partial)
    assert review.status == RS.IN_REVIEW
    still = Finding.objects.get(version=partial, rule="FEE-MISSING")
    assert still.status == FS.CONFIRMED  # the decision followed the problem
    assert {f.status for f in Finding.objects.filter(version=faulty_a, rule="T3-COL")} == {
        FS.RESOLVED
    }
    last = ReviewEvent.objects.filter(report=report).last()
    assert last.action == A.REOPEN and last.after["status"] == "in_review"
    assert "1 个已确认的问题仍然存在" in last.comment


def test_reaudit_of_the_same_version_does_not_move_the_status(faulty_a, auditor):
    from audit.services import audit_version

    workflow.finding_confirm(user=auditor, finding=finding(faulty_a, "FEE-MISSING"))
    workflow.review_request_rectification(
        user=auditor, report=faulty_a.report, due_date=_due(), message="请更正"
    )
    before = _actions(faulty_a.report)
    audit_version(faulty_a)
    assert _review(faulty_a).status == RS.RECTIFYING
    assert _actions(faulty_a.report) == before


def test_passed_report_reopens_when_a_new_version_has_undecided_findings(upload, agency_a, auditor):
    clean = upload(agency_a, 2023, report_text(**FIXED))
    workflow.review_pass(user=auditor, report=clean.report)
    upload(agency_a, 2023, report_text(**FAULTY))
    assert _review(clean).status == RS.IN_REVIEW


def test_a_clerk_or_other_region_cannot_act(faulty_a, clerk, other_auditor):
    fee = finding(faulty_a, "FEE-MISSING")
    for user in (clerk, other_auditor):
        with pytest.raises(PermissionDenied):
            workflow.finding_confirm(user=user, finding=fee)
        with pytest.raises(PermissionDenied):
            workflow.finding_dismiss(user=user, finding=fee, reason="x")
        with pytest.raises(PermissionDenied):
            workflow.finding_comment(user=user, finding=fee, text="x")
        with pytest.raises(PermissionDenied):
            workflow.review_assign(user=user, report=faulty_a.report, assignee=None)
        with pytest.raises(PermissionDenied):
            workflow.review_pass(user=user, report=faulty_a.report)
        with pytest.raises(PermissionDenied):
            workflow.review_request_rectification(
                user=user, report=faulty_a.report, due_date=_due(), message="x"
            )
    fee.refresh_from_db()
    assert fee.status == FS.OPEN
    assert not ReviewEvent.objects.exists()


def test_a_resolved_finding_cannot_be_reviewed(faulty_a, auditor, upload, agency_a):
    fee = finding(faulty_a, "FEE-MISSING")
    upload(agency_a, 2023, report_text(**FIXED))
    fee.refresh_from_db()
    with pytest.raises(ValidationError):
        workflow.finding_confirm(user=auditor, finding=fee)


def test_history_cannot_be_deleted(faulty_a, auditor):
    workflow.review_pass(user=auditor, report=faulty_a.report)
    with pytest.raises(PermissionDenied):
        ReviewEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        ReviewEvent.objects.get().delete()
    assert ReviewEvent.objects.count() == 1


def test_bulk_pass_takes_only_reports_with_info_findings(upload, agency_a, region_tree, auditor):
    from audit.models import Finding as F

    faulty = upload(agency_a, 2023, report_text(**FAULTY))
    info_only = upload(region_tree["city_dept"], 2023, report_text(agency="云州市教育局", **FIXED))
    # A clean report has no findings; give it one info-level finding the way the engine stores it.
    F.objects.create(
        version=info_only,
        rule="TEXT-BOILERPLATE",
        severity="info",
        message="网站页脚",
        ruleset_version="test",
    )
    result = workflow.bulk_pass_info_only(user=auditor, reports=[faulty.report, info_only.report])
    assert result.done == [info_only.report.pk]
    assert set(result.skipped) == {faulty.report.pk}
    assert _review(info_only).status == RS.PASSED
    assert _review(faulty).status == RS.PENDING


def test_bulk_assign_skips_reports_out_of_scope(faulty_a, faulty_b, auditor):
    result = workflow.bulk_assign(
        user=auditor, reports=[faulty_a.report, faulty_b.report], assignee=auditor
    )
    assert result.done == [faulty_a.report.pk]
    assert list(result.skipped) == [faulty_b.report.pk]
    assert _review(faulty_b).assignee is None
