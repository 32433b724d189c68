"""The project package: settings, urls, the Celery app, middleware and system checks."""

# The Celery app is created with the settings, so the apps' ``shared_task``s bind to it in every
# setup (worker, web process, the embedded eager mode).
from gxnb_portal.celery import app as celery_app

__all__ = ("celery_app",)
