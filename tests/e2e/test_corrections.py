"""The correction round trip in a real browser (Debian's chromium): a clerk logs in to
the admin, opens a report whose table 三 has a wrong cell, corrects it beside the extracted text,
sees the finding disappear and the history show old → new, marks a false section heading, re-parses
the report with the admin action and finds both corrections still applied. A clerk of another agency cannot open the page.
Screenshots go to ``docs/screenshots/`` (correction.png, correction-history.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.models import Finding
from reader.record import t3_rows
from reports.models import Correction, ReportVersion
from tests.audit.factories import report_text
from tests.e2e.helpers import login
from tests.parse.tables.flat import scraped_report, t3_flat, t4_flat

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Table 三: 10 new, 10 answered, yet 1 carried over: the CARRY_OUT row is wrong (T3-COL).
FAULTY = {"new": 10, "answered": 10, "carry_out": 1}


def findings_text(page: Any) -> str:
    return page.locator("#gx-findings").inner_text()


def test_correct_a_cell_see_the_finding_go_and_keep_it_after_a_reparse(
    page: Any,
    live_server: Any,
    upload: Any,
    agency_a: Any,
    clerk: Any,
    auditor: Any,
    staff_password: str,
) -> None:
    from audit.workflow import finding_confirm

    version = upload(agency_a, 2023, report_text(**FAULTY))
    report = version.report
    # The clerk corrects what a reviewer confirmed (a clerk reads confirmed findings only).
    for finding in Finding.objects.filter(version=version, rule="T3-COL"):
        finding_confirm(user=auditor, finding=finding, comment="属实")
    base = live_server.url
    change = f"/admin/gxnb_portal/report/{report.pk}/change/"
    login(page, base, clerk, staff_password, change, via_redirect=False)
    page.wait_for_url(f"**{change}")

    # From the report's parsed record to the correction page.
    page.get_by_text("核对与更正解析结果").click()
    page.wait_for_url("**/corrections/")
    assert "T3-COL" in findings_text(page)
    cell = page.locator('form.gx-table-form td[data-cell="t3.CARRY_OUT.NP"]')
    assert cell.locator("input").input_value() == "1"
    # The extracted text is beside the tables.
    assert "四、结转下年度" in page.locator("#gx-original").inner_text()

    form = page.locator('form.gx-table-form[data-table="t3"]')
    form.locator('input[name="cell:t3.CARRY_OUT.NP"]').fill("0")
    form.locator('input[name="cell:t3.CARRY_OUT.TOT"]').fill("0")
    form.locator('input[name="comment"]').fill("原文结转下年度为 0")
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()

    assert "已保存 2 处更正" in page.content()
    assert "T3-COL" not in findings_text(page)
    assert "已更正" in cell.inner_text()
    history = page.locator("#gx-history")
    rows = history.locator("tr[data-target]")
    assert rows.count() == 2
    assert "1 → 0" in rows.first.inner_text()
    assert "clerk_a" in history.inner_text() and "原文结转下年度为 0" in history.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('form.gx-table-form tr:has(td[data-cell="t3.R7.NP"])').scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "correction.png"), full_page=False)
    history.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "correction-history.png"), full_page=False)
    assert not Finding.objects.filter(
        version=version, rule="T3-COL", status__in=Finding.ACTIVE_STATUSES
    ).exists()

    # A section boundary: the parser took a line for section 五's heading that is not one.
    section = page.locator('form.gx-section-form[data-section="s5"]')
    section.locator('input[name="absent"]').check()
    section.locator('input[name="comment"]').fill("该行不是标题")
    section.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert "部分 · 五、存在的主要问题及改进情况" in page.locator("#gx-history").inner_text()
    assert "（无此部分）" in page.locator('#gx-history tr[data-target="s5"]').inner_text()
    assert "缺失" in page.locator('tr[data-section="s5"]').inner_text()

    # Re-parse with the admin action: the corrections are applied to the new parse.
    before = ReportVersion.objects.get(pk=version.pk).processed_at
    page.goto(f"{base}/admin/gxnb_portal/report/")
    page.locator("input.action-select").first.check()
    page.locator('select[name="action"]').select_option("reparse")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    assert "已安排重新解析 1 份报告" in page.content()
    version.refresh_from_db()
    assert version.processed_at > before
    assert version.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 0

    page.goto(f"{base}/admin/gxnb_portal/report/{report.pk}/versions/{version.pk}/corrections/")
    assert cell.locator("input").input_value() == "0"
    assert "已更正" in cell.inner_text()
    assert "T3-COL" not in findings_text(page)
    assert "缺失" in page.locator('tr[data-section="s5"]').inner_text()
    assert version.record["sections"]["s5"] == {"present": False}
    assert set(Correction.objects.values_list("status", flat=True)) == {"active"}


def scraped(**rows: tuple[int, ...]) -> str:
    """A scraped page (whole report on one line, table digits glued)."""
    table = {key: (0,) * 7 for key in t3_rows("2021")}
    table.update(rows)
    t4 = {"REV": (11, 0, 2, 4, 17), "LD": (0,) * 5, "LR": (3, 5, 1, 0, 9)}
    return scraped_report(t3_flat(table), t4_flat(t4))


def test_unread_and_plausibility_cells_are_marked_and_unread_ones_corrected(
    page: Any, live_server: Any, upload: Any, agency_a: Any, auditor: Any, staff_password: str
) -> None:
    # "101000011" is 10, 1, 0, 0, 0, 0, 11 or 1, 0, 10, 0, 0, 0, 11: nothing decides, unread.
    unread = (10, 1, 0, 0, 0, 0, 11)
    version = upload(agency_a, 2023, scraped(NEW=unread, R1=unread, R7=unread))
    # "270020130": two readings, one chosen only by plausibility (columns 0 everywhere else).
    guessed = (27, 0, 0, 2, 0, 1, 30)
    other = upload(agency_a, 2022, scraped(NEW=guessed, R1=guessed, R7=guessed))
    base = live_server.url
    url = f"/admin/gxnb_portal/report/{version.report_id}/versions/{version.pk}/corrections/"
    # An auditor reads the open findings (a clerk only confirmed ones).
    login(page, base, auditor, staff_password, url, via_redirect=False)
    page.wait_for_url(f"**{url}")

    form = page.locator('form.gx-table-form[data-table="t3"]')
    cell = form.locator('td[data-cell="t3.R1.NP"]')
    assert "存疑" in cell.inner_text() and cell.locator("input").input_value() == ""
    assert "原文：" in cell.get_attribute("title") and "101000011" in cell.get_attribute("title")
    assert "101000011" in form.locator("tr:has(td[data-cell='t3.R1.NP']) th").inner_text()
    assert "表三有 9 个单元格未能确定读取" in findings_text(page)
    page.screenshot(path=str(SHOTS / "correction-unread.png"), full_page=False)

    for row in ("NEW", "R1", "R7"):
        for col, value in (("NP", "10"), ("BIZ", "1"), ("SCI", "0")):
            form.locator(f'input[name="cell:t3.{row}.{col}"]').fill(value)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert "已保存 9 处更正" in page.content()
    assert "表三有" not in findings_text(page)  # table 四's doubtful cells are still listed
    assert "表四有 2 个单元格" in findings_text(page)
    assert page.locator("#gx-history tr[data-target]").count() == 9
    assert "空 → 10" in page.locator('#gx-history tr[data-target="t3.R1.NP"]').inner_text()

    url = f"/admin/gxnb_portal/report/{other.report_id}/versions/{other.pk}/corrections/"
    page.goto(base + url)
    cell = page.locator('form.gx-table-form td[data-cell="t3.R1.NP"]')
    assert cell.locator("input").input_value() == "27"
    assert "推断" in cell.inner_text() and "按合理性推断" in cell.get_attribute("title")
    assert "推断 12 个" in page.locator("#gx-corrections").inner_text()
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "correction-plausibility.png"), full_page=False)


def test_another_agencys_clerk_cannot_open_the_page(
    page: Any,
    live_server: Any,
    upload: Any,
    agency_a: Any,
    other_agency_clerk: Any,
    staff_password: str,
) -> None:
    version = upload(agency_a, 2023, report_text(**FAULTY))
    url = f"/admin/gxnb_portal/report/{version.report_id}/versions/{version.pk}/corrections/"
    login(page, live_server.url, other_agency_clerk, staff_password, "/admin/", via_redirect=False)
    response = page.goto(live_server.url + url)
    assert response.status == 404
    assert page.locator("form.gx-table-form").count() == 0
