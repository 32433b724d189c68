"""Model permissions granted by a staff member's role (录入员 / 审核员 / 管理员).

The role on :class:`~reports.models.StaffProfile` is the single source: no Django groups to
keep in sync. This backend only answers *which kinds of objects* a role may view or change;
*which rows* is decided by :mod:`reports.selectors` (admin querysets, views and the API all
go through it). Other apps add their permissions to ``ROLE_PERMISSIONS`` entries by name here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

CLERK_PERMISSIONS = frozenset(
    {
        "gxnb_portal.view_agency",
        "gxnb_portal.view_report",
        "gxnb_portal.add_report",
        "gxnb_portal.change_report",
        "gxnb_portal.view_reportversion",
        "gxnb_portal.add_reportversion",
        # Correcting parsed cells / section boundaries (reports/corrections.py).
        "gxnb_portal.view_correction",
        "gxnb_portal.add_correction",
        "audit.view_finding",
        "audit.view_versionaudit",
    }
)
AUDITOR_PERMISSIONS = frozenset(
    {
        "gxnb_portal.view_agency",
        "gxnb_portal.view_report",
        "gxnb_portal.view_reportversion",
        # Auditors review findings and may re-run the audit, not edit the report itself.
        "gxnb_portal.reaudit_report",
        # ... but may correct what the parser read, like a clerk (reports/corrections.py).
        "gxnb_portal.view_correction",
        "gxnb_portal.add_correction",
        "audit.view_finding",
        "audit.change_finding",
        "audit.view_review",
        "audit.add_review",
        "audit.change_review",
        "audit.view_findingevent",
        "audit.view_versionaudit",
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "clerk": CLERK_PERMISSIONS | {"gxnb_portal.reparse_report"},
    "auditor": AUDITOR_PERMISSIONS,
    # 管理员 gets everything (see RoleBackend.has_perm).
    "admin": frozenset(),
}


def user_role(user: Any) -> str | None:
    """``"admin"`` for superusers, else the profile's role; ``None`` for everyone else."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "staff_profile", None)
    try:
        return profile.role if profile is not None else None
    except AttributeError:
        return None


class RoleBackend:
    """Authorisation only (never authenticates): permissions from the staff role."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        role = _role(user_obj)
        if role is None or not user_obj.is_staff:
            return set()
        if role == "admin":
            from django.contrib.auth.models import Permission

            return {
                f"{app}.{code}"
                for app, code in Permission.objects.values_list(
                    "content_type__app_label", "codename"
                )
            }
        return set(ROLE_PERMISSIONS.get(role, ()))

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        role = _role(user_obj)
        if role is None or not user_obj.is_staff:
            return False
        if role == "admin":
            return True
        return perm in ROLE_PERMISSIONS.get(role, ())

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        role = _role(user_obj)
        if role is None or not user_obj.is_staff:
            return False
        if role == "admin":
            return True
        return any(p.startswith(app_label + ".") for p in ROLE_PERMISSIONS.get(role, ()))


def _role(user_obj: Any) -> str | None:
    # RelatedObjectDoesNotExist is an AttributeError subclass: no profile → no role.
    try:
        return user_role(user_obj)
    except Exception:  # a broken profile must not grant anything
        return None
