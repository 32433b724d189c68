"""Writes and workflows on reports: upload, process (extract → parse → audit → index), re-runs.

The pipeline seam (docs/architecture.md)::

    report_upload ──on_commit──▶ tasks.process_version ──▶ version_process
        store original (sha256)      (Celery; in-process      read_report (parse)
        Report + ReportVersion        when no broker)          audit.services.audit_version
                                                               search.services.index_report

``audit`` and ``search`` are reached only through the hooks below, looked up at call time, so
this module imports neither (data flows one way) and works before they exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import importlib.util
import logging
import mimetypes
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone

from reports.models import Agency, Report, ReportVersion, original_path

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

Status = ReportVersion.Status

MSG_PARSER_MISSING = "解析器尚未完整安装，暂时无法解析此文件；原始文件已保存，安装后可重新解析。"
MSG_INTERNAL = "解析时发生内部错误，已记录日志，请联系管理员。原始文件已保存，可稍后重新解析。"
MSG_ORIGINAL_UNREADABLE = "原始文件无法读取，请联系管理员检查存储。"


# ---- upload -------------------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_upload(
    *,
    agency: Agency,
    year: int,
    file_bytes: bytes,
    filename: str,
    user: AbstractBaseUser | None = None,
    title: str = "",
    source_url: str = "",
    published: dt.date | None = None,
    enqueue: bool = True,
) -> ReportVersion:
    """Store an uploaded report file and queue it for processing.

    Creates the (agency, year) report if needed and adds a version that becomes current —
    unless this exact file (same SHA-256) is already a version of the report: then that version
    is returned and nothing is added. Non-empty ``title``/``source_url``/``published`` update
    the report. Processing starts after the transaction commits (``enqueue=False``: the caller
    runs :func:`version_process` itself — bulk import does, inside its own task).
    """
    if not file_bytes:
        raise ValidationError("上传的文件是空的。")
    sha256 = sha256_of(file_bytes)
    # Written before the rows: a stored file without a row is harmless (content-addressed, reused
    # by the next upload), a row whose file is missing is not.
    stored_name = original_store(sha256, file_bytes)

    with transaction.atomic():
        report, _ = Report.objects.get_or_create(agency=agency, year=year)
        # Lock the report so concurrent uploads number their versions one after the other.
        report = Report.objects.select_for_update().get(pk=report.pk)
        _update_report_metadata(report, title=title, source_url=source_url, published=published)

        existing = report.versions.filter(sha256=sha256).first()
        if existing is not None:
            return existing

        last = report.versions.aggregate(n=Max("number"))["n"] or 0
        report.versions.filter(is_current=True).update(is_current=False)
        version = ReportVersion.objects.create(
            report=report,
            number=last + 1,
            sha256=sha256,
            original=stored_name,
            filename=_clean_filename(filename),
            size=len(file_bytes),
            content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            is_current=True,
            status=Status.UPLOADED,
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )
        if enqueue:
            version_enqueue(version)
    return version


def version_enqueue(version: ReportVersion, *, force: bool = False) -> None:
    """Process ``version`` once the surrounding transaction has committed."""
    from reports.tasks import process_version

    version_id = version.pk
    transaction.on_commit(lambda: process_version.delay(version_id, force=force))


def original_store(sha256: str, data: bytes) -> str:
    """Store ``data`` under its hash (idempotent); returns the storage name."""
    name = original_path(sha256)
    if default_storage.exists(name):
        if default_storage.size(name) == len(data):
            return name
        # A partial file from a crashed write. Originals are never deleted, so keep it for
        # inspection and store these (verified) bytes beside it under a free name.
        logger.error("original %s has the wrong size; storing a fresh copy", name)
    return default_storage.save(name, ContentFile(data))


def original_read(sha256: str) -> bytes:
    """The stored bytes of the file with this hash."""
    with default_storage.open(original_path(sha256), "rb") as fh:
        return fh.read()


def _clean_filename(filename: str) -> str:
    # Browsers on Windows may send a full path; keep the last component only.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "report")[:255]


def _update_report_metadata(
    report: Report, *, title: str, source_url: str, published: dt.date | None
) -> None:
    changed = []
    for field, value in (("title", title), ("source_url", source_url), ("published", published)):
        if value and getattr(report, field) != value:
            setattr(report, field, value)
            changed.append(field)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])


# ---- processing ---------------------------------------------------------------------------------


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
    return f"{version.sha256}:{_parser_version()}:{_ruleset_version()}"


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
            return version.status
        _store_record(version, record)
        _fill_report_metadata_from_record(report, record)

    if version.status == Status.FAILED or version.record is None:
        return version.status
    if force or not _audited_by_installed_rules(version):
        _run_audit(version)
    elif version.status == Status.PARSED:
        version.status = Status.AUDITED
        version.save(update_fields=["status"])
    if version.is_current and (force or version.status != Status.INDEXED):
        if not _run_index(version):
            raise IndexUnavailable(f"search index write failed for report {report.pk}")
    return version.status


def _parsed_by_installed_parser(version: ReportVersion) -> bool:
    if version.status == Status.UPLOADED or version.parser_version != _parser_version():
        return False
    # A failure by this parser stays a failure: the same bytes give the same error.
    return version.status == Status.FAILED or version.record is not None


def _audited_by_installed_rules(version: ReportVersion) -> bool:
    ruleset = _ruleset_version()
    if not ruleset:
        return True  # no audit app: nothing to do
    run = getattr(version, "audit_run", None) if _hook("audit.services", "audit_version") else None
    return run is not None and run.ruleset_version == ruleset


def _store_record(version: ReportVersion, record: dict[str, Any]) -> None:
    version.record = record
    version.extracted_text = str(record.get("text") or "")
    version.parser_version = _parser_version()
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
    from reader.extract.blocks import ExtractionError

    read_report = _hook("reader.parse", "read_report")
    if read_report is None:
        _fail(version, MSG_PARSER_MISSING)
        return None
    try:
        data = version.read_original()
    except OSError:
        logger.exception("cannot read original of version %s", version.pk)
        _fail(version, MSG_ORIGINAL_UNREADABLE)
        return None

    report = version.report
    try:
        record = read_report(
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
    except ImportError:
        # Part of the parser (an extractor, the table reader) is not installed yet.
        logger.exception("parser incomplete while reading version %s", version.pk)
        _fail(version, MSG_PARSER_MISSING)
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
    version.parser_version = _parser_version()
    version.processed_at = timezone.now()
    version.save(update_fields=["status", "error", "parser_version", "processed_at"])


def _parser_version() -> str:
    module = _module("reader.parse")
    return str(getattr(module, "PARSER_VERSION", "")) if module else ""


def _ruleset_version() -> str:
    module = _module("audit.rules")
    return str(getattr(module, "RULESET_VERSION", "")) if module else ""


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
    audit_version = _hook("audit.services", "audit_version")
    if audit_version is None:
        return False
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
    return True


def _run_index(version: ReportVersion) -> bool:
    index_report = _hook("search.services", "index_report")
    if index_report is None:
        return False
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


# ---- re-runs (admin actions, beat) -------------------------------------------------------------


def report_reparse(report: Report) -> ReportVersion | None:
    """Queue the current version for extraction and parsing again."""
    version = report.current_version
    if version is not None:
        version_enqueue(version, force=True)
    return version


def version_reaudit(version_id: int) -> str:
    version = ReportVersion.objects.select_related("report__agency").get(pk=version_id)
    if version.record is None:
        return version.status
    _run_audit(version)
    return version.status


def report_reindex(report_id: int) -> bool:
    version = ReportVersion.objects.filter(report_id=report_id, is_current=True).first()
    if version is None or version.record is None:
        return False
    return _run_index(version)


def versions_requeue_stuck(older_than: dt.timedelta = dt.timedelta(minutes=15)) -> int:
    """Re-queue versions still 已上传 long after upload (a lost message or a killed worker)."""
    from reports.tasks import process_version

    cutoff = timezone.now() - older_than
    ids = list(
        ReportVersion.objects.filter(status=Status.UPLOADED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for version_id in ids:
        process_version.delay(version_id)
    return len(ids)


def versions_reparse_outdated(limit: int = 500) -> int:
    """Queue current versions read by another parser version than the installed one.

    Originals are kept, so a better parser improves every stored report; ``limit`` spreads a
    large backlog over several beat runs.
    """
    from reports.tasks import process_version

    current = _parser_version()
    if not current:
        return 0
    ids = list(
        ReportVersion.objects.filter(is_current=True)
        .exclude(status=Status.UPLOADED)
        .exclude(parser_version=current)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for version_id in ids:
        process_version.delay(version_id)
    return len(ids)


# ---- hooks --------------------------------------------------------------------------------------


def _module(name: str) -> Any:
    """Import ``name`` if it exists; a module that exists but fails to import still raises."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:  # a parent package is missing
        return None
    return importlib.import_module(name)


def _hook(module: str, function: str) -> Callable[..., Any] | None:
    mod = _module(module)
    func = getattr(mod, function, None) if mod is not None else None
    return func if callable(func) else None


# ---- search index consistency (beat, nightly) ----------------------------------------------------


def search_index_check(*, sample: int = 50) -> dict[str, int]:
    """Check that the search index agrees with the database, and repair what does not.

    Compares the number of public reports with the number of index documents, and for a random
    sample of public reports that each has a document for its current version. Missing or stale
    sampled documents are re-indexed; when the counts still differ afterwards the index is rebuilt
    from the database (search stays up meanwhile: the backends swap atomically).
    """
    from reports.selectors import reports_public

    search_services = _module("search.services")
    backends = _module("search.backends")
    documents = _module("search.documents")
    if search_services is None or backends is None or documents is None:
        return {}
    backend = backends.get_search_backend()
    public = reports_public()
    expected = public.count()
    found = backend.count()
    ids = list(public.order_by("?").values_list("pk", flat=True)[:sample])
    repaired = 0
    for report in Report.objects.select_related("agency").filter(pk__in=ids):
        stored = backend.get(report.pk)
        fresh = documents.report_document(report)
        if stored is None or fresh is None or stored.to_json() != fresh.to_json():
            repaired += int(bool(search_services.index_report(report)))
    rebuilt = 0
    if backend.count() != expected:
        logger.warning("search index holds %s documents, database %s: rebuilding", found, expected)
        rebuilt = search_services.rebuild_index()
    return {
        "database": expected,
        "index": found,
        "sampled": len(ids),
        "repaired": repaired,
        "rebuilt": rebuilt,
    }
