"""The five real seed reports: ``read_report`` + ``run_rules`` give exactly the golden findings.

``expected.json`` lists every error- and warning-level finding as (rule, target); ``optional``
ones may or may not appear; info-level findings may be added.
"""

from __future__ import annotations

import pytest

from audit.engine import run_rules
from tests.shared import expected, requires_shared, seed_paths

pytestmark = [requires_shared, pytest.mark.shared]


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_seed_findings_match_the_golden_file(path):
    from reader.parse import read_report

    golden = expected()[path.name]
    record = read_report(path.read_bytes(), path.name)
    found = {(f["rule"], f["target"]) for f in run_rules(record) if f["severity"] != "info"}
    required = {tuple(f) for f in golden["findings"]}
    optional = {tuple(f) for f in golden["optional"]}
    assert required - found == set(), "missing findings"
    assert found - required - optional == set(), "findings not in the golden file"


def test_the_seeds_are_there_when_shared_is():
    assert len(seed_paths()) == 5
