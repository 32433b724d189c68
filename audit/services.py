"""Audit workflows on stored report versions: run the rules, keep findings, record reviews.

- :func:`audit_version` — the pipeline hook (``reports.services`` calls it after parsing).
- :func:`reaudit_outdated` — re-audit every current version audited by another rule set.

Reviewer decisions are never reset by the machine: a finding that still fires on a new version
of the report starts with the decision taken on the previous version; a finding that stops firing
is closed as resolved (a dismissed one keeps its status and only notes which version no longer
has it). Running :func:`audit_version` twice on the same version changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from reader.record import Record
from reports.models import Report, ReportVersion

from .engine import run_findings
from .models import Finding, FindingEvent, VersionAudit, fingerprint
from .rules import RULESET_VERSION
from .rules import Finding as RuleFinding

logger = logging.getLogger(__name__)

Status = Finding.Status
Action = FindingEvent.Action


@dataclass
class AuditResult:
    """What one :func:`audit_version` run did (for logs, the admin and tests)."""

    version_id: int
    ruleset_version: str
    findings: list[Finding] = field(default_factory=list)
    created: int = 0
    carried: int = 0
    updated: int = 0
    resolved: int = 0
    reopened: int = 0

    @property
    def changed(self) -> bool:
        return any((self.created, self.carried, self.updated, self.resolved, self.reopened))


def version_metadata(version: ReportVersion) -> dict[str, Any]:
    """What the database knows about a version's report; it wins over what the text says."""
    report = version.report
    metadata: dict[str, Any] = {
        "year": report.year,
        "level": report.agency.level,
        "agency": report.agency.name,
    }
    record = version.record if isinstance(version.record, dict) else {}
    # A date the pipeline copied from the page itself keeps its provenance (the rules trust a
    # page's date less than one staff entered); a date that differs was entered by staff.
    if report.published and report.published.isoformat() != record.get("published"):
        metadata["published"] = report.published.isoformat()
    return metadata


def previous_year_version(report: Report) -> ReportVersion | None:
    """The current, parsed version of the same agency's report for the year before."""
    return (
        ReportVersion.objects.filter(
            report__agency_id=report.agency_id,
            report__year=report.year - 1,
            is_current=True,
            record__isnull=False,
        )
        .only("id", "record")
        .first()
    )


def audit_version(version: ReportVersion, *, previous_record: Record | None = None) -> AuditResult:
    """Run every rule on ``version``'s record and store the findings.

    ``previous_record`` is the same agency's record for year − 1 (cross-year rules); when not
    given it is looked up in the database. Idempotent: a second run with the same rule set and
    record writes nothing.
    """
    result = AuditResult(version_id=version.pk, ruleset_version=RULESET_VERSION)
    record = version.record
    if not isinstance(record, dict):
        return result
    previous_version = None
    if previous_record is None:
        previous_version = previous_year_version(version.report)
        previous_record = previous_version.record if previous_version else None
    fired = run_findings(record, previous=previous_record, metadata=version_metadata(version))

    with transaction.atomic():
        # Lock the version row: two audits of one version (a re-audit racing the pipeline)
        # run one after the other instead of both inserting the same fingerprints.
        # Only this row: ``.first()`` would order by the model's ordering, join the report and
        # the agency and lock them too (PostgreSQL locks every joined row) — the deadlocks seen
        # against uploads that lock the report first.
        ReportVersion.objects.select_for_update(of=("self",)).filter(pk=version.pk).order_by(
            "pk"
        ).first()
        _store(version, fired, result)
        if version.is_current:
            _close_older(version, {fingerprint(f.rule, f.target) for f in fired}, result)
        _write_record_findings(version, fired)
        _mark_audited(version, previous_version, result)
        # The office's review status follows a corrected upload (audit/workflow.py).
        from .workflow import on_version_audited

        on_version_audited(version)
    result.findings = list(version.audit_findings.all())
    if result.changed:
        logger.info(
            "audited version %s: %s new, %s carried, %s updated, %s resolved, %s reopened",
            version.pk,
            result.created,
            result.carried,
            result.updated,
            result.resolved,
            result.reopened,
        )
    return result


def _store(version: ReportVersion, fired: list[RuleFinding], result: AuditResult) -> None:
    existing = {f.fingerprint: f for f in Finding.objects.filter(version=version)}
    decisions = _earlier_decisions(version)
    now_firing: set[str] = set()
    for item in fired:
        fp = fingerprint(item.rule, item.target)
        now_firing.add(fp)
        row = existing.get(fp)
        if row is None:
            _create(version, item, decisions.get(fp), result)
        else:
            _refresh(row, item, decisions.get(fp), result)
    # Findings of this very version that a newer rule set no longer raises.
    for fp, row in existing.items():
        if fp not in now_firing and row.resolved_by_id is None:
            _resolve(row, version, result, comment="按当前规则集重新审核后不再出现")


def _earlier_decisions(version: ReportVersion) -> dict[str, Finding]:
    """Per fingerprint, the finding whose decision a new version inherits: the most recent human
    review on any earlier version of the report, else the finding on the newest earlier one."""
    out: dict[str, Finding] = {}
    reviewed: dict[str, Finding] = {}
    earlier = (
        Finding.objects.filter(
            version__report_id=version.report_id, version__number__lt=version.number
        )
        .select_related("version")
        .order_by("-version__number")
    )
    for row in earlier:
        out.setdefault(row.fingerprint, row)
        if row.reviewed_at is not None:
            best = reviewed.get(row.fingerprint)
            if best is None or row.reviewed_at > best.reviewed_at:
                reviewed[row.fingerprint] = row
    out.update(reviewed)
    return out


def _carried_status(prior: Finding | None) -> str:
    if prior is not None and prior.status in Finding.REVIEW_DECISIONS:
        return prior.status
    return Status.OPEN


def _create(
    version: ReportVersion, item: RuleFinding, prior: Finding | None, result: AuditResult
) -> None:
    status = _carried_status(prior)
    row = Finding(
        version=version,
        rule=item.rule,
        target=item.target or "",
        severity=str(item.severity),
        message=item.message,
        evidence=item.evidence,
        ruleset_version=RULESET_VERSION,
        status=status,
    )
    if prior is not None and status != Status.OPEN:
        row.reviewed_by_id = prior.reviewed_by_id
        row.reviewed_at = prior.reviewed_at
        row.review_comment = prior.review_comment
    row.save()
    FindingEvent.objects.create(finding=row, action=Action.CREATED, after=row.review_state())
    result.created += 1
    if prior is not None and status != Status.OPEN:
        FindingEvent.objects.create(
            finding=row,
            action=Action.CARRIED,
            after=row.review_state(),
            comment=f"沿用第 {prior.version.number} 版的审核结论：{prior.get_status_display()}",
        )
        result.carried += 1


def _refresh(row: Finding, item: RuleFinding, prior: Finding | None, result: AuditResult) -> None:
    before = row.review_state()
    fields: list[str] = []
    for name, value in (
        ("severity", str(item.severity)),
        ("message", item.message),
        ("evidence", item.evidence),
        ("ruleset_version", RULESET_VERSION),
    ):
        if getattr(row, name) != value:
            setattr(row, name, value)
            fields.append(name)
    reopened = row.resolved_by_id == row.version_id
    if reopened:
        # It had stopped firing under an earlier rule set and fires again.
        row.resolved_by = None
        if row.status == Status.RESOLVED:
            row.status = _carried_status(prior)
        fields += ["resolved_by", "status"]
    if not fields:
        return
    row.save(update_fields=[*fields, "updated_at"])
    if reopened:
        FindingEvent.objects.create(
            finding=row, action=Action.REOPENED, before=before, after=row.review_state()
        )
        result.reopened += 1
    elif {"severity", "message", "evidence"} & set(fields):
        FindingEvent.objects.create(
            finding=row,
            action=Action.UPDATED,
            before=before,
            after=row.review_state(),
            comment=f"规则集 {RULESET_VERSION} 重新审核",
        )
        result.updated += 1


def _resolve(row: Finding, by: ReportVersion, result: AuditResult, *, comment: str) -> None:
    before = row.review_state()
    row.resolved_by = by
    # A dismissal is a person's judgement on that version; it stays, with the note of the fix.
    if row.status != Status.DISMISSED:
        row.status = Status.RESOLVED
    row.save(update_fields=["resolved_by", "status", "updated_at"])
    FindingEvent.objects.create(
        finding=row,
        action=Action.RESOLVED,
        before=before,
        after=row.review_state(),
        comment=comment,
    )
    result.resolved += 1


def _close_older(version: ReportVersion, firing: set[str], result: AuditResult) -> None:
    """Findings of earlier versions that this version no longer has: resolved by it."""
    older = Finding.objects.filter(
        version__report_id=version.report_id,
        version__number__lt=version.number,
        resolved_by__isnull=True,
    ).exclude(fingerprint__in=firing)
    for row in older:
        _resolve(row, version, result, comment=f"第 {version.number} 版中不再出现")


def _write_record_findings(version: ReportVersion, fired: Iterable[RuleFinding]) -> None:
    """Keep ``record["findings"]`` (record.md) equal to what the rules say now."""
    findings = [f.as_dict() for f in fired]
    record = version.record
    if record.get("findings") == findings:
        return
    record["findings"] = findings
    version.save(update_fields=["record"])


def _mark_audited(
    version: ReportVersion, previous_version: ReportVersion | None, result: AuditResult
) -> None:
    counts: dict[str, int] = {}
    for row in Finding.objects.filter(version=version).exclude(status=Status.RESOLVED):
        counts[row.severity] = counts.get(row.severity, 0) + 1
    run = VersionAudit.objects.filter(version=version).first()
    previous_id = previous_version.pk if previous_version else None
    if (
        run is not None
        and run.ruleset_version == RULESET_VERSION
        and run.counts == counts
        and run.previous_version_id == previous_id
        and not result.changed
    ):
        return
    VersionAudit.objects.update_or_create(
        version=version,
        defaults={
            "ruleset_version": RULESET_VERSION,
            "previous_version_id": previous_id,
            "counts": counts,
            "audited_at": timezone.now(),
        },
    )


# ---- reviews -------------------------------------------------------------------------------------


# ---- rule-set changes ------------------------------------------------------------------------------


def outdated_versions() -> Iterable[ReportVersion]:
    """Current parsed versions not audited by this ``RULESET_VERSION``."""
    return (
        ReportVersion.objects.filter(is_current=True, record__isnull=False)
        .exclude(audit_run__ruleset_version=RULESET_VERSION)
        .select_related("report__agency")
        .order_by("report__year", "pk")
    )


def reaudit_outdated(*, limit: int | None = None) -> int:
    """Re-audit current versions audited by another rule set (oldest years first, so each
    report's previous year is re-audited before it). Returns how many were audited."""
    done = 0
    for version in outdated_versions().iterator(chunk_size=200):
        if limit is not None and done >= limit:
            break
        try:
            audit_version(version)
        except Exception:
            logger.exception("re-audit failed for version %s", version.pk)
            continue
        done += 1
    return done
