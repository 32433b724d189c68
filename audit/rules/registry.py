"""The registry of audit rules: :func:`register` adds a rule class, :func:`all_rules` lists them.

Like Django's check registry, it is its own module so that the topic modules can import it
without importing the package that imports them.
"""

from __future__ import annotations

from .base import Rule

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
