"""Celery tasks of the audit app (autodiscovered by ``gxnb_portal.celery``): ids in, one service."""

from __future__ import annotations

from gxnb_portal.celery import app

from . import services


@app.task(name="audit.reaudit_outdated_versions")
def reaudit_outdated_versions(limit: int | None = None) -> int:
    """Beat job: re-audit current versions when ``RULESET_VERSION`` has changed."""
    return services.reaudit_outdated(limit=limit)
