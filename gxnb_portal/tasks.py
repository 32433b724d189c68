"""Celery tasks: each takes ids, fetches, calls one service (HackSoft style).

Tasks are bound to the project's app explicitly (not ``shared_task``) so they work even when
nothing imported :mod:`gxnb_portal.celery` first — e.g. in the embedded, eager setup.
"""

from __future__ import annotations

from gxnb_portal import services
from gxnb_portal.celery import app


@app.task(name="gxnb_portal.process_version")
def process_version(version_id: int) -> str:
    """Extract, parse, audit and index one uploaded version; returns the final status."""
    return services.version_process(version_id)


@app.task(name="gxnb_portal.reaudit_version")
def reaudit_version(version_id: int) -> str:
    return services.version_reaudit(version_id)


@app.task(name="gxnb_portal.reindex_report")
def reindex_report(report_id: int) -> bool:
    return services.report_reindex(report_id)


@app.task(name="gxnb_portal.requeue_stuck_versions")
def requeue_stuck_versions() -> int:
    """Beat job: versions left at 已上传 (a worker died, a broker hiccup) are processed again."""
    return services.versions_requeue_stuck()


@app.task(name="gxnb_portal.reparse_outdated_versions")
def reparse_outdated_versions() -> int:
    """Beat job: re-parse current versions when ``PARSER_VERSION`` has changed."""
    return services.versions_reparse_outdated()
