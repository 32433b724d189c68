"""Moving the domain code into ``reports/`` changed no name the database knows.

A database made before the move holds migrations, tables, content types and permissions under the
app label ``gxnb_portal``; the domain app keeps that label, so such a database needs no migration
and no row changes (checked by hand on a demo database: docs/architecture.md).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Permission
from django.db.migrations.loader import MigrationLoader

HISTORIC_MIGRATIONS = {"0001_initial", "0002_auditor_region_message", "0003_import_batches"}


def test_the_domain_app_keeps_the_historic_label():
    config = apps.get_app_config("gxnb_portal")
    assert config.name == "reports"
    assert {m._meta.db_table for m in config.get_models()} >= {
        "gxnb_portal_agency",
        "gxnb_portal_report",
        "gxnb_portal_reportversion",
        "gxnb_portal_staffprofile",
        "gxnb_portal_importbatch",
        "gxnb_portal_importitem",
    }


def test_the_historic_migrations_are_found_under_the_same_names():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = {name for app, name in loader.disk_migrations if app == "gxnb_portal"}
    assert names >= HISTORIC_MIGRATIONS
    assert loader.disk_migrations[("gxnb_portal", "0001_initial")].__module__.startswith(
        "reports.migrations"
    )


def test_permissions_keep_their_codenames_under_the_label(db):
    assert Permission.objects.filter(
        content_type__app_label="gxnb_portal", codename="change_report"
    ).exists()
