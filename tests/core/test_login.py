"""Admin login is protected against password guessing (django-axes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_account_out(client, clerk, settings, staff_password):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": clerk.username, "password": "wrong"})
    response = client.post(url, {"username": clerk.username, "password": staff_password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_a_clerk_in(client, clerk, settings, staff_password):
    settings.AXES_ENABLED = True
    response = client.post(
        reverse("admin:login"), {"username": clerk.username, "password": staff_password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)
