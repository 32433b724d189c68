"""django-axes handler whose reset on a successful login clears that username's failures only.

Axes counts failures per username and per client address (``AXES_LOCKOUT_PARAMETERS``). With
``AXES_RESET_ON_SUCCESS`` its database handler deletes every attempt that matches *either*
parameter, so a success also wiped the address's count: anyone with one valid account could
guess other users' passwords without end by logging in to their own account every few tries.
Here a success deletes only the attempts made under the username that logged in; failures
against other usernames keep counting toward the address's lock-out.

Imported by django-axes through ``AXES_HANDLER`` once the apps are loaded.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.http import HttpRequest

__all__ = ["LoginLockoutHandler"]


class LoginLockoutHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
