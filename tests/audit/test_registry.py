from __future__ import annotations

import re

import pytest

from audit.rules import Rule, Severity, all_rules, get_rule, register
from tests.shared import SHARED, requires_shared

# rules.md (a contract): ID → default severity.
CONTRACT = {
    "SEC-MISSING": "error",
    "SEC-EMPTY": "error",
    "SEC-ORDER": "warning",
    "TABLE-MISSING": "error",
    "TABLE-EMPTY": "error",
    "TABLE-BLANK-CELLS": "warning",
    "FMT-VERSION": "warning",
    "S5-VACUOUS": "warning",
    "T3-COL": "error",
    "T3-SUM": "error",
    "T3-ROW": "error",
    "T3-DOM": "error",
    "T4-SUM": "error",
    "T4-DOM": "error",
    "T2-DOM": "error",
    "NARR-T3": "warning",
    "NARR-T4": "warning",
    "NARR-T2": "warning",
    "FEE-MISSING": "error",
    "FEE-NOTICE": "warning",
    "FEE-COLLECT": "warning",
    "DATE-LATE": "warning",
    "YEAR-MISMATCH": "warning",
    "PERIOD-MISSING": "info",
    "GOV-ART50-4": "warning",
    "TEXT-SPAM": "error",
    "TEXT-ENCODING": "warning",
    "TEXT-BOILERPLATE": "info",
    "X-CARRY": "error",
    "X-VALID": "warning",
    "X-COPY": "warning",
    "X-SAME-NUMBERS": "warning",
}


def test_every_contract_rule_is_registered_with_its_severity():
    registered = {rule.id: str(rule.severity) for rule in all_rules()}
    assert {k: registered.get(k) for k in CONTRACT} == CONTRACT


def test_ids_are_unique():
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids))


def test_every_rule_documents_itself_in_chinese():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for rule in all_rules():
        assert cjk.search(rule.title), rule.id
        assert cjk.search(rule.description), rule.id
        assert isinstance(rule.example, dict) and rule.example, rule.id


def test_registering_another_class_under_a_taken_id_is_refused():
    class Impostor(Rule):
        id = "T3-COL"
        severity = Severity.ERROR

    with pytest.raises(ValueError, match="duplicate rule id T3-COL"):
        register(Impostor)


def test_get_rule_by_id():
    assert get_rule("X-CARRY").id == "X-CARRY"
    with pytest.raises(KeyError):
        get_rule("NO-SUCH-RULE")


@requires_shared
def test_contract_table_matches_the_shared_rules_spec():
    spec = (SHARED / "spec" / "rules.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([A-Z0-9-]+) \| (error|warning|info)", spec, flags=re.M)
    assert dict(rows) == CONTRACT
