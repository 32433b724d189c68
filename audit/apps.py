from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审核"

    def ready(self) -> None:
        from audit import checks  # noqa: F401  (registers the system checks)
