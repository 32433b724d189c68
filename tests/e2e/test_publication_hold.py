"""Browser: the upload check and the publication hold.

A clerk uploads another agency's 2022 report as their own agency's 2021 report: the form stops
it before saving and shows both mismatches. The clerk goes ahead with 仍然上传: the report is
saved, held back (the admin panel says why), and absent from the public report page, the public
API, the results page and the search API. The auditor sees why on the review page and releases
it (放行公开); then it is public everywhere. Screenshots: ``docs/screenshots/upload_mismatch.png``,
``held_admin.png``, ``held_review.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import login

pytestmark = [pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OTHER = """青川市生态环境局2022年政府信息公开工作年度报告
本报告中所列数据统计期限自2022年1月1日起至2022年12月31日止。
一、总体情况
2022年，青川市生态环境局深化政务公开，紫藤工程全面推进。
二、主动公开政府信息情况
本年主动公开文件12件。
"""


def _public(page: Any, base: str, report_id: int) -> dict[str, bool]:
    seen = {}
    seen["page"] = page.goto(f"{base}/reports/{report_id}/").status == 200
    seen["api"] = page.goto(f"{base}/api/reports/{report_id}").status == 200
    page.goto(f"{base}/search/?q=紫藤工程")
    seen["results"] = page.locator(f'a[href^="/reports/{report_id}/"]').count() > 0
    api = page.goto(f"{base}/api/search?q=紫藤工程").json()
    seen["search_api"] = any(r["id"] == report_id for r in api["results"])
    page.goto(f"{base}/")
    seen["home"] = page.locator(f'a[href^="/reports/{report_id}/"]').count() > 0
    return seen


def test_wrong_agency_upload_is_stopped_then_held_until_an_auditor_releases_it(
    page: Any,
    live_server: Any,
    clerk: Any,
    auditor: Any,
    agency_a: Any,
    staff_password: str,
    tmp_path: Path,
) -> None:
    from reports.models import Report

    base = live_server.url
    file = tmp_path / "青川2022.txt"
    file.write_text(OTHER, encoding="utf-8")

    login(page, base, clerk, staff_password, "/admin/gxnb_portal/report/add/", via_redirect=False)
    page.goto(f"{base}/admin/gxnb_portal/report/add/")
    page.select_option('select[name="agency"]', str(agency_a.pk))
    page.fill('input[name="year"]', "2021")
    page.set_input_files('input[name="upload"]', str(file))
    page.locator('[name="_continue"]').first.click()
    page.wait_for_load_state("load")
    body = page.locator("body").inner_text()
    assert "上传前核对发现问题，尚未保存" in body
    assert "文件中的发布机关为“青川市生态环境局”，不是“云州市东城区财政局”" in body
    assert "文件中的报告年度为 2022 年，不是 2021 年" in body
    assert not Report.objects.exists()
    page.screenshot(path=str(SHOTS / "upload_mismatch.png"), full_page=False)

    # The clerk goes ahead on purpose.
    page.set_input_files('input[name="upload"]', str(file))
    page.check('input[name="confirm_identity"]')
    page.locator('[name="_continue"]').first.click()
    page.wait_for_load_state("load")
    assert "报告暂缓公开" in page.locator("body").inner_text()
    report = Report.objects.get()
    assert report.held_reason
    page.goto(f"{base}/admin/gxnb_portal/report/{report.pk}/change/")
    panel = page.locator("#held-reason").inner_text()
    assert "暂缓公开" in panel and "YEAR-MISMATCH" in panel and "青川市生态环境局" in panel
    page.locator("#held-reason").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "held_admin.png"), full_page=False)

    page.context.clear_cookies()
    assert _public(page, base, report.pk) == dict.fromkeys(
        ("page", "api", "results", "search_api", "home"), False
    )

    login(page, base, auditor, staff_password, f"/audit/reports/{report.pk}/", via_redirect=False)
    page.goto(f"{base}/audit/reports/{report.pk}/")
    assert "暂缓公开" in page.locator("#held-reason").inner_text()
    page.fill(
        'form.release textarea[name="comment"]', "已与机关核实：文件确为其转载的参考稿，同意公开"
    )
    page.screenshot(path=str(SHOTS / "held_review.png"), full_page=False)
    page.locator("form.release button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "已放行" in page.locator("body").inner_text()
    assert page.locator("#held-reason").count() == 0

    page.context.clear_cookies()
    assert _public(page, base, report.pk) == dict.fromkeys(
        ("page", "api", "results", "search_api", "home"), True
    )
