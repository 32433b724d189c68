"""Browser: a corrupt version 2 uploaded by a clerk leaves version 1 published.

The clerk uploads a broken PDF as a correction in the admin; the page says it was saved and
queued, the report's panel then says version 2 failed and is not published, and the public
report page and search still show version 1. Screenshot: ``docs/screenshots/failed_version.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
V1 = """云州市东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年，云州市东城区财政局深化政务公开，绿萝计划全面推进。
二、主动公开政府信息情况
本年主动公开文件12件。
"""


def test_a_failed_version_2_leaves_version_1_published(
    page: Any, live_server: Any, upload: Any, clerk: Any, staff_password: str, tmp_path: Path
) -> None:
    v1 = upload(clerk.staff_profile.agencies.get(), 2023, V1)
    base = live_server.url
    broken = tmp_path / "更正版.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj broken beyond repair\n")

    page.goto(f"{base}/admin/gxnb_portal/report/{v1.report_id}/change/")
    page.wait_for_url("**/login/**")
    page.fill('input[name="username"]', clerk.get_username())
    page.fill('input[name="password"]', staff_password)
    page.locator('input[type="submit"], button[type="submit"]').first.click()
    page.wait_for_url(f"**/report/{v1.report_id}/change/")
    page.set_input_files('input[name="upload"]', str(broken))
    page.locator('[name="_continue"]').first.click()
    page.wait_for_load_state("load")
    body = page.locator("body").inner_text()
    assert "已保存，待处理" in body

    page.goto(f"{base}/admin/gxnb_portal/report/{v1.report_id}/change/")
    panel = page.locator("body").inner_text()
    assert "第 2 版（更正版.pdf）：解析失败，未发布" in panel
    assert "公开页面仍显示第 1 版" in panel
    page.screenshot(path=str(SHOTS / "failed_version.png"), full_page=False)

    page.goto(f"{base}/reports/{v1.report_id}/")
    assert "绿萝计划" in page.locator("main").inner_text()
    page.goto(f"{base}/search/?q=绿萝计划")
    assert page.locator(f'a[href^="/reports/{v1.report_id}/"]').count() >= 1
