from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gxnb_portal"
    verbose_name = "年报"
