"""Deleting a user never erases who took a decision: users with history are deactivated."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse

from audit.models import ReviewEvent
from audit.workflow import review_assign
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(upload, agency_a, auditor):
    version = upload(agency_a, 2023, report_text(fee=False))
    review_assign(user=auditor, report=version.report, assignee=auditor)
    return version.report


def test_a_user_with_history_cannot_be_deleted(decided, auditor):
    with pytest.raises(ProtectedError):
        auditor.delete()
    event = ReviewEvent.objects.filter(report=decided).latest("pk")
    assert event.actor == auditor


def test_the_admin_refuses_to_delete_them_and_history_keeps_the_name(
    client, admin_user, decided, auditor
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_delete", args=[auditor.pk])
    client.post(url, {"post": "yes"})
    assert get_user_model().objects.filter(pk=auditor.pk).exists()
    history = client.get(reverse("audit:report", args=[decided.pk])).content.decode()
    assert auditor.get_username() in history


def test_a_deactivated_user_keeps_their_name_on_the_history(client, admin_user, decided, auditor):
    auditor.is_active = False
    auditor.save()
    client.force_login(admin_user)
    history = client.get(reverse("audit:report", args=[decided.pk])).content.decode()
    assert auditor.get_username() in history


def test_a_user_without_history_can_still_be_deleted(make_staff):
    user = make_staff("temp_clerk", "clerk")
    user.delete()
    assert not get_user_model().objects.filter(username="temp_clerk").exists()
