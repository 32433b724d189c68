"""Staff corrections as actions: store, apply, then re-audit and re-index the report at once.

:mod:`reports.corrections` stores and applies corrections (and is the pipeline's hook after a
parse, so it cannot call the pipeline back); this module is what the admin calls. The re-audit
and re-index are the pipeline's own steps (:func:`reports.pipeline.version_reaudit`,
:func:`reports.pipeline.report_reindex`): the same error handling and status changes as an
upload — a failing audit is logged on the version and never undoes the correction, a failed index
write is queued for retry by the search service.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports import pipeline
from reports.corrections import save_cells, save_confirmation, save_section
from reports.models import Correction, ReportVersion

__all__ = ["confirm", "correct_cell", "correct_cells", "correct_section"]


def _refresh(version: ReportVersion) -> None:
    pipeline.version_reaudit(version.pk)
    if version.is_current:
        pipeline.report_reindex(version.report_id)
    version.refresh_from_db()


def correct_cells(
    version: ReportVersion, user: Any, typed: Mapping[str, Any], *, comment: str = ""
) -> list[Correction]:
    """Correct several cells (:func:`reports.corrections.save_cells`), then one re-audit."""
    made = save_cells(version, user, typed, comment=comment)
    if made:
        _refresh(version)
    return made


def correct_cell(
    version: ReportVersion, user: Any, target: str, raw: Any, *, comment: str = ""
) -> Correction | None:
    """One cell; ``None`` when the value is unchanged."""
    made = correct_cells(version, user, {target: raw}, comment=comment)
    return made[0] if made else None


def correct_section(
    version: ReportVersion,
    user: Any,
    key: str,
    *,
    heading: str | None,
    end: str | None = None,
    occurrence: int | None = None,
    comment: str = "",
) -> Correction | None:
    """Correct where a section starts / ends (:func:`reports.corrections.save_section`)."""
    made = save_section(
        version, user, key, heading=heading, end=end, occurrence=occurrence, comment=comment
    )
    if made is not None:
        _refresh(version)
    return made


def confirm(version: ReportVersion, row: Correction, user: Any) -> Correction:
    """Confirm a correction flagged 待复核 (the record does not change: no re-audit)."""
    return save_confirmation(version, row, user)
