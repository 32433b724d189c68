"""Search from the home page, filter by year, open a report, see the highlighted words —
on a desktop window and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from reports.models import ReportVersion

REPORT = """{agency}{year}年政府信息公开工作年度报告
一、总体情况
{year}年,{agency}深化政务公开,优化门户网站{topic}专栏,推进{topic}信息公开。
二、主动公开政府信息情况
主动公开{topic}信息120条。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请15件。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议。
五、存在的主要问题及改进情况
{topic}解读形式单一。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


@pytest.fixture
def reports(live_server, upload, agency_a, agency_b) -> dict[str, Any]:
    made = {}
    for key, agency, year in (
        ("a2023", agency_a, 2023),
        ("a2022", agency_a, 2022),
        ("b2022", agency_b, 2022),
    ):
        version = upload(agency, year, REPORT.format(agency=agency.name, year=year, topic="预算"))
        assert version.status == ReportVersion.Status.INDEXED
        made[key] = version.report
    return made


def search_filter_open(page: Any, base: str, reports: dict[str, Any]) -> None:
    page.goto(base + "/")
    page.get_by_label("检索词").fill("预算")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/search/?q=*")
    assert "找到 3 份报告" in page.locator("h1").inner_text()
    assert page.locator(".snippet mark").first.inner_text() == "预算"

    # Filter by year through the facet link.
    page.locator(".facet a", has_text="2022 年").click()
    assert "找到 2 份报告" in page.locator("h1").inner_text()
    assert page.locator(".chip", has_text="2022 年").is_visible()

    # Open the first result: the report page marks the query's words.
    page.locator(".hit h2 a").first.click()
    page.wait_for_url("**/reports/**")
    assert "2022" in page.locator("h1").inner_text()
    marks = page.locator(".report-section mark")
    assert marks.count() >= 3
    assert set(marks.all_inner_texts()) == {"预算"}
    assert page.get_by_text("已标出检索词").is_visible()


def test_search_filter_and_open_a_report(page, live_server, reports):
    search_filter_open(page, live_server.url, reports)


def test_search_filter_and_open_a_report_on_a_phone(phone_page, live_server, reports):
    search_filter_open(phone_page, live_server.url, reports)
    # Nothing wider than the screen (tables scroll inside their own box).
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_year_range_form_works_without_javascript(browser, live_server, reports):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=预算")
    page.get_by_label("起始年度", exact=True).fill("2023")
    page.get_by_label("截止年度", exact=True).fill("2023")
    page.get_by_role("button", name="应用").click()
    assert "找到 1 份报告" in page.locator("h1").inner_text()
    context.close()


def test_pages_are_keyboard_reachable(page, live_server, reports):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
