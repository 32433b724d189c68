"""The API shell: health check, OpenAPI document, one error shape."""

from __future__ import annotations

import json

import pytest
from ninja.errors import HttpError

from gxnb_portal.api import api, problem

pytestmark = pytest.mark.django_db


def test_health_reports_the_database(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_openapi_document_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "公开年报 API"
    assert "/api/health" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_errors_are_problem_details(rf):
    request = rf.get("/api/x")
    handler = api._exception_handlers[HttpError]
    response = handler(request, HttpError(404, "报告不存在"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body == {"type": "about:blank", "title": "报告不存在", "status": 404, "detail": ""}
    assert problem(request, 503, "数据库不可用").status_code == 503
