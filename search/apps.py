from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete
        from django.test.signals import setting_changed

        from search import checks  # noqa: F401  (registers the system checks)

        def report_deleted(sender: object, instance: object, **kwargs: object) -> None:
            from search.services import delete_report

            report_id = instance.pk  # type: ignore[attr-defined]
            transaction.on_commit(lambda: delete_report(report_id))

        post_delete.connect(
            report_deleted, sender="gxnb_portal.Report", dispatch_uid="search_report_deleted"
        )

        def settings_changed(setting: str, **kwargs: object) -> None:
            if setting == "SEARCH_BACKENDS":
                from search.backends import reset_search_backends

                reset_search_backends()

        setting_changed.connect(settings_changed, dispatch_uid="search_settings_changed")
