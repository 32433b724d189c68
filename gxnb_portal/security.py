"""HTTP-level protections that Django 5.2 does not ship: a Content-Security-Policy and a per-client
rate limit on the public search.

Both are middleware, configured in the ``# ---- security ----`` section of settings:

- ``SecurityHeadersMiddleware`` sets ``Content-Security-Policy`` (no inline script anywhere: the
  templates load every script from ``/static/``; the admin theme's Alpine.js needs
  ``'unsafe-eval'``, so the admin's policy adds that and nothing else), plus
  ``Permissions-Policy`` and ``Cross-Origin-Opener-Policy``. Referrer-Policy, nosniff and HSTS
  come from Django's own ``SecurityMiddleware`` (settings ``SECURE_*``).
- ``ApiProblemMiddleware`` turns the API's error responses made outside django-ninja's
  exception handlers (405 from its router, 404 for an unknown path, Django's CSRF 403) into the
  API's one error shape, problem details (``gxnb_portal/api.py``).
- ``SearchRateLimitMiddleware`` counts requests to the public search (page and API) per client in
  fixed windows in the default cache and answers ``429`` with ``Retry-After`` — a Chinese page for
  the browser, problem details for the API. ``SEARCH_RATE_LIMIT = 0`` switches it off.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

# 'unsafe-inline' for styles only: templates set bar widths with style="" attributes, which
# cannot run code. Scripts: same origin only.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# django-unfold evaluates Alpine.js expressions (x-data="…") with new Function(): 'unsafe-eval'.
# Still no inline <script>: an injected tag does not run.
ADMIN_CSP = DEFAULT_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds CSP and friends to every response that has not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        policy = getattr(settings, "ADMIN_CSP" if admin else "CONTENT_SECURITY_POLICY", None)
        response.headers.setdefault(
            "Content-Security-Policy", policy or (ADMIN_CSP if admin else DEFAULT_CSP)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


_REASONS = {
    400: "请求无效",
    403: "没有权限",
    404: "接口不存在",
    405: "不支持该请求方法",
    413: "请求内容过大",
}


class ApiProblemMiddleware:
    """Errors under ``/api/`` that are not already JSON become problem details."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith("/api/")
            or request.path.startswith("/api/docs")
            or "json" in response.get("Content-Type", "")
        ):
            return response
        status = response.status_code
        body = {
            "type": "about:blank",
            "title": _REASONS.get(status, "请求失败" if status < 500 else "服务器内部错误"),
            "status": status,
            "detail": "",
        }
        problem = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        problem["Content-Type"] = "application/problem+json"
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                problem[header] = response[header]
        return problem


def client_address(request: HttpRequest) -> str:
    """The client's IP. Behind ``SEARCH_RATE_LIMIT_PROXIES`` trusted reverse proxies the address
    is taken from ``X-Forwarded-For``, counting from the right — the entries a client writes
    itself sit to the left and are never trusted."""
    proxies = int(getattr(settings, "SEARCH_RATE_LIMIT_PROXIES", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


class SearchRateLimitMiddleware:
    """Per-client fixed-window limit on the public search page and the search API.

    Fixed windows (not a sliding log) keep it to one cache ``incr`` per request; a client can
    at worst send twice the limit across a window boundary, which is fine for shedding scrapers.
    With several processes the cache must be shared (Redis) for the limit to be global; with the
    default local-memory cache each process counts on its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "SEARCH_RATE_LIMIT", 0) or 0)
        prefixes = getattr(settings, "SEARCH_RATE_LIMIT_PATHS", ("/search/", "/api/search"))
        if limit <= 0 or not request.path.startswith(tuple(prefixes)):
            return self.get_response(request)
        window = max(1, int(getattr(settings, "SEARCH_RATE_WINDOW", 60)))
        now = time.time()
        bucket = int(now // window)
        key = f"gxnb:search-rate:{client_address(request)}:{bucket}"
        cache = caches[getattr(settings, "SEARCH_RATE_LIMIT_CACHE", "default")]
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: count this request as the first
            cache.set(key, 1, timeout=window + 5)
            count = 1
        if count <= limit:
            return self.get_response(request)
        retry_after = max(1, int((bucket + 1) * window - now) + 1)
        return too_many_requests(request, retry_after, limit, window)


def too_many_requests(
    request: HttpRequest, retry_after: int, limit: int, window: int
) -> HttpResponse:
    """The 429 answer: problem details for the API, the Chinese page ``429.html`` otherwise."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "type": "about:blank",
                "title": "请求过于频繁",
                "status": 429,
                "detail": f"每 {window} 秒最多检索 {limit} 次，请 {retry_after} 秒后再试。",
            },
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Type"] = "application/problem+json"
    else:
        html = render_to_string(
            "429.html",
            {"retry_after": retry_after, "limit": limit, "window": window},
            request=request,
        )
        response = HttpResponse(html, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
