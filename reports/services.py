"""Writes on reports: upload (store the original, add a version, queue it), re-runs.

Processing a version (extract → parse → store → audit → index) is :mod:`reports.pipeline`::

    report_upload ──on_commit──▶ tasks.process_version ──▶ pipeline.version_process
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reader.parse import PARSER_VERSION
from reports import outbox, pipeline
from reports.models import Agency, Report, ReportVersion, original_path

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

Status = ReportVersion.Status


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
    received_at: dt.datetime | None = None,
    identity_problems: list[str] | None = None,
) -> ReportVersion:
    """Store an uploaded report file and queue it for processing.

    Creates the (agency, year) report if needed and adds a version — unless this exact file
    (same SHA-256) is already a version of the report: then that version is returned and
    nothing at all is written (a redelivered task changes nothing). The first version of a
    report is current at once; a later one becomes current only once it has been processed and
    audited successfully and is the newest upload (:func:`pipeline.version_promote`), so the
    published version stays online until then. ``received_at`` is when the file reached the
    portal (bulk import: the batch's upload); non-empty ``title``/``source_url``/``published``
    update the report when this is its newest upload. Processing starts after the transaction
    commits (``enqueue=False``: the caller runs :func:`version_process` itself — bulk import
    does, inside its own task). ``identity_problems``: what the upload check
    (:func:`reports.identity.upload_problems`) found and the uploader went ahead with — kept on
    the version, and the report is held back from the public until an auditor clears it.
    """
    if not file_bytes:
        raise ValidationError("上传的文件是空的。")
    sha256 = sha256_of(file_bytes)
    received_at = received_at or timezone.now()
    # Written before the rows: a stored file without a row is harmless (content-addressed, reused
    # by the next upload), a row whose file is missing is not.
    stored_name = original_store(sha256, file_bytes)

    with transaction.atomic():
        report, _ = Report.objects.get_or_create(agency=agency, year=year)
        # Lock the report so concurrent uploads number their versions one after the other. Lock
        # order everywhere: the report, then its versions. FOR NO KEY UPDATE: inserting rows
        # that point at the report (versions, findings, reviews) need not wait for it.
        report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)

        existing = report.versions.filter(sha256=sha256).first()
        if existing is not None:
            return existing

        newest = report.versions.order_by("-received_at", "-number").first()
        if newest is None or received_at >= newest.received_at:
            # An older file processed late must not overwrite what a newer upload said.
            _update_report_metadata(report, title=title, source_url=source_url, published=published)
        last = report.versions.aggregate(n=Max("number"))["n"] or 0
        has_current = report.versions.filter(is_current=True).exists()
        version = ReportVersion.objects.create(
            report=report,
            number=last + 1,
            sha256=sha256,
            original=stored_name,
            filename=_clean_filename(filename),
            size=len(file_bytes),
            content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            is_current=not has_current,
            status=Status.UPLOADED,
            uploaded_by=user if user is not None and user.is_authenticated else None,
            received_at=received_at,
            identity_problems=list(identity_problems or []),
        )
        if enqueue:
            version_enqueue(version)
    return version


def version_enqueue(version: ReportVersion, *, force: bool = False) -> None:
    """Process ``version`` once the surrounding transaction has committed.

    Through the outbox: when the broker is down the upload still stands and the task is sent
    as soon as the broker answers again (:mod:`reports.outbox`).
    """
    outbox.enqueue(pipeline.process_version, [((version.pk,), {"force": force})])


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


# ---- re-runs (admin actions, beat) -------------------------------------------------------------


def report_reparse(report: Report) -> ReportVersion | None:
    """Queue the current version for extraction and parsing again."""
    version = report.current_version
    if version is not None:
        version_enqueue(version, force=True)
    return version


def versions_requeue_stuck(older_than: dt.timedelta = dt.timedelta(minutes=15)) -> int:
    """Re-queue versions still 已上传 long after upload (a lost message or a killed worker)."""
    cutoff = timezone.now() - older_than
    ids = list(
        ReportVersion.objects.filter(status=Status.UPLOADED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    versions_requeue(ids)
    return len(ids)


def versions_requeue(ids: list[int], *, force: bool = False) -> None:
    """Queue these versions for processing (``manage.py requeue``, the sweeps)."""
    outbox.enqueue(pipeline.process_version, [((pk,), {"force": force}) for pk in ids])


def versions_reparse_outdated(limit: int = 500) -> int:
    """Queue current versions read by another parser version than the installed one.

    Originals are kept, so a better parser improves every stored report; ``limit`` spreads a
    large backlog over several beat runs.
    """
    current = PARSER_VERSION
    ids = list(
        ReportVersion.objects.filter(is_current=True)
        .exclude(status=Status.UPLOADED)
        .exclude(parser_version=current)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for version_id in ids:
        pipeline.process_version.delay(version_id)
    return len(ids)
