"""The JSON API (django-ninja) at ``/api/``; docs at ``/api/docs``.

This module builds the one ``NinjaAPI`` and adds each app's router (``<app>/api.py`` exposing
``router``) when the app provides one. Every failure has one shape, RFC 9457 problem details:
``{"type", "title", "status", "detail"}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from audit import api as audit_api
from search import api as search_api

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="公开年报 API",
    version="1",
    description="政府信息公开工作年度报告：检索与报告数据。",
    urls_namespace="api",
    docs_url="/docs",
)


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""


def problem(request: HttpRequest, status: int, title: str, detail: Any = "") -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, 422, "请求参数无效", exc.errors)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "需要登录")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc) or "请求失败")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return problem(request, 500, "服务器内部错误")


class Health(Schema):
    status: str
    database: str


@api.get(
    "/health",
    response={200: Health, 503: Problem},
    url_name="health",
    summary="运行状态（容器健康检查用）",
    tags=["运行"],
)
def health(request: HttpRequest) -> Any:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # the database is down: say so, do not crash
        return 503, {"title": "数据库不可用", "status": 503, "detail": type(exc).__name__}
    return {"status": "ok", "database": "ok"}


api.add_router("/", search_api.router)
api.add_router("/", audit_api.router)
