"""The staff areas in a real browser (Debian's chromium).

- The auditor's queue names rules in Chinese in its rule filter, and neither the queue nor a
  review page shows raw JSON (``{"t3.``): evidence cells read as printed (表三·自然人·…).
- /audit/ links to /admin/ and the admin's site dropdown links back to /audit/; 退出登录 on
  /audit/ ends the session (the workspace then asks for a login).
- A clerk asked to rectify opens the report in the workspace, follows 上传更正版 to the upload
  of that report in the admin, uploads a corrected file and the report gets a new version.

Screenshots: docs/screenshots/queue_rules.png, review_evidence.png, admin_nav.png,
rectify_upload.png.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from audit import workflow
from audit.models import Finding
from reports.models import ReportVersion
from tests.audit.factories import report_text
from tests.e2e.helpers import login

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Table 三: 10 new, 10 answered, yet 1 carried over: the CARRY_OUT row is wrong (T3-COL).
FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def faulty(live_server: Any, upload: Any, region_tree: dict[str, Any]) -> Any:
    return upload(region_tree["agency_a"], 2023, report_text(**FAULTY))


def test_auditor_sees_chinese_rule_names_no_json_and_moves_between_areas(
    page: Any, live_server: Any, faulty: Any, auditor: Any, staff_password: str
) -> None:
    base = live_server.url
    login(page, base, auditor, staff_password, "/audit/")
    page.wait_for_url("**/audit/")

    # The rule filter: every rule is named in Chinese (the code only in brackets after it).
    options = page.locator('select[name="rule"] option').all_inner_texts()
    assert len(options) > 5
    for label in options[1:]:
        name = label.split("（")[0]
        assert CJK.search(name), f"rule option without a Chinese name: {label!r}"
    t3_col = page.locator('select[name="rule"] option[value="T3-COL"]').inner_text()
    assert t3_col.endswith("（T3-COL）") and CJK.search(t3_col)
    assert '{"t3.' not in page.content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "queue_rules.png"), full_page=True)

    # The review page: evidence cells are printed labels, never JSON.
    page.locator("tr[data-row] a", has_text="云州市东城区财政局").click()
    page.wait_for_url("**/audit/reports/**")
    assert '{"t3.' not in page.content() and '"t3.' not in page.locator("main").inner_text()
    t3 = Finding.objects.get(version=faulty, rule="T3-COL", target="NP")
    card = page.locator(f"#finding-{t3.pk}").inner_text()
    assert re.search(r"表三·自然人·[^=\n]+= \d+", card), card
    page.locator(f"#finding-{t3.pk}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review_evidence.png"))

    # /audit/ → /admin/ (管理后台) and back through the site dropdown.
    page.get_by_role("link", name="管理后台").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    back = page.locator('a[href="/audit/"]')
    assert back.count() >= 1
    if not back.first.is_visible():
        # The dropdown opens from the site name at the top of the sidebar.
        page.locator('[x-on\\:click="openDropdown = !openDropdown"]').first.click()
    back.first.wait_for(state="visible")
    page.screenshot(path=str(SHOTS / "admin_nav.png"))
    back.first.click()
    page.wait_for_url(re.compile(r".*/audit/$"))
    assert page.locator("h1").inner_text() == "审核队列"

    # 退出登录 ends the session: the workspace then asks for a login.
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()
    page.goto(base + "/audit/")
    page.wait_for_url("**/login/**")
    assert page.locator('input[name="password"]').count() == 1


def test_clerk_rectifies_with_a_corrected_version(
    page: Any,
    live_server: Any,
    faulty: Any,
    auditor: Any,
    clerk: Any,
    staff_password: str,
) -> None:
    report = faulty.report
    t3 = Finding.objects.get(version=faulty, rule="T3-COL", target="NP")
    workflow.finding_confirm(user=auditor, finding=t3, comment="结转数有误")
    workflow.review_request_rectification(
        user=auditor,
        report=report,
        due_date=dt.date.today() + dt.timedelta(days=14),
        message="请更正表三结转数并上传更正版。",
    )

    base = live_server.url
    login(page, base, clerk, staff_password, f"/audit/reports/{report.pk}/")
    page.wait_for_url(f"**/audit/reports/{report.pk}/")
    assert "请更正表三结转数" in page.content()
    page.get_by_role("link", name="上传更正版").click()
    page.wait_for_url(re.compile(rf".*/admin/gxnb_portal/report/{report.pk}/change/.*"))
    upload = page.locator('input[name="upload"]')
    assert upload.count() == 1
    page.screenshot(path=str(SHOTS / "rectify_upload.png"))

    corrected = report_text(fee=False, new=10, answered=10, carry_out=0)
    upload.set_input_files(
        files=[{"name": "corrected.txt", "mimeType": "text/plain", "buffer": corrected.encode()}]
    )
    page.locator('button[name="_continue"], input[name="_continue"]').first.click()
    page.wait_for_load_state()
    assert "新版本已保存" in page.content(), page.locator("main").inner_text()[:2000]
    versions = ReportVersion.objects.filter(report=report).order_by("number")
    assert [v.filename for v in versions] == ["report.txt", "corrected.txt"]
