"""Processing one uploaded version: extract → parse → store → audit → index.

Called by the task :func:`reports.tasks.process_version` (a Celery worker, or in-process when no
broker is configured) and by bulk import. Each step is a plain call a reader can follow:
:func:`reader.parse.read_report`, :func:`audit.services.audit_version`,
:func:`search.services.index_report`. The steps are idempotent, keyed by the file's hash and the
parser / rule-set versions (:func:`pipeline_key`): a repeated delivery redoes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from audit.rules import RULESET_VERSION
from audit.services import audit_version
from reader.extract.blocks import ExtractionError
from reader.parse import PARSER_VERSION
from reports.corrections import after_store as apply_stored_corrections
from reports.isolation import read_report_isolated
from reports.models import Report, ReportVersion
from search.services import index_report

logger = logging.getLogger(__name__)

Status = ReportVersion.Status

MSG_INTERNAL = "解析时发生内部错误，已记录日志，请联系管理员。原始文件已保存，可稍后重新解析。"
MSG_ORIGINAL_UNREADABLE = "原始文件无法读取，请联系管理员检查存储。"


class TransientError(Exception):
    """A step failed for a reason that goes away by itself (search cluster down, database busy).

    The task retries with backoff; bad input never raises this (it becomes the version's error).
    """


class IndexUnavailable(TransientError):
    """The search index write failed; the report also waits in ``search.IndexQueue``."""


def pipeline_key(version: ReportVersion) -> str:
    """What a version's processed state depends on: the file, the parser and the rule set.

    Two runs with the same key produce the same record, findings and index document, so a step
    whose key is unchanged is skipped (tasks are delivered at least once: a killed worker's
    message runs again).
    """
    return f"{version.sha256}:{PARSER_VERSION}:{RULESET_VERSION}"


def version_process(
    version_id: int, *, force: bool = False, record: dict[str, Any] | None = None
) -> str:
    """Extract and parse a version, then audit and index it; returns the final status.

    Idempotent, keyed by the file's hash and the parser / rule-set versions: a step already done
    under the installed parser and rule set is skipped (``force`` re-parses anyway). Never raises
    for a bad file: an unreadable file ends as 解析失败 with a Chinese message for staff, the
    original untouched. Raises :class:`TransientError` when indexing failed (the caller retries);
    the parse and audit already done stay stored. ``record`` is a record the caller already
    parsed from this file with the installed parser (bulk import reads the agency from it).
    """
    version = ReportVersion.objects.select_related("report__agency").get(pk=version_id)
    report = version.report

    if force or not _parsed_by_installed_parser(version):
        if record is None or record.get("source") != version.filename:
            record = _parse_version(version)
        if record is None:
            _note_current_stays(version)
            return version.status
        _store_record(version, record)
        # Staff corrections of this text are re-applied (or flagged) before the audit runs.
        apply_stored_corrections(version)
        _fill_report_metadata_from_record(report, record)

    if version.status == Status.FAILED or version.record is None:
        _note_current_stays(version)
        return version.status
    if force or not _audited_by_installed_rules(version):
        _run_audit(version)
    elif version.status == Status.PARSED:
        version.status = Status.AUDITED
        version.save(update_fields=["status"])
    if not version.is_current and version.status == Status.AUDITED and version_promote(version):
        # Audited again as the current version: older versions' findings close and the
        # office's review follows (both only ever look at the current version).
        _run_audit(version)
    if version.is_current and (force or version.status != Status.INDEXED):
        if not _run_index(version):
            raise IndexUnavailable(f"search index write failed for report {report.pk}")
    return version.status


def upload_order(version: ReportVersion) -> tuple[dt.datetime, int]:
    """Which of two uploads is newer: when the file reached the portal, then the number."""
    return (version.received_at, version.number)


def version_promote(version: ReportVersion) -> bool:
    """Make a processed and audited version current when it is the report's newest upload.

    Until then the previously current version stays published (a failed or interrupted new
    version never takes the report offline), and an older file processed late never replaces
    a newer one. Returns whether ``version`` is current now.
    """
    with transaction.atomic():
        # Lock order everywhere: the report, then its versions (see services.report_upload).
        # ``order_by("pk")``: the models' default orderings join the agency, and PostgreSQL
        # would lock the joined rows too.
        Report.objects.select_for_update(no_key=True).filter(pk=version.report_id).order_by(
            "pk"
        ).first()
        current = (
            ReportVersion.objects.select_for_update(no_key=True)
            .filter(report_id=version.report_id, is_current=True)
            .order_by("pk")
            .first()
        )
        if current is not None and (
            current.pk == version.pk or upload_order(current) > upload_order(version)
        ):
            version.is_current = current.pk == version.pk
            return version.is_current
        if current is not None:
            ReportVersion.objects.filter(pk=current.pk).update(is_current=False)
        ReportVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.is_current = True
    logger.info("version %s is now the current version of report %s", version.pk, version.report_id)
    return True


def _note_current_stays(version: ReportVersion) -> None:
    """Tell staff that a failed version did not replace the published one."""
    if version.is_current or version.status != Status.FAILED:
        return
    current = ReportVersion.objects.filter(report_id=version.report_id, is_current=True).first()
    if current is None:
        return
    note = f"本版未发布：公开页面仍显示第 {current.number} 版（当前版本）。"
    if note not in version.error:
        version.error = f"{version.error}\n{note}".strip()
        version.save(update_fields=["error"])


def _parsed_by_installed_parser(version: ReportVersion) -> bool:
    if version.status == Status.UPLOADED or version.parser_version != PARSER_VERSION:
        return False
    # A failure by this parser stays a failure: the same bytes give the same error.
    return version.status == Status.FAILED or version.record is not None


def _audited_by_installed_rules(version: ReportVersion) -> bool:
    run = getattr(version, "audit_run", None)
    return run is not None and run.ruleset_version == RULESET_VERSION


def _store_record(version: ReportVersion, record: dict[str, Any]) -> None:
    version.record = record
    version.extracted_text = str(record.get("text") or "")
    version.parser_version = PARSER_VERSION
    version.warnings = list(record.get("warnings") or [])
    version.status = Status.PARSED
    version.error = ""
    version.processed_at = timezone.now()
    version.save(
        update_fields=[
            "record",
            "extracted_text",
            "parser_version",
            "warnings",
            "status",
            "error",
            "processed_at",
        ]
    )


def _parse_version(version: ReportVersion) -> dict[str, Any] | None:
    """The record, or ``None`` after marking the version 解析失败."""
    try:
        data = version.read_original()
    except OSError:
        logger.exception("cannot read original of version %s", version.pk)
        _fail(version, MSG_ORIGINAL_UNREADABLE)
        return None

    report = version.report
    try:
        # In a child process under CPU, memory and time limits.
        record = read_report_isolated(
            data,
            version.filename,
            year=report.year,
            agency=report.agency.name,
            level=report.agency.level,
            published=report.published.isoformat() if report.published else None,
        )
    except ExtractionError as exc:
        _fail(version, exc.message)
        return None
    except Exception:
        # A parser bug must not lose the upload: record it, tell staff, keep the original.
        logger.exception("parser crashed on version %s (%s)", version.pk, version.filename)
        _fail(version, MSG_INTERNAL)
        return None
    return record


def _fail(version: ReportVersion, message: str) -> None:
    version.status = Status.FAILED
    version.error = message
    # Which parser failed: a newer one gets another try (versions_reparse_outdated).
    version.parser_version = PARSER_VERSION
    version.processed_at = timezone.now()
    version.save(update_fields=["status", "error", "parser_version", "processed_at"])


def _fill_report_metadata_from_record(report: Report, record: dict[str, Any]) -> None:
    """Fill the report's empty title / publication date from what the parser read."""
    changed = []
    if not report.title and record.get("title"):
        report.title = str(record["title"])[:300]
        changed.append("title")
    if report.published is None and record.get("published"):
        try:
            report.published = dt.date.fromisoformat(str(record["published"]))
            changed.append("published")
        except ValueError:
            pass
    if changed:
        report.save(update_fields=[*changed, "updated_at"])


def _run_audit(version: ReportVersion) -> bool:
    try:
        audit_version(version)
    except (OperationalError, InterfaceError):
        raise  # the database is unavailable or busy: the task retries
    except Exception:
        logger.exception("audit failed for version %s", version.pk)
        version.error = "审核时发生内部错误，已记录日志；可稍后重新审核。"
        version.save(update_fields=["error"])
        return False
    version.status = Status.AUDITED
    version.save(update_fields=["status"])
    report_hold_update(version)
    return True


def report_hold_update(version: ReportVersion) -> bool:
    """Hold the report back from the public, or not, after its current version's audit.

    The publication policy (:func:`reports.identity.hold_reasons`): the
    public selector leaves a held report out, and the index step that follows removes it from
    the index. Returns whether the hold changed.
    """
    if not version.is_current:
        return False
    from audit.models import Finding
    from reports.identity import hold_reasons

    report = Report.objects.select_related("agency").get(pk=version.report_id)
    findings = version.audit_findings.filter(status__in=Finding.ACTIVE_STATUSES)
    reason = "\n".join(hold_reasons(report, version, findings))
    if reason == report.held_reason:
        return False
    Report.objects.filter(pk=report.pk).update(held_reason=reason)
    version.report.held_reason = reason
    logger.info("report %s %s", report.pk, "held back" if reason else "no longer held back")
    return True


def _run_index(version: ReportVersion) -> bool:
    try:
        ok = index_report(version.report)
    except Exception:
        # The search service should never raise into a save; if it does, the save still stands.
        logger.exception("indexing failed for report %s", version.report_id)
        return False
    if ok is False:
        return False
    if version.status in (Status.PARSED, Status.AUDITED):
        version.status = Status.INDEXED
        version.save(update_fields=["status"])
    return True


def version_reaudit(version_id: int) -> str:
    version = ReportVersion.objects.select_related("report__agency").get(pk=version_id)
    if version.record is None:
        return version.status
    held_before = version.report.held_reason
    _run_audit(version)
    if version.is_current and version.report.held_reason != held_before:
        _run_index(version)  # held back or released: the index follows
    return version.status


def report_reindex(report_id: int) -> bool:
    version = ReportVersion.objects.filter(report_id=report_id, is_current=True).first()
    if version is None or version.record is None:
        return False
    return _run_index(version)


# ---- tasks (Celery; in-process when no broker) -----------------------------------------------------
#
# Each takes ids and calls one function above. Delivery is at least once (late acknowledgement:
# a worker killed mid-task leaves its message to be delivered again), so every step is
# idempotent. Transient failures (database unavailable or locked, search cluster down) are retried
# with exponential backoff and jitter, a bounded number of times; bad input is never retried — it
# becomes the version's error.

# IntegrityError: two deliveries of one message racing to create the same report or version;
# the retry finds the row the other one made.
TRANSIENT_ERRORS = (TransientError, OperationalError, InterfaceError, IntegrityError)
# Backoff: base · 2^retry seconds (± 25 % jitter), at most RETRY_MAX_DELAY; after MAX_RETRIES the
# beat jobs take over (stuck uploads are re-queued, failed index writes retried).
RETRY_BASE_DELAY = settings.PIPELINE_RETRY_BASE_SECONDS
RETRY_MAX_DELAY = settings.PIPELINE_RETRY_MAX_SECONDS
MAX_RETRIES = settings.PIPELINE_MAX_RETRIES


def retry_delay(retries: int) -> float:
    """Seconds before retry number ``retries + 1``."""
    delay = min(RETRY_BASE_DELAY * 2**retries, RETRY_MAX_DELAY)
    return delay * random.uniform(0.75, 1.25)  # jitter, not security


def retry_or_give_up(task: Any, exc: Exception, what: str) -> None:
    """Retry ``task`` later; in the eager (embedded) setup give up quietly instead.

    Eager retries would run at once, inside the request that saved the upload, and fail the
    same way: the save must stand, so the beat jobs pick the work up later.
    """
    if task.request.is_eager:
        logger.warning(
            "%s: transient failure in-process (%s); left to the periodic jobs", what, exc
        )
        return
    logger.warning("%s: transient failure (%s); retry %s", what, exc, task.request.retries + 1)
    raise task.retry(exc=exc, countdown=retry_delay(task.request.retries), max_retries=MAX_RETRIES)


@shared_task(bind=True, name="gxnb_portal.process_version", acks_late=True)
def process_version(self: Any, version_id: int, force: bool = False) -> str:
    """Extract, parse, audit and index one uploaded version; returns the final status."""
    try:
        return version_process(version_id, force=force)
    except TRANSIENT_ERRORS as exc:
        retry_or_give_up(self, exc, f"version {version_id}")
        return "retry"


@shared_task(bind=True, name="gxnb_portal.reaudit_version", acks_late=True)
def reaudit_version(self: Any, version_id: int) -> str:
    try:
        return version_reaudit(version_id)
    except TRANSIENT_ERRORS as exc:
        retry_or_give_up(self, exc, f"re-audit of version {version_id}")
        return "retry"


@shared_task(name="gxnb_portal.reindex_report")
def reindex_report(report_id: int) -> bool:
    return report_reindex(report_id)
