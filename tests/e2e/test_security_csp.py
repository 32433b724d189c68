"""The Content-Security-Policy in a real browser (Debian's chromium): the public pages, the API
docs, the audit workspace and the admin work under it — no CSP violation, no script error —
and a payload in a report does not run."""

from __future__ import annotations

from typing import Any

import pytest

from tests.audit.factories import report_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_run_under_the_policy_without_violations(
    live_server: Any, page: Any, upload: Any, agency_a: Any, admin_user: Any, staff_password: str
) -> None:
    version = upload(
        agency_a,
        2023,
        report_text(
            s5='一是解读不足<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>。'
        ),
    )
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", staff_password)
    page.click("[type=submit]")
    page.wait_for_url(f"{base}/admin/")

    report = version.report.pk
    for path in [
        "/",
        "/search/?q=解读",
        f"/reports/{report}/",
        "/stats/",
        "/api/docs",
        "/audit/",
        f"/audit/reports/{report}/",
        "/admin/",
        "/admin/gxnb_portal/report/",
        f"/admin/gxnb_portal/report/{report}/change/",
    ]:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss === undefined"), path
    # Swagger UI rendered from the bundled static files (no CDN, no inline script).
    page.goto(base + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    # The admin theme's Alpine.js works (it needs 'unsafe-eval', which the admin policy allows).
    page.goto(base + "/admin/")
    assert page.evaluate("typeof window.Alpine !== 'undefined'")
    # A browser asks for /favicon.ico on its own; every other resource must exist.
    missing = [u for u in missing if not u.endswith("/favicon.ico")]
    assert not missing, missing
    problems = [p for p in problems if "404" not in p or missing]
    assert not problems, problems
