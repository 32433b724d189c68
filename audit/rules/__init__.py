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
from .registry import all_rules, get_rule, register

RULESET_VERSION = "10"

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
