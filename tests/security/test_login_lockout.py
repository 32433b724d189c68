"""Login protection (django-axes) beyond ``tests/core/test_login.py``: one address guessing many
usernames is locked out, the lock-out page is Chinese, and behind the TLS proxy the client is
told apart by ``X-Forwarded-For`` (a forged entry does not escape; one attacker does not lock
out every user behind the same proxy)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "admin:login"


@pytest.fixture
def axes_on(settings: Any) -> Any:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.SEARCH_RATE_LIMIT_PROXIES = 0
    return settings


def fail(client: Client, username: str, **extra: Any) -> Any:
    return client.post(reverse(LOGIN), {"username": username, "password": "wrong"}, **extra)


def test_one_address_guessing_many_usernames_is_locked_out(axes_on, clerk, staff_password):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for name in ("admin", "root", "test"):
        fail(client, name)
    response = client.post(reverse(LOGIN), {"username": clerk.username, "password": staff_password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "登录已暂时锁定" in html and "3 次" in html
    # Another address still logs in.
    other = Client(REMOTE_ADDR="198.51.100.8")
    ok = other.post(reverse(LOGIN), {"username": clerk.username, "password": staff_password})
    assert ok.status_code == 302


def test_behind_the_proxy_clients_are_told_apart_and_forging_does_not_help(
    axes_on, clerk, auditor, staff_password
):
    axes_on.SEARCH_RATE_LIMIT_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the TLS proxy
    attacker = Client(**proxy)
    for i in range(3):
        fail(attacker, f"guess{i}", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 203.0.113.66")
    forged = attacker.post(
        reverse(LOGIN),
        {"username": auditor.username, "password": staff_password},
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.66",
    )
    assert forged.status_code == 429
    colleague = Client(**proxy)
    ok = colleague.post(
        reverse(LOGIN),
        {"username": clerk.username, "password": staff_password},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert ok.status_code == 302
