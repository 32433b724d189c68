"""Security headers, CSP without inline script, CSRF on every form, the search rate limit (429),
and production transport settings (secure cookies, HSTS, SSL redirect)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.core.test_settings import PRODUCTION, run_django

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def script_src(response: Any) -> str:
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    return directives["script-src"]


@pytest.mark.parametrize("url", ["/", "/search/?q=公开", "/stats/", "/api/health", "/api/docs"])
def test_public_responses_carry_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in script_src(response)
    assert script_src(response) == "'self'"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_staff_pages_have_no_inline_script_under_the_policy(client, admin_user, clerk):
    """Every page a browser renders here obeys its own CSP: no inline <script>, no on*= handlers
    (which 'self' would block and break) — and the API docs are served without a CDN."""
    client.force_login(admin_user)
    for url in [
        "/",
        "/search/?q=x",
        "/stats/",
        "/api/docs",
        "/audit/",
        "/audit/dashboard/",
        "/admin/",
        "/admin/gxnb_portal/report/",
        "/admin/gxnb_portal/agency/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html)[:3])
        assert not EVENT_HANDLER.findall(html), (url, EVENT_HANDLER.findall(html)[:3])
        assert "'unsafe-inline'" not in script_src(response), url
        assert "cdn." not in html, url


def test_admin_policy_adds_only_eval_for_the_admin_theme(client, admin_user):
    client.force_login(admin_user)
    assert script_src(client.get("/admin/")) == "'self' 'unsafe-eval'"


def test_login_form_refuses_a_post_without_csrf_token(staff_password, clerk):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("admin:login"), {"username": clerk.username, "password": staff_password}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_audit_forms_refuse_a_post_without_csrf_token(auditor, upload, agency_a):
    version = upload(
        agency_a, 2023, "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n"
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(auditor)
    report = version.report
    for url in [
        reverse("audit:report_action", args=[report.pk, "pass"]),
        reverse("audit:bulk"),
    ]:
        assert browser.post(url, {}).status_code == 403, url
    from audit.models import ReviewEvent

    assert not ReviewEvent.objects.filter(report=report).exists()
    # The same post with the token goes through: the 403 above was the CSRF check.
    client = Client()
    client.force_login(auditor)
    assert client.post(reverse("audit:report_action", args=[report.pk, "pass"])).status_code == 302
    assert ReviewEvent.objects.filter(report=report).exists()


def test_every_post_form_on_staff_pages_carries_a_csrf_token(client, admin_user):
    client.force_login(admin_user)
    for url in ["/audit/", "/admin/gxnb_portal/agency/add/", "/admin/password_change/"]:
        html = client.get(url).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S | re.I):
            assert "csrfmiddlewaretoken" in form, (url, form[:200])


# ---- the public search rate limit ----------------------------------------------------------


@pytest.fixture
def limited(settings: Any) -> Any:
    cache.clear()
    settings.SEARCH_RATE_LIMIT = 5
    settings.SEARCH_RATE_WINDOW = 60
    settings.SEARCH_RATE_LIMIT_PROXIES = 0
    yield settings
    cache.clear()


def test_search_page_answers_429_in_chinese_after_the_limit(client, limited):
    statuses = [client.get("/search/", {"q": "公开"}).status_code for _ in range(5)]
    assert statuses == [200] * 5
    response = client.get("/search/", {"q": "公开"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    html = response.content.decode()
    assert "请求过于频繁" in html and "秒后再试" in html
    assert response["Content-Security-Policy"]  # the 429 page is a page like any other


def test_search_api_answers_429_as_problem_details(client, limited):
    for _ in range(5):
        assert client.get("/api/search", {"q": "公开"}).status_code == 200
    response = client.get("/api/search", {"q": "公开"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 429 and body["title"] == "请求过于频繁"
    assert set(body) == {"type", "title", "status", "detail"}


def test_limit_is_per_client_and_spares_other_pages(client, limited):
    for _ in range(6):
        client.get("/search/", {"q": "x"}, REMOTE_ADDR="10.0.0.1")
    assert client.get("/search/", {"q": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/search/", {"q": "x"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/stats/", REMOTE_ADDR="10.0.0.1").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, limited):
    """Behind one proxy the client is the proxy's (rightmost) entry; the entries the client
    wrote itself on the left change nothing."""
    limited.SEARCH_RATE_LIMIT_PROXIES = 1
    for i in range(5):
        client.get("/search/", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.9")
    forged = client.get("/search/", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")
    assert forged.status_code == 429
    other = client.get("/search/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_a_new_window_lets_the_client_search_again(client, limited, monkeypatch):
    import gxnb_portal.security as security

    now = 1_000_000.0
    monkeypatch.setattr(security.time, "time", lambda: now)
    for _ in range(5):
        client.get("/search/")
    assert client.get("/search/").status_code == 429
    now += 60
    assert client.get("/search/").status_code == 200


# ---- production transport settings ----------------------------------------------------------


def production_setting(env: dict[str, str], *names: str) -> dict[str, Any]:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    result = run_django(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_production_serves_https_only_with_secure_cookies_and_hsts(tmp_path):
    values = production_setting(
        {**PRODUCTION, "VAR_DIR": str(tmp_path)},
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_HTTPONLY",
        "SEARCH_RATE_LIMIT",
        "AXES_ENABLED",
    )
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_HTTPONLY"] and values["AXES_ENABLED"]
    assert values["SEARCH_RATE_LIMIT"] > 0


@pytest.mark.slow
def test_plain_http_deployment_can_switch_redirect_and_hsts_off(tmp_path):
    env = {
        **PRODUCTION,
        "VAR_DIR": str(tmp_path),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    values = production_setting(env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    assert values == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0}
