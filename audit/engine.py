"""Run every registered rule on a record: ``run_rules(record, previous=None, metadata=None)``.

Pure Python on the record dict (no database), used by the ``audit_file`` command and by
``audit.services`` for stored findings. Rules read the record; nothing here modifies it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from reader.record import Record

from .rules import Context, Finding, all_rules

logger = logging.getLogger(__name__)


def silenced_rules() -> frozenset[str]:
    """Rule IDs switched off by the ``AUDIT_SILENCED_RULES`` setting (none by default)."""
    try:
        from django.conf import settings

        ids = getattr(settings, "AUDIT_SILENCED_RULES", [])
    except Exception:  # settings not configured (plain-Python use of the engine)
        ids = []
    return frozenset(ids or [])


def run_findings(
    record: Record,
    previous: Record | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """All findings for ``record`` as :class:`Finding` objects, sorted (severity, rule, target).

    ``previous`` is the same agency's record for the year before (cross-year rules run only with
    it); ``metadata`` overrides what the parser read (``year``, ``level``, ``published``,
    ``agency``).
    """
    context = Context(record=record, previous=previous, metadata=dict(metadata or {}))
    silenced = silenced_rules()
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.id in silenced:
            continue
        try:
            findings.extend(rule.check(record, context))
        except Exception:
            # One broken rule must not cost a report all its other findings; the log names it
            # and the tests (which call rules directly) keep it from being silent there.
            logger.exception("audit rule %s failed on %s", rule.id, record.get("source"))
    # A rule yields a target at most once; keep the first if two facts led to the same place.
    unique: dict[tuple[str, str | None], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.rule, finding.target), finding)
    return sorted(unique.values(), key=Finding.sort_key)


def run_rules(
    record: Record,
    previous: Record | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Findings for ``record`` in the ``record.md`` shape, sorted (severity, rule, target)."""
    return [f.as_dict() for f in run_findings(record, previous=previous, metadata=metadata)]
