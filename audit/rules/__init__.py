"""The rule registry: every audit rule, by its stable ID (``../shared/spec/rules.md``).

Rules live one topic per module (structure, arithmetic, prose, fees, dates, text, crossyear);
each class is decorated with :func:`register`. :func:`all_rules` returns one instance of each,
in registration order.

``RULESET_VERSION`` names the behaviour of the whole rule set. Bump it whenever any rule's
findings can change (a new rule, a changed condition, message or evidence): the pipeline stores
it with each audit and re-audits every current report version when it changes.
"""

from __future__ import annotations

from .base import Context, Finding, Rule, Severity

RULESET_VERSION = "8"

_REGISTRY: dict[str, type[Rule]] = {}
_INSTANCES: list[Rule] = []


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry (IDs must be unique)."""
    if not cls.id:
        raise ValueError(f"{cls.__name__} has no id")
    if cls.id in _REGISTRY and _REGISTRY[cls.id] is not cls:
        raise ValueError(
            f"duplicate rule id {cls.id}: {_REGISTRY[cls.id].__name__}, {cls.__name__}"
        )
    if cls.id not in _REGISTRY:
        _REGISTRY[cls.id] = cls
        _INSTANCES.append(cls())
    return cls


def all_rules() -> list[Rule]:
    """One instance of every registered rule, in registration order."""
    return list(_INSTANCES)


def get_rule(rule_id: str) -> Rule:
    """The registered rule with this ID (``KeyError`` if there is none)."""
    for rule in _INSTANCES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


# Importing the topic modules registers their rules; the order here is the catalogue's order.
# isort: off
from . import (  # noqa: E402
    structure,
    arithmetic,
    prose,
    fees,
    dates,
    text,
    crossyear,
)
# isort: on

__all__ = [
    "RULESET_VERSION",
    "Context",
    "Finding",
    "Rule",
    "Severity",
    "all_rules",
    "arithmetic",
    "crossyear",
    "dates",
    "fees",
    "get_rule",
    "prose",
    "register",
    "structure",
    "text",
]
