from __future__ import annotations

from django.core.management import call_command

from audit.catalogue import CATALOGUE_PATH, render
from audit.rules import RULESET_VERSION, all_rules


def test_docs_rules_md_is_up_to_date():
    assert CATALOGUE_PATH.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `python manage.py rules_catalogue`"
    )


def test_catalogue_lists_every_rule_with_its_example():
    text = render()
    assert f"`{RULESET_VERSION}`" in text
    for rule in all_rules():
        assert f"### {rule.id}" in text
        assert rule.title in text


def test_command_writes_the_catalogue(tmp_path):
    out = tmp_path / "rules.md"
    call_command("rules_catalogue", output=out)
    assert out.read_text(encoding="utf-8") == render()
