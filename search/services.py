"""Keeping the index true: index, delete, retry, rebuild. The pipeline calls these.

None of them raises into the caller: an index write that fails is logged, the report is put on
the retry queue (:class:`search.models.IndexQueue`) and ``False`` is returned, so a staff
member's save always stands. ``rebuild_index`` is the exception: an operator runs it and must
see a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.db.models import F
from django.utils import timezone

from reports.models import Report
from reports.selectors import reports_public
from search.backends import get_search_backend
from search.backends.base import SearchDocument
from search.documents import report_document
from search.models import IndexQueue
from search.result_cache import index_changed

logger = logging.getLogger(__name__)


def index_report(report: Report) -> bool:
    """Index ``report``'s current version (or remove it when it has none the public may read)."""
    try:
        # Held back or otherwise not public: out of the index.
        public = reports_public().filter(pk=report.pk).exists()
        doc = report_document(report) if public else None
        backend = get_search_backend()
        if doc is None:
            backend.delete([report.pk])
        else:
            backend.index([doc])
    except Exception as exc:
        logger.exception("search index write failed for report %s; queued for retry", report.pk)
        _queue(report.pk, IndexQueue.Action.INDEX, exc)
        return False
    finally:
        index_changed()
    _dequeue(report.pk)
    return True


def delete_report(report_id: int) -> bool:
    """Remove a report from the index (it was deleted or withdrawn)."""
    try:
        get_search_backend().delete([report_id])
    except Exception as exc:
        logger.exception("search index delete failed for report %s; queued for retry", report_id)
        _queue(report_id, IndexQueue.Action.DELETE, exc)
        return False
    finally:
        index_changed()
    _dequeue(report_id)
    return True


def retry_pending(*, limit: int = 200) -> int:
    """Retry queued index writes that are due; returns how many succeeded."""
    done = 0
    due = IndexQueue.objects.filter(next_attempt_at__lte=timezone.now())[:limit]
    for item in due:
        if item.action == IndexQueue.Action.DELETE:
            ok = delete_report(item.report_id)
        else:
            report = Report.objects.select_related("agency").filter(pk=item.report_id).first()
            ok = index_report(report) if report is not None else delete_report(item.report_id)
        done += int(ok)
    return done


def public_documents() -> Iterator[SearchDocument]:
    """The document of every report the public may read, from the database."""
    reports = reports_public().order_by("pk")
    for report in reports.iterator(chunk_size=500):
        versions = [v for v in report.versions.all() if v.is_current]
        doc = report_document(report, versions[0] if versions else None)
        if doc is not None:
            yield doc


def rebuild_index() -> int:
    """Rebuild the whole index from the database; search stays up meanwhile (new index/file,
    then an atomic swap). Clears the retry queue: everything is fresh."""
    started = timezone.now()
    try:
        count = get_search_backend().rebuild(public_documents())
    finally:
        index_changed()
    IndexQueue.objects.filter(updated_at__lte=started).delete()
    return count


def _queue(report_id: int, action: str, exc: BaseException) -> None:
    try:
        item, created = IndexQueue.objects.get_or_create(
            report_id=report_id, defaults={"action": action}
        )
        attempts = 1 if created else item.attempts + 1
        IndexQueue.objects.filter(pk=item.pk).update(
            action=action,
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + IndexQueue.backoff(attempts),
        )
    except Exception:
        # Even the queue is unavailable (database down): the periodic rebuild heals it.
        logger.exception("could not queue report %s for search retry", report_id)


def _dequeue(report_id: int) -> None:
    try:
        IndexQueue.objects.filter(report_id=report_id).delete()
    except Exception:
        logger.exception("could not clear search retry for report %s", report_id)


# ---- index consistency (beat, nightly) ----------------------------------------------------------


def index_check(*, sample: int = 50) -> dict[str, int]:
    """Check that the search index agrees with the database, and repair what does not.

    Compares the number of public reports with the number of index documents, and for a random
    sample of public reports that each has a document for its current version. Missing or stale
    sampled documents are re-indexed; when the counts still differ afterwards the index is rebuilt
    from the database (search stays up meanwhile: the backends swap atomically).
    """
    backend = get_search_backend()
    public = reports_public()
    expected = public.count()
    found = backend.count()
    ids = list(public.order_by("?").values_list("pk", flat=True)[:sample])
    repaired = 0
    for report in Report.objects.select_related("agency").filter(pk__in=ids):
        stored = backend.get(report.pk)
        fresh = report_document(report)
        if stored is None or fresh is None or stored.to_json() != fresh.to_json():
            repaired += int(bool(index_report(report)))
    rebuilt = 0
    if backend.count() != expected:
        logger.warning("search index holds %s documents, database %s: rebuilding", found, expected)
        rebuilt = rebuild_index()
    return {
        "database": expected,
        "index": found,
        "sampled": len(ids),
        "repaired": repaired,
        "rebuilt": rebuilt,
    }
