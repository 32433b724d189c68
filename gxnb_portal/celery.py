"""The Celery application.

Configured from Django settings (``CELERY_*``). With no ``CELERY_BROKER_URL`` the settings turn
on ``task_always_eager``, so ``.delay()`` runs the task in the calling process — the embedded
setup needs no broker and no worker. Start a worker with ``celery -A gxnb_portal.celery worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

app = Celery("gxnb_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gxnb_portal", "audit", "search"])
