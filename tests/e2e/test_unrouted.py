"""Reports no auditor covers reach the administrators, in a real browser (Debian's chromium).

An agency without a 行政区划代码 is in no auditor's region: its report is absent from the
auditor's queue, counted on the administrator's dashboard, and the count opens the
administrators' queue of such reports. Screenshot: docs/screenshots/dashboard_unrouted.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.models import Agency
from tests.audit.factories import report_text
from tests.e2e.helpers import login

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}


def test_a_regionless_report_is_counted_and_queued_for_the_administrators(
    page: Any,
    live_server: Any,
    upload: Any,
    region_tree: dict[str, Any],
    auditor: Any,
    admin_user: Any,
    staff_password: str,
) -> None:
    nowhere = Agency.objects.create(name="无区划试验局", level=Agency.Level.DEPT)
    upload(nowhere, 2023, report_text(agency="无区划试验局", **FAULTY))
    upload(region_tree["agency_a"], 2023, report_text(**FAULTY))
    base = live_server.url

    login(page, base, auditor, staff_password, "/audit/?all=1")
    page.wait_for_url("**/audit/**")
    assert "云州市东城区财政局" in page.content()
    assert "无区划试验局" not in page.content()
    page.locator("form.logout button").click()
    page.wait_for_load_state()

    login(page, base, admin_user, staff_password, "/audit/dashboard/?year=2023")
    page.wait_for_url("**/audit/dashboard/**")
    card = page.get_by_text("无审核员负责")
    assert "1" in card.locator("xpath=..").inner_text()
    # Rules are named in Chinese on the dashboard too (the code only as the bar's note).
    rules_chart = page.locator("figure.chart", has_text="最常见的问题").inner_text()
    assert "表三" in rules_chart or "信息处理费" in rules_chart
    assert "T3-COL（" not in rules_chart.replace("（T3-COL）", "")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard_unrouted.png"), full_page=False)
    card.click()
    page.wait_for_url("**unrouted=1**")
    rows = page.locator("table.queue tbody tr").all_inner_texts()
    assert len(rows) == 1 and "无区划试验局" in rows[0]
    assert page.locator('input[name="unrouted"]').is_checked()
