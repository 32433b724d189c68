"""schemathesis against ``/api/openapi.json``: generated requests for every operation, anonymous
and with an administrator's bearer token. No 500 from any endpoint; every error body is one
problem-details shape (RFC 9457: ``type``, ``title``, ``status``, ``detail``) with the status of
the response."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

PROBLEM_KEYS = {"type", "title", "status", "detail"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """The real WSGI handler closes "old" connections at each request's start and end, which
    on PostgreSQL closes the test's own transaction; Django's test client avoids it the same
    way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def assert_well_formed(response: Any, case: Any) -> None:
    where = f"{case.method} {case.formatted_path} → {response.status_code}"
    assert response.status_code < 500, where + f": {response.text[:500]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/problem+json"), where + f": {content_type}"
        body = json.loads(response.text)
        assert PROBLEM_KEYS <= set(body), where + f": {body}"
        assert body["status"] == response.status_code, where
        assert isinstance(body["title"], str) and body["title"], where


@pytest.fixture
def admin_token(admin_user: Any) -> str:
    from audit.api import issue_token

    return issue_token(admin_user)


@pytest.fixture
def some_reports(upload: Any, agency_a: Any, agency_b: Any) -> None:
    from tests.audit.factories import report_text

    upload(agency_a, 2023, report_text(fee=False))
    upload(agency_b, 2022, report_text(agency="青川市生态环境局", year=2022))


FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ
def test_no_operation_answers_500_or_an_odd_error_anonymously(case, some_reports):
    assert_well_formed(case.call(), case)


@schema.parametrize()
@FUZZ
def test_no_operation_answers_500_or_an_odd_error_to_an_administrator(
    case, some_reports, admin_token
):
    response = case.call(headers={"Authorization": f"Bearer {admin_token}"})
    assert_well_formed(response, case)
