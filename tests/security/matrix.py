"""The declared access rules: every URL pattern and every API operation → the roles allowed.

This is the specification the permission-matrix test checks the running portal against. A view
or API operation missing here fails ``test_every_url_pattern_has_a_declared_rule`` /
``test_every_api_operation_has_a_declared_rule``: whoever adds one decides who may use it.

Objects named in URLs belong to region A: ``report`` is agency A's report (东城区财政局, with
findings), ``agency`` is agency A. So "clerk_a" (录入员 of agency A) and "auditor_a" (审核员 of
region A) are in scope and "clerk_b" / "auditor_b" are not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "clerk_a", "clerk_b", "auditor_a", "auditor_b", "admin")

ALL = frozenset(ROLES)
STAFF = ALL - {"anonymous"}
ADMIN = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()
IN_SCOPE = frozenset({"clerk_a", "auditor_a", "admin"})
CLERKS = frozenset({"clerk_a", "clerk_b", "admin"})
REVIEWERS = frozenset({"auditor_a", "auditor_b", "admin"})
REVIEWERS_IN_SCOPE = frozenset({"auditor_a", "admin"})

Objects = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """Who may use one route. ``url`` builds the concrete URL from the test objects."""

    allowed: frozenset[str]
    url: Callable[[Objects], str]
    method: str = "GET"
    data: Callable[[Objects], Any] = field(default=lambda o: {})
    json: bool = False  # send ``data`` as a JSON body (API writes)


def fixed(path: str) -> Callable[[Objects], str]:
    return lambda o: path


def _admin_model(
    app: str,
    model: str,
    pk: Callable[[Objects], Any],
    *,
    view: frozenset[str],
    add: frozenset[str],
    delete: frozenset[str],
    listing: frozenset[str] = STAFF,
) -> dict[str, Rule]:
    base = f"admin/{app}/{model}/"
    return {
        base: Rule(listing, fixed(f"/{base}")),
        f"{base}add/": Rule(add, fixed(f"/{base}add/")),
        f"{base}<path:object_id>/history/": Rule(view, lambda o: f"/{base}{pk(o)}/history/"),
        f"{base}<path:object_id>/delete/": Rule(delete, lambda o: f"/{base}{pk(o)}/delete/"),
        f"{base}<path:object_id>/change/": Rule(view, lambda o: f"/{base}{pk(o)}/change/"),
        # The bare object URL redirects to …/change/ (followed by the test).
        f"{base}<path:object_id>/": Rule(view, lambda o: f"/{base}{pk(o)}/"),
    }


URL_RULES: dict[str, Rule] = {
    # ---- public pages
    "": Rule(ALL, fixed("/")),
    "search/": Rule(ALL, fixed("/search/?q=公开")),
    "reports/<int:pk>/": Rule(ALL, lambda o: f"/reports/{o['report'].pk}/"),
    # The original file of a report the public may read (a download, never rendered).
    "reports/<int:pk>/original/": Rule(ALL, lambda o: f"/reports/{o['report'].pk}/original/"),
    "stats/": Rule(ALL, fixed("/stats/")),
    # ---- the audit workspace
    "audit/": Rule(STAFF, fixed("/audit/")),
    "audit/dashboard/": Rule(REVIEWERS, fixed("/audit/dashboard/")),
    "audit/export.<str:kind>": Rule(REVIEWERS, fixed("/audit/export.csv")),
    "audit/reports/<int:pk>/": Rule(IN_SCOPE, lambda o: f"/audit/reports/{o['report'].pk}/"),
    "audit/bulk/": Rule(REVIEWERS, fixed("/audit/bulk/"), "POST", lambda o: {"action": "assign"}),
    "audit/reports/<int:pk>/<str:action>/": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/audit/reports/{o['report'].pk}/assign/",
        "POST",
        lambda o: {"assignee": ""},
    ),
    "audit/findings/<int:pk>/<str:action>/": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/audit/findings/{o['finding'].pk}/comment/",
        "POST",
        lambda o: {"comment": "请核对"},
    ),
    # ---- the admin site
    "admin/": Rule(STAFF, fixed("/admin/")),
    "admin/login/": Rule(ALL, fixed("/admin/login/")),
    # Anonymous visitors are sent to the login page: there is nothing to log out.
    "admin/logout/": Rule(STAFF, fixed("/admin/logout/"), "POST"),
    "admin/password_change/": Rule(STAFF, fixed("/admin/password_change/")),
    "admin/password_change/done/": Rule(STAFF, fixed("/admin/password_change/done/")),
    "admin/autocomplete/": Rule(
        STAFF,
        fixed(
            "/admin/autocomplete/?app_label=gxnb_portal&model_name=agency&field_name=parent&term=云"
        ),
    ),
    "admin/jsi18n/": Rule(STAFF, fixed("/admin/jsi18n/")),
    "admin/search/": Rule(STAFF, fixed("/admin/search/?s=云州")),
    "admin/r/<path:content_type_id>/<path:object_id>/": Rule(
        STAFF, lambda o: f"/admin/r/{o['report_ct']}/{o['report'].pk}/"
    ),
    # The app index; its regex lists the registered apps, normalised by the test to this key.
    "admin/<app_label>/": Rule(STAFF, fixed("/admin/gxnb_portal/")),
    # Catch-all: a 404 page for staff, the login page for anyone else.
    "admin/(?P<url>.*)$": Rule(NOBODY, fixed("/admin/no-such-page/")),
    "admin/gxnb_portal/report/<path:object_id>/versions/<int:version_id>/original/": Rule(
        IN_SCOPE,
        lambda o: (
            f"/admin/gxnb_portal/report/{o['report'].pk}/versions/{o['version'].pk}/original/"
        ),
    ),
    # Corrections of parsed records (reports/admin_corrections.py): the page of a
    # version for whoever may see and correct the report; the list is read only, never added to
    # or deleted from (the history of corrections is kept).
    "admin/gxnb_portal/report/<path:object_id>/versions/<int:version_id>/corrections/": Rule(
        IN_SCOPE,
        lambda o: (
            f"/admin/gxnb_portal/report/{o['report'].pk}/versions/{o['version'].pk}/corrections/"
        ),
    ),
    **_admin_model(
        "gxnb_portal",
        "correction",
        lambda o: o["correction"].pk,
        view=IN_SCOPE,
        add=NOBODY,
        delete=NOBODY,
    ),
    **_admin_model(
        "gxnb_portal", "agency", lambda o: o["agency"].pk, view=IN_SCOPE, add=ADMIN, delete=ADMIN
    ),
    # Reports and versions are never deleted, by anyone (originals are kept forever).
    **_admin_model(
        "gxnb_portal", "report", lambda o: o["report"].pk, view=IN_SCOPE, add=CLERKS, delete=NOBODY
    ),
    **_admin_model(
        "gxnb_portal",
        "reportversion",
        lambda o: o["version"].pk,
        view=IN_SCOPE,
        add=NOBODY,
        delete=NOBODY,
    ),
    # The matrix's finding is still 待审核: a clerk sees only confirmed findings, in the admin as
    # in the workspace (audit.selectors.findings_visible_to).
    **_admin_model(
        "audit",
        "finding",
        lambda o: o["finding"].pk,
        view=REVIEWERS_IN_SCOPE,
        add=NOBODY,
        delete=NOBODY,
    ),
    # Bulk import (reports/admin_batches.py): whoever may add reports uploads batches; a batch
    # is seen by its uploader (clerk_a here) and 管理员, and is never edited or deleted.
    **_admin_model(
        "gxnb_portal",
        "importbatch",
        lambda o: o["batch"].pk,
        view=frozenset({"clerk_a", "admin"}),
        add=CLERKS,
        delete=NOBODY,
        listing=CLERKS,
    ),
    "admin/gxnb_portal/importbatch/<int:batch_id>/progress.json": Rule(
        frozenset({"clerk_a", "admin"}),
        lambda o: f"/admin/gxnb_portal/importbatch/{o['batch'].pk}/progress.json",
    ),
    "admin/gxnb_portal/importbatch/<int:batch_id>/retry/": Rule(
        frozenset({"clerk_a", "admin"}),
        lambda o: f"/admin/gxnb_portal/importbatch/{o['batch'].pk}/retry/",
        "POST",
    ),
    "admin/gxnb_portal/importbatch/<int:batch_id>/items/<int:item_id>/assign/": Rule(
        frozenset({"clerk_a", "admin"}),
        lambda o: (
            f"/admin/gxnb_portal/importbatch/{o['batch'].pk}/items/{o['batch_item'].pk}/assign/"
        ),
        "POST",
        lambda o: {"agency": o["agency"].pk, "year": 2022},
    ),
    # The search retry queue (search/admin.py): operations staff only; entries come from failed
    # index writes and are never added or edited by hand.
    **_admin_model(
        "search",
        "indexqueue",
        lambda o: o["index_entry"].pk,
        view=ADMIN,
        add=NOBODY,
        delete=ADMIN,
        listing=ADMIN,
    ),
    **_admin_model(
        "auth",
        "user",
        lambda o: o["clerk_a"].pk,
        view=ADMIN,
        add=ADMIN,
        delete=ADMIN,
        listing=ADMIN,
    ),
    **_admin_model(
        "auth", "group", lambda o: o["group"].pk, view=ADMIN, add=ADMIN, delete=ADMIN, listing=ADMIN
    ),
    "admin/auth/user/<id>/password/": Rule(
        ADMIN, lambda o: f"/admin/auth/user/{o['clerk_a'].pk}/password/"
    ),
    **{
        route: rule
        for model, pk in (
            ("accessattempt", "attempt"),
            ("accesslog", "access_log"),
            ("accessfailurelog", "failure_log"),
        )
        for route, rule in _admin_model(
            "axes",
            model,
            (lambda key: lambda o: o[key].pk)(pk),
            view=ADMIN,
            add=NOBODY,  # lock-out records come from failed logins only
            delete=ADMIN,
            listing=ADMIN,
        ).items()
    },
    # ---- the API's own Django routes (operations are in API_RULES)
    # ninja's root route answers 404 to everyone (no operation lives there).
    "api/": Rule(NOBODY, fixed("/api/")),
    "api/openapi.json": Rule(ALL, fixed("/api/openapi.json")),
    "api/docs": Rule(ALL, fixed("/api/docs")),
}


API_RULES: dict[str, Rule] = {
    "GET /api/health": Rule(ALL, fixed("/api/health")),
    "GET /api/search": Rule(ALL, fixed("/api/search?q=公开")),
    "GET /api/reports": Rule(ALL, fixed("/api/reports")),
    "GET /api/reports/{report_id}": Rule(ALL, lambda o: f"/api/reports/{o['report'].pk}"),
    "POST /api/audit/token": Rule(STAFF, fixed("/api/audit/token"), "POST", json=True),
    "GET /api/audit/queue": Rule(STAFF, fixed("/api/audit/queue")),
    "GET /api/audit/reports/{report_id}": Rule(
        IN_SCOPE, lambda o: f"/api/audit/reports/{o['report'].pk}"
    ),
    # The full processing history (incl. dismissed findings) is for reviewers only.
    "GET /api/audit/reports/{report_id}/history": Rule(
        REVIEWERS_IN_SCOPE, lambda o: f"/api/audit/reports/{o['report'].pk}/history"
    ),
    "POST /api/audit/findings/{finding_id}/{action}": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/api/audit/findings/{o['finding'].pk}/comment",
        "POST",
        lambda o: {"comment": "请核对"},
        json=True,
    ),
    "POST /api/audit/reports/{report_id}/assign": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/api/audit/reports/{o['report'].pk}/assign",
        "POST",
        lambda o: {"assignee_id": None},
        json=True,
    ),
    "POST /api/audit/reports/{report_id}/rectify": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/api/audit/reports/{o['report'].pk}/rectify",
        "POST",
        lambda o: {"due_date": "2099-01-01", "message": "请整改"},
        json=True,
    ),
    "POST /api/audit/reports/{report_id}/pass": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/api/audit/reports/{o['report'].pk}/pass",
        "POST",
        lambda o: {"comment": ""},
        json=True,
    ),
    "POST /api/audit/bulk": Rule(
        REVIEWERS,
        fixed("/api/audit/bulk"),
        "POST",
        lambda o: {"report_ids": [], "action": "assign", "assignee_id": None},
        json=True,
    ),
}


# ---- rules behind one URL pattern that differ by action or by what is said ----------

# Actions that share a URL pattern above but need their own check.
ACTION_RULES: dict[str, Rule] = {
    # 放行: publish a report held back because its identity is in doubt (items 1-2).
    "audit/reports/<int:pk>/release/": Rule(
        REVIEWERS_IN_SCOPE,
        lambda o: f"/audit/reports/{o['report'].pk}/release/",
        "POST",
        lambda o: {"comment": "已核实机关与年度"},
    ),
}
# Who, importing a ZIP holding a file already stored as agency A's report, is told which report
# (title, id) holds it (item 8); any other uploader is told only "此文件已存在。".
DUPLICATE_DETAILS_TOLD_TO = frozenset({"clerk_a", "admin"})
BATCH_UPLOADERS = CLERKS
