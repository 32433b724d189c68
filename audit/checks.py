"""System checks of the audit app (``manage.py check``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_silenced_rules(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """``AUDIT_SILENCED_RULES`` must be a list of registered rule IDs (a typo silences nothing)."""
    from audit.rules import all_rules

    value = getattr(settings, "AUDIT_SILENCED_RULES", [])
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str) for v in value
    ):
        return [
            Error(
                "AUDIT_SILENCED_RULES 应为规则编号（字符串）的列表。",
                hint="例如 AUDIT_SILENCED_RULES = ['TEXT-BOILERPLATE']",
                id="audit.E001",
            )
        ]
    known = {rule.id for rule in all_rules()}
    return [
        Warning(
            f"AUDIT_SILENCED_RULES 中的“{rule_id}”不是已登记的规则编号，不会屏蔽任何规则。",
            hint="规则编号见 docs/rules.md。",
            id="audit.W001",
        )
        for rule_id in value
        if rule_id not in known
    ]
