from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gxnb_portal"
    verbose_name = "年报"


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name (the admin shows it as a group of its own)."""

    verbose_name = "登录防护"
