"""Celery tasks of the audit app (autodiscovered by the project's Celery app): ids in, one service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="audit.reaudit_outdated_versions")
def reaudit_outdated_versions(limit: int | None = None) -> int:
    """Beat job: re-audit current versions when ``RULESET_VERSION`` has changed."""
    return services.reaudit_outdated(limit=limit)
