"""The office's audit queue in a real browser (Debian's chromium): an auditor logs in, filters
the queue by rule, opens a report, sees the involved cells highlighted, confirms a finding,
dismisses another with a reason and exports XLSX; a clerk cannot open another agency's review
page. Screenshots of the queue, the review page and the dashboard go to ``docs/screenshots/``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from audit.models import Finding
from tests.audit.factories import report_text
from tests.e2e.helpers import login

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FAULTY = {"fee": False, "new": 10, "answered": 10, "carry_out": 1}


@pytest.fixture
def office(live_server: Any, upload: Any, region_tree: dict[str, Any], auditor: Any) -> dict:
    t = region_tree
    made = {
        "faulty": upload(t["agency_a"], 2023, report_text(**FAULTY)),
        "city": upload(t["city_gov"], 2023, report_text(agency="云州市人民政府", fee=False)),
        "district": upload(
            t["district_gov"], 2023, report_text(agency="云州市东城区人民政府", carry_out=2)
        ),
        "dept": upload(t["city_dept"], 2023, report_text(agency="云州市教育局", fee=False)),
        "older": upload(t["agency_a"], 2022, report_text(2022, fee=False)),
        "other": upload(t["agency_b"], 2023, report_text(agency="青川市生态环境局", **FAULTY)),
    }
    return made


def test_auditor_filters_reviews_and_exports(
    page: Any, live_server: Any, office: dict, auditor: Any, staff_password: str
) -> None:
    base = live_server.url
    login(page, base, auditor, staff_password, "/audit/")
    page.wait_for_url("**/audit/")
    assert page.locator("h1").inner_text() == "审核队列"
    rows = page.locator("tr[data-row]")
    assert rows.count() == 5  # region A's reports with findings; nothing of region B
    assert "青川" not in page.locator("table.queue").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

    # Filter by rule: the choice lands in the URL (shareable).
    page.select_option('select[name="rule"]', "T3-COL")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**rule=T3-COL**")
    names = [t.strip() for t in page.locator("tr[data-row] td:nth-child(2) a").all_inner_texts()]
    assert sorted(names) == ["云州市东城区人民政府", "云州市东城区财政局"]

    # Open the faulty report.
    page.locator("tr[data-row] a", has_text="云州市东城区财政局").click()
    page.wait_for_url("**/audit/reports/**")
    faulty = office["faulty"]
    t3 = Finding.objects.get(version=faulty, rule="T3-COL", target="NP")
    cell = page.locator('[id="cell-t3.NEW.NP"]')
    assert "hl" in cell.get_attribute("class")
    assert str(t3.pk) in cell.get_attribute("data-findings")
    assert cell.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    plain = page.locator('[id="cell-t3.R3_1.NP"]')
    assert "hl" not in plain.get_attribute("class")
    # The screenshot shows table 三 with the involved cells beside the findings list.
    page.locator("#table-t3").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    page.screenshot(path=str(SHOTS / "review.png"))

    # Keyboard: j focuses the first finding, c confirms it (progressive enhancement).
    page.locator("h1").click()
    page.keyboard.press("j")
    first = page.locator("article.finding.current")
    assert first.count() == 1
    first_id = int(first.get_attribute("data-finding"))

    # Confirm FEE-MISSING with the button.
    fee = Finding.objects.get(version=faulty, rule="FEE-MISSING")
    card = page.locator(f"#finding-{fee.pk}")
    card.get_by_role("button", name="确认（需整改）").click()
    page.wait_for_load_state()
    assert "已确认问题" in page.locator(".messages").inner_text()
    assert page.locator(f"#finding-{fee.pk} .fstatus").inner_text() == "已确认"

    # Dismiss T3-COL (NP) with a reason.
    card = page.locator(f"#finding-{t3.pk}")
    card.locator("form.dismiss textarea").fill("表格转载时列错位，原件无误")
    card.get_by_role("button", name="误报").click()
    page.wait_for_load_state()
    assert page.locator(f"#finding-{t3.pk} .fstatus").inner_text() == "已驳回（误报）"
    fee.refresh_from_db()
    t3.refresh_from_db()
    assert (fee.status, t3.status) == ("confirmed", "dismissed")
    assert t3.review_comment == "表格转载时列错位，原件无误"
    assert page.locator("#review-status").inner_text() == "审核中"
    history = page.locator(".history").inner_text()
    assert "确认问题" in history and "认定误报" in history
    assert first_id in {
        fee.pk,
        *Finding.objects.filter(version=faulty).values_list("pk", flat=True),
    }

    # Export XLSX from the queue: the file opens with openpyxl and holds the rows.
    page.goto(base + "/audit/?year=2023")
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    path = info.value.path()
    book = load_workbook(io.BytesIO(Path(path).read_bytes()))
    rows = list(book["已确认问题"].iter_rows(values_only=True))
    assert rows[0][0] == "机关"
    confirmed = [r for r in rows[1:] if r[5] == "FEE-MISSING" and r[0] == "云州市东城区财政局"]
    assert len(confirmed) == 1
    assert {r[0] for r in book["报告"].iter_rows(min_row=2, values_only=True)} >= {
        "云州市东城区财政局",
        "云州市人民政府",
    }

    page.goto(base + "/audit/dashboard/?year=2023")
    assert page.locator("figure.chart svg").count() >= 4
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)


def test_clerk_cannot_open_another_agencys_review_page(
    page: Any, live_server: Any, office: dict, other_agency_clerk: Any, staff_password: str
) -> None:
    base = live_server.url
    login(page, base, other_agency_clerk, staff_password, "/audit/")
    page.wait_for_url("**/audit/")
    response = page.goto(base + f"/audit/reports/{office['faulty'].report.pk}/")
    assert response.status == 404
    assert "云州市东城区财政局" not in page.content()
    own = page.goto(base + f"/audit/reports/{office['other'].report.pk}/")
    assert own.status == 200
    assert page.locator("form.dismiss").count() == 0  # read-only
