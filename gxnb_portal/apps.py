from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project package: settings, urls, Celery, middleware and the system checks.

    It has no models; its label differs from the package name because the domain app
    (:mod:`reports`) keeps the historical label ``gxnb_portal`` for its tables and migrations.
    """

    name = "gxnb_portal"
    label = "portal_project"
    verbose_name = "公开年报"

    def ready(self) -> None:
        from gxnb_portal import checks  # noqa: F401  (registers the system checks)
        from gxnb_portal.tempfiles import sweep_upload_temp_dir

        sweep_upload_temp_dir()  # uploads cut off by a killed process


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name (the admin shows it as a group of its own)."""

    verbose_name = "登录防护"
