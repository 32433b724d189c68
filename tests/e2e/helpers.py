"""Steps the browser tests share."""

from __future__ import annotations

from typing import Any


def login(
    page: Any, base: str, user: Any, password: str, next_url: str, *, via_redirect: bool = True
) -> None:
    """Log ``user`` in and land on ``next_url``.

    ``via_redirect``: open ``next_url`` logged out and expect to be sent to the login page (which
    shows the page is protected); otherwise open the admin's login page with ``next`` directly.
    Cookies are cleared first, so a test may log in as someone else.
    """
    page.context.clear_cookies()
    if via_redirect:
        page.goto(base + next_url)
        page.wait_for_url("**/login/**")
    else:
        page.goto(f"{base}/admin/login/?next={next_url}")
    page.fill('input[name="username"]', user.get_username())
    page.fill('input[name="password"]', password)
    page.locator('input[type="submit"], button[type="submit"]').first.click()
    page.wait_for_load_state("load")
