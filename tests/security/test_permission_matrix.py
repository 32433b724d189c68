"""Every URL pattern and every API operation × every role → exactly the declared roles get in.

The declared rules are in ``tests/security/matrix.py``. The first two tests walk the URL
resolver and the OpenAPI document, so a new view or operation without a rule fails here.

"Got in" means the request reached the view and was served: 2xx, a redirect other than to the
login page, or a 4xx from the service's own validation (400/409/422). "Kept out" means 401,
403, 404 (out of scope objects are hidden, not forbidden), or a redirect to the login page or,
for admin object pages, to the admin index ("object does not exist"). A 500 fails the test.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.audit.factories import report_text
from tests.security.matrix import (
    ACTION_RULES,
    API_RULES,
    BATCH_UPLOADERS,
    DUPLICATE_DETAILS_TOLD_TO,
    ROLES,
    URL_RULES,
    Rule,
)

pytestmark = pytest.mark.django_db


def walk(patterns: list[Any], prefix: str = "") -> list[str]:
    routes = []
    for p in patterns:
        if isinstance(p, URLResolver):
            routes += walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            routes.append(_APP_LIST.sub("admin/<app_label>/", prefix + str(p.pattern)))
    return routes


# The admin's app index route spells out every registered app label: one key for all of them.
_APP_LIST = re.compile(r"^admin/\^\(\?P<app_label>[\w|]+\)/\$$")


def api_operations() -> dict[str, str]:
    """``"METHOD /api/path"`` → route string, from the OpenAPI document."""
    from gxnb_portal.api import api

    schema = api.get_openapi_schema()
    ops = {}
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops[f"{method.upper()} {path}"] = path
    return ops


def _as_openapi(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_url_pattern_has_a_declared_rule():
    api_paths = set(api_operations().values())
    undeclared = [
        r
        for r in walk(get_resolver().url_patterns)
        if r not in URL_RULES and _as_openapi(r) not in api_paths
    ]
    assert not undeclared, f"declare who may use these in tests/security/matrix.py: {undeclared}"


def test_every_api_operation_has_a_declared_rule():
    undeclared = sorted(set(api_operations()) - set(API_RULES))
    assert not undeclared, f"declare who may use these in tests/security/matrix.py: {undeclared}"


def test_matrix_declares_no_stale_rules():
    routes = set(walk(get_resolver().url_patterns))
    assert not set(URL_RULES) - routes
    assert not set(API_RULES) - set(api_operations())


# ---- the walk -------------------------------------------------------------------------------


@pytest.fixture
def objects(
    upload: Any,
    agency_a: Any,
    admin_user: Any,
    clerk: Any,
    other_agency_clerk: Any,
    auditor: Any,
    other_auditor: Any,
) -> dict[str, Any]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from audit.models import Finding
    from reports.models import Correction, Report
    from search.models import IndexQueue

    version = upload(agency_a, 2023, report_text(fee=False, new=10, answered=9), user=clerk)
    finding = Finding.objects.filter(version=version).first()
    assert finding is not None
    from reports import batch as batches

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("无法识别的文件.txt", "这不是年度报告。")
    batch = batches.batch_create_from_zip(data=buf.getvalue(), name="批次.zip", user=clerk)
    common = {"ip_address": "203.0.113.5", "user_agent": "test", "username": "x"}
    return {
        "report": version.report,
        "version": version,
        "finding": finding,
        "agency": agency_a,
        "group": Group.objects.create(name="测试组"),
        "report_ct": ContentType.objects.get_for_model(Report).pk,
        "attempt": AccessAttempt.objects.create(failures_since_start=1, **common),
        "access_log": AccessLog.objects.create(**common),
        "failure_log": AccessFailureLog.objects.create(**common),
        "clerk_a": clerk,
        "index_entry": IndexQueue.objects.create(report_id=version.report_id, action="index"),
        "batch": batch,
        "batch_item": batch.items.get(),
        "correction": Correction.objects.create(
            version=version, kind="cell", target="t3.R1.NP", text_sha256="0" * 64, created_by=clerk
        ),
        "users": {
            "anonymous": None,
            "clerk_a": clerk,
            "clerk_b": other_agency_clerk,
            "auditor_a": auditor,
            "auditor_b": other_auditor,
            "admin": admin_user,
        },
    }


def outcome(client: Client, rule: Rule, objects: dict[str, Any]) -> str:
    url = rule.url(objects)
    if rule.method == "GET":
        response = client.get(url)
    elif rule.json:
        response = client.post(url, json.dumps(rule.data(objects)), content_type="application/json")
    else:
        response = client.post(url, rule.data(objects))
    for _ in range(3):
        if response.status_code not in (301, 302, 303, 307, 308):
            break
        location = response["Location"]
        if "/login/" in location:
            return "denied"
        if location == "/admin/" and not url.startswith("/admin/login/"):
            return "denied"  # admin: "对象不存在" — the object is outside the user's scope
        if rule.method == "GET" and location.endswith("/change/"):
            response = client.get(location)  # the bare object URL → its change page
            continue
        return "allowed"
    status = response.status_code
    assert status < 500, (url, status)
    assert status != 405, (url, "the rule's method is wrong")
    if 200 <= status < 300 or status in (400, 409, 422):
        return "allowed"
    assert status in (401, 403, 404), (url, status)
    return "denied"


def check(rule: Rule, objects: dict[str, Any], name: str) -> None:
    wrong = []
    # Out-of-scope roles first: their requests must not change what in-scope roles see.
    for role in sorted(ROLES, key=lambda r: r in rule.allowed):
        client = Client()
        user = objects["users"][role]
        if user is not None:
            client.force_login(user)
        got = outcome(client, rule, objects)
        want = "allowed" if role in rule.allowed else "denied"
        if got != want:
            wrong.append(f"{role}: {got}, declared {want}")
    assert not wrong, f"{name} ({rule.url(objects)}): " + "; ".join(wrong)


@pytest.mark.parametrize("route", sorted(URL_RULES))
def test_url_pattern_admits_exactly_the_declared_roles(route, objects):
    check(URL_RULES[route], objects, route)


@pytest.mark.parametrize("operation", sorted(API_RULES))
def test_api_operation_admits_exactly_the_declared_roles(operation, objects):
    check(API_RULES[operation], objects, operation)


@pytest.mark.parametrize("action", sorted(ACTION_RULES))
def test_action_admits_exactly_the_declared_roles(action, objects):
    from reports.models import Report

    # A report held back from the public: only a reviewer in scope may release it.
    Report.objects.filter(pk=objects["report"].pk).update(held_reason="上传核对：年度不符。")
    check(ACTION_RULES[action], objects, action)


@pytest.mark.parametrize("role", sorted(BATCH_UPLOADERS))
def test_zip_import_names_an_existing_report_only_to_whoever_may_see_it(
    role, objects, django_capture_on_commit_callbacks
):
    from reports import batch as batches

    held = objects["version"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("copy.txt", held.read_original())
    user = objects["users"][role]
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.batch_create_from_zip(data=buf.getvalue(), name="z.zip", user=user)
    client = Client()
    client.force_login(user)
    progress = client.get(f"/admin/gxnb_portal/importbatch/{batch.pk}/progress.json").json()
    page = client.get(f"/admin/gxnb_portal/importbatch/{batch.pk}/change/").content.decode()
    item = progress["items"][0]
    report = held.report
    told = str(report) in item["message"] or item["report_id"] == report.pk
    assert told == (role in DUPLICATE_DETAILS_TOLD_TO), (role, item)
    if role not in DUPLICATE_DETAILS_TOLD_TO:
        assert item["message"] == "此文件已存在。"
        assert str(report) not in page and f"/report/{report.pk}/" not in page
