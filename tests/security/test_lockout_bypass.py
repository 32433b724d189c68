"""Issue #17: the login lock-out cannot be bypassed, and X-Forwarded-For is trusted only when
configured.

- A successful login clears that username's failures, not the address's: one valid account must
  not let an address guess other users' passwords without end.
- ``X-Forwarded-For`` is read only with an explicit ``TRUSTED_PROXIES``; production settings
  (``SECRET_KEY`` set, so ``DEBUG`` off) do not turn it on, and ``check --deploy`` says it is off.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_settings import PRODUCTION, run_django

LOGIN = "admin:login"


@pytest.fixture
def axes_on(settings: Any) -> Any:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10  # the production default
    settings.SEARCH_RATE_LIMIT_PROXIES = 0
    return settings


def _login(address: str, username: str, password: str) -> int:
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse(LOGIN), {"username": username, "password": password}).status_code


@pytest.mark.django_db
def test_a_success_every_five_failures_does_not_reset_the_address(axes_on, clerk, staff_password):
    address = "198.51.100.40"
    statuses: list[int] = []
    for i in range(24):
        statuses.append(_login(address, f"victim{i}", "guess"))
        if i % 5 == 4:
            # The attacker's own account, between guesses.
            statuses.append(_login(address, clerk.username, staff_password))
    # 24 failures on 24 usernames from one address pass the limit of 10: the address is locked,
    # the attacker's own valid login included.
    assert 429 in statuses, statuses
    assert _login(address, clerk.username, staff_password) == 429
    # Another address is not affected.
    assert _login("198.51.100.41", clerk.username, staff_password) == 302


@pytest.mark.django_db
def test_a_success_still_clears_that_usernames_own_failures(axes_on, clerk, staff_password):
    # 9 failures on the clerk's name from several addresses (none reaches 10 on its own).
    for i in range(9):
        assert _login(f"203.0.113.{i}", clerk.username, "wrong") == 200
    assert _login("203.0.113.50", clerk.username, staff_password) == 302
    # Without the reset these would make 18 failures for the username.
    for i in range(9):
        assert _login(f"203.0.113.{100 + i}", clerk.username, "wrong") == 200
    assert _login("203.0.113.51", clerk.username, staff_password) == 302


_ADDRESS_OF = (
    "from django.test import RequestFactory; "
    "from gxnb_portal.security import client_address; "
    "r = RequestFactory().get('/search/', REMOTE_ADDR='203.0.113.5', "
    "HTTP_X_FORWARDED_FOR='9.9.9.9, 198.51.100.77'); "
    "print('ADDRESS=' + client_address(r))"
)


def _address_with(tmp_path: Any, **env: str) -> str:
    result = run_django({**PRODUCTION, "VAR_DIR": str(tmp_path), **env}, "shell", "-c", _ADDRESS_OF)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("ADDRESS=")[1].strip()


def test_production_settings_ignore_a_forged_forwarded_for(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXIES"}
    result = run_django({**env, "VAR_DIR": str(tmp_path)}, "shell", "-c", _ADDRESS_OF)
    assert result.returncode == 0, result.stderr
    # SECRET_KEY set (DEBUG off, BEHIND_TLS_PROXY on): the header is still not read.
    assert result.stdout.split("ADDRESS=")[1].strip() == "203.0.113.5"


def test_an_explicit_proxy_count_reads_the_entry_the_proxy_wrote(tmp_path):
    assert _address_with(tmp_path, TRUSTED_PROXIES="1") == "198.51.100.77"
    assert _address_with(tmp_path, TRUSTED_PROXIES="2") == "9.9.9.9"
    # The older name of the variable still works.
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXIES"}
    result = run_django(
        {**env, "VAR_DIR": str(tmp_path), "SEARCH_RATE_LIMIT_PROXIES": "1"},
        "shell",
        "-c",
        _ADDRESS_OF,
    )
    assert result.stdout.split("ADDRESS=")[1].strip() == "198.51.100.77"


def test_check_deploy_says_when_the_forwarded_header_is_not_trusted(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXIES"}
    out = run_django({**env, "VAR_DIR": str(tmp_path)}, "check", "--deploy")
    text = out.stdout + out.stderr
    assert "gxnb_portal.W004" in text and "TRUSTED_PROXIES" in text
    configured = run_django(
        {**env, "VAR_DIR": str(tmp_path), "TRUSTED_PROXIES": "1"}, "check", "--deploy"
    )
    assert "gxnb_portal.W004" not in configured.stdout + configured.stderr
    no_proxy = run_django(
        {**env, "VAR_DIR": str(tmp_path), "BEHIND_TLS_PROXY": "false"}, "check", "--deploy"
    )
    assert "gxnb_portal.W004" not in no_proxy.stdout + no_proxy.stderr
