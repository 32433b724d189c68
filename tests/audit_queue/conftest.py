"""Fixtures of the audit-queue tests: reports through the real pipeline (upload → parse → audit).

- ``faulty_a``: 东城区财政局 2023 (region A) with FEE-MISSING (s6) and T3-COL (NP, TOT) — errors.
- ``faulty_b``: 青川市生态环境局 2023 (region B), same faults.
- ``FAULTY`` / ``FIXED`` / ``FEE_ONLY``: ``report_text`` arguments for uploads.
"""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import Finding
from tests.audit.factories import report_text

FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}
FEE_ONLY = {"fee": False}  # table 三 fixed, the fee statement still missing
FIXED: dict[str, Any] = {}


@pytest.fixture
def faulty_a(upload: Any, agency_a: Any) -> Any:
    return upload(agency_a, 2023, report_text(**FAULTY))


@pytest.fixture
def faulty_b(upload: Any, agency_b: Any) -> Any:
    return upload(agency_b, 2023, report_text(agency="青川市生态环境局", **FAULTY))


def finding(version: Any, rule: str, target: str | None = None) -> Finding:
    qs = Finding.objects.filter(version=version, rule=rule)
    if target is not None:
        qs = qs.filter(target=target)
    return qs.get()
